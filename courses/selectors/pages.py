"""Reads for the course and module pages (their ``get_context``).

They reach progress and acknowledgements through the assignment's relations
(``assignment.module_progress``) and the Assignment model by name, so this
module imports no model and the page models can import it.
"""

from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from lms.access import employee_of
from lms.single_row import one_or_none
from quizzes import selectors as quiz_selectors

from .. import body_cache
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


def _assignments():
    # By name: the page models import this module, so it cannot import them.
    return apps.get_model("courses", "Assignment").objects


def learner_assignment(*, user, page, today: date | None = None):
    """The user's current assignment of the course ``page`` is or belongs to.

    None if there is none. Read once per page object, so the serve hook and the
    page's context share one query; it carries its employee and its course, and
    a module page learns its course from it. For the course page it also
    carries its status (as of ``today``) and the course's quiz; a module page
    shows neither, and the status expression is the costliest part of the
    query to build.
    """
    if not hasattr(page, "_learner_assignment"):
        page._learner_assignment = _read_assignment(
            user, page.course_path, today, for_course_page=page.path == page.course_path
        )
        assignment = page._learner_assignment
        if assignment is not None and page.path != page.course_path:
            # The tree parent, so that get_parent() needs no query of its own.
            page._cached_parent_obj = assignment.course
    return page._learner_assignment


def forget_learner_assignment(page):
    """Drop the shared read, e.g. after the visit changed the status."""
    page.__dict__.pop("_learner_assignment", None)


def _read_assignment(user, course_path, today, *, for_course_page):
    employee = employee_of(user)
    if employee is None:
        return None
    assignments = (
        _assignments()
        .current()
        .filter(employee=employee, course__path=course_path)
        .select_related("course")
    )
    if for_course_page:
        assignments = assignments.with_status(
            today or timezone.localdate()
        ).select_related("course__quiz")
    assignment = one_or_none(assignments)  # one in force per course
    if assignment is not None:
        assignment.employee = employee  # the user's, read with them: no join
    return assignment


def _modules_with_progress(course, assignment):
    """The course's live modules (bodies unloaded), each with ``done``: one query."""
    modules = course.live_modules().defer("body")
    if assignment is None:
        modules = list(modules)
        for module in modules:
            module.done = False
        return modules
    done = assignment.module_progress.filter(module_id=OuterRef("pk"))
    return list(modules.annotate(done=Exists(done)))


def course_for_learner(*, course, user, today: date | None = None) -> dict:
    assignment = learner_assignment(user=user, page=course, today=today)
    modules = _modules_with_progress(course, assignment)
    items = [{"page": m, "done": m.done} for m in modules]
    done_count = sum(1 for item in items if item["done"])
    state = None
    if assignment is not None:
        state = assignment_state(assignment, done=done_count, total=len(items))
    next_module = next((item["page"] for item in items if not item["done"]), None)
    rules = None
    if course.quiz is not None and assignment is not None:
        if assignment.quiz_passed_at is None:
            rules = quiz_selectors.quiz_rules(
                quiz=course.quiz,
                employee=assignment.employee,
                registration=assignment.registration,
                pass_mark=course.pass_mark,
            )
    return {
        "assignment": assignment,
        "modules": items,
        "state": state,
        "next_module": next_module,
        "all_modules_done": bool(items) and next_module is None,
        "quiz": course.quiz,
        # What the learner reads before taking the quiz, until they pass it.
        "quiz_rules": rules,
    }


def _with_previewed(modules, module):
    """The live modules, with a draft or unsaved module being previewed put
    where it will be in the course, so its preview says "Module 4 of 4"."""
    if module.pk is not None and any(m.pk == module.pk for m in modules):
        return modules
    module.done = False
    return sorted([*modules, module], key=lambda m: m.path or "\uffff")


def module_for_learner(*, module, user) -> dict:
    assignment = learner_assignment(user=user, page=module)
    course = module.get_parent().specific
    modules = _with_previewed(_modules_with_progress(course, assignment), module)
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
    done_count = sum(1 for m in modules if m.done)
    return {
        "course": course,
        "assignment": assignment,
        "modules": modules,
        "position": index + 1,
        "previous_module": modules[index - 1] if index > 0 else None,
        "next_module": modules[index + 1] if index + 1 < len(modules) else None,
        "module_done": any(m.done for m in modules if m.pk == module.pk),
        "modules_done": done_count,
        "percent": round(100 * done_count / len(modules)) if modules else 0,
        "acknowledgements": [
            {"id": block.id, "statement": block.value["statement"]}
            for block in module.acknowledgement_blocks()
        ],
        "ticked": ticked,
        # An unsaved module (a preview) cannot be marked as done yet.
        "done_url": reverse("courses:module_done", args=[module.pk]) if saved else None,
        **body_cache.context(),
    }
