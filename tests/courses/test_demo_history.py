"""The demo City's past: played through the real services, relative to today."""

import io
from datetime import timedelta

import pytest

from django.core.management import call_command
from django.utils import timezone

from courses.models import Assignment, Certificate, ReminderKind, ReminderLog, Waiver
from courses.services.reminders import team_overdue
from courses.status import Status
from lms import demo_data
from lms.models import Employee
from lms.xapi.models import Statement
from quizzes.models import Answer, Attempt, AttemptState

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-demo-password"
SENSITIVE = ("citizen", "immigra", "national", "origin", "ethnic", "religio", "race")


def counts():
    return (
        Assignment.objects.count(),
        Attempt.objects.count(),
        Answer.objects.count(),
        Certificate.objects.count(),
        ReminderLog.objects.count(),
        Statement.objects.count(),
    )


def test_the_demo_has_a_year_of_history_and_a_second_run_adds_nothing():
    call_command("bootstrap_demo", password=PASSWORD, stdout=io.StringIO())
    today = timezone.localdate()
    now = timezone.now()
    statuses = set(
        Assignment.objects.counted().with_status(today).values_list("status", flat=True)
    )
    # Every status but "completed", which only a revoked certificate gives.
    assert set(Status.values) - {Status.COMPLETED} <= statuses

    # The demo manager's team has people to chase.
    manager = Employee.objects.get(employee_number=demo_data.DEMO_MANAGER_NUMBER)
    assert team_overdue(manager=manager, today=today).count() >= 3

    # Certificates expiring soon, and expired ones whose holders are due again.
    assert Certificate.objects.filter(
        expires_on__gte=today, expires_on__lte=today + timedelta(days=30)
    ).exists()
    expired = Certificate.objects.filter(expires_on__lt=today)
    assert expired.exists()
    assert not expired.filter(renewal__isnull=True).exists()

    # Attempts passed and failed, each answer with its choices, all in the past.
    finished = Attempt.objects.filter(state=AttemptState.FINISHED)
    assert finished.filter(passed=True).exists()
    assert finished.filter(passed=False).exists()
    assert not Answer.objects.filter(choices__isnull=True).exists()
    assert Attempt.objects.filter(started_at__gt=now).count() == 0
    assert Assignment.objects.filter(completed_at__gt=now).count() == 0
    oldest = Assignment.objects.order_by("assigned_at").first().assigned_at
    assert (now - oldest).days > 300

    # Reminders of both kinds, a waiver and the xAPI record of it all.
    kinds = set(ReminderLog.objects.values_list("kind", flat=True))
    assert ReminderKind.TEAM_OVERDUE in kinds
    assert kinds & {ReminderKind.DUE_IN_14, ReminderKind.DUE_IN_3}
    assert Waiver.objects.count() == 1
    assert Statement.objects.count() > Answer.objects.count()
    # Pseudonymous actors: no name or address of anyone in any statement.
    learner = Employee.objects.filter(course_assignments__completed_at__isnull=False)[0]
    payloads = " ".join(
        str(payload) for payload in Statement.objects.values_list("payload", flat=True)
    )
    assert learner.work_email not in payloads
    assert learner.employee_number not in payloads

    # The demo learner's own training is left for the person trying the demo.
    demo_learner = Employee.objects.get(employee_number=demo_data.DEMO_LEARNER_NUMBER)
    assert not demo_learner.course_assignments.filter(
        launched_at__isnull=False
    ).exists()

    before = counts()
    call_command("bootstrap_demo", password=PASSWORD, stdout=io.StringIO())
    assert counts() == before


def test_the_demo_roster_holds_no_sensitive_attribute():
    fields = [field.name for field in Employee._meta.get_fields()]
    for name in [*demo_data.ROSTER_HEADER, *fields]:
        assert not any(word in name.lower() for word in SENSITIVE), name
