"""Builders for certification tests: assignments and a learner's completion."""

from datetime import timedelta

from django.utils import timezone

from courses.models import Assignment
from courses.services import progress
from tests.courses.utils import make_course, modules_of
from tests.lms.factories import EmployeeFactory

__all__ = ["assign", "complete", "make_course"]


def assign(course, employee=None, **fields):
    employee = employee or EmployeeFactory()
    fields.setdefault("assigned_at", timezone.now())
    fields.setdefault("due_date", timezone.localdate() + timedelta(days=30))
    return Assignment.objects.create(employee=employee, course=course, **fields)


def complete(assignment):
    """Tick every acknowledgement of every module, as the learner would."""
    for module in modules_of(assignment.course):
        module = module.specific
        progress.module_complete(
            assignment=assignment,
            module=module,
            acknowledged_ids=[block.id for block in module.acknowledgement_blocks()],
        )
    assignment.refresh_from_db()
    return assignment
