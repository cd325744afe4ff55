"""The public verification page says valid, expired or revoked, and no more."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from django.urls import reverse

from courses.models import Certificate
from courses.services import certificates
from lms import roles
from tests.courses.factories import AssignmentFactory, CoursePageFactory, complete
from tests.lms.factories import DepartmentFactory, EmployeeFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    employee = EmployeeFactory(
        first_name="Jordan",
        last_name="Smith",
        employee_number="E123456",
        work_email="jordan.smith@lacity.example",
        department=DepartmentFactory(name="Department of Recreation and Parks"),
    )
    with time_machine.travel(datetime(2026, 2, 2, 18, tzinfo=UTC), tick=False):
        course = CoursePageFactory(
            slug="ed20", title="ED20 basics", version_label="3.0"
        )
        assignment = complete(AssignmentFactory(course=course, employee=employee))
    return assignment.certificate


def verify(client, code, day=date(2026, 6, 1)):
    with time_machine.travel(
        datetime(day.year, day.month, day.day, 18, tzinfo=UTC), tick=False
    ):
        return client.get(reverse("courses:verify", args=[code]))


def test_anyone_can_check_a_valid_certificate_without_signing_in(client, certificate):
    response = verify(client, certificate.code)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is valid." in html
    assert "J. Smith" in html
    assert "ED20 basics" in html
    assert "version 3.0" in html
    assert "Feb. 2, 2026" in html  # issued
    assert "Feb. 2, 2027" in html  # valid until
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_verification_shows_nothing_beyond_the_allowed_fields(client, certificate):
    html = verify(client, certificate.code).content.decode()
    assert "E123456" not in html
    assert "jordan.smith@lacity.example" not in html
    assert "lacity.example" not in html
    assert "Recreation and Parks" not in html
    assert "Jordan" not in html


def test_an_expired_certificate_says_expired(client, certificate):
    response = verify(client, certificate.code, day=date(2027, 2, 3))
    assert "This certificate has expired." in response.content.decode()


def test_a_revoked_certificate_says_revoked(client, certificate):
    admin = make_user(roles.ADMINISTRATOR, employee=False)
    certificates.certificate_revoke(
        certificate=certificate, revoked_by=admin, reason="Issued in error."
    )
    html = verify(client, certificate.code).content.decode()
    assert "This certificate has been revoked." in html
    assert "Issued in error." not in html  # the reason is internal


def test_an_unknown_code_is_a_clear_404(client, certificate):
    response = verify(client, certificate.code[:-1] + "x")
    assert response.status_code == 404
    assert "No certificate has this code." in response.content.decode()


def test_revoking_from_the_admin_records_who_when_and_why(client, certificate):
    admin = make_user(roles.ADMINISTRATOR)
    client.force_login(admin)
    url = reverse("certificate:revoke", args=[certificate.pk])
    assert client.get(url).status_code == 200
    moment = datetime(2026, 5, 5, 18, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        response = client.post(url, {"reason": "Completed by someone else."})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_by == admin
    assert certificate.revoked_at == moment
    assert certificate.revoke_reason == "Completed by someone else."


def test_revoking_needs_a_reason_and_changes_nothing_without_one(client, certificate):
    client.force_login(make_user(roles.ADMINISTRATOR))
    url = reverse("certificate:revoke", args=[certificate.pk])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None


@pytest.mark.parametrize("role", [roles.MANAGER, roles.TRAINER, roles.LEARNER])
def test_only_administrators_may_revoke(client, certificate, role):
    user = make_user(role)
    user.is_staff = True
    user.save()
    client.force_login(user)
    url = reverse("certificate:revoke", args=[certificate.pk])
    response = client.post(url, {"reason": "No."})
    assert response.status_code in (302, 403)
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None


def test_the_admin_certificate_list_offers_revoke(client, certificate):
    client.force_login(make_user(roles.ADMINISTRATOR))
    html = client.get(reverse("certificate:index")).content.decode()
    assert "ED20 basics" in html
    assert reverse("certificate:revoke", args=[certificate.pk]) in html
