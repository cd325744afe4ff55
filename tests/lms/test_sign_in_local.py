"""Local accounts: password reset, first-login invitations, MFA for administrators."""

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator

from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from lms import roles
from lms.roster import import_roster
from tests.lms.factories import DepartmentFactory, EmployeeFactory
from tests.lms.roster_utils import person, roster
from tests.lms.sign_in_utils import sign_in, totp_code, user_with_password

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-7"
LINK = re.compile(r"http://\S+/accounts/password/reset/key/\S+/")


def reset_link(message):
    return LINK.search(message.body).group(0).split("://", 1)[1].split("/", 1)[1]


def follow_reset_link(client, link):
    """The link's page (allauth moves the key into the session first)."""
    return client.get("/" + link, follow=True)


def set_password_through(client, link, password=NEW_PASSWORD):
    page = follow_reset_link(client, link)
    return client.post(
        page.request["PATH_INFO"], {"password1": password, "password2": password}
    )


# --- Password reset ----------------------------------------------------------------


def test_reset_sends_a_link_to_the_work_address_whatever_its_case(client):
    employee = EmployeeFactory(work_email="Jane.Doe@lacity.example")
    employee.user.email = employee.work_email
    employee.user.save()

    response = client.post(
        "/accounts/password/reset/", {"email": "jane.doe@LACITY.example"}, follow=True
    )

    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jane.doe@lacity.example"]
    assert "Set your training password" in mail.outbox[0].subject
    assert employee.user.username in mail.outbox[0].body
    assert LINK.search(mail.outbox[0].body)


def test_reset_answers_the_same_whether_or_not_the_address_exists(client):
    employee = EmployeeFactory()
    employee.user.email = employee.work_email
    employee.user.save()

    known = client.post(
        "/accounts/password/reset/", {"email": employee.work_email}, follow=True
    )
    unknown = client.post(
        "/accounts/password/reset/", {"email": "nobody@lacity.example"}, follow=True
    )

    def text(response):
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))

    assert known.redirect_chain == unknown.redirect_chain
    assert text(known).replace(employee.work_email, "") == text(unknown).replace(
        "nobody@lacity.example", ""
    )
    assert len(mail.outbox) == 1  # nothing is sent to an unknown address


def test_the_link_sets_a_password_once(client, password):
    user = user_with_password(roles.LEARNER, password)
    user.email = user.employee.work_email
    user.save()
    client.post("/accounts/password/reset/", {"email": user.email})
    link = reset_link(mail.outbox[0])

    set_password_through(client, link)

    assert sign_in(Client(), user.username, NEW_PASSWORD).status_code == 302
    again = follow_reset_link(Client(), link)
    assert "bad token" in again.content.decode().lower()


def test_the_link_expires(client, password, settings):
    user = user_with_password(roles.LEARNER, password)
    user.email = user.employee.work_email
    user.save()
    client.post("/accounts/password/reset/", {"email": user.email})
    link = reset_link(mail.outbox[0])

    later = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with time_machine.travel(later):
        page = follow_reset_link(client, link)

    assert "bad token" in page.content.decode().lower()
    assert sign_in(Client(), user.username, password).status_code == 302


def test_a_new_password_must_pass_the_city_rules(client, password):
    user = user_with_password(roles.LEARNER, password)
    user.email = user.employee.work_email
    user.save()
    client.post("/accounts/password/reset/", {"email": user.email})

    response = set_password_through(client, reset_link(mail.outbox[0]), "short1")

    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()


# --- First sign-in for employees the roster created -------------------------------


@pytest.fixture
def imported():
    DepartmentFactory(code="LAPL", name="Library")
    result = import_roster(
        roster(
            person("E000001", work_email="Alex.Abbott@lacity.example"),
            person("E000002", first_name="Bea"),
        )
    )
    assert result.ok


def test_invitations_let_roster_employees_set_a_password_and_sign_in(imported):
    call_command(
        "invite_employees", "--department", "LAPL", stdout=open("/dev/null", "w")
    )

    assert sorted(m.to[0] for m in mail.outbox) == [
        "Alex.Abbott@lacity.example",
        "e000002@lacity.example",
    ]
    invitation = next(m for m in mail.outbox if m.to == ["Alex.Abbott@lacity.example"])
    assert "Your username is e000001" in invitation.body
    client = Client()
    set_password_through(client, reset_link(invitation))

    response = sign_in(client, "e000001", NEW_PASSWORD, follow=True)
    assert response.request["PATH_INFO"] == "/my-training/"


