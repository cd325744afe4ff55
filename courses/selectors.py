"""Reads for the learner's pages; each runs a fixed number of queries."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.access import employee_of

from .models import Acknowledgement, Assignment, CoursePage, ModulePage, ModuleProgress


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CERTIFIED = "certified", _("Certified")
    RECERTIFICATION_DUE = "recertification_due", _("Recertification due")
    OVERDUE = "overdue", _("Overdue")
    WAIVED = "waived", _("Waived")  # certification (issue 6)


def certified_until(assignment) -> date | None:
    """The valid-until date of the assignment's certificate, if it has one.

    Certification (issue 6): a revoked certificate, or none, gives None.
    """
    certificate = _certificate(assignment)
    if certificate is None or certificate.revoked_at is not None:
        return None
    return certificate.expires_on


def _certificate(assignment):
    try:
        return assignment.certificate
    except ObjectDoesNotExist:
        return None


def _is_waived(assignment) -> bool:
    try:
        return assignment.waiver is not None
    except ObjectDoesNotExist:
        return False


def _is_renewal(assignment) -> bool:
    try:
        return assignment.renews is not None
    except ObjectDoesNotExist:
        return False


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (Jan 31 -> Feb 28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def recertification_date(assignment) -> date | None:
    course = assignment.course
    if assignment.completed_at is None or not course.requires_recertification:
        return None
    completed = timezone.localdate(assignment.completed_at)
    return add_months(completed, course.recertification_months)


@dataclass
class AssignmentState:
    status: str
    label: str
    modules_done: int
    modules_total: int
    days_overdue: int = 0
    valid_until: date | None = None

    @property
    def percent(self):
        if not self.modules_total:
            return 0
        return round(100 * self.modules_done / self.modules_total)


def assignment_state(assignment, *, done: int, total: int, today: date | None = None):
    """The one place that decides what status a learner's course shows."""
    today = today or timezone.localdate()
    if assignment.completed_at is None and _is_waived(assignment):
        # certification (issue 6): a waived cycle is never overdue.
        return AssignmentState(Status.WAIVED, Status.WAIVED.label, done, total)
    if assignment.completed_at is not None:
        certificate = _certificate(assignment)
        valid = certificate is not None and certificate.revoked_at is None
        until = certified_until(assignment)
        if valid and (until is None or today <= until):
            return AssignmentState(
                Status.CERTIFIED, Status.CERTIFIED.label, done, total, valid_until=until
            )
        recert = until or recertification_date(assignment)
        if recert is not None and today >= recert:
            return AssignmentState(
                Status.RECERTIFICATION_DUE,
                Status.RECERTIFICATION_DUE.label,
                done,
                total,
                valid_until=recert,
            )
        return AssignmentState(
            Status.COMPLETED, Status.COMPLETED.label, done, total, valid_until=recert
        )
    counts = assignment.active and assignment.employee.active
    if counts and today > assignment.due_date:
        return AssignmentState(
            Status.OVERDUE,
            Status.OVERDUE.label,
            done,
            total,
            days_overdue=(today - assignment.due_date).days,
        )
    if _is_renewal(assignment):
        return AssignmentState(
            Status.RECERTIFICATION_DUE, Status.RECERTIFICATION_DUE.label, done, total
        )
    if done or assignment.launched_at is not None:
        return AssignmentState(
            Status.IN_PROGRESS, Status.IN_PROGRESS.label, done, total
        )
    return AssignmentState(Status.NOT_STARTED, Status.NOT_STARTED.label, done, total)


def live_courses(*, home):
    return CoursePage.objects.live().child_of(home).specific().order_by("path")


def assignment_for(*, user, course) -> Assignment | None:
    """The user's current assignment of the course, or None."""
    employee = employee_of(user)
    if employee is None:
        return None
    return (
        Assignment.objects.select_related(
            "employee", "course", "certificate", "waiver", "renews"
        )
        .filter(employee=employee, course_id=course.pk, active=True)
        .first()
    )


