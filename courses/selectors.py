"""Reads for the learner's pages; each runs a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.access import employee_of

from .models import Acknowledgement, Assignment, CoursePage, ModuleProgress
from .status import Status


@dataclass
class AssignmentState:
    """What a learner's page shows of one cycle: its status and progress."""

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


def assignment_state(assignment, *, done: int, total: int) -> AssignmentState:
    """The state of an assignment read with ``Assignment.objects.with_status``."""
    return AssignmentState(
        status=assignment.status,
        label=Status(assignment.status).label,
        modules_done=done,
        modules_total=total,
        days_overdue=assignment.days_overdue,
        valid_until=assignment.recertify_on if assignment.completed_at else None,
    )


def live_courses(*, home):
    return CoursePage.objects.live().child_of(home).specific().order_by("path")


def assignment_for(*, user, course, today: date | None = None) -> Assignment | None:
    """The user's current assignment of the course, with its status, or None."""
    employee = employee_of(user)
    if employee is None:
        return None
    return (
        Assignment.objects.current()
        .with_status(today or timezone.localdate())
        .select_related("employee", "course")
        .filter(employee=employee, course_id=course.pk)
        .first()
    )


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
        Assignment.objects.current()
        .with_status(today or timezone.localdate())
        .filter(employee=employee, course__live=True)
        .select_related("course", "employee", "waiver")
        .order_by("completed_at", "due_date", "pk")
    )
    modules = CoursePage.live_modules_by_course(a.course for a in assignments)
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
        state = assignment_state(assignment, done=done_count, total=len(course_modules))
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
    modules = CoursePage.live_modules_by_course([course])[course.pk]
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
    modules = CoursePage.live_modules_by_course([course])[course.pk]
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
