"""Learners are reminded 14 and 3 days before a due date and on it; managers
get one weekly list of their own team's overdue training; nothing goes twice."""

import smtplib
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import CommandError, call_command

from courses.models import ReminderLog, WaiverReason
from courses.services import assignments, reminders
from courses.tasks import send_reminders
from lms import roles
from tests.courses.factories import AssignmentFactory, CoursePageFactory, complete
from tests.lms.factories import DepartmentFactory, EmployeeFactory, make_user

pytestmark = pytest.mark.django_db

DUE = date(2026, 3, 20)  # a Friday


def at(day):
    """08:00 in Los Angeles on ``day``, when the daily cron runs."""
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 16, 0, tzinfo=UTC), tick=False
    )


def run_on(day):
    with at(day):
        call_command("send_reminders")


@pytest.fixture
def course():
    return CoursePageFactory(slug="ed20", title="ED20 basics", modules=1)


def learner_mail_to(employee):
    return [m for m in mail.outbox if m.to == [employee.work_email]]


def test_learner_is_reminded_14_and_3_days_before_and_on_the_due_date(course):
    employee = EmployeeFactory()
    AssignmentFactory(course=course, employee=employee, due_date=DUE)
    sent_on = []
    for offset in range(-20, 3):
        day = DUE + timedelta(days=offset)
        before = len(mail.outbox)
        run_on(day)
        run_on(day)  # a second cron run the same day sends nothing more
        if len(mail.outbox) > before:
            assert len(mail.outbox) == before + 1
            sent_on.append(day)
    assert sent_on == [DUE - timedelta(days=14), DUE - timedelta(days=3), DUE]
    subjects = [m.subject for m in learner_mail_to(employee)]
    assert subjects[0] == "Reminder: ED20 basics is due on March 20, 2026"
    assert subjects[-1] == "Due today: ED20 basics"
    assert ReminderLog.objects.count() == 3


def test_reminder_has_plain_text_and_html_parts(course):
    employee = EmployeeFactory(first_name="Jordan")
    AssignmentFactory(course=course, employee=employee, due_date=DUE)
    run_on(DUE - timedelta(days=3))
    [message] = mail.outbox
    assert "Hello Jordan" in message.body
    assert "due in 3 days" in message.body
    assert "/my-training/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<strong>ED20 basics</strong>" in html


def test_a_missed_cron_day_is_caught_up_once(course):
    employee = EmployeeFactory()
    AssignmentFactory(course=course, employee=employee, due_date=DUE)
    run_on(DUE - timedelta(days=12))  # the 14-day run was missed
    run_on(DUE - timedelta(days=11))
    assert len(learner_mail_to(employee)) == 1


def test_a_new_due_date_gets_its_own_reminders(course):
    employee = EmployeeFactory()
    assignment = AssignmentFactory(course=course, employee=employee, due_date=DUE)
    run_on(DUE)
    assignment.due_date = DUE + timedelta(days=14)
    assignment.save()
    run_on(DUE)
    assert len(learner_mail_to(employee)) == 2


def test_no_reminders_for_completed_waived_or_departed(course):
    done = complete(AssignmentFactory(course=course, due_date=DUE))
    waived = AssignmentFactory(course=course, due_date=DUE)
    assignments.assignment_waive(
        assignment=waived,
        waived_by=make_user(roles.ADMINISTRATOR, employee=False),
        reason=WaiverReason.LEAVE,
    )
    departed = EmployeeFactory(active=False)
    AssignmentFactory(course=course, employee=departed, due_date=DUE)
    run_on(DUE)
    assert mail.outbox == []
    assert done.completed_at is not None


@pytest.fixture
def two_teams(course):
    """Two managers, each managing one department with one overdue employee."""
    north, south = DepartmentFactory(name="North Bureau"), DepartmentFactory()
    managers = []
    for department, name in ((north, "Nolan"), (south, "Sosa")):
        manager = make_user(roles.MANAGER, last_name=f"Boss{name}").employee
        manager.managed_departments.add(department)
        managers.append(manager)
        for index in range(2):
            AssignmentFactory(
                course=course,
                employee=EmployeeFactory(
                    department=department, last_name=f"{name}{index}"
                ),
                due_date=DUE,
            )
    # On time: not on anyone's list.
    AssignmentFactory(
        course=course,
        employee=EmployeeFactory(department=north, last_name="Punctual"),
        due_date=DUE + timedelta(days=60),
    )
    return managers


