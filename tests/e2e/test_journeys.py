"""Whole journeys on the demo City in Chromium: learner, manager, trainer and admin.

The demo content is the real seed (``bootstrap_demo``), so these journeys walk
the same courses, quizzes and people a new installation shows. Every main page
is checked with axe-core (no serious or critical violations), saved as a
screenshot under test-artifacts/, and watched for Content-Security-Policy
errors in the browser console.
"""

import csv
import io

import pytest

from django.core.management import call_command
from django.urls import reverse

from courses.models import Assignment, CoursePage
from lms.models import Employee
from quizzes.models import Choice
from tests.e2e.conftest import log_in, screenshot, serious_accessibility_violations

# Wagtail's root page and site come from migrations: restore them after a flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-test-password-1"


def wagtail_tree_root():
    """The tree root and default locale that Wagtail's migrations create.

    Depending on which tests ran before, a transactional test can start from a
    flushed database without them; bootstrap_demo needs them, as on a fresh
    install.
    """
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.sql import emit_post_migrate_signal
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    if not ContentType.objects.exists():
        # A flush that left post_migrate's rows to a serialized restore that
        # did not come: content types, permissions and role groups again.
        ContentType.objects.clear_cache()
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))


@pytest.fixture
def demo():
    wagtail_tree_root()
    call_command("bootstrap_demo", password=PASSWORD, stdout=io.StringIO())


def watch_csp(message, found):
    if "Content Security Policy" in message.text:
        found.append(message.text)


@pytest.fixture
def csp_errors(page):
    """Console messages in which the browser reports a CSP violation."""
    found = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and found.append(message.text)
        ),
    )
    return found


def check_page(page, name):
    """A main page: screenshot it and hold it to axe-core's serious rules."""
    screenshot(page, name)
    assert serious_accessibility_violations(page) == [], name


def answer_rightly(page):
    """Answer every question of the attempt on screen with its right choices.

    The page carries no hint of which choice is right (the server grades), so
    the test looks the offered choices up in the seeded bank.
    """
    shown = set()
    for _ in range(60):
        if page.locator("h1.result").count():
            return shown
        if page.get_by_role("link", name="Continue").count():
            with page.expect_navigation():
                page.get_by_role("link", name="Continue").click()
            continue
        if not shown:
            check_page(page, "quiz-step")
        shown.add(page.url)
        boxes = page.locator("input[name=choice]")
        values = [boxes.nth(i).get_attribute("value") for i in range(boxes.count())]
        right = {
            str(uuid)
            for uuid in Choice.objects.filter(
                uuid__in=values, is_correct=True
            ).values_list("uuid", flat=True)
        }
        assert right, f"no right choice offered on {page.url}"
        for value in right:
            page.locator(f"input[name=choice][value='{value}']").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Answer").click()
    raise AssertionError("the quiz never ended")


