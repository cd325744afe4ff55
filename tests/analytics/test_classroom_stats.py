"""The in-person sessions page: fill rate, no-shows by department (hidden for
small departments on the oversight view), completions by delivery, and the
delivery column of the department drill-down."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine

from django.urls import reverse
from django.utils import timezone

from classroom.models import Attendance
from classroom.services import attendance, bookings
from courses.status import Delivery
from lms import roles
from tests.classroom.factories import SessionFactory
from tests.courses.factories import AssignmentFactory
from tests.lms.factories import DepartmentFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_session():
    """Harbor: 2 booked, 1 present and 1 no-show, in a session of 4 seats."""
    trainer = make_user(roles.TRAINER)
    harbor = DepartmentFactory(code="HARBOR", name="Harbor")
    start = timezone.now() + timedelta(days=3)
    session = SessionFactory(trainer=trainer, capacity=4, starts=start)
    people = [make_user(roles.LEARNER, department=harbor) for _ in range(2)]
    seats = []
    for user in people:
        AssignmentFactory(employee=user.employee, course=session.course)
        seats.append(
            bookings.session_book(
                session=session, employee=user.employee, booked_by=user
            )
        )
    with time_machine.travel(start + timedelta(hours=1)):
        attendance.attendance_mark(
            session=session,
            marks={seats[0].pk: Attendance.PRESENT},
            marked_by=trainer,
        )
        attendance.session_close(session=session, closed_by=trainer)
    return session, harbor, people


def test_the_administrator_sees_fill_rate_no_shows_and_delivery(closed_session, client):
    session, harbor, _people = closed_session
    client.force_login(make_user(roles.ADMINISTRATOR, employee=False))
    page = client.get(reverse("analytics:sessions"))
    assert page.status_code == 200
    fill = client.get(reverse("analytics:sessions"), {"format": "csv"})
    lines = fill.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Course,Starts,Place,Seats,Booked,Wait list,Fill %")
    assert lines[1].endswith(",4,2,0,50.0,1,0,1")
    no_shows = client.get(
        reverse("analytics:sessions"), {"format": "csv", "table": "no_shows"}
    )
    assert no_shows.content.decode("utf-8-sig").splitlines()[1] == "Harbor,2,1,50.0"
    delivery = client.get(
        reverse("analytics:sessions"), {"format": "csv", "table": "delivery"}
    )
    assert delivery.content.decode("utf-8-sig").splitlines()[1] == (
        f"{session.course.title},0,1,100.0"
    )


def test_oversight_sees_no_figures_of_a_few_people(closed_session, client):
    session, _harbor, _people = closed_session
    client.force_login(make_user(roles.OVERSIGHT, employee=False))

    def csv_lines(table):
        response = client.get(
            reverse("analytics:sessions"), {"format": "csv", "table": table}
        )
        return response.content.decode("utf-8-sig").splitlines()

    assert csv_lines("no_shows")[1] == "Harbor,suppressed,suppressed,suppressed"
    # Who came to a session is not shown at all, only seats and fill rate.
    fill = csv_lines("fill")
    assert fill[0] == "Course,Starts,Place,Seats,Booked,Wait list,Fill %"
    assert fill[1].endswith(",4,2,0,50.0")
    # One completion in person: neither it nor the share that gives it back.
    assert csv_lines("delivery")[1] == (
        f"{session.course.title},suppressed,suppressed,suppressed"
    )


def test_the_drill_down_export_has_a_delivery_column(closed_session, client):
    _session, harbor, _people = closed_session
    client.force_login(make_user(roles.ADMINISTRATOR, employee=False))
    response = client.get(
        reverse("analytics:department", args=[harbor.code]), {"format": "csv"}
    )
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    column = header.index("Delivery")
    deliveries = sorted(row[column] for row in rows)
    assert deliveries == ["", str(Delivery.IN_PERSON.label)]
