"""Who must take which course: assigning, pausing, resuming and waiving cycles.

Rules (a course's required-for fields) and administrators assign; the roster
import pauses a departed employee's open cycles and resumes them on return; an
administrator may waive a cycle, which is then never overdue.
"""

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.models import Department, Employee

from ..models import Assignment, AssignmentSource, CoursePage, Waiver, WaiverReason

logger = logging.getLogger(__name__)


def required_employees(*, course: CoursePage):
    """Active employees whom the course's required-for rules select."""
    active = Employee.objects.filter(active=True)
    if course.required_for_all:
        return active
    condition = Q(pk__in=[])
    department_ids = list(course.required_departments.values_list("id", flat=True))
    if department_ids:
        condition |= Q(department_id__in=Department.ids_with_bureaus(department_ids))
    if course.job_class_list:
        condition |= Q(job_class__in=course.job_class_list)
    if course.required_for_sworn:
        condition |= Q(sworn=True)
    return active.filter(condition)


def _assign(*, employees, course, source, assigned_by=None) -> list[Assignment]:
    """Give each employee a current assignment of the course unless they have one.

    An open cycle that was paused when the employee left is resumed (with its
    progress and a fresh due date) rather than replaced.
    """
    now = timezone.now()
    due = timezone.localdate(now) + timedelta(days=course.days_to_complete)
    employee_ids = {employee.pk for employee in employees}
    current = set(
        Assignment.objects.filter(
            course=course, active=True, employee_id__in=employee_ids
        ).values_list("employee_id", flat=True)
    )
    wanted = employee_ids - current
    paused = {}
    for assignment in Assignment.objects.filter(
        course=course,
        active=False,
        completed_at__isnull=True,
        employee_id__in=wanted,
    ).order_by("assigned_at"):
        paused[assignment.employee_id] = assignment
    resumed = []
    for assignment in paused.values():
        assignment.active = True
        assignment.due_date = due
        resumed.append(assignment)
    Assignment.objects.bulk_update(resumed, ["active", "due_date"])
    new = [
        Assignment(
            employee_id=employee_id,
            course=course,
            source=source,
            assigned_by=assigned_by,
            assigned_at=now,
            due_date=due,
        )
        for employee_id in sorted(wanted - set(paused))
    ]
    for assignment in new:
        assignment.full_clean(validate_unique=False, validate_constraints=False)
    created = Assignment.objects.bulk_create(new, batch_size=500)
    return [*resumed, *created]


@transaction.atomic
def course_assign_by_rules(*, course: CoursePage, employee_ids=None) -> int:
    """Assign a live course to every matching active employee; returns how many."""
    if not course.live:
        return 0
    employees = required_employees(course=course)
    if employee_ids is not None:
        employees = employees.filter(pk__in=employee_ids)
    made = _assign(
        employees=employees.only("pk"), course=course, source=AssignmentSource.RULE
    )
    if made:
        logger.info("Assigned course %s to %d employees", course.slug, len(made))
    return len(made)


@transaction.atomic
def courses_assign_by_rules(*, employee_ids=None) -> int:
    """Run every live course's rules (for some employees, or for everyone)."""
    total = 0
    for course in CoursePage.objects.live().specific():
        total += course_assign_by_rules(course=course, employee_ids=employee_ids)
    return total


@transaction.atomic
def assignments_pause(*, employee_ids) -> int:
    """Stop counting a departed employee's open assignments (kept, not deleted)."""
    return (
        Assignment.objects.open()
        .filter(employee_id__in=employee_ids)
        .update(active=False)
    )


@transaction.atomic
def roster_changed(*, employee_ids, deactivated_ids) -> int:
    assignments_pause(employee_ids=deactivated_ids)
    return courses_assign_by_rules(employee_ids=list(employee_ids))


@transaction.atomic
def course_assign_manually(
    *, course: CoursePage, assigned_by, employee=None, department=None
) -> list[Assignment]:
    """An administrator assigns a course to one person or a whole department."""
    if not assigned_by.has_perm("courses.add_assignment"):
        raise ValidationError(_("You may not assign courses."))
    if not course.live:
        raise ValidationError(_("The course is not published."))
    if (employee is None) == (department is None):
        raise ValidationError(_("Choose either an employee or a department."))
    if employee is not None:
        if not employee.active:
            raise ValidationError(
                _("%(name)s is no longer active.") % {"name": employee.full_name}
            )
        employees = [employee]
    else:
        employees = Employee.objects.filter(
            active=True, department_id__in=Department.ids_with_bureaus([department.pk])
        ).only("pk")
    return _assign(
        employees=employees,
        course=course,
        source=AssignmentSource.MANUAL,
        assigned_by=assigned_by,
    )


@transaction.atomic
def assignment_waive(
    *, assignment: Assignment, waived_by, reason: str, note: str = ""
) -> Waiver:
    """Excuse an employee from an assignment; it is then never overdue."""
    if not waived_by.has_perm("courses.waive_assignment"):
        raise PermissionDenied(_("You may not waive training."))
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.completed_at is not None:
        raise ValidationError(_("This course is already completed; nothing to waive."))
    if Waiver.objects.filter(assignment=assignment).exists():
        raise ValidationError(_("This assignment is already waived."))
    if reason == WaiverReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Explain the reason in the note.")})
    waiver = Waiver(
        assignment=assignment,
        reason=reason,
        note=note.strip(),
        waived_by=waived_by,
        waived_at=timezone.now(),
    )
    waiver.full_clean()
    waiver.save()
    logger.info("Assignment %s waived by user %s", assignment.pk, waived_by.pk)
    return waiver
