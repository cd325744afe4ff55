"""Who must take which course: assigning, pausing, resuming and waiving cycles.

Rules (a course's required-for fields) and administrators assign; the roster
import pauses a departed employee's open cycles and resumes them on return; an
administrator, or a manager given the permission, may waive a cycle of someone
on their team (it is then never overdue) or give them a later due date.
"""

import logging
import uuid
from datetime import timedelta
from operator import attrgetter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lms import access
from lms.bulk import insert_rows
from lms.models import Department, Employee

from ..models import (
    Assignment,
    AssignmentSource,
    CoursePage,
    DueDateExtension,
    Waiver,
    WaiverReason,
)

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


def _assign(*, employee_ids, course, source, assigned_by=None, verified=False) -> int:
    """Give each employee a current assignment of the course unless they have one.

    ``verified`` says the ids were just read from the employees table in this
    transaction. An open cycle that was paused when the employee left is
    resumed (with its progress and a fresh due date) rather than replaced.
    Returns how many assignments were made or resumed.
    """
    now = timezone.now()
    due = timezone.localdate(now) + timedelta(days=course.days_to_complete)
    employee_ids = set(employee_ids)
    # Whole-course reads matched in Python: a City-sized roster would otherwise
    # put tens of thousands of ids into each query's IN (...).
    current = set(
        Assignment.objects.filter(course=course, active=True).values_list(
            "employee_id", flat=True
        )
    )
    wanted = employee_ids - current
    paused = {}
    for assignment in Assignment.objects.filter(
        course=course, active=False, completed_at__isnull=True
    ).order_by("assigned_at"):
        if assignment.employee_id in wanted:
            paused[assignment.employee_id] = assignment
    resumed = []
    for assignment in paused.values():
        assignment.active = True
        assignment.due_date = due
        resumed.append(assignment)
    Assignment.objects.bulk_update(resumed, ["active", "due_date"])
    new_ids = sorted(wanted - set(paused))
    if not new_ids:
        return len(resumed)
    shared = {
        "course": course,
        "source": source,
        "assigned_by": assigned_by,
        "assigned_at": now,
        "due_date": due,
        "active": True,
    }
    # The new rows differ only in their employee and registration: validate one
    # of them with full_clean() (values, the course and assigner exist), check
    # that every employee exists with one query for the whole set (none when
    # they were just read), and insert plain rows in batches, rather than
    # full_clean()'s two queries and bulk_create()'s model instance per row.
    Assignment(employee_id=new_ids[0], **shared).full_clean(
        exclude=["employee"], validate_unique=False, validate_constraints=False
    )
    found = (
        set(new_ids)
        if verified
        else set(Employee.objects.filter(pk__in=new_ids).values_list("pk", flat=True))
    )
    if len(found) != len(new_ids):
        missing = ", ".join(str(pk) for pk in new_ids if pk not in found)
        raise ValidationError(
            {"employee": _("No employee with id %(ids)s.") % {"ids": missing}}
        )
    # Registrations in ascending order along the ascending employee ids, so the
    # unique index on them grows at its end instead of at random places.
    registrations = sorted((uuid.uuid4() for _ in new_ids), key=attrgetter("int"))
    created = insert_rows(
        Assignment,
        constants=shared,
        columns=("employee", "registration"),
        rows=list(zip(new_ids, registrations, strict=True)),
    )
    return len(resumed) + created


@transaction.atomic
def course_assign_by_rules(*, course: CoursePage, employee_ids=None) -> int:
    """Assign a live course to every matching active employee; returns how many."""
    if not course.live:
        return 0
    ids = set(required_employees(course=course).values_list("pk", flat=True))
    if employee_ids is not None:
        # Matched in Python: a roster import names tens of thousands.
        ids &= set(employee_ids)
    made = _assign(
        employee_ids=ids, verified=True, course=course, source=AssignmentSource.RULE
    )
    if made:
        logger.info("Assigned course %s to %d employees", course.slug, made)
    return made


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
) -> int:
    """An administrator assigns a course to one person or a whole department;
    returns how many assignments were made."""
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
        return _assign(
            employee_ids=[employee.pk],
            course=course,
            source=AssignmentSource.MANUAL,
            assigned_by=assigned_by,
        )
    employee_ids = Employee.objects.filter(
        active=True, department_id__in=Department.ids_with_bureaus([department.pk])
    ).values_list("pk", flat=True)
    return _assign(
        employee_ids=employee_ids,
        verified=True,
        course=course,
        source=AssignmentSource.MANUAL,
        assigned_by=assigned_by,
    )


@transaction.atomic
def assignment_for_attendee(*, course: CoursePage, employee, assigned_by) -> Assignment:
    """The current cycle of someone who attended a session of the course
    without being assigned it (a walk-in, or a seat booked for a course not
    required of them): made (or a paused one resumed) like any other
    assignment, its source saying so, so that attending can complete it."""
    if not employee.active:
        raise ValidationError(
            _("%(name)s is no longer active.") % {"name": employee.full_name}
        )
    _assign(
        employee_ids=[employee.pk],
        course=course,
        source=AssignmentSource.ATTENDED,
        assigned_by=assigned_by,
    )
    return (
        Assignment.objects.current()
        .select_related("course", "employee")
        .get(employee=employee, course=course)
    )


@transaction.atomic
def assignment_waive(
    *, assignment: Assignment, waived_by, reason: str, note: str = ""
) -> Waiver:
    """Excuse an employee from an assignment; it is then never overdue."""
    if not waived_by.has_perm("courses.waive_assignment"):
        raise PermissionDenied(_("You may not waive training."))
    if not access.can_act_for(waived_by, assignment.employee):
        raise PermissionDenied(_("You may not waive training for this employee."))
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


@transaction.atomic
def assignment_extend(
    *, assignment: Assignment, extended_by, new_due_date, reason: str
) -> DueDateExtension:
    """Give an employee until ``new_due_date``; the extension is kept as a record.

    The learner's reminders follow the new date (they are keyed by it).
    """
    if not extended_by.has_perm("courses.extend_due_date"):
        raise PermissionDenied(_("You may not extend due dates."))
    if not access.can_act_for(extended_by, assignment.employee):
        raise PermissionDenied(_("You may not extend due dates for this employee."))
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    reason = (reason or "").strip()
    errors = {}
    if assignment.completed_at is not None or not assignment.active:
        raise ValidationError(_("This cycle is not open; it has no due date to move."))
    if Waiver.objects.filter(assignment=assignment).exists():
        raise ValidationError(_("This assignment is waived; it has no due date."))
    if new_due_date <= assignment.due_date:
        errors["new_due_date"] = _("The new due date must be after %(due)s.") % {
            "due": assignment.due_date.isoformat()
        }
    elif new_due_date < timezone.localdate():
        errors["new_due_date"] = _("The new due date is in the past.")
    if not reason:
        errors["reason"] = _("Say why the employee is given more time.")
    if errors:
        raise ValidationError(errors)
    extension = DueDateExtension(
        assignment=assignment,
        old_due_date=assignment.due_date,
        new_due_date=new_due_date,
        reason=reason,
        extended_by=extended_by,
        extended_at=timezone.now(),
    )
    extension.full_clean()
    extension.save()
    assignment.due_date = new_due_date
    assignment.save(update_fields=["due_date"])
    logger.info(
        "Assignment %s extended to %s by user %s",
        assignment.pk,
        new_due_date,
        extended_by.pk,
    )
    return extension
