"""Managers act from the dashboard: remind now, an employee's page, waive, extend."""

from datetime import timedelta

import pytest

from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from analytics.models import AuditAction, AuditEvent
from courses.models import (
    Assignment,
    DueDateExtension,
    ReminderKind,
    ReminderLog,
    Waiver,
)
from tests.analytics.utils import assign, employees

pytestmark = pytest.mark.django_db


def remind_url(code, query=""):
    return reverse("analytics:department_remind", args=[code]) + query


def employee_url(employee):
    return reverse("analytics:employee", args=[employee.employee_number])


def texts(response):
    return [str(message) for message in response.wsgi_request._messages]


def grant(user, *codenames):
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="courses", codename__in=codenames
        )
    )
    # A fresh user object: Django caches permissions on the instance.
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def overdue(city, today):
    """Two Library employees overdue on ED20."""
    late = employees(2, city["library"], last_name="Late")
    return [
        assign(employee, city["ed20"], due=today - timedelta(days=4))
        for employee in late
    ]


def test_manager_reminds_the_ticked_employees_once_a_day(client, city, overdue):
    client.force_login(city["manager"])
    ticked = [a.pk for a in overdue]
    response = client.post(remind_url("LAPL"), {"assignment": ticked}, follow=True)
    assert "Reminders sent to 2 employees." in texts(response)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        a.employee.work_email for a in overdue
    )
    assert "Your manager asks you" in mail.outbox[0].body
    logs = ReminderLog.objects.filter(kind=ReminderKind.CHASE)
    assert logs.count() == 2
    assert {log.sent_by_id for log in logs} == {city["manager"].pk}

    response = client.post(remind_url("LAPL"), {"assignment": ticked}, follow=True)
    assert len(mail.outbox) == 2
    assert any("had a reminder today already" in text for text in texts(response))
    assert logs.count() == 2


def test_everyone_overdue_reaches_only_the_overdue(client, city, overdue):
    client.force_login(city["manager"])
    response = client.post(remind_url("LAPL"), {"all_overdue": "1"}, follow=True)
    assert "Reminders sent to 2 employees." in texts(response)
    assert {m.to[0] for m in mail.outbox} == {a.employee.work_email for a in overdue}


def test_a_scheduled_reminder_today_counts_as_todays_one(client, city, overdue):
    first, second = overdue
    ReminderLog.objects.create(
        kind=ReminderKind.DUE_TODAY, assignment=first, key=first.due_date.isoformat()
    )
    client.force_login(city["manager"])
    response = client.post(remind_url("LAPL"), {"all_overdue": "1"}, follow=True)
    assert [m.to[0] for m in mail.outbox] == [second.employee.work_email]
    assert "Reminder sent to 1 employee." in texts(response)


def test_nothing_ticked_says_so_and_sends_nothing(client, city):
    client.force_login(city["manager"])
    response = client.post(remind_url("LAPL"), {}, follow=True)
    assert response.status_code == 200
    assert any("Select at least one employee" in text for text in texts(response))
    assert mail.outbox == []


def test_another_departments_people_cannot_be_reminded(client, city):
    client.force_login(city["manager"])
    police = Assignment.objects.filter(employee__department=city["police"])
    ids = list(police.values_list("pk", flat=True))
    assert client.post(remind_url("LAPD"), {"assignment": ids}).status_code == 403
    # Police ids posted to the manager's own department are ignored.
    client.post(remind_url("LAPL"), {"assignment": ids}, follow=True)
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


def test_the_employee_page_shows_the_record_and_is_audited(client, city, overdue):
    employee = overdue[0].employee
    client.force_login(city["manager"])
    response = client.get(employee_url(employee))
    assert response.status_code == 200
    page = response.content.decode()
    assert employee.full_name in page
    assert "Overdue" in page
    assert "Send a reminder now" in page
    assert "Extend the due date" not in page  # no permission given
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_NAMED_LIST, what=f"employee-{employee.employee_number}"
    ).exists()
    officer = city["officers"][0]
    assert client.get(employee_url(officer)).status_code == 403
    for role in ("trainer", "learner", "oversight"):
        client.force_login(city[role])
        assert client.get(employee_url(employee)).status_code == 403


