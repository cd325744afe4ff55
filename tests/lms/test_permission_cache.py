"""Permissions kept in the shared cache: a grant taken away (or given) counts
from the next page, on every app server, and a page reads no permissions from
the database while they are current.

Run against the shared cache production uses (Redis, when it answers) and a
memory cache, which the settings use only with one process.
"""

import pytest

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lms import roles
from lms.accounts import permission_cache
from tests.lms.factories import make_user
from tests.lms.sign_in_utils import sign_in
from tests.redis_utils import redis_answers, redis_url

pytestmark = pytest.mark.django_db

DASHBOARD = "/analytics/"


@pytest.fixture(
    params=[
        pytest.param(
            {
                "BACKEND": "lms.redis_cache.RedisCache",
                "LOCATION": redis_url(1),
            },
            marks=pytest.mark.skipif(not redis_answers(), reason="no Redis"),
            id="redis",
        ),
        pytest.param(
            {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, id="memory"
        ),
    ]
)
def cached(request, settings):
    settings.CACHES = {"default": request.param}
    settings.PERMISSIONS_CACHED = True
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def manager(password):
    user = make_user(roles.MANAGER)
    user.set_password(password)
    user.save()
    return user


@pytest.fixture
def two_servers(manager, password):
    """Two signed-in browsers: with a shared cache, the same as two servers."""
    first, second = Client(), Client()
    for client in (first, second):
        sign_in(client, manager.username, password)
        assert client.get(DASHBOARD).status_code == 200
    return first, second


def test_a_role_taken_away_counts_from_the_next_page(cached, manager, two_servers):
    manager.groups.remove(Group.objects.get(name=roles.MANAGER))
    for client in two_servers:
        assert client.get(DASHBOARD).status_code == 403


def test_a_permission_taken_from_the_role_counts_from_the_next_page(
    cached, manager, two_servers
):
    group = Group.objects.get(name=roles.MANAGER)
    group.permissions.remove(Permission.objects.get(codename="view_team"))
    for client in two_servers:
        assert client.get(DASHBOARD).status_code == 403


def test_a_role_group_deleted_counts_from_the_next_page(cached, manager, two_servers):
    Group.objects.get(name=roles.MANAGER).delete()
    for client in two_servers:
        assert client.get(DASHBOARD).status_code == 403


@pytest.fixture
def learner_signed_in(password):
    """A learner, signed in, refused the dashboard so far."""
    learner = make_user(roles.LEARNER)
    learner.set_password(password)
    learner.save()
    client = Client()
    sign_in(client, learner.username, password)
    assert client.get(DASHBOARD).status_code == 403
    return learner, client


def test_a_permission_granted_counts_from_the_next_page(cached, learner_signed_in):
    learner, client = learner_signed_in
    learner.user_permissions.add(Permission.objects.get(codename="view_team"))
    assert client.get(DASHBOARD).status_code == 200


def test_made_superuser_counts_from_the_next_page(cached, learner_signed_in):
    learner, client = learner_signed_in
    learner.is_superuser = True
    learner.save()
    # Now an administrator, who must first set up two-step verification.
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_a_page_reads_no_permissions_while_they_are_current(
    cached, settings, two_servers
):
    first, _ = two_servers
    with CaptureQueriesContext(connection) as cached_page:
        assert first.get(DASHBOARD).status_code == 200
    settings.PERMISSIONS_CACHED = False
    with CaptureQueriesContext(connection) as uncached_page:
        assert first.get(DASHBOARD).status_code == 200
    assert _permission_reads(cached_page) == 0
    assert _permission_reads(uncached_page) == 1


def test_a_read_that_raced_a_change_is_not_kept(cached, manager):
    """The set read while a grant changed is stored under the old token."""

    def load_during_a_change():
        names = {"lms.view_team"}
        permission_cache.invalidate()  # the change lands mid-read
        return names

    assert permission_cache.read(manager.pk, load_during_a_change) == {"lms.view_team"}
    assert permission_cache.read(manager.pk, lambda: set()) == set()


def test_off_without_a_shared_cache(settings, manager):
    settings.PERMISSIONS_CACHED = False
    calls = []
    for _ in range(2):
        permission_cache.read(manager.pk, lambda: calls.append(1) or set())
    assert len(calls) == 2


def _permission_reads(queries):
    return sum('FROM "auth_permission"' in q["sql"] for q in queries.captured_queries)