def _modules_by_course(courses) -> dict[int, list[ModulePage]]:
    """Live modules of several courses in one query, in tree order."""
    courses = list(courses)
    if not courses:
        return {}
    condition = Q()
    for course in courses:
        condition |= Q(path__startswith=course.path, depth=course.depth + 1)
    by_path = {course.path: course.pk for course in courses}
    result = {course.pk: [] for course in courses}
    for module in (
        ModulePage.objects.live().filter(condition).order_by("path").defer("body")
    ):
        result[by_path[module.path[: -ModulePage.steplen]]].append(module)
    return result


@dataclass
class TrainingRow:
    assignment: Assignment
    course: CoursePage
    state: AssignmentState
    resume_url: str
    resume_label: str


def my_training(*, user, today: date | None = None) -> list[TrainingRow]:
    """The learner's current assignments with status and where to resume."""
    employee = employee_of(user)
    if employee is None:
        return []
    assignments = list(
        Assignment.objects.filter(employee=employee, active=True, course__live=True)
        .select_related("course", "employee", "certificate", "waiver", "renews")
        .order_by("completed_at", "due_date", "pk")
    )
    modules = _modules_by_course(a.course for a in assignments)
    done = {}
    for assignment_id, module_id in ModuleProgress.objects.filter(
        assignment__in=assignments
    ).values_list("assignment_id", "module_id"):
        done.setdefault(assignment_id, set()).add(module_id)
    rows = []
    for assignment in assignments:
        course = assignment.course
        course_modules = modules.get(course.pk, [])
        done_ids = done.get(assignment.pk, set())
        done_count = sum(1 for m in course_modules if m.pk in done_ids)
        state = assignment_state(
            assignment, done=done_count, total=len(course_modules), today=today
        )
        next_module = next((m for m in course_modules if m.pk not in done_ids), None)
        if assignment.completed_at is not None:
            resume_url, label = course.url, _("Open course")
        elif next_module is None:
            resume_url, label = course.url, _("Take the quiz")
        elif done_count or assignment.launched_at:
            resume_url, label = next_module.url, _("Resume")
        else:
            resume_url, label = next_module.url, _("Start")
        rows.append(TrainingRow(assignment, course, state, resume_url, label))
    return rows


def _progress_for(assignment) -> set[int]:
    if assignment is None:
        return set()
    return set(assignment.module_progress.values_list("module_id", flat=True))


def course_for_learner(*, course, user) -> dict:
    assignment = assignment_for(user=user, course=course)
    modules = _modules_by_course([course])[course.pk]
    done_ids = _progress_for(assignment)
    items = [{"page": m, "done": m.pk in done_ids} for m in modules]
    done_count = sum(1 for item in items if item["done"])
    state = None
    if assignment is not None:
        state = assignment_state(assignment, done=done_count, total=len(items))
    next_module = next((item["page"] for item in items if not item["done"]), None)
    return {
        "assignment": assignment,
        "modules": items,
        "state": state,
        "next_module": next_module,
        "all_modules_done": bool(items) and next_module is None,
        "quiz": course.quiz,
    }


def module_for_learner(*, module, user) -> dict:
    course = module.get_parent().specific
    assignment = assignment_for(user=user, course=course)
    modules = _modules_by_course([course])[course.pk]
    done_ids = _progress_for(assignment)
    index = next((i for i, m in enumerate(modules) if m.pk == module.pk), 0)
    ticked = set()
    if assignment is not None:
        ticked = set(
            Acknowledgement.objects.filter(
                assignment=assignment, module=module
            ).values_list("block_id", flat=True)
        )
    done_count = sum(1 for m in modules if m.pk in done_ids)
    return {
        "course": course,
        "assignment": assignment,
        "modules": modules,
        "position": index + 1,
        "previous_module": modules[index - 1] if index > 0 else None,
        "next_module": modules[index + 1] if index + 1 < len(modules) else None,
        "module_done": module.pk in done_ids,
        "modules_done": done_count,
        "percent": round(100 * done_count / len(modules)) if modules else 0,
        "acknowledgements": [
            {"id": block.id, "statement": block.value["statement"]}
            for block in module.acknowledgement_blocks()
        ],
        "ticked": ticked,
        "done_url": reverse("courses:module_done", args=[module.pk]),
    }


def assignable_courses():
    return CoursePage.objects.live().specific().order_by("title")
