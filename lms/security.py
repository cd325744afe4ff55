"""Content-Security-Policy for every response.

Site pages allow scripts and stylesheets only from our own origin or carrying the
request's nonce (``request.csp_nonce``; templates write
``<script nonce="{{ request.csp_nonce }}">``); no inline style attribute applies.
No page may be framed (``frame-ancestors 'none'``, as ``X-Frame-Options: DENY``).
The Wagtail admin is a third-party app with inline scripts of its own, so it gets
a policy that still confines everything to our origin.
"""

import secrets

from django.conf import settings

from .accounts import providers

COMMON = {
    "default-src": "'self'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def build_policy(directives):
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy_for(request)
        return response

    def policy_for(self, request):
        """May be overridden: the policy for one request."""
        directives = dict(COMMON)
        # The sign-in and sign-out buttons post to us, and we redirect them on
        # to an identity provider; browsers check form-action on that redirect.
        directives["form-action"] = " ".join(["'self'", *providers.origins()])
        admin_prefix = getattr(settings, "CSP_ADMIN_PREFIX", "/admin/")
        if request.path.startswith(admin_prefix):
            directives["script-src"] = "'self' 'unsafe-inline'"
            directives["style-src"] = "'self' 'unsafe-inline'"
            # The page editor's live preview frames our own preview views, which
            # Wagtail answers with X-Frame-Options: SAMEORIGIN.
            directives["frame-ancestors"] = "'self'"
        else:
            nonce = f"'nonce-{request.csp_nonce}'"
            directives["script-src"] = f"'self' {nonce}"
            # Plotly styles its charts through the CSSOM, which the policy allows,
            # and its few rules into <style> elements the page creates with the
            # nonce (analytics/_plotly_styles.html).
            directives["style-src"] = f"'self' {nonce}"
        return build_policy(directives)
