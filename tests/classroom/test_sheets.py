"""The printed sign-in sheet and its upload as CSV: line-numbered problems,
nothing recorded unless every line is right."""

from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from pypdf import PdfReader

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from classroom import selectors
from classroom.models import Attendance, Booking
from classroom.services import attendance, bookings, sheets
from courses.models import Acknowledgement, AcknowledgementSource
from lms import roles
from lms.xapi import constants
from lms.xapi.models import Statement
from tests.classroom.factories import SessionFactory
from tests.courses.factories import AssignmentFactory
from tests.lms.factories import EmployeeFactory, make_user
from tests.xapi import ralph

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


HEADER = "sheet_code,employee_number,attendance,acknowledged"


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
        HEADER,
        f"{session.sheet_code},{first.employee_number},present,no",
        f"{session.sheet_code.lower()},{second.employee_number.lower()},Partial,No",
        f"{session.sheet_code},{walk_in.employee_number},present,no",
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
        HEADER,
        f"{session.sheet_code},{first.employee_number},present,yes",
        f"WRONG,{second.employee_number},present,no",
        f"{session.sheet_code},X999999,present,no",
        f"{session.sheet_code},{first.employee_number},absent,",
        f"{session.sheet_code},{second.employee_number},late,no",
        f"{session.sheet_code},{second.employee_number},present",
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
        "line 7, column -: the row has 3 fields but the header has 4",
    ]
    assert not Booking.objects.filter(session=session).exclude(attendance="").exists()


def test_a_sheet_with_a_wrong_header_says_which_column(roll):
    session, trainer, _people = roll
    data = csv("code,employee_number,attendance,acknowledged", "X,Y,present,no")
    result = sheets.sheet_import(session=session, data=data, uploaded_by=trainer)
    messages = [str(problem) for problem in result.problems]
    assert messages[0].startswith("line 1, column code: unknown column")
    assert "line 1, column sheet_code: the column is missing" in messages


def test_the_upload_page_shows_the_problems_and_then_records(roll, client):
    session, trainer, (first, _second) = roll
    client.force_login(trainer)
    url = reverse("classroom:sheet_upload", args=[session.pk])
    bad = SimpleUploadedFile("sheet.csv", csv(HEADER, "X,Y,present,no"))
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert "Nothing was recorded: 2 problems to fix." in response.text
    assert "line 2, column sheet_code" in response.text
    good = SimpleUploadedFile(
        "sheet.csv",
        csv(HEADER, f"{session.sheet_code},{first.employee_number},present,yes"),
    )
    response = client.post(url, {"file": good}, follow=True)
    assert (
        "Sheet recorded for 1 person (0 walk-ins); 1 signed the acknowledgements."
        in response.text
    )


def test_a_closed_session_takes_no_sheet(roll):
    session, trainer, (first, _second) = roll
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        attendance.session_close(session=session, closed_by=trainer)
        result = sheets.sheet_import(
            session=session,
            data=csv(HEADER, f"{session.sheet_code},{first.employee_number},absent,"),
            uploaded_by=trainer,
        )
    assert [str(p) for p in result.problems] == [
        "line 1, column -: the session is closed; its attendance is final"
    ]


@pytest.fixture
def assigned_roll(roll):
    """The roll, each person assigned the course (which has an
    acknowledgement), the session under way."""
    session, trainer, people = roll
    assignments = [
        AssignmentFactory(employee=employee, course=session.course)
        for employee in people
    ]
    start = session.parts.get().starts_at
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        yield session, trainer, people, assignments, start


def test_the_sheet_pdf_says_what_a_signature_acknowledges(roll, client):
    session, trainer, _people = roll
    client.force_login(trainer)
    response = client.get(reverse("classroom:sign_in_sheet", args=[session.pk]))
    text = " ".join(
        page.extract_text() for page in PdfReader(BytesIO(response.content)).pages
    )
    text = " ".join(text.split())
    [(_block_id, statement)] = selectors.acknowledgements(course=session.course)
    assert "By signing I confirm I attended and acknowledge" in text
    assert " ".join(statement.split()) in text
    assert "acknowledged (yes if the person signed, no if not)" in text


