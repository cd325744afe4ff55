"""Every change of course state: assigning, progress, acknowledgements, completion.

Each service runs in one transaction that also writes the xAPI statements of
the event to the outbox, so a learning event and its record never disagree.
"""

import hashlib
import logging
import uuid
from datetime import date, timedelta
from operator import attrgetter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.bulk import insert_rows
from lms.models import Department, Employee
from quizzes import services as quiz_services

from . import xapi
from .certification import certificate_issue  # certification (issue 6)
from .models import (
    Acknowledgement,
    Assignment,
    AssignmentSource,
    CoursePage,
    ModulePage,
    ModuleProgress,
)

logger = logging.getLogger(__name__)


def acknowledgement_sha256(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


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
    return Assignment.objects.filter(
        employee_id__in=employee_ids, active=True, completed_at__isnull=True
    ).update(active=False)


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
def assignment_launch(*, assignment: Assignment) -> bool:
    """Note the first opening of a course in a cycle; True the first time only."""
    if assignment.launched_at is not None:
        return False
    now = timezone.now()
    updated = Assignment.objects.filter(
        pk=assignment.pk, launched_at__isnull=True
    ).update(launched_at=now)
    assignment.launched_at = now
    if not updated:
        return False
    xapi.record_course_launched(assignment, timestamp=now)
    return True


def _course_modules(course):
    return list(ModulePage.objects.live().child_of(course).order_by("path"))


@transaction.atomic
def module_complete(
    *, assignment: Assignment, module: ModulePage, acknowledged_ids
) -> ModuleProgress:
    """Mark a module done once every acknowledgement in it is ticked.

    Raises ValidationError naming each missing acknowledgement; then nothing is
    recorded.
    """
    # Serialise a double-clicked "Mark as done" on the assignment row.
    Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
    if not assignment.active:
        raise ValidationError(_("This assignment is no longer active."))
    if module.get_parent().pk != assignment.course_id:
        raise ValidationError(_("This module is not part of the assigned course."))
    ticked = set(acknowledged_ids)
    blocks = module.acknowledgement_blocks()
    missing = [block for block in blocks if block.id not in ticked]
    if missing:
        raise ValidationError(
            [
                _("Please tick: %(statement)s")
                % {"statement": block.value["statement"]}
                for block in missing
            ],
            code="acknowledgement_missing",
        )
    assignment_launch(assignment=assignment)
    now = timezone.now()
    already = set(
        Acknowledgement.objects.filter(
            assignment=assignment, module=module
        ).values_list("block_id", flat=True)
    )
    for block in blocks:
        if block.id in already:
            continue
        text = block.value["statement"]
        record = Acknowledgement(
            assignment=assignment,
            module=module,
            block_id=block.id,
            ticked_at=now,
            revision_id=module.live_revision_id,
            text_sha256=acknowledgement_sha256(text),
        )
        record.full_clean()
        record.save()
        xapi.record_policy_acknowledged(
            assignment, module, block.id, text, timestamp=now
        )
    progress = ModuleProgress.objects.filter(
        assignment=assignment, module=module
    ).first()
    if progress is None:
        progress = ModuleProgress(
            assignment=assignment, module=module, completed_at=now
        )
        progress.full_clean()
        progress.save()
        xapi.record_module_experienced(assignment, module, timestamp=now)
        assignment_complete_if_done(assignment=assignment)
    return progress


@transaction.atomic
def assignment_complete_if_done(*, assignment: Assignment) -> bool:
    """Complete the course when every module is done and its quiz is passed."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.completed_at is not None:
        return False
    course = assignment.course
    if course.quiz_id is not None and assignment.quiz_passed_at is None:
        return False
    module_ids = {module.pk for module in _course_modules(course)}
    done = set(
        assignment.module_progress.filter(module_id__in=module_ids).values_list(
            "module_id", flat=True
        )
    )
    if module_ids - done:
        return False
    assignment.completed_at = timezone.now()
    assignment.full_clean(validate_constraints=False)
    assignment.save(update_fields=["completed_at"])
    xapi.record_course_completed(assignment, timestamp=assignment.completed_at)
    # certification (issue 6): the certificate is issued with the completion.
    certificate_issue(assignment=assignment)
    return True


@transaction.atomic
def assignment_record_quiz_result(*, attempt) -> bool:
    """Called when a quiz attempt finishes; True if it completed the course."""
    if attempt.registration is None or not attempt.passed:
        return False
    assignment = (
        Assignment.objects.select_related("course", "employee")
        .filter(
            registration=attempt.registration,
            employee=attempt.employee,
            course__quiz=attempt.quiz,
        )
        .first()
    )
    if assignment is None:
        return False
    if assignment.quiz_passed_at is None:
        assignment.quiz_passed_at = attempt.finished_at or timezone.now()
        assignment.save(update_fields=["quiz_passed_at"])
    return assignment_complete_if_done(assignment=assignment)


def quiz_start(*, assignment: Assignment, return_url: str):
    """Start an attempt at the course's quiz within the assignment's cycle."""
    course = assignment.course
    if course.quiz is None:
        raise ValidationError(_("This course has no quiz."))
    if not assignment.active:
        raise ValidationError(_("This assignment is no longer active."))
    assignment_launch(assignment=assignment)
    # A refusal (e.g. no attempts left) is a ValidationError the view shows.
    return quiz_services.attempt_start(
        employee=assignment.employee,
        quiz=course.quiz,
        registration=assignment.registration,
        context_parent=xapi.course_activity(course),
        context_grouping=(xapi.course_activity(course),),
        course_version=course.version_label,
        return_url=return_url,
        pass_mark=course.pass_mark,
    )


def days_overdue(*, due_date: date, today: date) -> int:
    return max((today - due_date).days, 0)