def test_the_employee_page_reminds(client, city, overdue):
    employee = overdue[0].employee
    client.force_login(city["manager"])
    url = reverse("analytics:employee_remind", args=[employee.employee_number])
    response = client.post(url, follow=True)
    assert "Reminder sent to 1 employee." in texts(response)
    assert [m.to[0] for m in mail.outbox] == [employee.work_email]


def test_waiving_needs_the_permission_and_a_team_member(client, city, overdue):
    assignment = overdue[0]
    url = reverse("analytics:assignment_waive", args=[assignment.pk])
    data = {f"waive-{assignment.pk}-reason": "leave", f"waive-{assignment.pk}-note": ""}
    client.force_login(city["manager"])
    assert client.post(url, data).status_code == 403
    manager = grant(city["manager"], "waive_assignment")
    client.force_login(manager)
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    waiver = Waiver.objects.get(assignment=assignment)
    assert waiver.waived_by == manager
    # Not for someone outside the team, nor for the manager themself.
    officer = Assignment.objects.filter(employee=city["officers"][0]).first()
    own = assign(manager.employee, city["ed20"])
    for other in (officer, own):
        other_url = reverse("analytics:assignment_waive", args=[other.pk])
        assert client.post(other_url, {}).status_code == 403
    assert Waiver.objects.count() == 1


def test_waiving_for_other_without_a_note_is_refused_and_writes_nothing(
    client, city, overdue
):
    assignment = overdue[0]
    manager = grant(city["manager"], "waive_assignment")
    client.force_login(manager)
    url = reverse("analytics:assignment_waive", args=[assignment.pk])
    response = client.post(url, {f"waive-{assignment.pk}-reason": "other"})
    assert response.status_code == 400
    assert "Explain the reason in the note." in response.content.decode()
    assert not Waiver.objects.exists()


def test_extending_moves_the_due_date_and_keeps_the_record(
    client, city, overdue, today
):
    assignment = overdue[0]
    manager = grant(city["manager"], "extend_due_date")
    client.force_login(manager)
    url = reverse("analytics:assignment_extend", args=[assignment.pk])
    prefix = f"extend-{assignment.pk}"
    earlier = {f"{prefix}-new_due_date": "2020-01-01", f"{prefix}-reason": "x"}
    response = client.post(url, earlier)
    assert response.status_code == 400
    assert "The new due date must be after" in response.content.decode()
    blank = {f"{prefix}-new_due_date": (today + timedelta(days=9)).isoformat()}
    response = client.post(url, {**blank, f"{prefix}-reason": "  "})
    assert response.status_code == 400
    assert not DueDateExtension.objects.exists()
    new_due = today + timedelta(days=14)
    response = client.post(
        url,
        {f"{prefix}-new_due_date": new_due.isoformat(), f"{prefix}-reason": "Leave"},
        follow=True,
    )
    assert response.status_code == 200
    assignment.refresh_from_db()
    assert assignment.due_date == new_due
    extension = DueDateExtension.objects.get()
    assert (extension.old_due_date, extension.extended_by) == (
        today - timedelta(days=4),
        manager,
    )
    assert "Leave" in client.get(employee_url(assignment.employee)).content.decode()


def test_the_drill_down_offers_the_chase_with_a_labelled_box_per_row(
    client, city, overdue
):
    client.force_login(city["manager"])
    page = client.get(reverse("analytics:department", args=["LAPL"])).content.decode()
    assert "Remind everyone overdue" in page
    assert page.count('type="checkbox" name="assignment"') == 14
    assert "Select " in page
    assert employee_url(overdue[0].employee) in page
