"""Each user's permissions, kept in the shared cache between their requests.

Every page asks for them (the header's links, the role checks), and reading
them from the database was one of a page's dearest queries. They are cached
only where the cache is shared by every app server (``PERMISSIONS_CACHED``,
on with Redis): a per-process cache would keep a revoked grant alive in the
other processes.

A change to any grant (a group's permissions, a user's groups or own
permissions, a group or permission deleted) replaces one version token, which
makes every cached set stale at once. A set is stored with the token read
*before* its database read, so a read that raced a change is never used; the
token is replaced again when the change commits, for reads made while it was
uncommitted. Whether someone is a superuser or active is checked on the user
row itself, which every request reads anyway.
"""

from django.conf import settings

from lms.cache_version import VersionToken

VERSION = VersionToken("lms:permissions:version")
# A backstop for a change made behind the ORM's back (raw SQL, a restore).
TIMEOUT = 300


def _user_key(user_id):
    return f"lms:permissions:user:{user_id}"


def enabled():
    return settings.PERMISSIONS_CACHED


def read(user_id, load):
    """The permission names ``load()`` gives for this user, from the cache
    when they are still current."""
    if not enabled():
        return load()
    return set(VERSION.read(_user_key(user_id), lambda: sorted(load()), TIMEOUT))


def invalidate():
    """Every cached set is stale: now, and again once the change commits."""
    if enabled():
        VERSION.replace()
