"""Scheduling sessions in the Wagtail admin, and more seats moving the wait
list up."""

from datetime import timedelta

import pytest

from django.core import mail
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from classroom.models import Booking, BookingStatus, Session
from classroom.services import bookings
from lms import roles
from tests.classroom.factories import SessionFactory, in_person_course
from tests.lms.factories import make_user

pytestmark = pytest.mark.django_db

WHEN = "%Y-%m-%d %H:%M"


def form(session_or_course, *, capacity, start):
    course = getattr(session_or_course, "course", session_or_course)
    return nested_form_data(
        {
            "course": course.pk,
            "place": "Harbor Department, Room 3",
            "video_url": "",
            "trainer": "",
            "capacity": capacity,
            "booking_deadline": "",
            "notes": "Bring your badge.",
            "parts": inline_formset(
                [
                    {
                        "starts_at": start.strftime(WHEN),
                        "ends_at": (start + timedelta(hours=3)).strftime(WHEN),
                    }
                ]
            ),
        }
    )


def test_a_trainer_schedules_a_session_with_its_parts(client):
    client.force_login(make_user(roles.TRAINER))
    course = in_person_course()
    start = timezone.localtime() + timedelta(days=10)
    add = reverse("wagtailsnippets_classroom_session:add")
    assert client.get(add).status_code == 200
    response = client.post(add, form(course, capacity=12, start=start))
    assert response.status_code == 302, response.content.decode()[:2000]
    session = Session.objects.get()
    assert (session.capacity, session.place) == (12, "Harbor Department, Room 3")
    starts = timezone.localtime(session.parts.get().starts_at)
    assert starts.strftime(WHEN) == start.strftime(WHEN)


def test_more_seats_in_the_admin_promote_the_wait_list(client):
    client.force_login(make_user(roles.ADMINISTRATOR))
    session = SessionFactory(capacity=1)
    waiting = []
    for _ in range(2):
        user = make_user(roles.LEARNER)
        waiting.append(
            bookings.session_book(
                session=session, employee=user.employee, booked_by=user
            )
        )
    start = timezone.localtime(session.parts.get().starts_at)
    edit = reverse("wagtailsnippets_classroom_session:edit", args=[session.pk])
    data = form(session, capacity=2, start=start)
    data["parts-0-id"] = session.parts.get().pk
    data["parts-INITIAL_FORMS"] = 1
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Booking.objects.get(pk=waiting[1].pk).status == BookingStatus.BOOKED


def test_a_session_with_bookings_is_not_deleted_and_the_admin_says_why(client):
    client.force_login(make_user(roles.TRAINER))
    session = SessionFactory(capacity=1)
    people = [make_user(roles.LEARNER) for _ in range(3)]
    for user in people:
        bookings.session_book(session=session, employee=user.employee, booked_by=user)
    bookings.booking_cancel(
        booking=Booking.objects.get(employee=people[0].employee),
        cancelled_by=people[0],
    )
    delete = reverse("wagtailsnippets_classroom_session:delete", args=[session.pk])
    page = client.get(delete)
    assert page.status_code == 200
    assert "This session has 3 bookings" in page.text
    assert "cancel the session instead" in page.text
    cancel = reverse("wagtailsnippets_classroom_session:cancel", args=[session.pk])
    assert cancel in page.text
    assert "Yes, delete" not in page.text
    refused = client.post(delete, follow=True)
    assert refused.status_code == 200
    assert "This session has 3 bookings" in refused.text
    assert Session.objects.filter(pk=session.pk).exists()
    assert Booking.objects.filter(session=session).count() == 3


def test_the_database_itself_keeps_a_sessions_bookings():
    session = SessionFactory()
    user = make_user(roles.LEARNER)
    bookings.session_book(session=session, employee=user.employee, booked_by=user)
    with pytest.raises(ProtectedError):
        session.delete()


def test_a_session_without_bookings_can_be_deleted(client):
    client.force_login(make_user(roles.TRAINER))
    session = SessionFactory()
    delete = reverse("wagtailsnippets_classroom_session:delete", args=[session.pk])
    assert "Yes, delete" in client.get(delete).text
    response = client.post(delete)
    assert response.status_code == 302
    assert not Session.objects.filter(pk=session.pk).exists()


def test_cancelling_a_session_tells_everyone_booked_and_keeps_the_record(
    client, django_capture_on_commit_callbacks
):
    trainer = make_user(roles.TRAINER)
    session = SessionFactory(capacity=1)
    seated, waiting = (make_user(roles.LEARNER) for _ in range(2))
    for user in (seated, waiting):
        bookings.session_book(session=session, employee=user.employee, booked_by=user)
    mail.outbox.clear()
    client.force_login(trainer)
    cancel = reverse("wagtailsnippets_classroom_session:cancel", args=[session.pk])
    page = client.get(cancel)
    assert "2 people hold a seat or a wait-list place" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel, follow=True)
    assert "The session is cancelled; 2 people were told." in response.text
    session.refresh_from_db()
    assert session.cancelled_at is not None and session.cancelled_by == trainer
    assert set(Booking.objects.filter(session=session).values_list("status")) == {
        (BookingStatus.CANCELLED,)
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [seated.employee.work_email, waiting.employee.work_email]
    )
    assert all("Session cancelled" in m.subject for m in mail.outbox)
    assert all("METHOD:CANCEL" in m.attachments[0][1] for m in mail.outbox)
    # Nobody can book it any more, and it is still there.
    late = make_user(roles.LEARNER)
    with pytest.raises(ValidationError, match="This session is cancelled"):
        bookings.session_book(session=session, employee=late.employee, booked_by=late)
    again = client.post(cancel, follow=True)
    assert "This session is already cancelled." in again.text
