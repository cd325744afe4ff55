"""Django's Redis cache, with one client per connection pool instead of one
per call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every
cache call, and each copies redis-py's table of about 170 response callbacks.
A page makes two to four cache calls (the session, the permissions, a module
body), so that copy was about 0.05 ms of every call's 0.11 ms. A ``redis.Redis``
is safe to share between threads: it takes a connection from its pool for each
command. The pools are still Django's, one per server.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
