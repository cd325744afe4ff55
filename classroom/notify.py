"""Emails about a booking, with the calendar invitation attached.

Sent after the transaction commits (the services queue them with
:func:`after_commit`), read afresh from the database, so a mail never
tells of a change that was rolled back. The learner gets each one; when a
manager booked the seat, the manager gets a copy.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from courses.services.mail import site_url
from lms import access

from . import ics
from .models import Booking, Session

# kind -> (subject, headline, calendar method or None)
KINDS = {
    "booked": (
        _("You are booked: %(course)s"),
        _("You have a seat at this session."),
        ics.REQUEST,
    ),
    "waitlisted": (
        _("On the wait list: %(course)s"),
        _(
            "The session is full; you are on its wait list and will be emailed if "
            "a seat frees up."
        ),
        None,
    ),
    "promoted": (
        _("A seat freed up: %(course)s"),
        _("A seat freed up and it is yours: you are now booked."),
        ics.REQUEST,
    ),
    "cancelled": (
        _("Booking cancelled: %(course)s"),
        _("Your booking at this session is cancelled."),
        ics.CANCEL,
    ),
    "session_cancelled": (
        _("Session cancelled: %(course)s"),
        _(
            "This session is cancelled, and your booking with it. Book another "
            "session of the course, or finish it online if the course allows."
        ),
        ics.CANCEL,
    ),
    "released": (
        _("Seat released: %(course)s"),
        _(
            "You have completed the course, so you no longer need this session: "
            "your seat is released for someone else."
        ),
        ics.CANCEL,
    ),
    "reminder": (
        _("Tomorrow: %(course)s"),
        _("A reminder: you have a seat at this session tomorrow."),
        None,
    ),
    "not_completed": (
        _("Not completed: %(course)s"),
        _(
            "The session's attendance does not complete the course: it stays open. "
            "Book another session or finish it online if the course allows."
        ),
        None,
    ),
}


def _recipients(booking, *, line_manager=False):
    """The learner, the manager who booked for them (if someone else), and with
    ``line_manager`` the learner's own manager."""
    to = [booking.employee.work_email] if booking.employee.work_email else []
    manager = booking.employee.manager if line_manager else None
    if manager is not None and manager.work_email and manager.work_email not in to:
        to.append(manager.work_email)
    booker = booking.booked_by
    learner_user_id = booking.employee.user_id
    if booker is not None and booker.pk != learner_user_id:
        employee = access.employee_of(booker)
        email = (employee.work_email if employee else "") or booker.email
        if email and email not in to:
            to.append(email)
    return to


_silenced = ContextVar("classroom_booking_mail_silenced", default=False)


@contextmanager
def silenced():
    """Queue no booking email while inside (seeding the demo's made-up people)."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def after_commit(**kwargs):
    """:func:`send` once the transaction commits (unless :func:`silenced`)."""
    if not _silenced.get():
        transaction.on_commit(partial(send, **kwargs))


def send(
    *,
    booking_id: int,
    kind: str,
    session_id: int | None = None,
    line_manager: bool = False,
):
    """Tell of ``kind`` happening to the booking, at ``session_id`` if it is
    not (or no longer) the booking's session (a move's cancellation)."""
    booking = Booking.objects.select_related(
        "employee__manager", "booked_by", "session__course"
    ).get(pk=booking_id)
    if session_id is not None and session_id != booking.session_id:
        booking.session = Session.objects.select_related("course").get(pk=session_id)
    recipients = _recipients(booking, line_manager=line_manager)
    if not recipients:
        return
    session = booking.session
    subject, headline, method = KINDS[kind]
    parts = list(session.parts.all())
    url = site_url(reverse("classroom:course_sessions", args=[session.course_id]))
    context = {
        "booking": booking,
        "session": session,
        "parts": parts,
        "headline": headline,
        "url": url,
    }
    message = EmailMultiAlternatives(
        subject=subject % {"course": session.course.title},
        body=render_to_string("classroom/email/booking.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    message.attach_alternative(
        render_to_string("classroom/email/booking.html", context), "text/html"
    )
    if method is not None:
        # Raised in the database so two messages never share a sequence.
        Booking.objects.filter(pk=booking.pk).update(
            calendar_sequence=booking.calendar_sequence + 1
        )
        calendar = ics.invitation(
            booking=booking,
            parts=parts,
            method=method,
            sequence=booking.calendar_sequence + 1,
            organizer_email=settings.DEFAULT_FROM_EMAIL,
            summary=session.course.title,
            description=session.notes,
            url=url,
        )
        message.attach(
            "invite.ics", calendar, f"text/calendar; method={method}; charset=utf-8"
        )
    message.send()
