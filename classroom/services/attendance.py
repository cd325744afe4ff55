"""Attendance: the trainer's roll call, walk-ins, QR self check-in, and closing
the session, which makes attendance final and completes the course for those
present the whole time, dated at the session (courses' own completion service
then issues the certificate with the usual expiry).
"""

import logging
from datetime import timedelta

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import AcknowledgementSource, Assignment
from courses.services.assignments import assignment_for_attendee
from courses.services.progress import assignment_complete, course_acknowledge
from courses.status import Delivery

from .. import notify, rules, selectors, xapi
from ..models import Attendance, Booking, BookingChange, BookingStatus, Session

logger = logging.getLogger(__name__)

CHECK_IN_SALT = "classroom.check-in"
# Attendees may scan the code from this long before the first part starts.
EARLY = timedelta(minutes=30)


def check_may_run(user, session):
    if not rules.may_run(user, session):
        raise PermissionDenied(_("Only the session's trainer may take attendance."))


def _open(session):
    if session.cancelled_at is not None:
        raise ValidationError(_("This session is cancelled."))
    if session.closed_at is not None:
        raise ValidationError(_("This session is closed; its attendance is final."))


def _locked(session) -> Session:
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("course")
        .get(pk=session.pk)
    )


@transaction.atomic
def attendance_mark(*, session: Session, marks: dict, marked_by) -> int:
    """Record the roll call: ``marks`` maps booking ids to an Attendance value
    (or "" for not marked yet). Returns how many bookings changed."""
    check_may_run(marked_by, session)
    session = _locked(session)
    _open(session)
    valid = set(Attendance.values) | {""}
    bookings = {
        booking.pk: booking
        for booking in Booking.objects.filter(
            session=session, status=BookingStatus.BOOKED, pk__in=list(marks)
        )
    }
    changed = []
    for booking_id, value in marks.items():
        if value not in valid:
            raise ValidationError(
                _("%(value)r is not an attendance.") % {"value": value}
            )
        booking = bookings.get(booking_id)
        if booking is None:
            raise ValidationError(
                _("Someone on the roll is not booked at this session.")
            )
        if booking.attendance != value:
            booking.attendance = value
            changed.append(booking)
    Booking.objects.bulk_update(changed, ["attendance"])
    return len(changed)


@transaction.atomic
def walk_in_add(*, session: Session, employee, added_by) -> Booking:
    """Someone came without a seat: they are marked present (a seat above the
    capacity if need be, since they are in the room)."""
    check_may_run(added_by, session)
    session = _locked(session)
    _open(session)
    now = timezone.now()
    booking = (
        Booking.objects.select_for_update()
        .filter(session=session, employee=employee)
        .exclude(status=BookingStatus.CANCELLED)
        .first()
    )
    if booking is not None and booking.status == BookingStatus.BOOKED:
        raise ValidationError(
            _("%(name)s is already on the roll.") % {"name": employee.full_name}
        )
    was = booking.status if booking else ""
    if booking is None:
        booking = Booking(
            session=session, employee=employee, booked_by=added_by, queued_at=now
        )
    booking.status = BookingStatus.BOOKED
    booking.attendance = Attendance.PRESENT
    booking.walk_in = True
    booking.full_clean(validate_constraints=False)
    booking.save()
    BookingChange.objects.create(
        booking=booking,
        changed_by=added_by,
        changed_at=now,
        from_status=was,
        to_status=booking.status,
        to_session=session,
        note=_("Walk-in added at the roll call"),
    )
    return booking


def _current_assignment(session, employee):
    return (
        Assignment.objects.current()
        .filter(employee=employee, course=session.course)
        .select_related("course", "employee")
        .first()
    )


def _acknowledge(*, session, booking, assignment, acknowledged_ids, at, via):
    """The course's acknowledgements made at the session, one way or the
    other: in the attestation register (through courses' one service, the
    same rows and statements as online) when the learner has a cycle of the
    course, and on the booking in any case. A booking acknowledged already
    stays as it was: a second sheet, or a sheet after the QR check-in, adds
    nothing."""
    if assignment is not None:
        course_acknowledge(
            assignment=assignment,
            acknowledged_ids=acknowledged_ids,
            at=at,
            source=via,
            source_note=(
                _("Session %(session)s, sign-in sheet %(code)s")
                if via == AcknowledgementSource.SIGN_IN_SHEET
                else _("Session %(session)s, QR check-in")
            )
            % {"session": session, "code": session.sheet_code},
        )
    if booking.acknowledged_at is None:
        booking.acknowledged_at = at
        booking.acknowledged_via = via


