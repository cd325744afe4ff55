"""The sign-in URLs under /accounts/: the parts of allauth the City uses.

Left out on purpose: sign-up (accounts come from the roster), email address
management (the address is the roster's work email), login by emailed code,
and allauth's list of connected providers (a binding is made by signing in
and is not the person's to move). The short names ``login``, ``logout`` and
``password_change`` that the rest of the project reverses are kept beside
allauth's, on the same paths.
"""

from allauth.account import views as account
from allauth.socialaccount import views as socialaccount

from django.urls import include, path, re_path

from . import oidc, views

urlpatterns = [
    path("login/", account.login, name="login"),
    path("login/", account.login, name="account_login"),
    path("logout/", views.logout, name="logout"),
    path("logout/", views.logout, name="account_logout"),
    path("inactive/", account.account_inactive, name="account_inactive"),
    path("reauthenticate/", account.reauthenticate, name="account_reauthenticate"),
    path("password/", account.password_change, name="password_change"),
    path("password/change/", account.password_change, name="account_change_password"),
    path("password/set/", account.password_set, name="account_set_password"),
    path("password/reset/", account.password_reset, name="account_reset_password"),
    path(
        "password/reset/done/",
        account.password_reset_done,
        name="account_reset_password_done",
    ),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "password/reset/key/done/",
        account.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    path("2fa/", include("allauth.mfa.urls")),
    path("oidc/<str:provider_id>/login/", oidc.login, name="openid_connect_login"),
    path(
        "oidc/<str:provider_id>/login/callback/",
        oidc.callback,
        name="openid_connect_callback",
    ),
    path(
        "3rdparty/login/cancelled/",
        socialaccount.login_cancelled,
        name="socialaccount_login_cancelled",
    ),
    path(
        "3rdparty/login/error/",
        socialaccount.login_error,
        name="socialaccount_login_error",
    ),
]
