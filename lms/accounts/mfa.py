"""Who must use two-step verification, and the middleware that holds them to it.

Administrators (who see every employee's record) must have TOTP once they sign
in with a password; everyone else may turn it on. A single sign-on is left to
the identity provider's own MFA. Until an administrator has set TOTP up, every
page but the set-up, sign-out and static files sends them there.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from lms import access

ALLOWED_URL_NAMES = ("mfa_index", "account_logout", "logout", "account_reauthenticate")
ALLOWED_PREFIXES = ("/accounts/2fa/", "/static/", "/healthz")


def mfa_required(user):
    return access.is_administrator(user)


def signed_in_with_password(request):
    records = get_authentication_records(request, request.user)
    methods = {record.get("method") for record in records}
    return "password" in methods and "socialaccount" not in methods


def has_totp(user):
    return Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists()


def must_set_up_totp(request):
    # Cheapest first: the session, then the (cached) permissions, then one query.
    user = request.user
    return (
        user.is_authenticated
        and signed_in_with_password(request)
        and mfa_required(user)
        and not has_totp(user)
    )


class AdministratorMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if must_set_up_totp(request) and not self._exempt(request):
            messages.warning(
                request,
                _(
                    "Administrators must use two-step verification. Set it up with "
                    "an authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _exempt(request):
        path = request.path
        if path.startswith(ALLOWED_PREFIXES):
            return True
        return any(path == reverse(name) for name in ALLOWED_URL_NAMES)
