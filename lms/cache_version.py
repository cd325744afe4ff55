"""A version token in the shared cache, for what is kept there until a change.

Whatever is stored with a token is current only while that token stays:
replacing it makes every entry stored with the old one stale at once, on every
server. A reader takes the token *before* its database read and stores its
result with that token, so a read that raced a change is never used; the token
is replaced again when the change commits, for reads made while it was
uncommitted. Used by the permission cache (lms.accounts.permission_cache), the
module bodies (courses.body_cache) and the sites (lms.site_cache).
"""

import uuid

from django.core.cache import cache
from django.db import transaction


class VersionToken:
    def __init__(self, key):
        self.key = key

    def current(self, found=None):
        """The token now (``found``: its value if already read with others)."""
        version = found if found is not None else cache.get(self.key)
        if version is None:
            cache.add(self.key, uuid.uuid4().hex, None)
            version = cache.get(self.key)
        return version

    def read(self, key, load, timeout):
        """What ``load()`` gives, kept at ``key`` with the token read before
        it ran, and from there while that token stays (one round trip for
        both). A None from ``load()`` is not kept."""
        found = cache.get_many([self.key, key])
        version = self.current(found.get(self.key))
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            return entry[1]
        value = load()
        if value is not None:
            cache.set(key, (version, value), timeout)
        return value

    def replace(self):
        """Everything kept under the token is stale: now and on commit."""
        self._new()
        transaction.on_commit(self._new)

    def _new(self):
        cache.set(self.key, uuid.uuid4().hex, None)
