"""A roster import that deactivates an employee ends their sessions everywhere."""

import pytest

from django.test import Client

from lms.accounts.models import LoginSession
from lms.models import Employee
from lms.roster import import_roster
from tests.lms.factories import DepartmentFactory
from tests.lms.roster_utils import person, roster
from tests.lms.sign_in_utils import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(password):
    DepartmentFactory(code="LAPL")
    assert import_roster(roster(person("E000001"), person("E000002"))).ok
    for employee in Employee.objects.select_related("user"):
        employee.user.set_password(password)
        employee.user.save()
    return {e.employee_number: e.user for e in Employee.objects.select_related("user")}


@pytest.fixture(
    params=[
        "django.contrib.sessions.backends.db",
        # With REDIS_URL: a session ended must leave the cache too.
        "django.contrib.sessions.backends.cached_db",
    ],
    ids=["db", "cached_db"],
)
def session_engine(request, settings):
    settings.SESSION_ENGINE = request.param
    return request.param


def signed_in(client):
    response = client.get("/my-training/")
    return response.status_code == 200


def test_deactivation_signs_the_employee_out_on_every_device(
    staff, password, session_engine, django_capture_on_commit_callbacks
):
    laptop, phone, colleague = Client(), Client(), Client()
    for client, number in (
        (laptop, "E000001"),
        (phone, "E000001"),
        (colleague, "E000002"),
    ):
        sign_in(client, staff[number].username, password)
        assert signed_in(client)
    assert LoginSession.objects.filter(user=staff["E000001"]).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        # One of two is over the 10 % guard: the HR file is confirmed.
        result = import_roster(
            roster(person("E000002")),
            deactivate_missing=True,
            confirm_deactivation=True,
        )
    assert result.ok and result.deactivated == 1

    assert not signed_in(laptop)
    assert not signed_in(phone)
    assert signed_in(colleague)
    assert not LoginSession.objects.filter(user=staff["E000001"]).exists()

    # Back on the roster: the old sessions stay ended; a new sign-in works.
    with django_capture_on_commit_callbacks(execute=True):
        import_roster(roster(person("E000001"), person("E000002")))
    assert not signed_in(laptop)
    sign_in(laptop, staff["E000001"].username, password)
    assert signed_in(laptop)


def test_a_dry_run_ends_no_session(staff, password, django_capture_on_commit_callbacks):
    client = Client()
    sign_in(client, staff["E000001"].username, password)
    with django_capture_on_commit_callbacks(execute=True):
        import_roster(
            roster(person("E000002")),
            deactivate_missing=True,
            confirm_deactivation=True,
            dry_run=True,
        )
    assert signed_in(client)


def test_signing_out_forgets_the_session(staff, password):
    client = Client()
    sign_in(client, staff["E000001"].username, password)
    assert LoginSession.objects.count() == 1
    client.post("/accounts/logout/")
    assert LoginSession.objects.count() == 0
