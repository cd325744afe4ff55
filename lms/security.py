"""Content-Security-Policy for every response.

Site pages allow scripts only from our own origin or carrying the request's nonce
(``request.csp_nonce``; templates write ``<script nonce="{{ request.csp_nonce }}">``).
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
    "frame-ancestors": "'self'",
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
        else:
            directives["script-src"] = f"'self' 'nonce-{request.csp_nonce}'"
            # Plotly positions its charts with inline style attributes.
            directives["style-src"] = "'self' 'unsafe-inline'"
        return build_policy(directives)
