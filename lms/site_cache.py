"""The Wagtail site a page request is for, kept in the shared cache.

Wagtail finds it with two queries on every page it serves: the site matching
the request's host and port, then the site's root page as its own type, which
routes the rest of the path. Both are the same for every learner and change
only when an editor changes a site or publishes, unpublishes, moves or deletes
a page, so they are kept with a version token that each of those replaces
(:mod:`lms.cache_version`). Only Wagtail's page view (``wagtail_serve``) reads
them, so no other request pays for the cache.

Kept only where the cache is shared by every app server (``SITES_CACHED``, on
with Redis), for the same reason as the permission cache: in a per-process
cache a change made through one server would not reach the others.
"""

from django.conf import settings
from django.http.request import split_domain_port
from wagtail.models import Site

from lms.cache_version import VersionToken

VERSION = VersionToken("lms:sites:version")
# A backstop for a change made behind the ORM's back (raw SQL, a restore).
TIMEOUT = 300


def enabled():
    return settings.SITES_CACHED


def _key(request):
    # As Wagtail matches a site: the raw host's name (ALLOWED_HOSTS has already
    # refused any other) and the port.
    hostname = split_domain_port(request._get_raw_host())[0]
    return f"lms:sites:for:{hostname}:{request.get_port()}"


def site_for(request):
    """The site Wagtail would find for ``request``, its root page read as its
    own type; from the cache while current."""
    return VERSION.read(_key(request), lambda: _found(request), TIMEOUT)


def _found(request):
    site = Site.find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.localized.specific
    return site


def invalidate():
    """Every kept site is stale: now, and again once the change commits."""
    if enabled():
        VERSION.replace()


def on_changed(sender, **kwargs):
    """A site or a page changed: the kept sites may be out of date."""
    invalidate()


class SiteMiddleware:
    """Hands Wagtail's page view the kept site (it looks for it on the request
    before it queries)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if enabled() and request.resolver_match.url_name == "wagtail_serve":
            request._wagtail_site = site_for(request)
