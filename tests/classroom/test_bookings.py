"""Booking, cancelling, moving and the wait list, through the services and as
the learner and the manager use them over HTTP."""

from datetime import timedelta

import pytest

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from classroom.models import Booking, BookingChange, BookingStatus
from classroom.services import bookings
from classroom.services.reminders import session_reminders_send
from lms import roles
from tests.classroom.factories import SessionFactory
from tests.lms.factories import DepartmentFactory, EmployeeFactory, make_user

pytestmark = pytest.mark.django_db


def unfolded(calendar: str) -> str:
    """The .ics with its long lines joined again (RFC 5545 3.1)."""
    return calendar.replace("\r\n ", "")


def learner():
    return make_user(roles.LEARNER)


def book(session, user):
    return bookings.session_book(
        session=session, employee=user.employee, booked_by=user
    )


def test_a_learner_books_a_seat_and_gets_an_invitation_with_the_place(
    django_capture_on_commit_callbacks,
):
    session = SessionFactory()
    user = learner()
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(session, user)
    assert booking.status == BookingStatus.BOOKED
    [message] = mail.outbox
    assert message.to == [user.employee.work_email]
    [(name, calendar, mimetype)] = message.attachments
    assert name == "invite.ics" and mimetype.startswith("text/calendar; method=REQUEST")
    assert all(len(line.encode()) <= 75 for line in calendar.split("\r\n"))
    text = unfolded(calendar)
    assert "METHOD:REQUEST" in text
    assert "LOCATION:Harbor Department\\, 425 S Palos Verdes St\\, Room 3" in text
    assert f"UID:{booking.uuid}-{session.uuid}-1@" in text


def test_a_full_session_puts_the_next_on_the_wait_list():
    session = SessionFactory(capacity=1)
    book(session, learner())
    second = book(session, learner())
    assert second.status == BookingStatus.WAITLISTED


def test_booking_twice_or_a_second_session_of_the_course_is_refused():
    session = SessionFactory()
    other = SessionFactory(course=session.course)
    user = learner()
    book(session, user)
    with pytest.raises(ValidationError, match="already booked at this session"):
        book(session, user)
    with pytest.raises(ValidationError, match="move that booking instead"):
        book(other, user)


def test_booking_after_the_deadline_or_a_started_session_is_refused():
    late = SessionFactory(booking_deadline=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError, match="Booking for this session closed"):
        book(late, learner())
    started = SessionFactory(starts=timezone.now() - timedelta(minutes=5))
    with pytest.raises(ValidationError, match="already started"):
        book(started, learner())


def test_cancelling_promotes_the_wait_list_first_come_first_served(
    django_capture_on_commit_callbacks,
):
    session = SessionFactory(capacity=1)
    first, second, third = learner(), learner(), learner()
    seat = book(session, first)
    book(session, second)
    book(session, third)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        bookings.booking_cancel(booking=seat, cancelled_by=first)
    statuses = dict(
        Booking.objects.filter(session=session).values_list("employee", "status")
    )
    assert statuses == {
        first.employee.pk: BookingStatus.CANCELLED,
        second.employee.pk: BookingStatus.BOOKED,
        third.employee.pk: BookingStatus.WAITLISTED,
    }
    by_recipient = {message.to[0]: message for message in mail.outbox}
    cancelled = unfolded(by_recipient[first.employee.work_email].attachments[0][1])
    assert "METHOD:CANCEL" in cancelled and "STATUS:CANCELLED" in cancelled
    # The cancellation updates the event of the invitation: same UID, later
    # sequence.
    assert f"UID:{seat.uuid}-{session.uuid}-1@" in cancelled
    assert "SEQUENCE:1" in cancelled
    promoted = by_recipient[second.employee.work_email]
    assert "seat freed up" in promoted.subject
    assert "METHOD:REQUEST" in promoted.attachments[0][1]
    change = BookingChange.objects.filter(to_status=BookingStatus.BOOKED).last()
    assert change.changed_by is None and change.from_status == BookingStatus.WAITLISTED


def test_moving_takes_a_seat_elsewhere_and_frees_the_old_one():
    full = SessionFactory(capacity=1)
    later = SessionFactory(
        course=full.course, starts=timezone.now() + timedelta(days=14)
    )
    mover, waiting = learner(), learner()
    booking = book(full, mover)
    book(full, waiting)
    bookings.booking_move(booking=booking, to_session=later, moved_by=mover)
    booking.refresh_from_db()
    assert (booking.session, booking.status) == (later, BookingStatus.BOOKED)
    assert Booking.objects.get(employee=waiting.employee).status == BookingStatus.BOOKED
    change = booking.changes.last()
    assert (change.from_session, change.to_session) == (full, later)
    assert change.changed_by == mover


def test_a_move_to_another_course_is_refused():
    booking = book(SessionFactory(), user := learner())
    with pytest.raises(ValidationError, match="session of its course"):
        bookings.booking_move(
            booking=booking, to_session=SessionFactory(), moved_by=user
        )


