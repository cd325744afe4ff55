"""Booking a seat, cancelling it, moving to another session, and promoting
the wait list.

Capacity is checked with the session's row locked (``select_for_update``), so
two people booking the last seat at once cannot both get it: on PostgreSQL the
second waits for the first to commit and then counts its seat; SQLite's
IMMEDIATE transactions (lms.settings.base) serialize writers the same way.
Every change writes a BookingChange in the same transaction, and the emails
(with the calendar invitation) go after it commits.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import notify, rules, selectors
from ..models import Booking, BookingChange, BookingStatus, Session

logger = logging.getLogger(__name__)


def _tell(booking, kind, session_id=None):
    notify.after_commit(booking_id=booking.pk, kind=kind, session_id=session_id)


def _locked_session(session) -> Session:
    """The session read afresh and locked until the transaction ends."""
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("course")
        .get(pk=session.pk)
    )


def _open_for_booking(session: Session):
    """Refuse a session that can no longer be booked, saying why."""
    now = timezone.now()
    times = selectors.session_with_times(session.pk)
    if session.cancelled_at is not None:
        raise ValidationError(_("This session is cancelled."))
    if session.closed_at is not None:
        raise ValidationError(_("This session is closed."))
    if times.starts_at is None or times.starts_at <= now:
        raise ValidationError(_("This session has already started."))
    if session.booking_deadline is not None and session.booking_deadline < now:
        raise ValidationError(
            _("Booking for this session closed on %(when)s.")
            % {
                "when": timezone.localtime(session.booking_deadline).strftime(
                    "%Y-%m-%d %H:%M"
                )
            }
        )


def _record(booking, *, by, from_status, from_session=None, note=""):
    change = BookingChange(
        booking=booking,
        changed_by=by,
        changed_at=timezone.now(),
        from_status=from_status,
        to_status=booking.status,
        from_session=from_session,
        to_session=booking.session,
        note=note,
    )
    change.full_clean()
    change.save()


def _seat_or_wait(session) -> str:
    if selectors.seats_taken(session) < session.capacity:
        return BookingStatus.BOOKED
    return BookingStatus.WAITLISTED


@transaction.atomic
def session_book(*, session: Session, employee, booked_by) -> Booking:
    """Give ``employee`` a seat at the session, or a place on its wait list."""
    if not rules.may_book_for(booked_by, employee):
        raise PermissionDenied(_("You may not book sessions for this employee."))
    if not employee.active:
        raise ValidationError(
            _("%(name)s is no longer active.") % {"name": employee.full_name}
        )
    session = _locked_session(session)
    _open_for_booking(session)
    elsewhere = selectors.live_booking(employee=employee, course=session.course)
    if elsewhere is not None:
        if elsewhere.session_id == session.pk:
            raise ValidationError(
                _("%(name)s is already booked at this session.")
                % {"name": employee.full_name}
            )
        raise ValidationError(
            _(
                "%(name)s is already booked at another session of this course; "
                "move that booking instead."
            )
            % {"name": employee.full_name}
        )
    booking = Booking(
        session=session,
        employee=employee,
        status=_seat_or_wait(session),
        booked_by=booked_by,
        queued_at=timezone.now(),
    )
    booking.full_clean(validate_constraints=False)
    booking.save()
    _record(booking, by=booked_by, from_status="")
    _tell(booking, "booked" if booking.status == BookingStatus.BOOKED else "waitlisted")
    logger.info("Booking %s at session %s: %s", booking.pk, session.pk, booking.status)
    return booking


def _locked_booking(booking) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("employee", "session")
        .get(pk=booking.pk)
    )


@transaction.atomic
def booking_cancel(*, booking: Booking, cancelled_by) -> Booking:
    """Give up the seat (or the wait-list place); the next in line gets it."""
    session = _locked_session(booking.session)
    booking = _locked_booking(booking)
    if not rules.may_book_for(cancelled_by, booking.employee):
        raise PermissionDenied(_("You may not change this booking."))
    if booking.status == BookingStatus.CANCELLED:
        raise ValidationError(_("This booking is already cancelled."))
    if session.closed_at is not None:
        raise ValidationError(_("This session is closed; its attendance is final."))
    was = booking.status
    booking.status = BookingStatus.CANCELLED
    booking.save(update_fields=["status"])
    _record(booking, by=cancelled_by, from_status=was)
    if was == BookingStatus.BOOKED:
        _tell(booking, "cancelled")
        _promote(session)
    return booking


@transaction.atomic
def booking_move(*, booking: Booking, to_session: Session, moved_by) -> Booking:
    """Move the booking to another session of the same course.

    The seat (or the wait-list place) at the old session goes to the next in
    line there; at the new one the booking takes a seat if there is one and
    joins the end of its wait list if not.
    """
    if to_session.pk == booking.session_id:
        raise ValidationError(_("The booking is already at this session."))
    # Both sessions locked, in the order of their ids: two moves in opposite
    # directions then never wait for each other.
    first, second = sorted([booking.session, to_session], key=lambda s: s.pk)
    locked = {s.pk: _locked_session(s) for s in (first, second)}
    old, new = locked[booking.session_id], locked[to_session.pk]
    booking = _locked_booking(booking)
    if not rules.may_book_for(moved_by, booking.employee):
        raise PermissionDenied(_("You may not change this booking."))
    if booking.status == BookingStatus.CANCELLED:
        raise ValidationError(_("A cancelled booking cannot be moved; book again."))
    if new.course_id != old.course_id:
        raise ValidationError(_("A booking can only move to a session of its course."))
    if old.closed_at is not None:
        raise ValidationError(_("This session is closed; its attendance is final."))
    _open_for_booking(new)
    was = booking.status
    booking.session = new
    booking.status = _seat_or_wait(new)
    booking.queued_at = timezone.now()
    booking.attendance = ""
    booking.checked_in_at = None
    booking.save(
        update_fields=["session", "status", "queued_at", "attendance", "checked_in_at"]
    )
    _record(booking, by=moved_by, from_status=was, from_session=old)
    if was == BookingStatus.BOOKED:
        _tell(booking, "cancelled", session_id=old.pk)
    _tell(booking, "booked" if booking.status == BookingStatus.BOOKED else "waitlisted")
    if was == BookingStatus.BOOKED:
        _promote(old)
    return booking


def bookings_release_on_completion(*, assignment) -> int:
    """Cancel the learner's seats and wait-list places at sessions of the
    course still to come once the cycle is complete another way (online,
    imported, or at another session); a freed seat goes to the next in line.
    Runs in the completing transaction. Returns how many were released."""
    upcoming = (
        Booking.objects.filter(
            employee_id=assignment.employee_id,
            session__course_id=assignment.course_id,
            session__closed_at__isnull=True,
            status__in=selectors.LIVE,
        )
        .alias(starts_at=Min("session__parts__starts_at"))
        .filter(starts_at__gt=timezone.now())
    )
    released = 0
    for found in upcoming:
        session = _locked_session(found.session)
        booking = _locked_booking(found)
        was = booking.status
        booking.status = BookingStatus.CANCELLED
        booking.save(update_fields=["status"])
        _record(booking, by=None, from_status=was, note=_("Course completed"))
        if was == BookingStatus.BOOKED:
            _tell(booking, "released")
            _promote(session)
        released += 1
    return released


def _promote(session: Session) -> int:
    """Give freed seats to the wait list, first come first served (the session
    is locked by the caller)."""
    free = session.capacity - selectors.seats_taken(session)
    if free <= 0:
        return 0
    waiting = list(
        Booking.objects.select_for_update()
        .filter(session=session, status=BookingStatus.WAITLISTED)
        .order_by("queued_at", "pk")[:free]
    )
    for booking in waiting:
        booking.status = BookingStatus.BOOKED
        booking.save(update_fields=["status"])
        _record(
            booking,
            by=None,
            from_status=BookingStatus.WAITLISTED,
            note=_("Promoted from the wait list"),
        )
        _tell(booking, "promoted")
    if waiting:
        logger.info(
            "Session %s: %d promoted from the wait list", session.pk, len(waiting)
        )
    return len(waiting)


@transaction.atomic
def session_promote_wait_list(*, session: Session) -> int:
    """Fill seats freed by a larger capacity (called after the admin saves)."""
    return _promote(_locked_session(session))


@transaction.atomic
def session_cancel(*, session: Session, cancelled_by) -> int:
    """Call the session off: every seat and wait-list place is cancelled and
    each person emailed (with the calendar cancellation). The session and its
    bookings stay, as the record (they cannot be deleted). Returns how many
    people were told."""
    if not cancelled_by.has_perm("classroom.change_session"):
        raise PermissionDenied(_("You may not cancel sessions."))
    session = _locked_session(session)
    if session.cancelled_at is not None:
        raise ValidationError(_("This session is already cancelled."))
    if session.closed_at is not None:
        raise ValidationError(_("This session is closed; its attendance is final."))
    live = list(
        Booking.objects.select_for_update().filter(
            session=session, status__in=selectors.LIVE
        )
    )
    for booking in live:
        was = booking.status
        booking.status = BookingStatus.CANCELLED
        booking.save(update_fields=["status"])
        _record(booking, by=cancelled_by, from_status=was, note=_("Session cancelled"))
        _tell(booking, "session_cancelled")
    session.cancelled_at = timezone.now()
    session.cancelled_by = cancelled_by
    session.save(update_fields=["cancelled_at", "cancelled_by"])
    logger.info("Session %s cancelled: %d told", session.pk, len(live))
    return len(live)
