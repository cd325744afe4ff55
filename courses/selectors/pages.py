"""Reads for the course and module pages (their ``get_context``).

They reach assignments, progress and acknowledgements through the page's own
relations (``course.assignments``, ``assignment.module_progress``), so this
module imports no model and the page models can import it.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone

from lms.access import employee_of

from ..status import Status


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
        # A completed cycle stays complete when a module is added later; the
        # publisher decides whether that asks for recertification.
        modules_done=total if assignment.completed_at else done,
        modules_total=total,
        days_overdue=assignment.days_overdue,
        valid_until=assignment.recertify_on if assignment.completed_at else None,
    )


def _current(*, user, course):
    employee = employee_of(user)
    if employee is None:
        return course.assignments.none()
    return (
        course.assignments.current()
        .filter(employee=employee)
        .select_related("employee", "course")
    )


def assignment_for(*, user, course):
    """The user's current assignment of the course, or None."""
    return _current(user=user, course=course).first()


def _progress_for(assignment) -> set[int]:
    if assignment is None:
        return set()
    return set(assignment.module_progress.values_list("module_id", flat=True))


def course_for_learner(*, course, user, today: date | None = None) -> dict:
    assignment = (
        _current(user=user, course=course)
        .with_status(today or timezone.localdate())
        .first()
    )
    modules = list(course.live_modules().defer("body"))
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


def _with_previewed(modules, module):
    """The live modules, with a draft or unsaved module being previewed put
    where it will be in the course, so its preview says "Module 4 of 4"."""
    if module.pk is not None and any(m.pk == module.pk for m in modules):
        return modules
    return sorted([*modules, module], key=lambda m: m.path or "\uffff")


def module_for_learner(*, module, user) -> dict:
    course = module.get_parent().specific
    assignment = assignment_for(user=user, course=course)
    modules = _with_previewed(list(course.live_modules().defer("body")), module)
    done_ids = _progress_for(assignment)
    index = next(
        i
        for i, m in enumerate(modules)
        if m is module or (module.pk is not None and m.pk == module.pk)
    )
    saved = module.pk is not None
    ticked = set()
    if assignment is not None and saved:
        ticked = set(
            assignment.acknowledgements.filter(module=module).values_list(
                "block_id", flat=True
            )
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
        # An unsaved module (a preview) cannot be marked as done yet.
        "done_url": reverse("courses:module_done", args=[module.pk]) if saved else None,
    }
