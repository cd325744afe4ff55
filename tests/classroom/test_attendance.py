"""Attendance: QR self check-in (window, replay, not booked), the roll call
with walk-ins, and closing the session, which completes the course dated at
the session with the usual certificate and xAPI statements."""

from datetime import timedelta

import pytest
import time_machine

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from classroom import selectors
from classroom.models import Attendance, Booking, BookingStatus
from classroom.services import attendance, bookings, sheets
from courses import status
from courses.models import (
    Acknowledgement,
    AcknowledgementSource,
    Assignment,
    AssignmentSource,
    Certificate,
)
from lms import roles
from lms.xapi import constants
from lms.xapi.models import Statement
from tests.classroom.factories import SessionFactory, in_person_course
from tests.courses.factories import AssignmentFactory
from tests.lms.factories import EmployeeFactory, make_user
from tests.xapi import ralph

pytestmark = pytest.mark.django_db


@pytest.fixture
def held():
    """A session two weeks from now, a trainer, and a booked, assigned learner."""
    trainer = make_user(roles.TRAINER)
    course = in_person_course(recertification_months=24)
    start = timezone.now() + timedelta(days=14)
    session = SessionFactory(course=course, trainer=trainer, starts=start, capacity=3)
    manager = EmployeeFactory()
    learner = make_user(roles.LEARNER, manager=manager)
    assignment = AssignmentFactory(employee=learner.employee, course=course)
    booking = bookings.session_book(
        session=session, employee=learner.employee, booked_by=learner
    )
    return session, trainer, learner, assignment, booking, start


def ticks(session):
    return [
        block_id
        for block_id, _text in selectors.acknowledgements(course=session.course)
    ]


def check_in(session, user):
    """Check in, ticking every acknowledgement of the course."""
    return attendance.check_in(
        token=attendance.check_in_token(session),
        user=user,
        acknowledged_ids=ticks(session),
    )


def test_check_in_opens_half_an_hour_before_and_closes_at_the_end(held):
    session, _trainer, learner, _a, _b, start = held
    with time_machine.travel(start - timedelta(minutes=31)):
        with pytest.raises(ValidationError, match="Check-in opens 30 minutes before"):
            check_in(session, learner)
    with time_machine.travel(start + timedelta(hours=3, minutes=1)):
        with pytest.raises(ValidationError, match="check-in is closed"):
            check_in(session, learner)
    with time_machine.travel(start - timedelta(minutes=10)):
        booking = check_in(session, learner)
    assert booking.attendance == Attendance.PRESENT
    assert booking.checked_in_at is not None


def test_check_in_works_once(held):
    session, _trainer, learner, _a, _b, start = held
    with time_machine.travel(start + timedelta(minutes=5)):
        check_in(session, learner)
        with pytest.raises(ValidationError, match="You already checked in at"):
            check_in(session, learner)


def test_someone_not_booked_or_only_waiting_cannot_check_in(held):
    session, _trainer, _learner, _a, _b, start = held
    stranger = make_user(roles.LEARNER)
    session.capacity = 1
    session.save()
    waiting = make_user(roles.LEARNER)
    bookings.session_book(session=session, employee=waiting.employee, booked_by=waiting)
    with time_machine.travel(start + timedelta(minutes=5)):
        with pytest.raises(ValidationError, match="You are not booked"):
            check_in(session, stranger)
        with pytest.raises(ValidationError, match="on the wait list"):
            check_in(session, waiting)


