"""In-person sessions in numbers: fill rate, no-shows by department, and how
cycles were completed (online or in person).

Each figure is one grouped query turned into a frame; the page and its
exports read the same frames. Kept apart from the dashboards' selectors so
the two change independently.
"""

import pandas as pd

from django.db.models import Count, F, Min, Q

from classroom.models import Attendance, Booking, BookingStatus, Session
from courses.models import Assignment
from courses.status import Delivery

from .suppression import SMALL_CELL

FILL_COLUMNS = [
    "course",
    "starts_at",
    "place",
    "capacity",
    "booked",
    "waiting",
    "fill_pct",
    "present",
    "partial",
    "absent",
]
NO_SHOW_COLUMNS = ["department", "booked", "absent", "no_show_pct"]
DELIVERY_COLUMNS = ["course_id", "course", "online", "in_person", "in_person_pct"]


def _percent(part, whole):
    return (100 * part / whole.where(whole > 0)).round(1)


def session_fill() -> pd.DataFrame:
    """One row per session: seats, bookings, wait list and attendance."""
    booked = Q(bookings__status=BookingStatus.BOOKED)
    rows = (
        Session.objects.annotate(
            starts_at=Min("parts__starts_at"),
            booked=Count("bookings", filter=booked, distinct=True),
            waiting=Count(
                "bookings",
                filter=Q(bookings__status=BookingStatus.WAITLISTED),
                distinct=True,
            ),
            **{
                mark: Count(
                    "bookings",
                    filter=booked & Q(bookings__attendance=mark),
                    distinct=True,
                )
                for mark in Attendance.values
            },
        )
        .order_by("-starts_at", "pk")
        .values(
            "starts_at",
            "place",
            "capacity",
            "booked",
            "waiting",
            *Attendance.values,
            course_title=F("course__title"),
        )
    )
    frame = pd.DataFrame.from_records(list(rows)).rename(
        columns={"course_title": "course"}
    )
    if frame.empty:
        return pd.DataFrame(columns=FILL_COLUMNS)
    frame["fill_pct"] = _percent(frame["booked"], frame["capacity"])
    frame["starts_at"] = pd.to_datetime(frame["starts_at"], utc=True).dt.strftime(
        "%Y-%m-%d %H:%M UTC"
    )
    return frame[FILL_COLUMNS]


def no_shows_by_department() -> pd.DataFrame:
    """Seats booked at closed sessions and how many were absent, by department."""
    rows = (
        Booking.objects.filter(
            status=BookingStatus.BOOKED, session__closed_at__isnull=False
        )
        .values(department=F("employee__department__name"))
        .annotate(
            booked=Count("pk"),
            absent=Count("pk", filter=Q(attendance=Attendance.ABSENT)),
        )
        .order_by("department")
    )
    frame = pd.DataFrame.from_records(list(rows), columns=NO_SHOW_COLUMNS[:3])
    if frame.empty:
        return pd.DataFrame(columns=NO_SHOW_COLUMNS)
    frame["no_show_pct"] = _percent(frame["absent"], frame["booked"])
    return frame[NO_SHOW_COLUMNS]


def small_departments_hidden(frame: pd.DataFrame) -> pd.DataFrame:
    """Where the oversight view hides a figure: every figure of a department
    with fewer than SMALL_CELL seats booked, so no one can be singled out."""
    hidden = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    small = frame["booked"] < SMALL_CELL
    for column in ("booked", "absent", "no_show_pct"):
        hidden[column] = small
    return hidden


def small_rows_hidden(frame: pd.DataFrame, counts, derived=()) -> pd.DataFrame:
    """Where the oversight view hides a figure: in a row where any of
    ``counts`` is 1 to SMALL_CELL - 1 people, those counts and the ``derived``
    percentages (which would give them back). A 0 singles nobody out. The
    page shows no totals over these rows, so a hidden row cannot be worked
    out from the others."""
    hidden = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    small = pd.Series(False, index=frame.index)
    for column in counts:
        small |= (frame[column] > 0) & (frame[column] < SMALL_CELL)
    for column in (*counts, *derived):
        hidden[column] = small
    return hidden


def completions_by_delivery() -> pd.DataFrame:
    """Completed current cycles of each course, online and in person."""
    rows = (
        Assignment.objects.counted()
        .filter(completed_at__isnull=False)
        .values("course_id", course_title=F("course__title"))
        .annotate(
            online=Count("pk", filter=~Q(delivery=Delivery.IN_PERSON)),
            in_person=Count("pk", filter=Q(delivery=Delivery.IN_PERSON)),
        )
        .order_by("course_title", "course_id")
    )
    frame = pd.DataFrame.from_records(
        list(rows), columns=["course_id", "course_title", "online", "in_person"]
    ).rename(columns={"course_title": "course"})
    if frame.empty:
        return pd.DataFrame(columns=DELIVERY_COLUMNS)
    frame["in_person_pct"] = _percent(
        frame["in_person"], frame["online"] + frame["in_person"]
    )
    return frame[DELIVERY_COLUMNS]
