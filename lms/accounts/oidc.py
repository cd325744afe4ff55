"""allauth's OpenID Connect provider, bound to (issuer, sub) and keeping no claims.

- The binding key (allauth's ``SocialAccount.uid``) is the ID token's issuer and
  subject together, so the same ``sub`` at another issuer is another person, and
  a provider later pointed at a different issuer binds nobody by accident.
- Only ``iss`` and ``sub`` are stored; the other claims live for the one request
  that matches them against the roster (``SocialLogin.claims``).
- The userinfo ``sub`` must equal the ID token's (OpenID Connect Core 5.3.2).
- For sign-out, the provider's ``end_session_endpoint`` and the raw ID token
  (``id_token_hint``) travel with the login into the session.

The login and callback views are allauth's, built on this adapter.
"""

import hashlib

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount import app_settings
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2CallbackView,
    OAuth2LoginView,
)
from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider,
)
from allauth.socialaccount.providers.openid_connect.views import (
    OpenIDConnectOAuth2Adapter,
)
from requests import RequestException

from django.http import Http404


def binding_uid(issuer, subject):
    uid = f"{issuer} {subject}"
    if len(uid) > app_settings.UID_MAX_LENGTH:
        digest = hashlib.sha256(f"{issuer}\0{subject}".encode()).hexdigest()
        uid = f"sha256:{digest}"
    return uid


class RosterOpenIDConnectProvider(OpenIDConnectProvider):
    def extract_uid(self, data):
        id_token = data.get("id_token") or {}
        issuer = id_token.get("iss") or self.app.settings["server_url"]
        subject = id_token.get("sub") or (data.get("userinfo") or {}).get("sub")
        return binding_uid(issuer, str(subject))

    def extract_extra_data(self, data):
        id_token = data.get("id_token") or {}
        return {"iss": id_token.get("iss", ""), "sub": id_token.get("sub", "")}


class RosterOIDCAdapter(OpenIDConnectOAuth2Adapter):
    def complete_login(self, request, app, token, **kwargs):
        raw_id_token = kwargs["response"].get("id_token")
        if not raw_id_token:
            raise OAuth2Error("The provider returned no ID token.")
        id_token = self._decode_id_token(app, raw_id_token)
        claims = dict(id_token)
        if app.settings.get("fetch_userinfo", True):
            userinfo = self._fetch_user_info(token.token)
            if str(userinfo.get("sub")) != str(id_token.get("sub")):
                raise OAuth2Error("The userinfo subject differs from the ID token's.")
            claims.update(userinfo)
            claims["iss"] = id_token["iss"]
        login = self.get_provider().sociallogin_from_response(
            request, {"id_token": id_token}
        )
        login.claims = claims
        login.sign_out = {
            "endpoint": self.openid_config.get("end_session_endpoint", ""),
            "id_token_hint": raw_id_token,
            "client_id": app.client_id,
        }
        return login


@login_not_required
def login(request, provider_id):
    adapter = RosterOIDCAdapter(request, provider_id)
    try:
        return OAuth2LoginView.adapter_view(adapter)(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
    except RequestException as exc:
        # The provider's discovery document could not be read: say so, no 500.
        return render_authentication_error(
            request, adapter.get_provider(), exception=exc
        )


@login_not_required
def callback(request, provider_id):
    try:
        view = OAuth2CallbackView.adapter_view(RosterOIDCAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
