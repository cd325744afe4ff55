"""Module bodies rendered once and kept in the shared cache.

Rendering a module's StreamField (its rich text, the cited source parts, the
scenario quizzes it links to) was most of a module page's work, and it is the
same for every learner: what is theirs (progress, the ticked statements, the
form) is outside the body. The fragment is kept by Wagtail's
``{% wagtailpagecache %}``, keyed on the page's own state (id, URL, when it was
last published) and on the version token below; a preview is never cached.

What a body shows from elsewhere replaces the token, which makes every kept
body stale at once: a source document or part saved or deleted (the excerpts
and citations), a quiz (the scenario links), the site's policy-source
settings (whether Council proposals show), any page published, unpublished or
moved (the links in rich text), a document or an image. Kept only where the
cache is shared by every app server (``MODULE_BODIES_CACHED``, on with
Redis), for the same reason as sessions: a per-process cache would show a
corrected citation in one process and the old one in the others.
"""

from django.conf import settings

from lms.cache_version import VersionToken

VERSION = VersionToken("lms:module-bodies:version")
# A backstop for a change made behind the ORM's back (raw SQL, a restore).
SECONDS = 3600


def enabled():
    return settings.MODULE_BODIES_CACHED


def context():
    """What module_page.html needs to cache the body: for how long (0: not at
    all, the tag then renders it every time) and the current version."""
    if not enabled():
        return {"body_cache_seconds": 0, "body_version": ""}
    return {"body_cache_seconds": SECONDS, "body_version": VERSION.current()}


def invalidate():
    """Every kept body is stale: now, and again once the change commits (a
    page rendered while the change was uncommitted showed the old content)."""
    if enabled():
        VERSION.replace()
