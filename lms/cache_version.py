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

    def replace(self):
        """Everything kept under the token is stale: now and on commit."""
        self._new()
        transaction.on_commit(self._new)

    def _new(self):
        cache.set(self.key, uuid.uuid4().hex, None)
