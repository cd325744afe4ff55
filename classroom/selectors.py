"""Every read the classroom views and services make."""

from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.utils import timezone

from courses.models import Assignment
from lms import access

from .models import Booking, BookingStatus, Session

LIVE = (BookingStatus.BOOKED, BookingStatus.WAITLISTED)


def with_times(sessions):
    """Sessions with ``starts_at``/``ends_at`` (first part's start, last part's
    end) and how many seats are ``taken`` and people ``waiting``."""
    return sessions.annotate(
        starts_at=Min("parts__starts_at"),
        ends_at=Max("parts__ends_at"),
        taken=Count(
            "bookings",
            filter=Q(bookings__status=BookingStatus.BOOKED),
            distinct=True,
        ),
        waiting=Count(
            "bookings",
            filter=Q(bookings__status=BookingStatus.WAITLISTED),
            distinct=True,
        ),
    ).select_related("course", "trainer")


def session_with_times(pk) -> Session:
    return with_times(Session.objects.filter(pk=pk)).get()


def upcoming_sessions(*, course):
    """Sessions of the course that have not started, not closed nor cancelled."""
    return (
        with_times(
            Session.objects.filter(
                course=course, closed_at__isnull=True, cancelled_at__isnull=True
            )
        )
        .filter(starts_at__gt=timezone.now())
        .order_by("starts_at", "pk")
        .prefetch_related("parts")
    )


def live_booking(*, employee, course):
    """The employee's booking (or wait-list place) at a session of the course
    that is still to be held, if any."""
    return (
        Booking.objects.filter(
            employee=employee,
            session__course=course,
            session__closed_at__isnull=True,
            status__in=LIVE,
        )
        .select_related("session")
        .first()
    )


def bookings_of_team(*, user):
    """Live and past bookings of the people a manager may act for."""
    return (
        Booking.objects.filter(employee__in=access.team_to_act_for(user))
        .select_related("employee", "session__course", "booked_by")
        .annotate(starts_at=Min("session__parts__starts_at"))
        .order_by("-starts_at", "employee__last_name", "pk")
    )


def sessions_run_by(*, user):
    """The sessions the user trains; every session for who may run any."""
    sessions = Session.objects.all()
    if not user.has_perm("classroom.take_attendance"):
        sessions = sessions.filter(trainer=user)
    return with_times(sessions).order_by("-starts_at", "pk")


def roll(*, session):
    """The people at a session: the booked (and walk-ins), then the wait list;
    ``assigned`` says whether each has a cycle of the course in force."""
    return (
        Booking.objects.filter(session=session, status__in=LIVE)
        .select_related("employee", "employee__department")
        .annotate(
            assigned=Exists(
                Assignment.objects.current().filter(
                    employee=OuterRef("employee"), course=session.course_id
                )
            )
        )
        .order_by("status", "employee__last_name", "employee__first_name", "pk")
    )


def seats_taken(session) -> int:
    return Booking.objects.filter(session=session, status=BookingStatus.BOOKED).count()


def acknowledgements(*, course) -> list[tuple[str, str]]:
    """``(block id, statement)`` of what the course asks learners to
    acknowledge: ticked at check-in, printed on the sign-in sheet."""
    return [
        (block.id, block.value["statement"])
        for module in course.live_modules().specific()
        for block in module.acknowledgement_blocks()
    ]
