"""The learner's "My training" page: every current course with its status."""

from dataclasses import dataclass
from datetime import date

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.access import employee_of

from ..models import Assignment, Certificate, CoursePage, ModuleProgress
from .pages import AssignmentState, assignment_state


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
        .annotate(
            certificate_revoked_at=Subquery(
                Certificate.objects.filter(assignment=OuterRef("pk")).values(
                    "revoked_at"
                )[:1]
            )
        )
        .select_related("course", "employee", "waiver")
        # What is still to do first, on every database (PostgreSQL sorts
        # NULLs last, SQLite first), soonest due first; then what is done.
        .order_by(F("completed_at").asc(nulls_first=True), "due_date", "pk")
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
