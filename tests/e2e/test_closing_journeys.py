"""Journeys that close, in Chromium on the demo City.

A learner fails the ED20 quiz, tries again from the result page, passes, opens
the certificate from the result page, scans its QR code (decoded from what the
browser shows) and follows it to the public check, then downloads the
transcript from My record. A trainer rewords a scenario choice as a draft,
sees a new step offered in the choices' selects before saving, and previews the
draft as a learner with its map, leaving nothing recorded.
"""

import io

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from django.urls import reverse

from courses.models import Assignment, CoursePage
from lms.models import Employee
from lms.xapi.models import Statement
from quizzes import seed, selectors
from quizzes.models import Answer, Attempt, Choice, Question
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_journeys import (  # noqa: F401 - the demo fixture
    PASSWORD,
    answer_rightly,
    check_page,
    demo,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def answer_wrongly(page):
    """Answer every item of the attempt on screen with a wrong choice."""
    for _ in range(60):
        if page.locator("h1.result").count():
            return
        if page.get_by_role("link", name="Continue").count():
            with page.expect_navigation():
                page.get_by_role("link", name="Continue").click()
            continue
        boxes = page.locator("input[name=choice]")
        values = [boxes.nth(i).get_attribute("value") for i in range(boxes.count())]
        wrong = Choice.objects.filter(uuid__in=values, is_correct=False).first()
        assert wrong is not None, f"no wrong choice offered on {page.url}"
        page.locator(f"input[name=choice][value='{wrong.uuid}']").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Answer").click()
    raise AssertionError("the quiz never ended")


def do_every_module(page):
    while True:
        boxes = page.locator("input[name=acknowledged]")
        for i in range(boxes.count()):
            boxes.nth(i).check()
        button = page.get_by_role("button", name="Mark as done")
        last = "return to the course" in button.inner_text()
        with page.expect_navigation():
            button.click()
        if last:
            return


def test_a_learner_fails_tries_again_passes_and_checks_the_certificate(
    demo,  # noqa: F811
    page,
    browser,
    live_server,
    tmp_path,
):
    learner = Employee.objects.get(user__username="learner")
    course = CoursePage.objects.get(slug="ed20")
    assignment = Assignment.objects.get(employee=learner, course=course, active=True)
    left = selectors.attempts_left(
        employee=learner, quiz=course.quiz, registration=assignment.registration
    )
    assert left is not None and left >= 2, "the demo learner can fail once"
    csp = []
    page.on(
        "console", lambda m: "Content Security Policy" in m.text and csp.append(m.text)
    )

    log_in(page, live_server, "learner", PASSWORD)
    page.goto(live_server.url + course.url)
    with page.expect_navigation():
        page.get_by_role("link", name="Start:").click()
    do_every_module(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Take the quiz").click()
    answer_wrongly(page)
    assert page.locator("h1.result").inner_text() == "You did not pass this time"
    assert page.locator(".attempts-left").inner_text() == (
        f"You have {left - 1} attempts left."
        if left - 1 != 1
        else "You have 1 attempt left."
    )
    assert page.get_by_role("link", name="View and print your certificate").count() == 0
    check_page(page, "quiz-result-failed")

    with page.expect_navigation():
        page.get_by_role("button", name="Try again").click()
    answer_rightly(page)
    assert page.locator("h1.result").inner_text() == "You passed"
    check_page(page, "quiz-result-passed")
    assert (
        Attempt.objects.filter(
            employee=learner, registration=assignment.registration, state="finished"
        ).count()
        == 2
    )

    with page.expect_navigation():
        page.get_by_role("link", name="View and print your certificate").click()
    certificate = page.get_by_role("article", name="Certificate")
    assert learner.full_name in certificate.inner_text()
    check_page(page, "certificate-from-result")

    # Scan the QR code as a phone would: from the pixels the browser shows.
    shot = page.locator("img.qr").screenshot()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    assert len(found) == 1, "one readable QR code"
    verify_url = found[0].text
    code = Assignment.objects.get(pk=assignment.pk).certificate.code
    assert verify_url == live_server.url + reverse("courses:verify", args=[code])

    # Whoever scans it is not signed in.
    context = browser.new_context(viewport={"width": 375, "height": 812})
    try:
        phone = context.new_page()
        response = phone.goto(verify_url)
        assert response.status == 200
        text = phone.locator("main").inner_text()
        # The public check names the holder by initial only.
        assert f"{learner.first_name[0]}. {learner.last_name}" in text
        assert "This certificate is valid." in text
        screenshot(phone, "certificate-verified-by-qr")
    finally:
        context.close()

    page.goto(live_server.url + reverse("courses:my_record"))
    check_page(page, "my-record")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as PDF").click()
    path = tmp_path / "record.pdf"
    download_info.value.save_as(path)
    pdf_text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(path).pages
    )
    assert learner.last_name in pdf_text
    assert course.title in pdf_text
    assert csp == []


def test_a_trainer_previews_a_draft_scenario_and_sees_its_map(
    demo,  # noqa: F811
    browser,
    live_server,
):
    scenario = Question.objects.get(
        uuid=seed._uuid("ed20-quiz", "staff-door-no-warrant")
    )
    choice = scenario.choices.get(step_key="start", is_correct=True)
    draft_text = choice.text + " (draft wording)"
    edit_url = live_server.url + reverse(
        "wagtailsnippets_quizzes_question:edit", args=[scenario.pk]
    )
    step_keys = [s.key for s in scenario.steps.order_by("sort_order")]
    before = (
        Attempt.objects.count(),
        Answer.objects.count(),
        Statement.objects.count(),
    )
    csp = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on(
            "console",
            lambda m: "Content Security Policy" in m.text and csp.append(m.text),
        )
        log_in(page, live_server, "trainer", PASSWORD)
        page.goto(edit_url)

        # The map of the scenario as stored, in the editor.
        tree = page.locator(".scenario-map")
        assert "Every step can be reached" in tree.inner_text()
        listed = tree.locator("li.scenario-map-step").evaluate_all(
            "items => items.map(i => i.id)"
        )
        assert listed == [f"map-step-{key}" for key in step_keys]
        tree.scroll_into_view_if_needed()
        screenshot(page, "admin-question-map")

        # A choice's next step is a select of the steps; a step added in the
        # form is offered at once, before saving.
        select = page.locator("select[name='choices-0-next_step_key']")
        options = select.locator("option").evaluate_all(
            "options => options.map(o => o.value)"
        )
        assert options == ["", *step_keys]
        page.get_by_role("button", name="Add step").first.click()
        new_key = page.locator("input[name^='steps-'][name$='-key']").last
        new_key.fill("a-new-step")
        assert "a-new-step" in select.locator("option").evaluate_all(
            "options => options.map(o => o.value)"
        )
        select.scroll_into_view_if_needed()
        screenshot(page, "admin-step-select")
        page.reload()

        field_id = page.evaluate(
            """text => [...document.querySelectorAll('textarea')]
                 .find(t => t.value.trim() === text.trim()).id""",
            choice.text,
        )
        page.locator(f"#{field_id}").fill(draft_text)
        with page.expect_navigation():
            page.get_by_role("button", name="Save draft").click()
        scenario.refresh_from_db()
        assert scenario.has_unpublished_changes

        with context.expect_page() as opened:
            page.get_by_role("link", name="Preview as learner", exact=True).click()
        preview = opened.value
        preview.wait_for_load_state()
        main = preview.locator("main")
        assert "Trainer preview" in main.inner_text()
        assert draft_text in preview.locator("form.quiz-form").inner_text()
        here = preview.locator(".scenario-map-step.is-current")
        assert here.get_attribute("id") == f"map-step-{step_keys[0]}"
        check_page(preview, "trainer-preview")

        preview.get_by_label(draft_text).check()
        with preview.expect_navigation():
            preview.get_by_role("button", name="Answer").click()
        # ED20 gives feedback after each answer, as learners get it.
        assert "Right" in preview.locator("h1").inner_text()
        with preview.expect_navigation():
            preview.get_by_role("link", name="Continue").click()
        assert draft_text in preview.locator(".path-so-far").inner_text()
        next_key = Choice.objects.get(pk=choice.pk).next_step_key
        here = preview.locator(".scenario-map-step.is-current")
        assert here.get_attribute("id") == f"map-step-{next_key}"
        check_page(preview, "trainer-preview-next-step")
    finally:
        context.close()
    assert Choice.objects.get(pk=choice.pk).text == choice.text  # still a draft
    assert (
        Attempt.objects.count(),
        Answer.objects.count(),
        Statement.objects.count(),
    ) == before
    assert csp == []
