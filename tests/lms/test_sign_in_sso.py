"""Single sign-on against a real OpenID Provider (oidc-provider, tests/oidc_op).

Every test runs the whole authorization-code flow with PKCE over HTTP: the LMS
redirects to the provider, the provider's sign-in page is filled, the provider
redirects back, and the LMS exchanges the code at the provider's token
endpoint, checks the ID token against its published keys and reads userinfo.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount

from django.contrib.auth import get_user_model
from django.test import Client

from lms import roles
from lms.accounts.models import SignInEvent, SignInOutcome
from lms.accounts.providers import Provider
from tests.lms.factories import EmployeeFactory, with_role
from tests.oidc_op.flow import ProviderBrowser, sso_sign_in, sso_start
from tests.oidc_op.harness import TEST_SERVER

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(sso):
    return EmployeeFactory(
        employee_number="E1001",
        first_name="Ada",
        last_name="Lovelace",
        work_email="ada.lovelace@lacity.example",
        user__username="e1001",
    )


@pytest.fixture
def ana(sso):
    return EmployeeFactory(
        employee_number="W2001",
        first_name="Ana",
        last_name="Ruiz",
        work_email="Ana.Ruiz@ladwp.example",
        user__username="w2001",
    )


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id) if user_id else None


def events():
    return list(SignInEvent.objects.order_by("pk").values_list("provider", "outcome"))


def test_active_employee_signs_in_with_pkce_and_lands_on_my_training(
    client, provider_browser, ada, sso
):
    authorize = sso_start(client, "city")
    query = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(f"{sso['city'].issuer}/auth?")
    assert query["code_challenge_method"] == ["S256"]
    assert query["code_challenge"][0]
    assert set(query["scope"][0].split()) >= {"openid", "email", "profile"}

    callback = provider_browser.follow(authorize, login="ada")
    response = client.get(callback.removeprefix(TEST_SERVER))

    assert response.status_code == 302
    assert signed_in_user(client) == ada.user
    home = client.get(response["Location"], follow=True)
    assert home.request["PATH_INFO"] == "/my-training/"
    assert "Sign out" in home.content.decode()
    assert events() == [("city", SignInOutcome.SIGNED_IN)]


def test_first_sign_in_binds_issuer_and_subject_and_keeps_no_claims(
    client, provider_browser, ada, sso
):
    sso_sign_in(client, provider_browser, "city", "ada")
    account = SocialAccount.objects.get(user=ada.user)
    assert account.provider == "city"
    assert account.uid == f"{sso['city'].issuer} ada"
    # Only who the provider says it is; no email, name or employee number kept.
    assert account.extra_data == {"iss": sso["city"].issuer, "sub": "ada"}


@pytest.mark.parametrize(
    ("provider", "login", "outcome", "message"),
    [
        ("city", "gone", SignInOutcome.DEACTIVATED, "account is not active"),
        ("city", "stranger", SignInOutcome.UNKNOWN_PERSON, "not find you on the HR"),
        ("city", "noclaim", SignInOutcome.CLAIM_MISSING, "did not say who you are"),
        ("water", "unverified", SignInOutcome.EMAIL_UNVERIFIED, "is not verified"),
        ("water", "elsewhere", SignInOutcome.WRONG_DOMAIN, "not a City email address"),
    ],
)
def test_who_the_roster_does_not_let_in_is_told_why_and_what_to_do(
    client, provider_browser, sso, provider, login, outcome, message
):
    EmployeeFactory(employee_number="E1002", active=False, user__is_active=False)
    EmployeeFactory(employee_number="W2002", work_email="raj.patel@ladwp.example")
    EmployeeFactory(employee_number="W2001", work_email="ana.ruiz@ladwp.example")
    users_before = get_user_model().objects.count()

    response = sso_sign_in(client, provider_browser, provider, login)

    assert response.status_code == 403
    page = response.content.decode()
    assert message in page
    assert "What to do" in page
    assert signed_in_user(client) is None
    # Never a new account, never a binding.
    assert get_user_model().objects.count() == users_before
    assert not SocialAccount.objects.exists()
    assert events() == [(provider, outcome)]


def test_a_second_provider_with_another_issuer_works_beside_the_first(
    provider_browser, ada, ana, sso
):
    city_client, water_client = Client(), Client()
    assert sso_sign_in(city_client, provider_browser, "city", "ada").status_code == 302
    water_browser = ProviderBrowser()
    water = sso_sign_in(water_client, water_browser, "water", "ana")

    assert water.status_code == 302
    assert signed_in_user(city_client) == ada.user
    # Matched by the verified email, whatever its case in the roster.
    assert signed_in_user(water_client) == ana.user
    issuers = set(SocialAccount.objects.values_list("extra_data__iss", flat=True))
    assert issuers == {sso["city"].issuer, sso["water"].issuer}
    assert sso["city"].issuer != sso["water"].issuer


def test_the_binding_survives_an_email_change_at_the_provider(
    provider_browser, ana, sso
):
    bo = EmployeeFactory(employee_number="W2003", work_email="bo.chen@ladwp.example")
    assert sso_sign_in(Client(), provider_browser, "water", "ana").status_code == 302

    # Ana's account at the provider now carries Bo's address.
    sso.set_claims("water", "ana", email="bo.chen@ladwp.example")
    client = Client()
    response = sso_sign_in(client, ProviderBrowser(), "water", "ana")

    assert response.status_code == 302
    assert signed_in_user(client) == ana.user
    assert signed_in_user(client) != bo.user
    assert not SocialAccount.objects.filter(user=bo.user).exists()


def test_a_bound_employee_deactivated_later_is_refused(client, provider_browser, ada):
    assert sso_sign_in(Client(), provider_browser, "city", "ada").status_code == 302
    ada.active = False
    ada.save()

    response = sso_sign_in(client, ProviderBrowser(), "city", "ada")

    assert response.status_code == 403
    assert "not active" in response.content.decode()
    assert signed_in_user(client) is None


def test_another_provider_account_cannot_take_over_a_bound_employee(
    client, provider_browser, ada, sso
):
    assert sso_sign_in(Client(), provider_browser, "city", "ada").status_code == 302
    sso.set_claims("city", "impostor", employee_id="E1001", email="x@lacity.example")

    response = sso_sign_in(client, ProviderBrowser(), "city", "impostor")

    assert response.status_code == 403
    assert "linked to another account" in response.content.decode()
    assert events()[-1] == ("city", SignInOutcome.BOUND_ELSEWHERE)
    assert SocialAccount.objects.filter(user=ada.user).count() == 1


def test_sign_out_ends_the_session_here_and_at_the_provider(
    client, provider_browser, ada, sso
):
    sso_sign_in(client, provider_browser, "city", "ada")
    # While signed in at the provider, a new sign-in needs no password there.
    again = provider_browser.follow(sso_start(Client(), "city"), login=None)
    assert again.startswith(f"{TEST_SERVER}/accounts/oidc/city/login/callback/")

    response = client.post("/accounts/logout/")

    assert signed_in_user(client) is None
    end_session = response["Location"]
    assert end_session.startswith(f"{sso['city'].issuer}/session/end")
    query = parse_qs(urlsplit(end_session).query)
    assert query["client_id"] == [sso["city"].client_id]
    assert query["id_token_hint"][0].count(".") == 2
    back = provider_browser.follow(end_session)
    assert back == f"{TEST_SERVER}/accounts/login/"
    # Signed out at the provider too: it asks for the person's password again.
    page = provider_browser.page(sso_start(Client(), "city"))
    assert 'name="password"' in page.text


def test_password_sign_out_stays_local(client, password):
    user = EmployeeFactory().user
    user.set_password(password)
    user.save()
    client.post("/accounts/login/", {"login": user.username, "password": password})
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/"


def test_login_page_shows_one_button_per_provider_above_the_password_form(client, sso):
    page = client.get("/accounts/login/").content.decode()
    city = page.index("Sign in with City account")
    water = page.index("Sign in with Water and Power")
    assert city < water < page.index('name="password"')


def test_login_page_without_providers_looks_as_before(client, settings):
    settings.SSO_PROVIDERS = ()
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with" not in page
    assert "Use your City training account." in page


def test_an_unreachable_provider_gets_a_page_not_a_server_error(client, settings):
    settings.SSO_PROVIDERS = (
        Provider(
            id="down",
            name="Harbor",
            issuer="http://127.0.0.1:9",
            client_id="lms",
            client_secret="x",
        ),
    )
    response = client.post("/accounts/oidc/down/login/")
    assert response.status_code == 401
    assert "Single sign-on did not complete" in response.content.decode()
    assert events() == [("down", SignInOutcome.PROVIDER_ERROR)]


def test_an_unknown_provider_id_is_not_found(client, sso):
    assert client.post("/accounts/oidc/nobody/login/").status_code == 404


def test_the_audit_log_holds_no_token_contents(client, provider_browser, ada, sso):
    sso_sign_in(client, provider_browser, "city", "ada")
    sso_sign_in(Client(), ProviderBrowser(), "city", "stranger")
    for event in SignInEvent.objects.all():
        values = " ".join(
            str(getattr(event, f.attname)) for f in SignInEvent._meta.concrete_fields
        )
        assert "@" not in values  # no email claim
        assert "X9999" not in values  # no claimed employee number
        assert "eyJ" not in values  # no JWT


def test_an_administrator_signing_in_by_sso_relies_on_the_providers_mfa(
    client, provider_browser, ada
):
    with_role(ada.user, roles.ADMINISTRATOR)
    sso_sign_in(client, provider_browser, "city", "ada")
    # Not sent to set up the LMS's own TOTP, unlike a password sign-in.
    assert client.get("/analytics/").status_code == 200