def test_a_manager_books_for_the_team_and_is_copied_but_not_for_others(
    django_capture_on_commit_callbacks,
):
    department = DepartmentFactory()
    manager = make_user(roles.MANAGER)
    manager.employee.managed_departments.add(department)
    crew = EmployeeFactory(department=department)
    stranger = EmployeeFactory()
    session = SessionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        bookings.session_book(session=session, employee=crew, booked_by=manager)
    [message] = mail.outbox
    assert message.to == [crew.work_email, manager.employee.work_email]
    with pytest.raises(PermissionDenied):
        bookings.session_book(session=session, employee=stranger, booked_by=manager)


def test_a_learner_cannot_cancel_someone_elses_booking():
    session = SessionFactory()
    booking = book(session, learner())
    with pytest.raises(PermissionDenied):
        bookings.booking_cancel(booking=booking, cancelled_by=learner())


# --- Over HTTP --------------------------------------------------------------
def test_the_learner_books_cancels_and_moves_from_the_course_pages(client):
    session = SessionFactory(capacity=5)
    later = SessionFactory(
        course=session.course, starts=timezone.now() + timedelta(days=9)
    )
    user = learner()
    client.force_login(user)
    course_page = client.get(session.course.url)
    sessions_url = reverse("classroom:course_sessions", args=[session.course.pk])
    assert sessions_url in course_page.text
    page = client.get(sessions_url)
    assert "Book a seat" in page.text and "0 of 5 taken" in page.text
    response = client.post(reverse("classroom:book", args=[session.pk]), follow=True)
    assert "You are booked" in response.text
    booking = Booking.objects.get(employee=user.employee)
    response = client.post(
        reverse("classroom:move", args=[booking.pk]),
        {"session": later.pk},
        follow=True,
    )
    assert "The booking is moved" in response.text
    booking.refresh_from_db()
    assert booking.session == later
    response = client.post(
        reverse("classroom:move", args=[booking.pk]), {"session": "x"}, follow=True
    )
    assert "Choose the session to move to" in response.text
    response = client.post(reverse("classroom:cancel", args=[booking.pk]), follow=True)
    assert "The booking is cancelled" in response.text
    assert "Book a seat" in response.text


def test_the_manager_books_a_crew_by_employee_number_and_sees_the_bookings(client):
    department = DepartmentFactory()
    manager = make_user(roles.MANAGER)
    manager.employee.managed_departments.add(department)
    crew = [EmployeeFactory(department=department) for _ in range(2)]
    stranger = EmployeeFactory()
    session = SessionFactory(capacity=1)
    client.force_login(manager)
    numbers = f"{crew[0].employee_number}, {crew[1].employee_number.lower()}\n" + (
        stranger.employee_number
    )
    response = client.post(
        reverse("classroom:team_bookings"),
        {"session": session.pk, "employee_numbers": numbers},
        follow=True,
    )
    assert f"{crew[0].full_name}: Booked." in response.text
    assert f"{crew[1].full_name}: On the wait list." in response.text
    assert f"{stranger.employee_number}: no one on your team" in response.text
    assert not Booking.objects.filter(employee=stranger).exists()
    rows = response.text.split("Your team's bookings")[1]
    assert crew[0].full_name in rows and crew[1].full_name in rows


def test_the_crew_page_is_for_managers_only(client):
    client.force_login(learner())
    assert client.get(reverse("classroom:team_bookings")).status_code == 403


def test_the_day_before_each_seat_holder_is_reminded_once(
    django_capture_on_commit_callbacks,
):
    tomorrow = SessionFactory(starts=timezone.now() + timedelta(days=1))
    later = SessionFactory(starts=timezone.now() + timedelta(days=3))
    booked = learner()
    book(tomorrow, booked)
    book(later, learner())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert session_reminders_send() == 1
        assert session_reminders_send() == 0
    [message] = mail.outbox
    assert message.to == [booked.employee.work_email]
    assert message.subject.startswith("Tomorrow:")


def test_completing_the_course_online_releases_the_seat_to_the_wait_list(
    django_capture_on_commit_callbacks,
):
    from courses.services import progress
    from tests.courses.factories import AssignmentFactory

    session = SessionFactory(capacity=1)
    first, second = learner(), learner()
    assignment = AssignmentFactory(employee=first.employee, course=session.course)
    seat = book(session, first)
    waiting = book(session, second)
    assert waiting.status == BookingStatus.WAITLISTED
    with django_capture_on_commit_callbacks(execute=True):
        assert progress.assignment_complete(
            assignment=assignment, completed_at=timezone.now()
        )
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert seat.status == BookingStatus.CANCELLED
    assert waiting.status == BookingStatus.BOOKED
    released = BookingChange.objects.filter(booking=seat).latest("changed_at")
    assert (released.from_status, released.note) == (
        BookingStatus.BOOKED,
        "Course completed",
    )
    subjects = {message.subject: message for message in mail.outbox}
    notice = subjects[f"Seat released: {session.course.title}"]
    assert notice.to == [first.employee.work_email]
    assert "METHOD:CANCEL" in unfolded(notice.attachments[0][1])
    assert f"A seat freed up: {session.course.title}" in subjects
