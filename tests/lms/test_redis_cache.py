"""The shared cache's backend (lms.redis_cache) against the real Redis."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from lms.redis_cache import RedisCache
from tests.redis_utils import redis_answers, redis_url

pytestmark = pytest.mark.skipif(not redis_answers(), reason="no Redis on 6379")


@pytest.fixture
def cache():
    cache = RedisCache(redis_url(0), {})
    cache.clear()
    yield cache
    cache.clear()


def test_one_client_serves_every_call(cache):
    cache.set("course", "ed20", 30)
    assert cache.get("course") == "ed20"
    assert cache._cache.get_client() is cache._cache.get_client(write=True)


def test_threads_sharing_the_client_each_get_their_own_values(cache):
    def round_trip(n):
        cache.set(f"learner:{n}", n, 30)
        cache.incr(f"learner:{n}", 1000)
        return cache.get_many([f"learner:{n}", "missing"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(round_trip, range(200)))
    assert results == [{f"learner:{n}": n + 1000} for n in range(200)]
