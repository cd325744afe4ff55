"""Importing past completions: training done on paper or in another system
before the LMS, so the City's records start complete.

Each line (employee number, course slug, completion date, delivery, source
note) completes the employee's current cycle of the course on that date
through the one completion service, so the certificate, its expiry and the
due-again day follow from the date as for any completion; the cycle is marked
as imported with the note. An employee without a cycle of the course gets one
(assigned by the importer). Every line is checked first, and with any problem
nothing is written. Importing the same file again changes nothing: a line
whose employee already completed the course on that date is left alone.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.csv_table import CsvProblem, read_table
from lms.models import Employee
from lms.roster import ISO_DATE

from ..models import Assignment, AssignmentSource, CoursePage
from ..status import Delivery
from .progress import assignment_complete

COLUMNS = ("employee_number", "course", "completion_date", "delivery", "source_note")
NOTE_LENGTH = Assignment._meta.get_field("imported_from").max_length
# Past records carry a day, not a time: the completion is put at noon, so the
# day stays the same in every US time zone.
NOON = time(12)

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    problems: list[CsvProblem] = field(default_factory=list)
    completed: int = 0
    unchanged: int = 0
    assigned: int = 0

    @property
    def ok(self):
        return not self.problems


def _employees(numbers):
    if not numbers:
        return {}
    matching = Q(*[Q(employee_number__iexact=n) for n in numbers], _connector="OR")
    return {e.employee_number.lower(): e for e in Employee.objects.filter(matching)}


def _check(rows, today):
    """The planned completions ``(line, employee, course, day, delivery, note)``
    and the problems of the file."""
    problems = []
    employees = _employees({values["employee_number"] for _line, values in rows})
    courses = {
        course.slug: course
        for course in CoursePage.objects.live().filter(
            slug__in={values["course"] for _line, values in rows}
        )
    }
    first_line = {}
    plan = []
    for line, values in rows:
        row_problems = []

        def problem(column, message, line=line, found=row_problems):
            found.append(CsvProblem(line, column, message))

        employee = employees.get(values["employee_number"].lower())
        if employee is None:
            problem(
                "employee_number",
                _("no employee has the number %(number)s")
                % {"number": values["employee_number"]},
            )
        course = courses.get(values["course"])
        if course is None:
            problem(
                "course",
                _("no published course has the slug %(slug)r")
                % {"slug": values["course"]},
            )
        day = None
        try:
            if not ISO_DATE.fullmatch(values["completion_date"]):
                raise ValueError
            day = date.fromisoformat(values["completion_date"])
        except ValueError:
            problem(
                "completion_date",
                _("%(value)r is not a date written YYYY-MM-DD")
                % {"value": values["completion_date"]},
            )
        if day is not None and day > today:
            problem("completion_date", _("the date is in the future"))
        delivery = values["delivery"].lower().replace(" ", "_").replace("-", "_")
        if delivery not in Delivery.values:
            problem(
                "delivery",
                _("%(value)r is not online or in person")
                % {"value": values["delivery"]},
            )
        if len(values["source_note"]) > NOTE_LENGTH:
            problem(
                "source_note",
                _("the note is longer than %(limit)d characters")
                % {"limit": NOTE_LENGTH},
            )
        if employee is not None and course is not None:
            key = (employee.pk, course.pk)
            if key in first_line:
                problem(
                    "employee_number",
                    _("%(number)s and %(course)s are already on line %(first)d")
                    % {
                        "number": values["employee_number"],
                        "course": values["course"],
                        "first": first_line[key],
                    },
                )
            first_line.setdefault(key, line)
        problems += row_problems
        if not row_problems:
            plan.append((line, employee, course, day, delivery, values["source_note"]))
    return plan, problems


def _done_on(employee, course, day) -> bool:
    """Whether a cycle of the course was already completed on ``day``."""
    for completed_at in Assignment.objects.filter(
        employee=employee, course=course, completed_at__isnull=False
    ).values_list("completed_at", flat=True):
        if timezone.localdate(completed_at) == day:
            return True
    return False


def _new_cycle(employee, course, completed_at, *, current, by) -> Assignment:
    """A cycle for a past completion when the current one is already complete:
    it becomes the current cycle if it is the later completion, else it is kept
    as a past one (inactive) beside it."""
    later = current is None or current.completed_at < completed_at
    if later and current is not None:
        current.active = False
        current.save(update_fields=["active"])
    assignment = Assignment(
        employee=employee,
        course=course,
        source=AssignmentSource.MANUAL,
        assigned_by=by,
        assigned_at=completed_at,
        due_date=timezone.localdate(completed_at),
        active=later,
    )
    assignment.full_clean(validate_constraints=False)
    assignment.save()
    return assignment


def past_completions_import(*, data: bytes, imported_by) -> ImportResult:
    """Complete the cycles the file names on its dates; all lines or none."""
    if not imported_by.has_perm("courses.add_assignment"):
        raise PermissionDenied(_("You may not import completions."))
    result = ImportResult()
    rows, problems = read_table(data, columns=COLUMNS)
    plan, more = _check(rows, timezone.localdate())
    problems += more
    if problems:
        order = {name: n for n, name in enumerate(COLUMNS)}
        result.problems = sorted(
            problems, key=lambda p: (p.line, order.get(p.column, -1))
        )
        return result
    with transaction.atomic():
        for _line, employee, course, day, delivery, note in plan:
            if _done_on(employee, course, day):
                result.unchanged += 1
                continue
            completed_at = timezone.make_aware(datetime.combine(day, NOON))
            assignment = (
                Assignment.objects.current()
                .filter(employee=employee, course=course)
                .first()
            )
            if assignment is None or assignment.completed_at is not None:
                assignment = _new_cycle(
                    employee, course, completed_at, current=assignment, by=imported_by
                )
                result.assigned += 1
            assignment_complete(
                assignment=assignment,
                completed_at=completed_at,
                delivery=delivery,
                imported_from=note,
            )
            result.completed += 1
    logger.info(
        "Past completions imported: %d completed, %d unchanged",
        result.completed,
        result.unchanged,
    )
    return result
