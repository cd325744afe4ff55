"""Sign-out (here and at the identity provider) and the doors Wagtail opens."""

from urllib.parse import urlencode

from allauth.account.views import LogoutView as AllauthLogoutView

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.views.generic import RedirectView

from .receivers import SESSION_SIGN_OUT


def end_session_url(request, sign_out):
    """The provider's end-session URL (OpenID Connect RP-Initiated Logout 1.0)."""
    params = {
        "client_id": sign_out["client_id"],
        "post_logout_redirect_uri": request.build_absolute_uri(
            reverse("account_login")
        ),
    }
    if sign_out.get("id_token_hint"):
        params["id_token_hint"] = sign_out["id_token_hint"]
    endpoint = sign_out["endpoint"]
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


class LogoutView(AllauthLogoutView):
    """allauth's sign-out, then the provider's where it publishes one."""

    def post(self, *args, **kwargs):
        sign_out = self.request.session.get(SESSION_SIGN_OUT) or {}
        response = super().post(*args, **kwargs)
        if sign_out.get("endpoint"):
            return HttpResponseRedirect(end_session_url(self.request, sign_out))
        return response


logout = LogoutView.as_view()

_redirect_to_sign_in = RedirectView.as_view(
    pattern_name="account_login", query_string=True
)


@login_not_required
def to_sign_in(request, *args, **kwargs):
    """Wagtail's own sign-in pages would skip MFA: they lead to the one sign-in page.

    Wagtail also sends a signed-in person without access to the admin here; for
    them it is a refusal, not a new sign-in (which would send them straight back).
    """
    if request.user.is_authenticated:
        raise PermissionDenied
    return _redirect_to_sign_in(request, *args, **kwargs)