def test_invitations_skip_who_has_a_password_or_left(imported, password):
    call_command(
        "invite_employees", "--department", "LAPL", stdout=open("/dev/null", "w")
    )
    mail.outbox.clear()
    alex = EmployeeFactory._meta.model.objects.get(employee_number="E000001").user
    alex.set_password(password)
    alex.save()

    call_command(
        "invite_employees", "--department", "LAPL", stdout=open("/dev/null", "w")
    )

    assert [m.to for m in mail.outbox] == [["e000002@lacity.example"]]


def test_a_dry_run_sends_nothing(imported, capsys):
    call_command("invite_employees", "--dry-run")
    assert mail.outbox == []
    assert "Would invite 2" in capsys.readouterr().out


def test_invitations_refuse_unknown_departments_and_an_sso_city_without_a_filter(
    imported, settings
):
    with pytest.raises(CommandError, match="Unknown department code"):
        call_command("invite_employees", "--department", "NOPE")
    settings.SSO_PROVIDERS = ("configured",)
    with pytest.raises(CommandError, match="Single sign-on is configured"):
        call_command("invite_employees")
    assert mail.outbox == []


# --- Two-step verification -----------------------------------------------------------


def activate_totp(client, password):
    page = client.get("/accounts/2fa/totp/activate/")
    # allauth asks for the password again before an MFA change.
    assert page["Location"].startswith("/accounts/reauthenticate/")
    page = client.post(page["Location"], {"password": password}, follow=True)
    assert page.request["PATH_INFO"] == "/accounts/2fa/totp/activate/"
    secret = page.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:500]
    return secret


def test_an_administrator_must_set_up_totp_before_anything_else(password):
    admin = user_with_password(roles.ADMINISTRATOR, password, employee=False)
    client = Client()
    sign_in(client, admin.username, password)

    for path in ["/", "/analytics/", "/admin/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/2fa/totp/activate/", path
    activate_totp(client, password)

    assert client.get("/analytics/").status_code == 200
    assert Authenticator.objects.filter(user=admin, type="totp").exists()


def test_with_totp_a_password_alone_does_not_sign_in(password):
    admin = user_with_password(roles.ADMINISTRATOR, password, employee=False)
    client = Client()
    sign_in(client, admin.username, password)
    secret = activate_totp(client, password)
    client.post("/accounts/logout/")

    with time_machine.travel(timezone.now() + timedelta(seconds=60)):
        response = sign_in(client, admin.username, password)
        assert response["Location"] == "/accounts/2fa/authenticate/"
        assert "_auth_user_id" not in client.session
        wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
        assert "_auth_user_id" not in client.session
        assert wrong.status_code == 200
        client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
        assert client.session["_auth_user_id"] == str(admin.pk)


def test_everyone_else_is_offered_totp_but_not_made_to(password):
    learner = user_with_password(roles.LEARNER, password)
    client = Client()
    sign_in(client, learner.username, password)

    page = client.get("/my-training/")
    assert page.status_code == 200
    assert "Two-step verification" in page.content.decode()
    assert client.get("/accounts/2fa/").status_code == 200
    activate_totp(client, password)
    assert Authenticator.objects.filter(user=learner, type="totp").exists()


def test_wagtail_admin_sign_in_goes_through_the_same_page(client, password):
    admin = user_with_password(roles.ADMINISTRATOR, password, employee=False)

    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/"
    login = client.get("/admin/login/?next=/admin/pages/")
    assert login["Location"] == "/accounts/login/?next=/admin/pages/"
    # A password posted to Wagtail's own form signs nobody in (no MFA bypass).
    client.post("/admin/login/", {"username": admin.username, "password": password})
    client.post(
        "/training/_util/login/", {"username": admin.username, "password": password}
    )
    assert "_auth_user_id" not in client.session


def test_a_signed_in_person_without_admin_access_is_refused_not_looped(
    client, password
):
    learner = user_with_password(roles.LEARNER, password)
    sign_in(client, learner.username, password)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1
