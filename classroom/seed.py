"""The demo's in-person sessions: a course offered in person as well as
online, one past session already held and closed (its attendees completed the
course that day, in person), and two upcoming ones with seats taken.

Run by ``bootstrap_demo`` after courses' seed; played through the services
with the clock set back, like courses.demo_history. Safe to run again: once
the demo has sessions it leaves them alone.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courses.models import Assignment, CoursePage
from courses.status import CourseDelivery
from lms import demo_data
from lms.models import Employee

from . import notify
from .models import Attendance, Session, SessionPart
from .services import attendance, bookings

COURSE_SLUG = "ed20"
PLACES = (
    "Public Works Building, 1149 S Broadway, Room 600",
    "Harbor Department, 425 S Palos Verdes St, Training Room B",
    "Central Library, 630 W 5th St, Meeting Room A",
)


def _schedule(course, trainer, day, place, capacity):
    session = Session(course=course, trainer=trainer, place=place, capacity=capacity)
    session.full_clean(exclude=["parts"])
    session.save()
    start = timezone.make_aware(datetime.combine(day, time(9)))
    SessionPart.objects.create(
        session=session, starts_at=start, ends_at=start + timedelta(hours=3)
    )
    return session, start


def _open_cycles(course, count):
    return list(
        Assignment.objects.open()
        .filter(course=course, employee__active=True, employee__user__isnull=False)
        .exclude(employee__employee_number__startswith="D")
        .select_related("employee__user")
        .order_by("employee__employee_number")[:count]
    )


def run(*, password, log):
    # The demo's people are made up: no booking emails (they would fill the
    # console of `make run`); the sessions' own emails are sent as usual.
    with notify.silenced():
        _schedule_demo_sessions(log)


@transaction.atomic
def _schedule_demo_sessions(log):
    import time_machine  # a dev and demo tool: imported only when a demo is made

    if Session.objects.exists():
        log("Sessions: already there, left alone")
        return
    course = CoursePage.objects.live().filter(slug=COURSE_SLUG).first()
    if course is None:
        log("Sessions: no ED20 course to schedule")
        return
    if course.delivery == CourseDelivery.ONLINE:
        course.delivery = CourseDelivery.EITHER
        course.save_revision().publish()
    trainer_employee = Employee.objects.filter(
        employee_number=demo_data.DEMO_TRAINER_NUMBER
    ).first()
    trainer = trainer_employee.user if trainer_employee else None
    admin = get_user_model().objects.filter(is_superuser=True).first()
    today = timezone.localdate()

    past, start = _schedule(course, trainer, today - timedelta(days=21), PLACES[0], 8)
    attendees = _open_cycles(course, 6)
    with time_machine.travel(start - timedelta(days=7), tick=False) as clock:
        for cycle in attendees:
            user = cycle.employee.user
            bookings.session_book(session=past, employee=cycle.employee, booked_by=user)
        clock.move_to(start + timedelta(hours=3, minutes=30))
        marks = {
            booking.pk: Attendance.PRESENT if n < 5 else Attendance.ABSENT
            for n, booking in enumerate(past.bookings.order_by("pk"))
        }
        closer = trainer or admin
        attendance.attendance_mark(session=past, marks=marks, marked_by=closer)
        counts = attendance.session_close(session=past, closed_by=closer)
    log(
        f"Past session on {start:%Y-%m-%d}: {counts['present']} present "
        f"(completed in person), {counts['absent']} absent"
    )

    # Other people than the past session's; the second session is over full,
    # so it has a wait list.
    upcoming = ((7, PLACES[1], 12, slice(6, 10)), (24, PLACES[2], 3, slice(10, 14)))
    for offset, place, capacity, who in upcoming:
        session, start = _schedule(
            course, trainer, today + timedelta(days=offset), place, capacity
        )
        booked = _open_cycles(course, who.stop)[who]
        for cycle in booked:
            bookings.session_book(
                session=session, employee=cycle.employee, booked_by=cycle.employee.user
            )
        log(f"Upcoming session on {start:%Y-%m-%d} at {place}: {len(booked)} booked")