def test_learner_completes_ed20_and_manager_sees_it(
    demo, page, live_server, browser, csp_errors, tmp_path
):
    learner = Employee.objects.get(user__username="learner")
    course = CoursePage.objects.get(slug="ed20")
    assignment = Assignment.objects.get(employee=learner, course=course)

    log_in(page, live_server, "learner", PASSWORD)
    page.goto(live_server.url + reverse("courses:my_training"))
    check_page(page, "my-training")

    page.goto(live_server.url + course.url)
    check_page(page, "course")
    with page.expect_navigation():
        page.get_by_role("link", name="Start:").click()
    modules = 0
    while True:
        modules += 1
        if modules == 1:
            check_page(page, "module")
        boxes = page.locator("input[name=acknowledged]")
        for i in range(boxes.count()):
            boxes.nth(i).check()
        button = page.get_by_role("button", name="Mark as done")
        last = "return to the course" in button.inner_text()
        with page.expect_navigation():
            button.click()
        if last:
            break
    assert modules == course.get_children().live().count()
    assert page.url.endswith(course.url)

    with page.expect_navigation():
        page.get_by_role("button", name="Take the quiz").click()
    answer_rightly(page)
    assert page.locator("h1.result").inner_text() == "You passed"
    check_page(page, "quiz-result")

    assignment.refresh_from_db()
    assert assignment.completed_at is not None
    page.goto(live_server.url + reverse("courses:my_training"))
    with page.expect_navigation():
        page.get_by_role(
            "link", name=f"View and print the certificate for {course.title}"
        ).click()
    certificate = page.get_by_role("article", name="Certificate")
    assert learner.full_name in certificate.inner_text()
    assert course.title in certificate.inner_text()
    check_page(page, "certificate")

    # The learner's manager, in a separate browser session.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    manager_page = context.new_page()
    manager_page.set_default_timeout(15_000)
    manager_csp = []
    manager_page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and manager_csp.append(m.text),
    )
    try:
        log_in(manager_page, live_server, "manager", PASSWORD)
        manager_page.goto(live_server.url + reverse("analytics:dashboard"))
        check_page(manager_page, "dashboard")
        with manager_page.expect_navigation():
            manager_page.get_by_role("link", name=learner.department.name).first.click()
        manager_page.get_by_label("Course").select_option(label=course.title)
        manager_page.get_by_label("Status").select_option(label="Certified")
        with manager_page.expect_navigation():
            manager_page.get_by_role("button", name="Apply").click()
        row = manager_page.get_by_role("row").filter(has_text=learner.employee_number)
        assert "Certified" in row.inner_text()
        check_page(manager_page, "department")

        with manager_page.expect_download() as download_info:
            manager_page.get_by_role("link", name="CSV").click()
        path = tmp_path / "department.csv"
        download_info.value.save_as(path)
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        mine = [r for r in rows if r["Employee number"] == learner.employee_number]
        assert mine and all(r["Status"] == "Certified" for r in mine)
        assert f"{learner.last_name}, {learner.first_name}" == mine[0]["Name"]
        assert manager_csp == []
    finally:
        context.close()
    assert csp_errors == []


def test_reviewed_feedback_reaches_the_learner(demo, browser, live_server):
    """A trainer rewords a choice's feedback, an administrator approves it."""
    from quizzes import seed
    from quizzes.models import Question

    scenario = Question.objects.get(
        uuid=seed._uuid("ed20-quiz", "staff-door-no-warrant")
    )
    choice = scenario.choices.get(step_key="start", is_correct=True)
    new_feedback = "Right: keep the staff area closed (reviewed wording)."
    edit_url = live_server.url + reverse(
        "wagtailsnippets_quizzes_question:edit", args=[scenario.pk]
    )

    csp_errors = []

    def session(username):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("console", lambda m: watch_csp(m, csp_errors))
        log_in(page, live_server, username, PASSWORD)
        return context, page

    context, page = session("trainer")
    try:
        page.goto(edit_url)
        field_id = page.evaluate(
            """text => [...document.querySelectorAll('textarea')]
                 .find(t => t.value.trim() === text.trim()).id""",
            choice.feedback,
        )
        page.locator(f"#{field_id}").fill(new_feedback)
        screenshot(page, "admin-question-edit")
        page.locator(
            "footer .dropdown-toggle, footer [data-w-dropdown-target=toggle]"
        ).first.click()
        with page.expect_navigation():
            page.get_by_role("button", name="Submit to Policy review").click()
        scenario.refresh_from_db()
        assert scenario.workflow_in_progress
    finally:
        context.close()
    choice.refresh_from_db()
    assert choice.feedback != new_feedback  # not live before approval

    context, page = session("admin")
    try:
        page.goto(edit_url)
        page.locator(
            "footer .dropdown-toggle, footer [data-w-dropdown-target=toggle]"
        ).first.click()
        screenshot(page, "admin-approve")
        with page.expect_navigation():
            page.get_by_role("button", name="Approve and Publish", exact=True).click()
        scenario.refresh_from_db()
        assert not scenario.workflow_in_progress
    finally:
        context.close()

    context, page = session("learner")
    try:
        page.goto(live_server.url + reverse("quizzes:detail", args=["ed20-quiz"]))
        with page.expect_navigation():
            page.get_by_role("button", name="Start practice").click()
        page.locator(f"input[name=choice][value='{choice.uuid}']").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Answer").click()
        assert new_feedback in page.locator("main").inner_text()
        check_page(page, "quiz-feedback")
    finally:
        context.close()
    assert csp_errors == []