@transaction.atomic
def sheet_acknowledge(*, session: Session, booking: Booking, signed_at) -> bool:
    """The booked person signed the sign-in sheet, acknowledging what it
    lists; False when the booking was acknowledged already (nothing new)."""
    session = _locked(session)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.acknowledged_at is not None:
        return False
    _acknowledge(
        session=session,
        booking=booking,
        assignment=_current_assignment(session, booking.employee),
        acknowledged_ids=_every_acknowledgement(session),
        at=signed_at,
        via=AcknowledgementSource.SIGN_IN_SHEET,
    )
    booking.save(update_fields=["acknowledged_at", "acknowledged_via"])
    return True


def _every_acknowledgement(session):
    """A signature on the sheet acknowledges all that the sheet prints."""
    statements = selectors.acknowledgements(course=session.course)
    return [block_id for block_id, _text in statements]


def check_in_token(session: Session) -> str:
    """What the QR code in the room carries: the session, signed."""
    return signing.dumps({"session": str(session.uuid)}, salt=CHECK_IN_SALT)


def session_of_token(token: str) -> Session:
    try:
        data = signing.loads(token, salt=CHECK_IN_SALT)
    except signing.BadSignature:
        raise ValidationError(
            _("This check-in link is not valid. Scan the code in the room again.")
        ) from None
    session = Session.objects.select_related("course").filter(uuid=data["session"])
    found = session.first()
    if found is None:
        raise ValidationError(_("This session no longer exists."))
    return found


@transaction.atomic
def check_in(*, token: str, user, acknowledged_ids=()) -> Booking:
    """The signed-in learner checks themselves in by the room's QR code: only
    while the session is on (from ``EARLY`` before it starts until it ends),
    only if they hold a seat, and only once. They tick the course's
    acknowledgements as they do, which go to the attestation register."""
    session = _locked(session_of_token(token))
    employee = getattr(user, "employee", None) if user.is_authenticated else None
    if employee is None:
        raise ValidationError(_("Only employees booked at the session can check in."))
    if session.cancelled_at is not None:
        raise ValidationError(_("This session is cancelled."))
    if session.closed_at is not None:
        raise ValidationError(
            _("This session is closed; ask the trainer to record you.")
        )
    times = selectors.session_with_times(session.pk)
    now = timezone.now()
    if now < times.starts_at - EARLY:
        raise ValidationError(
            _("Check-in opens 30 minutes before the session starts, at %(when)s.")
            % {"when": timezone.localtime(times.starts_at - EARLY).strftime("%H:%M")}
        )
    if now > times.ends_at:
        raise ValidationError(
            _("This session ended at %(when)s; check-in is closed.")
            % {"when": timezone.localtime(times.ends_at).strftime("%Y-%m-%d %H:%M")}
        )
    booking = (
        Booking.objects.select_for_update()
        .filter(session=session, employee=employee)
        .exclude(status=BookingStatus.CANCELLED)
        .first()
    )
    if booking is None:
        raise ValidationError(
            _("You are not booked at this session. Ask the trainer to add you.")
        )
    if booking.status == BookingStatus.WAITLISTED:
        raise ValidationError(
            _(
                "You are on the wait list of this session, not booked. Ask the "
                "trainer to add you."
            )
        )
    if booking.checked_in_at is not None:
        raise ValidationError(
            _("You already checked in at %(when)s.")
            % {"when": timezone.localtime(booking.checked_in_at).strftime("%H:%M")}
        )
    assignment = _current_assignment(session, employee)
    if assignment is not None:
        # Refuses, naming each one, unless every acknowledgement is ticked.
        _acknowledge(
            session=session,
            booking=booking,
            assignment=assignment,
            acknowledged_ids=acknowledged_ids,
            at=now,
            via=AcknowledgementSource.CHECK_IN,
        )
    booking.checked_in_at = now
    booking.attendance = Attendance.PRESENT
    booking.save(
        update_fields=[
            "checked_in_at",
            "attendance",
            "acknowledged_at",
            "acknowledged_via",
        ]
    )
    return booking


