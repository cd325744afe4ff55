"""Seed the training site: the home page, the courses in ``courses/content/``
(read and checked by :mod:`courses.loader` before anything is written), the
review workflow.

Idempotent: pages are found by slug and left alone once they exist (trainers
own them afterwards), except that a course missing its quiz is linked to it
when the quiz has appeared. Seeded pages are published directly; every later
edit goes through the "Policy review" workflow.
"""

import uuid

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import (
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
)

from lms import content_files, review, roles
from lms.models import Department
from lms.policy import seed as policy_seed

from . import demo_history, loader
from .models import CoursePage, ModulePage, TrainingHomePage
from .services import assignments

WORKFLOW_NAME = review.WORKFLOW_NAME
BLOCK_ID_NAMESPACE = uuid.UUID("6f1d8c9e-3a57-4f0e-9a43-0c5bd0a7e0d1")


def _quiz(slug):
    from quizzes.models import Quiz

    return Quiz.objects.filter(slug=slug).first()


def training_home() -> TrainingHomePage:
    """The one training home, made the default site's root (served at /training/)."""
    home = TrainingHomePage.objects.first()
    root = Page.get_first_root_node()
    if home is None:
        home = root.add_child(
            instance=TrainingHomePage(
                title="City policy training",
                slug="training",
                introduction=(
                    "<p>Training on Executive Directive 20 and the policies that "
                    "protect the residents we serve.</p>"
                ),
            )
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.save()
        # Wagtail's "Welcome to your new Wagtail site!" page, left over from install.
        if type(old_root.specific) is Page and not old_root.get_children().exists():
            old_root.delete()
    return home


def _body(course_slug, module_slug, blocks):
    return [
        {
            "type": block_type,
            "value": value,
            "id": str(
                uuid.uuid5(BLOCK_ID_NAMESPACE, f"{course_slug}/{module_slug}/{index}")
            ),
        }
        for index, (block_type, value) in enumerate(blocks)
    ]


def _seed_course(home, spec, log):
    course = CoursePage.objects.child_of(home).filter(slug=spec["slug"]).first()
    quiz = _quiz(spec["quiz"])
    if course is None:
        course = CoursePage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            audience=spec["audience"],
            estimated_minutes=spec["estimated_minutes"],
            required_for_all=spec["required_for_all"],
            days_to_complete=spec["days_to_complete"],
            version_label=spec["version_label"],
            sources=[{"type": "source", "value": value} for value in spec["sources"]],
            quiz=quiz,
        )
        home.add_child(instance=course)
        course.required_departments.set(
            Department.objects.filter(code__in=spec["departments"])
        )
        created = True
    else:
        created = False
    for module_spec in spec["modules"]:
        if (
            ModulePage.objects.child_of(course)
            .filter(slug=module_spec["slug"])
            .exists()
        ):
            continue
        module = course.add_child(
            instance=ModulePage(
                title=module_spec["title"],
                slug=module_spec["slug"],
                introduction=module_spec["introduction"],
                body=_body(spec["slug"], module_spec["slug"], module_spec["body"]),
            )
        )
        module.save_revision().publish()
    if created:
        course.save_revision().publish()
        log(f"Course {spec['slug']}: created with {len(spec['modules'])} modules")
    elif course.quiz_id is None and quiz is not None:
        if course.has_unpublished_changes:
            # Publishing here would overwrite a trainer's draft under review.
            log(f"Course {spec['slug']}: has a draft; link {quiz.slug} in the admin")
            return course
        course.quiz = quiz
        course.save_revision().publish()
        log(f"Course {spec['slug']}: linked to quiz {quiz.slug}")
    if quiz is None:
        log(f"Course {spec['slug']}: quiz {spec['quiz']} not found yet")
    return course


def policy_review_workflow(home) -> Workflow:
    """Every course and module change waits for an Administrator's approval.

    The same workflow (lms.review) as quizzes and questions, so a trainer meets
    one review process whatever they edit.
    """
    workflow = review.policy_review_workflow()
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


def page_permissions(home):
    """Trainers draft and submit; Administrators also publish and approve."""
    grants = {
        roles.TRAINER: ["add", "change"],
        roles.ADMINISTRATOR: ["add", "change", "publish"],
    }
    for role, permission_types in grants.items():
        group = Group.objects.get(name=role)
        for permission_type in permission_types:
            if not GroupPagePermission.objects.filter(
                group=group, page=home, permission__codename=f"{permission_type}_page"
            ).exists():
                GroupPagePermission.objects.create(
                    group=group, page=home, permission_type=permission_type
                )


def read_all():
    """Every course spec, or :class:`ContentError` with all files' problems."""
    return content_files.read_all(loader)


def demo_manager_grants():
    """The demo manager may also waive and extend for the Library team.

    A grant to the person, not the Manager role: a department decides which
    of its managers may excuse training or move a due date.
    """
    from django.contrib.auth.models import Permission

    from lms import demo_data
    from lms.models import Employee

    manager = (
        Employee.objects.filter(employee_number=demo_data.DEMO_MANAGER_NUMBER)
        .select_related("user")
        .first()
    )
    if manager is None or manager.user is None:
        return
    manager.user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="courses",
            codename__in=["waive_assignment", "extend_due_date"],
        )
    )


@transaction.atomic
def run(*, password, log):
    # The courses cite the registry; seeding it is idempotent, so run it first.
    policy_seed.run(password=password, log=lambda message: None)
    specs = read_all()
    roles.sync_roles()
    home = training_home()
    for spec in specs:
        _seed_course(home, spec, log)
    policy_review_workflow(home)
    page_permissions(home)
    log(f"Workflow '{WORKFLOW_NAME}' covers every course and module")
    assigned = assignments.courses_assign_by_rules()
    log(f"New assignments from the required-for rules: {assigned}")
    demo_manager_grants()
    history = demo_history.history_make()
    if history.skipped:
        log("Past activity: already there (someone has progress), left alone")
    else:
        log(
            f"Past activity: {history.completed} completions, {history.in_progress} "
            f"in progress, {history.attempts} quiz attempts, {history.renewals} "
            f"recertifications, {history.waivers} waiver, {history.reminders} "
            "reminders logged"
        )
    for problem in history.problems:
        log(f"Past activity problem: {problem}")
