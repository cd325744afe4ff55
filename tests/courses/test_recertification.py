"""Expired certificates and new course versions open a new assignment cycle."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from django.core.management import call_command
from django.urls import reverse

from courses.models import Assignment, Certificate, CoursePage
from courses.selectors.certificates import certificates_of
from courses.selectors.training import my_training
from courses.services import certificates
from courses.status import Status
from lms.xapi import constants
from lms.xapi.models import Statement
from tests.courses.factories import AssignmentFactory, CoursePageFactory, complete

pytestmark = pytest.mark.django_db


def at(day):
    """Noon in Los Angeles on ``day``."""
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 20, 0, tzinfo=UTC), tick=False
    )


@pytest.fixture
def certified():
    with at(date(2026, 3, 2)):
        course = CoursePageFactory(
            slug="ed20", recertification_months=12, days_to_complete=30
        )
        assignment = complete(AssignmentFactory(course=course))
    return assignment


def _status(user, today):
    [row] = my_training(user=user, today=today)
    return row


def test_certificate_is_valid_through_its_last_day_then_recertification_is_due(
    certified,
):
    user = certified.employee.user
    assert certified.certificate.expires_on == date(2027, 3, 2)
    assert _status(user, date(2027, 3, 2)).state.status == Status.CERTIFIED
    assert _status(user, date(2027, 3, 3)).state.status == Status.RECERTIFICATION_DUE


def test_expiry_opens_a_new_cycle_with_a_new_registration_and_due_date(certified):
    with at(date(2027, 3, 3)):
        made = certificates.certificates_expire()
    assert made == 1
    old = Assignment.objects.get(pk=certified.pk)
    new = Assignment.objects.get(employee=certified.employee, active=True)
    assert not old.active and old.completed_at is not None
    assert new.pk != old.pk
    assert new.registration != old.registration
    assert new.completed_at is None
    assert new.due_date == date(2027, 4, 2)
    assert Certificate.objects.get(pk=certified.certificate.pk).renewal == new

    row = _status(certified.employee.user, date(2027, 3, 10))
    assert row.assignment == new
    assert row.state.status == Status.RECERTIFICATION_DUE
    overdue = _status(certified.employee.user, date(2027, 4, 3))
    assert overdue.state.status == Status.OVERDUE
    assert overdue.state.days_overdue == 1


def test_expiry_emits_recertification_assigned_with_the_new_registration(certified):
    with at(date(2027, 3, 3)):
        certificates.certificates_expire()
    new = Assignment.objects.get(employee=certified.employee, active=True)
    row = Statement.objects.get(verb=constants.ASSIGNED)
    assert row.registration == new.registration
    assert row.object_iri.endswith("/course/ed20")


def test_expiry_job_is_idempotent_and_waits_for_the_expiry(certified):
    with at(date(2027, 3, 2)):
        assert certificates.certificates_expire() == 0
    with at(date(2027, 3, 3)):
        call_command("expire_certificates")
        call_command("expire_certificates")
    assert Assignment.objects.filter(employee=certified.employee).count() == 2
    assert Statement.objects.filter(verb=constants.ASSIGNED).count() == 1


def test_inactive_employee_is_not_asked_to_recertify(certified):
    certified.employee.active = False
    certified.employee.save()
    with at(date(2027, 3, 3)):
        assert certificates.certificates_expire() == 0


def test_completing_the_new_cycle_issues_a_new_certificate_and_lists_the_old_one(
    client, certified
):
    with at(date(2027, 3, 3)):
        certificates.certificates_expire()
    with at(date(2027, 3, 5)):
        new = complete(Assignment.objects.get(employee=certified.employee, active=True))
        assert new.certificate.issued_on == date(2027, 3, 5)
        client.force_login(certified.employee.user)
        html = client.get(reverse("courses:my_training")).content.decode()
    assert "Past certificates" in html
    assert "Expired" in html
    assert reverse("courses:certificate", args=[certified.certificate.code]) in html
    assert reverse("courses:certificate", args=[new.certificate.code]) in html


def _publish_version(course, label):
    course = CoursePage.objects.get(pk=course.pk)
    course.version_label = label
    course.save_revision().publish()


def test_publishing_a_new_version_asks_everyone_certified_on_the_old_one(certified):
    course = certified.course
    with at(date(2026, 4, 1)):
        current = complete(
            AssignmentFactory(course=course)
        )  # also on 1.0, will be asked too
        _publish_version(course, "2.0")
    renewals = Assignment.objects.filter(course=course, active=True)
    assert renewals.count() == 2
    assert {a.employee_id for a in renewals} == {
        certified.employee_id,
        current.employee_id,
    }
    for renewal in renewals:
        assert renewal.completed_at is None
        assert renewal.due_date == date(2026, 5, 1)
    row = _status(certified.employee.user, date(2026, 4, 2))
    assert row.state.status == Status.RECERTIFICATION_DUE
    # The old certificate is kept, still valid until it expires, but past.
    held = certificates_of(user=certified.employee.user)
    assert held.current == []
    assert [c.pk for c in held.past] == [certified.certificate.pk]


def test_republishing_the_same_version_asks_nobody(certified):
    with at(date(2026, 4, 1)):
        _publish_version(certified.course, "1.0")
    assert Assignment.objects.filter(course=certified.course).count() == 1
    assert Assignment.objects.get(pk=certified.pk).active


def test_new_version_of_a_course_without_recertification_asks_nobody():
    with at(date(2026, 3, 2)):
        course = CoursePageFactory(slug="once", requires_recertification=False)
        complete(AssignmentFactory(course=course))
        _publish_version(course, "2.0")
    assert Assignment.objects.filter(course=course).count() == 1


def test_certificates_of_the_new_version_are_not_asked_again(certified):
    with at(date(2026, 4, 1)):
        _publish_version(certified.course, "2.0")
        renewal = complete(
            Assignment.objects.get(employee=certified.employee, active=True)
        )
        assert renewal.certificate.course_version == "2.0"
        _publish_version(certified.course, "2.0")
    assert Assignment.objects.filter(employee=certified.employee).count() == 2
