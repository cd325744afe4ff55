"""The printed sign-in sheet and its upload as CSV: line-numbered problems,
nothing recorded unless every line is right."""

from datetime import timedelta

import pytest
import time_machine

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from classroom.models import Attendance, Booking
from classroom.services import attendance, bookings, sheets
from lms import roles
from tests.classroom.factories import SessionFactory
from tests.lms.factories import EmployeeFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def roll():
    trainer = make_user(roles.TRAINER)
    session = SessionFactory(trainer=trainer, capacity=5)
    people = []
    for _ in range(2):
        user = make_user(roles.LEARNER)
        bookings.session_book(session=session, employee=user.employee, booked_by=user)
        people.append(user.employee)
    return session, trainer, people


def csv(*lines):
    return ("\n".join(lines) + "\n").encode()


def test_the_sheet_pdf_lists_everyone_booked_with_the_session_code(roll, client):
    session, trainer, people = roll
    client.force_login(trainer)
    response = client.get(reverse("classroom:sign_in_sheet", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert session.sheet_code in response["Content-Disposition"]


def test_a_good_sheet_records_marks_and_walk_ins(roll):
    session, trainer, (first, second) = roll
    walk_in = EmployeeFactory()
    data = csv(
        "sheet_code,employee_number,attendance",
        f"{session.sheet_code},{first.employee_number},present",
        f"{session.sheet_code.lower()},{second.employee_number.lower()},Partial",
        f"{session.sheet_code},{walk_in.employee_number},present",
    )
    result = sheets.sheet_import(session=session, data=data, uploaded_by=trainer)
    assert result.ok and (result.marked, result.walk_ins) == (3, 1)
    marks = dict(
        Booking.objects.filter(session=session).values_list("employee", "attendance")
    )
    assert marks == {
        first.pk: Attendance.PRESENT,
        second.pk: Attendance.PARTIAL,
        walk_in.pk: Attendance.PRESENT,
    }


def test_a_sheet_with_bad_lines_records_nothing_and_names_each_line(roll):
    session, trainer, (first, second) = roll
    data = csv(
        "sheet_code,employee_number,attendance",
        f"{session.sheet_code},{first.employee_number},present",
        f"WRONG,{second.employee_number},present",
        f"{session.sheet_code},X999999,present",
        f"{session.sheet_code},{first.employee_number},absent",
        f"{session.sheet_code},{second.employee_number},late",
        f"{session.sheet_code},{second.employee_number}",
    )
    result = sheets.sheet_import(session=session, data=data, uploaded_by=trainer)
    assert [str(problem) for problem in result.problems] == [
        f"line 3, column sheet_code: 'WRONG' is not this session's code "
        f"({session.sheet_code})",
        "line 4, column employee_number: no active employee has the number X999999",
        f"line 5, column employee_number: employee number {first.employee_number} "
        "is already on line 2",
        "line 6, column employee_number: employee number "
        f"{second.employee_number} is already on line 3",
        "line 6, column attendance: 'late' is not present, partial or absent",
        "line 7, column -: the row has 2 fields but the header has 3",
    ]
    assert not Booking.objects.filter(session=session).exclude(attendance="").exists()


def test_a_sheet_with_a_wrong_header_says_which_column(roll):
    session, trainer, _people = roll
    data = csv("code,employee_number,attendance", "X,Y,present")
    result = sheets.sheet_import(session=session, data=data, uploaded_by=trainer)
    messages = [str(problem) for problem in result.problems]
    assert messages[0].startswith("line 1, column code: unknown column")
    assert "line 1, column sheet_code: the column is missing" in messages


def test_the_upload_page_shows_the_problems_and_then_records(roll, client):
    session, trainer, (first, _second) = roll
    client.force_login(trainer)
    url = reverse("classroom:sheet_upload", args=[session.pk])
    bad = SimpleUploadedFile(
        "sheet.csv", csv("sheet_code,employee_number,attendance", "X,Y,present")
    )
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert "Nothing was recorded: 2 problems to fix." in response.text
    assert "line 2, column sheet_code" in response.text
    good = SimpleUploadedFile(
        "sheet.csv",
        csv(
            "sheet_code,employee_number,attendance",
            f"{session.sheet_code},{first.employee_number},present",
        ),
    )
    response = client.post(url, {"file": good}, follow=True)
    assert "Sheet recorded for 1 person (0 walk-ins)." in response.text


def test_a_closed_session_takes_no_sheet(roll):
    session, trainer, (first, _second) = roll
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        attendance.session_close(session=session, closed_by=trainer)
        result = sheets.sheet_import(
            session=session,
            data=csv(
                "sheet_code,employee_number,attendance",
                f"{session.sheet_code},{first.employee_number},present",
            ),
            uploaded_by=trainer,
        )
    assert [str(p) for p in result.problems] == [
        "line 1, column -: the session is closed; its attendance is final"
    ]