def test_each_manager_gets_one_email_listing_only_their_team(two_teams):
    north_manager, south_manager = two_teams
    monday = date(2026, 3, 23)
    run_on(monday)
    run_on(monday)
    run_on(monday + timedelta(days=2))  # same week: nothing more
    [north] = learner_mail_to(north_manager)
    [south] = learner_mail_to(south_manager)
    assert north.subject == "Overdue training in your team: 2 items"
    assert "Nolan0" in north.body and "Nolan1" in north.body
    assert "North Bureau" in north.body
    assert "Sosa0" not in north.body and "Punctual" not in north.body
    assert "Sosa0" in south.body and "Nolan0" not in south.body
    html, _mimetype = north.alternatives[0]
    assert "Nolan0" in html and "Sosa0" not in html
    assert ReminderLog.objects.filter(kind="team_overdue").count() == 2


def test_managers_hear_again_the_next_week(two_teams):
    north_manager, _south = two_teams
    run_on(date(2026, 3, 23))
    run_on(date(2026, 3, 30))
    assert len(learner_mail_to(north_manager)) == 2


def test_waived_items_are_not_on_a_managers_list(two_teams, course):
    north_manager, _south = two_teams
    admin = make_user(roles.ADMINISTRATOR, employee=False)
    for assignment in course.assignments.filter(
        employee__managed_departments__isnull=True,
        employee__department__in=north_manager.managed_departments.all(),
    ):
        assignments.assignment_waive(
            assignment=assignment, waived_by=admin, reason=WaiverReason.EQUIVALENT
        )
    run_on(date(2026, 3, 23))
    assert learner_mail_to(north_manager) == []
    assert len(learner_mail_to(two_teams[1])) == 1


def test_reports_of_a_manager_count_as_the_team(course):
    manager = make_user(roles.MANAGER).employee
    report = EmployeeFactory(manager=manager, last_name="Direct")
    AssignmentFactory(course=course, employee=report, due_date=DUE)
    run_on(DUE + timedelta(days=1))
    [message] = learner_mail_to(manager)
    assert "Direct" in message.body


def test_the_background_task_runs_the_same_service(course):
    employee = EmployeeFactory()
    AssignmentFactory(course=course, employee=employee, due_date=DUE)
    with at(DUE):
        result = send_reminders.enqueue()
    assert result.return_value == {
        "learner_emails": 1,
        "manager_emails": 0,
        "failures": 0,
    }
    assert len(learner_mail_to(employee)) == 1


def test_learner_reminder_kind_schedule():
    kinds = {
        days: reminders.learner_reminder_kind(
            due_date=DUE, today=DUE - timedelta(days=days)
        )
        for days in (15, 14, 4, 3, 1, 0, -1)
    }
    assert kinds == {
        15: None,
        14: "due_14",
        4: "due_14",
        3: "due_3",
        1: "due_3",
        0: "due_0",
        -1: None,
    }


def test_a_mistyped_date_is_a_clear_command_error():
    with pytest.raises(CommandError, match="--date: must look like 2026-01-31"):
        call_command("send_reminders", "--date", "20/03/2026")
    assert mail.outbox == []


class BouncingBackend(locmem.EmailBackend):
    """The locmem backend, except that it refuses addresses containing 'bounce'."""

    def send_messages(self, messages):
        for message in messages:
            if any("bounce" in address for address in message.to):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No")})
        return super().send_messages(messages)


def test_a_refused_address_is_retried_next_run_and_others_still_go(settings, course):
    settings.EMAIL_BACKEND = f"{__name__}.BouncingBackend"
    good = EmployeeFactory()
    bad = EmployeeFactory(work_email="bounce@lacity.example")
    AssignmentFactory(course=course, employee=good, due_date=DUE)
    failing = AssignmentFactory(course=course, employee=bad, due_date=DUE)
    with pytest.raises(CommandError, match="1 emails could not be sent"):
        run_on(DUE)
    assert len(learner_mail_to(good)) == 1
    assert not ReminderLog.objects.filter(assignment=failing).exists()
    bad.work_email = "fixed@lacity.example"
    bad.save()
    run_on(DUE)
    assert len(learner_mail_to(bad)) == 1
    assert len(learner_mail_to(good)) == 1
