"""The seeded courses: sourced, idempotent, linked to their quizzes, reviewed."""

import pytest

from wagtail.models import GroupPagePermission, Page, Site, Workflow, WorkflowPage

from courses import blocks, seed
from courses.models import Assignment, CoursePage, ModulePage, TrainingHomePage
from lms import roles
from lms.policy.citations import normalise, quote_problem
from lms.policy.models import SourcePart, SourceStatus
from lms.seed import seed_departments
from tests.lms.factories import EmployeeFactory, make_user
from tests.quizzes.factories import QuizFactory

pytestmark = pytest.mark.django_db

REQUIRED_CITATION = {"key_rule", "policy_excerpt", "summary", "council_proposal"}


@pytest.fixture
def seeded():
    departments = seed_departments()
    EmployeeFactory(department=departments["LAPL"])
    EmployeeFactory(department=departments["LAXPD"], sworn=True)
    EmployeeFactory(department=departments["LAFD"], active=False)
    messages = []
    seed.run(password="unused", log=messages.append)
    return messages


def courses():
    return {course.slug: course for course in CoursePage.objects.live().specific()}


def test_three_courses_of_at_least_three_modules_each(seeded):
    found = courses()
    assert set(found) == {"ed20", "so40", "data"}
    for course in found.values():
        assert ModulePage.objects.child_of(course).live().count() >= 3
    assert found["ed20"].required_for_all and found["data"].required_for_all
    assert set(found["so40"].required_departments.values_list("code", flat=True)) == {
        "LAPD",
        "LAFD",
        "LAXPD",
        "PORTPD",
    }


def test_every_citation_resolves_and_current_rules_rest_on_the_directive(seeded):
    for module in ModulePage.objects.live():
        stated = 0
        for block in module.body:
            if block.block_type not in blocks.CITING_BLOCKS:
                continue
            part = block.value.get("cite")
            if block.block_type in REQUIRED_CITATION:
                assert part is not None, f"{module.slug}: {block.block_type} uncited"
            if part is None:
                continue
            assert SourcePart.objects.filter(pk=part.pk).exists()
            wanted = (
                SourceStatus.DRAFT
                if block.block_type == "council_proposal"
                else SourceStatus.IN_FORCE
            )
            assert part.document.status == wanted, (module.slug, part.citation_text)
            stated += block.block_type in REQUIRED_CITATION
        assert stated >= 1, f"{module.slug} states nothing cited"


def test_every_quote_is_the_sources_exact_words(seeded):
    quotes = 0
    for module in ModulePage.objects.live():
        for block in module.body:
            if block.block_type == "policy_excerpt":
                quote, part = block.value["quote"], block.value["cite"]
                assert quote_problem(quote, part) is None, (module.slug, quote)
                assert normalise(quote) in normalise(part.text)
                quotes += 1
    assert quotes >= 5


def test_modules_with_council_proposals_say_the_draft_is_not_policy(seeded):
    for module in ModulePage.objects.live():
        types = [block.block_type for block in module.body]
        if "council_proposal" in types:
            text = " ".join(
                str(block.value)
                for block in module.body
                if block.block_type == "rich_text"
            )
            assert "draft" in text and "not City policy" in text, module.slug


def test_nothing_invented_is_cited_to_a_source(seeded):
    """Department practice and legal background are labelled, never cited."""
    for module in ModulePage.objects.live():
        for block in module.body:
            if block.block_type == "city_practice":
                assert "cite" not in block.value
    # The invented IT-017 handling list is practice now, not a cited do-and-don't.
    module = ModulePage.objects.get(slug="status-information-is-confidential")
    assert "do_dont" not in [block.block_type for block in module.body]


def test_every_module_ends_with_an_acknowledgement(seeded):
    for module in ModulePage.objects.live():
        assert module.body[len(module.body) - 1].block_type == "acknowledgement"
        statements = [b.value["statement"] for b in module.acknowledgement_blocks()]
        assert all(s.startswith("I have read and understood") for s in statements)


def test_seed_assigns_by_the_rules(seeded):
    found = courses()
    by_course = {
        slug: set(
            Assignment.objects.filter(course=course).values_list(
                "employee__department__code", flat=True
            )
        )
        for slug, course in found.items()
    }
    assert by_course["ed20"] == {"LAPL", "LAXPD"}  # inactive LAFD left out
    assert by_course["data"] == {"LAPL", "LAXPD"}
    assert by_course["so40"] == {"LAXPD"}


def test_seed_is_idempotent_and_links_quizzes_that_appear_later(seeded):
    assert all(course.quiz is None for course in courses().values())
    counts = (
        Page.objects.count(),
        Assignment.objects.count(),
        Workflow.objects.count(),
        GroupPagePermission.objects.count(),
    )
    quizzes = {slug: QuizFactory(slug=slug) for slug in ("ed20-quiz", "so40-quiz")}
    seed.run(password="unused", log=lambda message: None)
    assert (
        Page.objects.count(),
        Assignment.objects.count(),
        Workflow.objects.count(),
        GroupPagePermission.objects.count(),
    ) == counts
    found = courses()
    assert found["ed20"].quiz == quizzes["ed20-quiz"]
    assert found["so40"].quiz == quizzes["so40-quiz"]
    assert found["data"].quiz is None


def test_training_home_is_the_site_root_served_under_training(seeded, client):
    home = TrainingHomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert courses()["ed20"].url == "/training/ed20/"
    client.force_login(make_user(roles.LEARNER))
    response = client.get("/training/")
    assert response.status_code == 200
    assert "Executive Directive 20: standing with immigrants" in response.text


def test_policy_review_workflow_covers_the_training_home(seeded):
    home = TrainingHomePage.objects.get()
    link = WorkflowPage.objects.get(page=home)
    assert link.workflow.name == "Policy review"
    module = ModulePage.objects.live().first()
    assert module.get_workflow() == link.workflow


def test_courses_and_quizzes_share_one_policy_review_with_one_task(seeded):
    from quizzes import seed as quiz_seed
    from quizzes.models import Question, Quiz

    quiz_seed.run(password="unused", log=lambda message: None)
    seed.run(password="unused", log=lambda message: None)
    workflow = Workflow.objects.get(name="Policy review")
    # One approval, by Administrators, whoever edits what.
    tasks = [task.specific for task in workflow.tasks]
    assert len(tasks) == 1
    assert [g.name for g in tasks[0].groups.all()] == [roles.ADMINISTRATOR]
    assert TrainingHomePage.objects.get().get_workflow() == workflow
    assert Quiz.objects.first().get_workflow() == workflow
    assert Question.objects.first().get_workflow() == workflow