def test_a_forged_check_in_link_is_refused(held, client):
    session, _trainer, learner, *_ = held
    token = attendance.check_in_token(session)
    client.force_login(learner)
    response = client.get(reverse("classroom:check_in", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert "This check-in link is not valid" in response.text


def test_the_check_in_page_writes_only_on_post(held, client):
    session, _trainer, learner, _a, booking, start = held
    url = reverse("classroom:check_in", args=[attendance.check_in_token(session)])
    with time_machine.travel(start + timedelta(minutes=2)):
        client.force_login(learner)
        page = client.get(url)
        assert "I am here: check me in" in page.text
        booking.refresh_from_db()
        assert booking.checked_in_at is None
        unticked = client.post(url)
        assert unticked.status_code == 400 and "Please tick:" in unticked.text
        done = client.post(url, {"acknowledged": ticks(session)})
        assert "You are recorded as present" in done.text
        again = client.post(url, {"acknowledged": ticks(session)})
    assert again.status_code == 400 and "You already checked in" in again.text


def test_check_in_records_the_acknowledgements_in_the_register(held):
    session, _trainer, learner, assignment, _booking, start = held
    token = attendance.check_in_token(session)
    [(block_id, text)] = selectors.acknowledgements(course=session.course)
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        with pytest.raises(ValidationError, match="Please tick:"):
            attendance.check_in(token=token, user=learner, acknowledged_ids=[])
        assert not Acknowledgement.objects.filter(assignment=assignment).exists()
        booking = attendance.check_in(
            token=token, user=learner, acknowledged_ids=[block_id]
        )
        now = timezone.now()
    [ack] = Acknowledgement.objects.filter(assignment=assignment)
    assert (ack.block_id, ack.ticked_at) == (block_id, now)
    assert ack.source == AcknowledgementSource.CHECK_IN
    assert "QR check-in" in ack.source_note
    assert booking.acknowledged_at == now
    assert Statement.objects.filter(
        registration=assignment.registration, verb=constants.ACKNOWLEDGED
    ).exists()


def test_only_the_sessions_trainer_takes_the_roll(held):
    session, _trainer, _learner, _a, booking, _start = held
    other_trainer = make_user(roles.TRAINER)
    with pytest.raises(PermissionDenied):
        attendance.attendance_mark(
            session=session,
            marks={booking.pk: Attendance.PRESENT},
            marked_by=other_trainer,
        )


def test_closing_completes_the_course_dated_at_the_session(held):
    session, trainer, learner, assignment, booking, start = held
    with time_machine.travel(start + timedelta(minutes=5)):
        check_in(session, learner)
    # Closed two days later: the completion is still dated at the session.
    with time_machine.travel(start + timedelta(days=2)):
        counts = attendance.session_close(session=session, closed_by=trainer)
    assert counts["present"] == 1 and counts["completed"] == 1
    assignment.refresh_from_db()
    end = start + timedelta(hours=3)
    assert assignment.completed_at == end
    assert assignment.delivery == status.Delivery.IN_PERSON
    session_day = timezone.localdate(end)
    assert assignment.recertify_on == status.add_months(session_day, 24)
    certificate = Certificate.objects.get(assignment=assignment)
    assert certificate.issued_on == session_day
    assert certificate.expires_on == status.add_months(session_day, 24)
    annotated = Assignment.objects.with_status(timezone.localdate()).get(
        pk=assignment.pk
    )
    assert annotated.status == status.Status.CERTIFIED
    verbs = set(
        Statement.objects.filter(registration=assignment.registration).values_list(
            "verb", flat=True
        )
    )
    assert {constants.ATTENDED, constants.COMPLETED, constants.EARNED} <= verbs


def test_the_attended_statement_is_valid_by_ralphs_model(held):
    session, trainer, learner, assignment, _booking, start = held
    with time_machine.travel(start + timedelta(minutes=5)):
        check_in(session, learner)
        attendance.session_close(session=session, closed_by=trainer)
    payloads = list(
        Statement.objects.filter(registration=assignment.registration)
        .order_by("timestamp", "verb")
        .values_list("payload", flat=True)
    )
    attended = [p for p in payloads if p["verb"]["id"] == constants.ATTENDED]
    assert len(attended) == 1
    assert attended[0]["object"]["definition"]["type"] == constants.MEETING
    assert attended[0]["object"]["id"].endswith(f"/session/{session.uuid}")
    assert attended[0]["result"] == {"completion": True}
    assert ralph.validate(payloads) == [None] * len(payloads)


def test_partly_present_or_absent_leaves_the_course_open_and_tells_them(
    held, django_capture_on_commit_callbacks
):
    session, trainer, learner, assignment, booking, start = held
    absent = make_user(roles.LEARNER)
    AssignmentFactory(employee=absent.employee, course=session.course)
    bookings.session_book(session=session, employee=absent.employee, booked_by=absent)
    mail.outbox.clear()
    with time_machine.travel(start + timedelta(hours=1)):
        attendance.attendance_mark(
            session=session,
            marks={booking.pk: Attendance.PARTIAL},
            marked_by=trainer,
        )
        with django_capture_on_commit_callbacks(execute=True):
            counts = attendance.session_close(session=session, closed_by=trainer)
    assert (counts["partial"], counts["absent"], counts["completed"]) == (1, 1, 0)
    assignment.refresh_from_db()
    assert assignment.completed_at is None
    told = sorted(tuple(message.to) for message in mail.outbox)
    assert told == sorted(
        [
            (learner.employee.work_email, learner.employee.manager.work_email),
            (absent.employee.work_email,),
        ]
    )
    assert all("Not completed" in message.subject for message in mail.outbox)
    partial = Statement.objects.get(
        registration=assignment.registration, verb=constants.ATTENDED
    )
    assert partial.payload["result"] == {"completion": False}


def test_attendance_is_final_once_closed(held):
    session, trainer, learner, _a, booking, start = held
    with time_machine.travel(start + timedelta(hours=1)):
        attendance.session_close(session=session, closed_by=trainer)
        with pytest.raises(ValidationError, match="attendance is final"):
            attendance.attendance_mark(
                session=session,
                marks={booking.pk: Attendance.PRESENT},
                marked_by=trainer,
            )
        with pytest.raises(ValidationError, match="closed"):
            check_in(session, learner)
    booking.refresh_from_db()
    assert booking.attendance == Attendance.ABSENT


def test_the_trainer_adds_a_walk_in_by_number_on_the_roll_call_page(held, client):
    session, trainer, _learner, _a, _b, start = held
    walk_in = EmployeeFactory(first_name="Rosa", last_name="Quintero")
    with time_machine.travel(start + timedelta(minutes=3)):
        client.force_login(trainer)
        response = client.post(
            reverse("classroom:walk_in", args=[session.pk]),
            {"who": walk_in.employee_number},
            follow=True,
        )
        assert "Rosa Quintero added as present" in response.text
        by_name = client.post(
            reverse("classroom:walk_in", args=[session.pk]),
            {"who": "rosa quintero"},
            follow=True,
        )
        assert "already on the roll" in by_name.text
        nobody = client.post(
            reverse("classroom:walk_in", args=[session.pk]),
            {"who": "Nobody Here"},
            follow=True,
        )
        assert "No active employee has the number or name Nobody Here" in nobody.text
    added = Booking.objects.get(employee=walk_in)
    assert (added.status, added.attendance, added.walk_in) == (
        BookingStatus.BOOKED,
        Attendance.PRESENT,
        True,
    )


def test_the_roll_call_page_saves_the_marks(held, client):
    session, trainer, learner, _a, booking, _start = held
    client.force_login(trainer)
    page = client.get(reverse("classroom:roll_call", args=[session.pk]))
    assert learner.employee.full_name in page.text
    assert 'name="viewport"' in page.text  # usable on a phone
    response = client.post(
        reverse("classroom:roll_call", args=[session.pk]),
        {f"attendance-{booking.pk}": "partial"},
        follow=True,
    )
    assert "Saved (1 changed)" in response.text
    booking.refresh_from_db()
    assert booking.attendance == Attendance.PARTIAL


def test_a_walk_in_without_an_assignment_is_assigned_and_completes(held, client):
    session, trainer, _learner, _a, _b, start = held
    walk_in = EmployeeFactory(first_name="Rosa", last_name="Quintero")
    partly = EmployeeFactory()
    with time_machine.travel(start + timedelta(minutes=3)):
        attendance.walk_in_add(session=session, employee=walk_in, added_by=trainer)
        late = attendance.walk_in_add(
            session=session, employee=partly, added_by=trainer
        )
        attendance.attendance_mark(
            session=session, marks={late.pk: Attendance.PARTIAL}, marked_by=trainer
        )
        client.force_login(trainer)
        page = client.get(reverse("classroom:roll_call", args=[session.pk]))
        assert page.text.count("No assignment yet: attending will assign and") == 2
    with time_machine.travel(start + timedelta(days=1)):
        client.force_login(trainer)  # a day later: signed in again
        response = client.post(
            reverse("classroom:close", args=[session.pk]), follow=True
        )
    assert "1 of them assigned it first" in response.text
    assignment = Assignment.objects.current().get(
        employee=walk_in, course=session.course
    )
    assert assignment.source == AssignmentSource.ATTENDED
    assert assignment.assigned_by == trainer
    assert assignment.completed_at == start + timedelta(hours=3)
    assert assignment.delivery == status.Delivery.IN_PERSON
    assert Certificate.objects.get(assignment=assignment).issued_on == (
        timezone.localdate(start + timedelta(hours=3))
    )
    verbs = set(
        Statement.objects.filter(registration=assignment.registration).values_list(
            "verb", flat=True
        )
    )
    assert {constants.ATTENDED, constants.COMPLETED} <= verbs
    # Partly present: nothing to complete, so no assignment is made.
    assert not Assignment.objects.filter(employee=partly).exists()


def test_a_walk_in_who_signed_the_sheet_has_the_signature_in_the_register(held):
    session, trainer, _learner, _a, _b, start = held
    walk_in = EmployeeFactory()
    sheet = (
        "sheet_code,employee_number,attendance,acknowledged\n"
        f"{session.sheet_code},{walk_in.employee_number},present,yes\n"
    ).encode()
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        result = sheets.sheet_import(session=session, data=sheet, uploaded_by=trainer)
        assert result.ok and result.walk_ins == 1
        attendance.session_close(session=session, closed_by=trainer)
    assignment = Assignment.objects.get(employee=walk_in)
    [ack] = Acknowledgement.objects.filter(assignment=assignment)
    assert ack.source == AcknowledgementSource.SIGN_IN_SHEET
    assert ack.ticked_at == start
    assert Statement.objects.filter(
        registration=assignment.registration, verb=constants.ACKNOWLEDGED
    ).exists()


def test_someone_booked_without_an_assignment_is_assigned_when_present(held):
    """A seat booked for a course not required of them: attending completes it."""
    session, trainer, _learner, _assignment, _booking, start = held
    user = make_user(roles.LEARNER)  # the course is not required of them
    guest = user.employee
    with time_machine.travel(start - timedelta(days=2)):
        seat = bookings.session_book(session=session, employee=guest, booked_by=user)
    assert not Assignment.objects.filter(employee=guest).exists()
    with time_machine.travel(start + timedelta(minutes=3)):
        attendance.attendance_mark(
            session=session, marks={seat.pk: Attendance.PRESENT}, marked_by=trainer
        )
    with time_machine.travel(start + timedelta(days=1)):
        counts = attendance.session_close(session=session, closed_by=trainer)
    assert counts["assigned"] == 1
    assignment = Assignment.objects.current().get(employee=guest, course=session.course)
    assert assignment.source == AssignmentSource.ATTENDED
    assert assignment.completed_at == start + timedelta(hours=3)
    assert Certificate.objects.filter(assignment=assignment).exists()


def test_a_signature_made_before_an_assignment_reaches_the_register_at_closing(held):
    """Signed on the sheet while unassigned, then assigned by an administrator
    before the session closed: closing records the signature, once."""
    session, trainer, _learner, _a, _b, start = held
    user = make_user(roles.LEARNER)
    guest = user.employee
    with time_machine.travel(start - timedelta(days=2)):
        bookings.session_book(session=session, employee=guest, booked_by=user)
    sheet = (
        "sheet_code,employee_number,attendance,acknowledged\n"
        f"{session.sheet_code},{guest.employee_number},partial,yes\n"
    ).encode()
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        assert sheets.sheet_import(session=session, data=sheet, uploaded_by=trainer).ok
        assert not Acknowledgement.objects.filter(assignment__employee=guest).exists()
        assignment = AssignmentFactory(employee=guest, course=session.course)
        attendance.session_close(session=session, closed_by=trainer)
    [ack] = Acknowledgement.objects.filter(assignment=assignment)
    assert ack.source == AcknowledgementSource.SIGN_IN_SHEET
    assert ack.ticked_at == start
    assert (
        Statement.objects.filter(
            registration=assignment.registration, verb=constants.ACKNOWLEDGED
        ).count()
        == 1
    )