@transaction.atomic
def session_close(*, session: Session, closed_by) -> dict:
    """Make attendance final and complete the course of everyone present.

    Anyone booked and not marked counts as absent. Present: the cycle is
    completed on the session's date (the end of its last part, or the moment
    of closing if that is earlier), in person; someone with no cycle of the
    course (a walk-in, or booked for a course not required of them) is
    assigned it first (``assigned`` counts them).
    Partly present or absent: it stays open and the learner (and their
    manager) are told. Returns counts by attendance and ``completed``.
    """
    check_may_run(closed_by, session)
    session = _locked(session)
    _open(session)
    times = selectors.session_with_times(session.pk)
    now = timezone.now()
    if times.starts_at > now:
        raise ValidationError(_("The session has not started; it cannot be closed."))
    booked = list(
        Booking.objects.filter(
            session=session, status=BookingStatus.BOOKED
        ).select_related("employee")
    )
    unmarked = [b for b in booked if not b.attendance]
    for booking in unmarked:
        booking.attendance = Attendance.ABSENT
    Booking.objects.bulk_update(unmarked, ["attendance"])
    session.closed_at = now
    session.closed_by = closed_by
    session.save(update_fields=["closed_at", "closed_by"])
    # The session's end; when the trainer closes it before the end, the moment
    # of closing (the same day), never a time still to come.
    completed_at = min(times.ends_at, now)
    assignments = {
        a.employee_id: a
        for a in Assignment.objects.current()
        .filter(course=session.course, employee__in=[b.employee_id for b in booked])
        .select_related("course", "employee")
    }
    counts = dict.fromkeys(Attendance.values, 0) | {
        "completed": 0,
        "unassigned": 0,
        "assigned": 0,
    }
    for booking in booked:
        counts[booking.attendance] += 1
        assignment = assignments.get(booking.employee_id)
        if assignment is None and _assigned_by_attending(booking):
            assignment = _attendee_assignment(session, booking, closed_by)
            counts["assigned"] += 1
        if assignment is None:
            counts["unassigned"] += 1
            continue
        if _signed_unrecorded(booking, assignment):
            _acknowledge(
                session=session,
                booking=booking,
                assignment=assignment,
                acknowledged_ids=_every_acknowledgement(session),
                at=booking.acknowledged_at,
                via=booking.acknowledged_via or AcknowledgementSource.SIGN_IN_SHEET,
            )
        present = booking.attendance == Attendance.PRESENT
        if booking.attendance != Attendance.ABSENT:
            xapi.record_session_attended(
                assignment,
                session,
                starts_at=times.starts_at,
                fully=present,
                timestamp=completed_at,
            )
        if present:
            if assignment_complete(
                assignment=assignment,
                completed_at=completed_at,
                delivery=Delivery.IN_PERSON,
            ):
                counts["completed"] += 1
        elif assignment.completed_at is None:
            notify.after_commit(
                booking_id=booking.pk, kind="not_completed", line_manager=True
            )
    logger.info("Session %s closed: %s", session.pk, counts)
    return counts


def _assigned_by_attending(booking) -> bool:
    """Someone present the whole time completes the course even without an
    assignment (a walk-in, or a seat booked for a course not required of
    them): closing makes one (the roll call tells the trainer so)."""
    return booking.attendance == Attendance.PRESENT


def _signed_unrecorded(booking, assignment) -> bool:
    """Acknowledged at the session before there was a cycle to record it in
    (the cycle was made at this closing, or since by another route). One
    recorded already is left as it is: recording it again now would attest
    statements added to the course since."""
    return (
        booking.acknowledged_at is not None
        and not assignment.acknowledgements.filter(
            ticked_at=booking.acknowledged_at
        ).exists()
    )


def _attendee_assignment(session, booking, closed_by):
    return assignment_for_attendee(
        course=session.course, employee=booking.employee, assigned_by=closed_by
    )
