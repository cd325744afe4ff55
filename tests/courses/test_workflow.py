"""A trainer's edit of a live course waits in "Policy review" for an administrator."""

import pytest

from courses import seed
from courses.models import CoursePage, ModulePage
from lms import roles
from lms.seed import seed_departments
from tests.lms.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    seed_departments()
    seed.run(password="unused", log=lambda message: None)
    return CoursePage.objects.get(slug="ed20")


def test_trainer_edit_is_live_only_after_administrator_approves(course):
    trainer = make_user(roles.TRAINER)
    admin = make_user(roles.ADMINISTRATOR)
    permissions = course.permissions_for_user(trainer)
    assert permissions.can_edit()
    assert not permissions.can_publish()

    old_summary = course.summary
    draft = CoursePage.objects.get(pk=course.pk)
    draft.summary = "A clearer summary written by the trainer."
    draft.save_revision(user=trainer)
    workflow = draft.get_workflow()
    assert workflow.name == "Policy review"
    workflow.start(draft, trainer)

    live = CoursePage.objects.get(pk=course.pk)
    assert live.summary == old_summary
    assert live.workflow_in_progress
    task_state = live.current_workflow_task_state.specific
    task = task_state.task.specific
    assert task.user_can_access_editor(live, admin)
    # The trainer is offered no approval of their own change.
    assert task.get_actions(live, trainer) == []

    task_state.approve(user=admin)
    live = CoursePage.objects.get(pk=course.pk)
    assert live.summary == "A clearer summary written by the trainer."
    assert not live.workflow_in_progress


def test_module_edit_waits_too_and_rejection_keeps_the_live_text(course):
    trainer = make_user(roles.TRAINER)
    admin = make_user(roles.ADMINISTRATOR)
    module = ModulePage.objects.child_of(course).first()
    old_title = module.title
    module.title = "A title nobody approved"
    module.save_revision(user=trainer)
    module.get_workflow().start(module, trainer)
    module = ModulePage.objects.get(pk=module.pk)
    module.current_workflow_task_state.specific.reject(user=admin)
    assert ModulePage.objects.get(pk=module.pk).title == old_title
