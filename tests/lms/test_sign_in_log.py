"""The sign-in audit log in the Wagtail admin: administrators read it, nobody edits."""

import pytest

from lms import roles
from lms.accounts.models import SignInEvent, SignInOutcome
from tests.lms.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    learner = make_user(roles.LEARNER)
    SignInEvent.objects.create(
        provider="city",
        outcome=SignInOutcome.SIGNED_IN,
        user=learner,
        username=learner.username,
        ip_address="203.0.113.9",
    )
    SignInEvent.objects.create(
        provider="water",
        outcome=SignInOutcome.UNKNOWN_PERSON,
        ip_address="203.0.113.10",
    )
    return learner


def test_administrators_read_the_log_with_its_outcomes(client, events):
    client.force_login(make_user(roles.ADMINISTRATOR, employee=False))
    page = client.get("/admin/sign_in_log/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Refused: not on the HR roster" in html
    assert events.username in html
    assert client.get("/admin/sign_in_log/?outcome=unknown_person").status_code == 200


def test_nobody_adds_or_changes_a_row(client, events):
    client.force_login(make_user(roles.ADMINISTRATOR, employee=False))
    event = SignInEvent.objects.first()
    assert client.get("/admin/sign_in_log/new/").status_code in (302, 403)
    assert client.get(f"/admin/sign_in_log/edit/{event.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/sign_in_log/delete/{event.pk}/").status_code in (
        302,
        403,
    )


def test_other_roles_cannot_read_it(client, events):
    for role in (roles.TRAINER, roles.MANAGER, roles.LEARNER):
        client.force_login(make_user(role))
        assert client.get("/admin/sign_in_log/").status_code in (302, 403), role
