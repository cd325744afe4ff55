"""The printed sign-in sheet, scanned back in as a CSV.

The sheet carries the session's code; the upload must name it on every line
(a sheet of another session is refused, not merged). Every line is checked
first; then, in one transaction, the marks are recorded (people not booked
who signed are added as walk-ins), and so are the acknowledgements of those
who signed them (``acknowledged`` yes): the sheet prints the course's
acknowledgement statements above the signatures. With any problem nothing is
recorded; the same sheet uploaded again changes nothing.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.csv_table import WHOLE_ROW, CsvProblem, read_table
from lms.models import Employee

from .. import selectors
from ..models import Attendance, Booking, BookingStatus, Session
from . import attendance

COLUMNS = ("sheet_code", "employee_number", "attendance", "acknowledged")
YES, NO = "yes", "no"


@dataclass
class SheetResult:
    problems: list[CsvProblem] = field(default_factory=list)
    marked: int = 0
    walk_ins: int = 0
    acknowledged: int = 0

    @property
    def ok(self):
        return not self.problems


def sheet_import(*, session: Session, data: bytes, uploaded_by) -> SheetResult:
    """Record the attendance of a filled-in sign-in sheet, all lines or none."""
    result = SheetResult()
    session = Session.objects.get(pk=session.pk)  # closed since it was read?
    attendance.check_may_run(uploaded_by, session)
    if session.cancelled_at is not None or session.closed_at is not None:
        result.problems.append(
            CsvProblem(
                1,
                WHOLE_ROW,
                _("the session is cancelled; nobody attended")
                if session.cancelled_at is not None
                else _("the session is closed; its attendance is final"),
            )
        )
        return result
    # Someone absent signed nothing: their acknowledged may be left empty.
    rows, problems = read_table(data, columns=COLUMNS, optional=("acknowledged",))
    # Employee numbers compare case-insensitively, as in the roster; a sheet
    # holds a room's worth of them.
    numbers = {values["employee_number"] for _line, values in rows}
    employees = {}
    if numbers:
        matching = Q(*[Q(employee_number__iexact=n) for n in numbers], _connector="OR")
        employees = {
            e.employee_number.lower(): e
            for e in Employee.objects.filter(matching, active=True)
        }
    booked = {
        b.employee_id: b
        for b in Booking.objects.filter(session=session).exclude(
            status=BookingStatus.CANCELLED
        )
    }
    seen = {}
    plan = []
    for line, values in rows:
        if values["sheet_code"].upper() != session.sheet_code:
            problems.append(
                CsvProblem(
                    line,
                    "sheet_code",
                    _("%(code)r is not this session's code (%(expected)s)")
                    % {"code": values["sheet_code"], "expected": session.sheet_code},
                )
            )
        number = values["employee_number"]
        employee = employees.get(number.lower())
        if employee is None:
            problems.append(
                CsvProblem(
                    line,
                    "employee_number",
                    _("no active employee has the number %(number)s")
                    % {"number": number},
                )
            )
        elif number.lower() in seen:
            problems.append(
                CsvProblem(
                    line,
                    "employee_number",
                    _("employee number %(number)s is already on line %(first)d")
                    % {"number": number, "first": seen[number.lower()]},
                )
            )
        seen.setdefault(number.lower(), line)
        mark = values["attendance"].lower()
        if mark not in Attendance.values:
            problems.append(
                CsvProblem(
                    line,
                    "attendance",
                    _("%(value)r is not present, partial or absent")
                    % {"value": values["attendance"]},
                )
            )
        signed = values["acknowledged"].lower()
        if signed not in (YES, NO, ""):
            problems.append(
                CsvProblem(
                    line,
                    "acknowledged",
                    _("%(value)r is not yes or no") % {"value": values["acknowledged"]},
                )
            )
        elif signed == "" and mark in (Attendance.PRESENT, Attendance.PARTIAL):
            problems.append(
                CsvProblem(
                    line,
                    "acknowledged",
                    _("say yes or no: did they sign the acknowledgements?"),
                )
            )
        elif signed == YES and mark == Attendance.ABSENT:
            problems.append(
                CsvProblem(
                    line,
                    "acknowledged",
                    _("someone absent cannot have signed the acknowledgements"),
                )
            )
        if employee is not None:
            plan.append((employee, mark, signed == YES))
    if problems:
        result.problems = sorted(problems, key=lambda p: (p.line, _order(p.column)))
        return result
    # Signed as people arrived: at the session's start (or now, for a sheet
    # uploaded before it, so the register holds no time still to come).
    signed_at = min(selectors.session_with_times(session.pk).starts_at, timezone.now())
    with transaction.atomic():
        marks, signers = {}, []
        for employee, mark, signed in plan:
            booking = booked.get(employee.pk)
            if booking is None or booking.status != BookingStatus.BOOKED:
                if mark == Attendance.ABSENT:
                    continue
                booking = attendance.walk_in_add(
                    session=session, employee=employee, added_by=uploaded_by
                )
                result.walk_ins += 1
            marks[booking.pk] = mark
            if signed:
                signers.append(booking)
        attendance.attendance_mark(session=session, marks=marks, marked_by=uploaded_by)
        for booking in signers:
            result.acknowledged += attendance.sheet_acknowledge(
                session=session, booking=booking, signed_at=signed_at
            )
        result.marked = len(marks)
    return result


def _order(column):
    return COLUMNS.index(column) if column in COLUMNS else -1
