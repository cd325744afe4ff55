"""allauth's adapters, bound to the HR roster.

- Nobody signs up: accounts come only from the roster import.
- A single sign-on is let in only for an active roster employee
  (``roster_match``); everyone else gets a page that says why and what to do,
  and the refusal goes to the sign-in audit log.
- The providers are the ones of ``SSO_PROVIDERS``, never rows in the database.
- The client address is the one login throttling uses (``client_address``).
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount, SocialApp

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from . import providers, roster_match
from .audit import sign_in_event_record
from .client_address import client_ip
from .models import SignInOutcome
from .refusals import refusal

SIGN_OUT_STATE = "lms_sign_out"


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": _(
            "That username and password do not match. Both are case-sensitive. "
            "After %(limit)s failed attempts the account is locked for a while."
        ),
        "too_many_login_attempts": _(
            "Too many failed sign-ins from your network address. Wait a few "
            "minutes, then try again."
        ),
    }

    def validation_error(self, code, *args):
        if code == "username_password_mismatch":
            message = self.error_messages[code] % {"limit": settings.AXES_FAILURE_LIMIT}
            return ValidationError(message, code=code)
        return super().validation_error(code, *args)

    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        context = {"link_hours": settings.PASSWORD_RESET_TIMEOUT // 3600, **context}
        super().send_mail(template_prefix, email, context)

    def get_client_ip(self, request):
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine the client address.")
        return address


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return False

    def list_apps(self, request, provider=None, client_id=None):
        apps = []
        for sso in providers.configured():
            if provider and provider not in (sso.id, "openid_connect"):
                continue
            if client_id and client_id != sso.client_id:
                continue
            apps.append(
                SocialApp(
                    provider="openid_connect",
                    provider_id=sso.id,
                    name=sso.name,
                    client_id=sso.client_id,
                    secret=sso.client_secret,
                    settings={
                        "server_url": sso.issuer,
                        "oauth_pkce_enabled": True,
                        # OpenID Connect's default; Okta's too.
                        "token_auth_method": "client_secret_basic",
                    },
                )
            )
        return apps

    def pre_social_login(self, request, sociallogin):
        sso = providers.get(sociallogin.account.provider)
        if sso is None:  # not one of ours (no other provider is installed)
            raise PermissionDenied
        if sociallogin.is_existing:
            decision = roster_match.for_bound_user(sociallogin.user)
        else:
            decision = roster_match.for_claims(sso, getattr(sociallogin, "claims", {}))
            if decision.allowed and self._bound_elsewhere(sociallogin, decision, sso):
                decision = roster_match.Decision(
                    SignInOutcome.BOUND_ELSEWHERE, decision.employee
                )
        if not decision.allowed:
            user = decision.employee.user if decision.employee else None
            sign_in_event_record(
                request, provider=sso.id, outcome=decision.outcome, user=user
            )
            raise ImmediateHttpResponse(
                render(
                    request,
                    "accounts/sso_refused.html",
                    {"provider": sso, **refusal(decision.outcome, sso.name)},
                    status=403,
                )
            )
        if not sociallogin.is_existing:
            # First sign-in: bind this (issuer, sub) to the employee for good.
            sociallogin.connect(request, decision.employee.user)
        sign_out = getattr(sociallogin, "sign_out", None)
        if sign_out:
            sociallogin.state[SIGN_OUT_STATE] = {**sign_out, "provider": sso.id}

    @staticmethod
    def _bound_elsewhere(sociallogin, decision, sso):
        return (
            SocialAccount.objects.filter(user=decision.employee.user, provider=sso.id)
            .exclude(uid=sociallogin.account.uid)
            .exists()
        )

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        # The error's kind only: an exception may quote the provider's response.
        sign_in_event_record(
            request,
            provider=provider.sub_id,
            outcome=SignInOutcome.PROVIDER_ERROR,
            detail=str(error or "unknown"),
        )