def test_signed_acknowledgements_go_to_the_register_as_from_the_sheet(assigned_roll):
    session, trainer, (first, second), (signed, unsigned), start = assigned_roll
    data = csv(
        HEADER,
        f"{session.sheet_code},{first.employee_number},present,yes",
        f"{session.sheet_code},{second.employee_number},present,no",
    )
    result = sheets.sheet_import(session=session, data=data, uploaded_by=trainer)
    assert result.ok and result.acknowledged == 1
    [ack] = Acknowledgement.objects.filter(assignment__in=[signed, unsigned])
    assert ack.assignment == signed
    assert ack.source == AcknowledgementSource.SIGN_IN_SHEET
    assert session.sheet_code in ack.source_note
    assert ack.ticked_at == start  # signed as they arrived, not at the upload
    booking = Booking.objects.get(session=session, employee=first)
    assert booking.acknowledged_via == AcknowledgementSource.SIGN_IN_SHEET
    # The same statements as acknowledging online, valid by Ralph's model.
    payloads = list(
        Statement.objects.filter(
            registration=signed.registration, verb=constants.ACKNOWLEDGED
        ).values_list("payload", flat=True)
    )
    assert len(payloads) == 1
    assert payloads[0]["object"]["definition"]["type"] == constants.POLICY_DOCUMENT
    assert ralph.validate(payloads) == [None]
    assert not Statement.objects.filter(
        registration=unsigned.registration, verb=constants.ACKNOWLEDGED
    ).exists()


def test_the_register_page_shows_the_sheet_as_the_source(assigned_roll, client):
    session, trainer, (first, _second), _assignments, _start = assigned_roll
    data = csv(HEADER, f"{session.sheet_code},{first.employee_number},present,yes")
    assert sheets.sheet_import(session=session, data=data, uploaded_by=trainer).ok
    client.force_login(make_user(roles.ADMINISTRATOR))
    page = client.get(reverse("attestation:index"))
    assert "Signed on a session&#x27;s sign-in sheet" in page.text
    assert session.sheet_code in page.text


def test_uploading_the_same_sheet_again_records_nothing_more(assigned_roll):
    session, trainer, (first, second), _assignments, _start = assigned_roll
    data = csv(
        HEADER,
        f"{session.sheet_code},{first.employee_number},present,yes",
        f"{session.sheet_code},{second.employee_number},partial,yes",
    )
    assert sheets.sheet_import(session=session, data=data, uploaded_by=trainer).ok
    before = (Acknowledgement.objects.count(), Statement.objects.count())
    again = sheets.sheet_import(session=session, data=data, uploaded_by=trainer)
    assert again.ok and again.acknowledged == 0
    assert (Acknowledgement.objects.count(), Statement.objects.count()) == before


def test_a_bad_acknowledged_column_records_nothing_and_names_each_line(
    assigned_roll,
):
    session, trainer, (first, second), _assignments, _start = assigned_roll
    walk_in = EmployeeFactory()
    data = csv(
        HEADER,
        f"{session.sheet_code},{first.employee_number},present,yes",
        f"{session.sheet_code},{second.employee_number},absent,yes",
        f"{session.sheet_code},{walk_in.employee_number},present,signed",
    )
    result = sheets.sheet_import(session=session, data=data, uploaded_by=trainer)
    assert [str(problem) for problem in result.problems] == [
        "line 3, column acknowledged: someone absent cannot have signed the "
        "acknowledgements",
        "line 4, column acknowledged: 'signed' is not yes or no",
    ]
    empty = csv(HEADER, f"{session.sheet_code},{first.employee_number},present,")
    result = sheets.sheet_import(session=session, data=empty, uploaded_by=trainer)
    assert [str(problem) for problem in result.problems] == [
        "line 2, column acknowledged: say yes or no: did they sign the "
        "acknowledgements?"
    ]
    assert not Acknowledgement.objects.exists()
    assert not Booking.objects.filter(session=session).exclude(attendance="").exists()
    assert not Booking.objects.filter(employee=walk_in).exists()
