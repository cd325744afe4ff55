"""The "Policy review" workflow: what trainers write goes live only once approved.

Courses (Wagtail pages) and quiz snippets share one Wagtail workflow with one
task, approved by the Administrator group. Both seeds call these helpers, so
however many times and in whatever order they run, there is one workflow.
"""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    Workflow,
    WorkflowContentType,
    WorkflowTask,
)

from . import roles

WORKFLOW_NAME = "Policy review"
TASK_NAME = "Policy review: Administrators approve"


@transaction.atomic
def policy_review_workflow() -> Workflow:
    """The "Policy review" workflow, created (with its task) if missing."""
    workflow, _ = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    task, _ = GroupApprovalTask.objects.get_or_create(name=TASK_NAME)
    administrators, _ = Group.objects.get_or_create(name=roles.ADMINISTRATOR)
    task.groups.add(administrators)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        last = WorkflowTask.objects.filter(workflow=workflow).count()
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=last)
    return workflow


@transaction.atomic
def attach_policy_review(model) -> Workflow:
    """Send every edit of snippet ``model`` through "Policy review"."""
    workflow = policy_review_workflow()
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        defaults={"workflow": workflow},
    )
    return workflow
