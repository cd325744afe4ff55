"""Builders for certification tests: a published course, modules, a completion."""

import uuid
from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page

from courses import services
from courses.models import Assignment, CoursePage, ModulePage, TrainingHomePage
from tests.lms.factories import EmployeeFactory


def training_home():
    home = TrainingHomePage.objects.first()
    if home is None:
        home = Page.get_first_root_node().add_child(
            instance=TrainingHomePage(title="Training", slug="training")
        )
        home.save_revision().publish()
    return home


def make_course(slug="ed20-basics", title="ED20 basics", **fields):
    fields.setdefault("summary", "What Executive Directive 20 asks of City staff.")
    course = training_home().add_child(
        instance=CoursePage(title=title, slug=slug, **fields)
    )
    course.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)


def add_module(course, slug="module-1", statement="I have read the directive."):
    module = course.add_child(
        instance=ModulePage(
            title=f"Module {slug}",
            slug=slug,
            body=[
                {
                    "type": "acknowledgement",
                    "value": {"statement": statement},
                    "id": str(uuid.uuid4()),
                }
            ],
        )
    )
    module.save_revision().publish()
    return ModulePage.objects.get(pk=module.pk)


def assign(course, employee=None, **fields):
    employee = employee or EmployeeFactory()
    fields.setdefault("assigned_at", timezone.now())
    fields.setdefault("due_date", timezone.localdate() + timedelta(days=30))
    return Assignment.objects.create(employee=employee, course=course, **fields)


def complete(assignment):
    """Tick every acknowledgement of every module, as the learner would."""
    for module in ModulePage.objects.live().child_of(assignment.course):
        module = module.specific
        services.module_complete(
            assignment=assignment,
            module=module,
            acknowledged_ids=[block.id for block in module.acknowledgement_blocks()],
        )
    assignment.refresh_from_db()
    return assignment
