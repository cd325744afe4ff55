"""The learner's journey in Chromium on a 375-pixel screen, keyboard only."""

import pytest

from django.urls import reverse

from courses.models import Assignment
from lms import roles
from tests.courses.factories import CoursePageFactory, modules_of
from tests.e2e.conftest import log_in, screenshot, serious_accessibility_violations
from tests.e2e.test_journeys import wagtail_tree_root
from tests.lms.factories import make_user

# Wagtail's root page and site come from migrations: restore them after a flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-test-password-1"


def tab_to(page, predicate_js, limit=40):
    """Press Tab until the focused element satisfies ``predicate_js``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate_js})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate_js}")


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 375


def test_keyboard_only_module_on_a_phone(phone_page, live_server):
    page = phone_page
    wagtail_tree_root()
    learner = make_user(roles.LEARNER)
    learner.set_password(PASSWORD)
    learner.save()
    course = CoursePageFactory(slug="phone", modules=2, required_for_all=True)
    first, second = modules_of(course)
    log_in(page, live_server, learner.username, PASSWORD)

    page.goto(live_server.url + reverse("courses:my_training"))
    assert no_horizontal_scroll(page)
    assert serious_accessibility_violations(page) == []
    tab_to(page, "el.textContent.trim() === 'Start'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(first.url)
    assert no_horizontal_scroll(page)

    # Submit without ticking: the error names the missing acknowledgement.
    tab_to(page, "el.type === 'submit' && el.textContent.includes('Mark as done')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Please tick" in page.get_by_role("alert").inner_text()

    tab_to(page, "el.type === 'checkbox'")
    page.keyboard.press("Space")
    tab_to(page, "el.type === 'submit' && el.textContent.includes('Mark as done')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(second.url)
    assert serious_accessibility_violations(page) == []
    assert no_horizontal_scroll(page)
    screenshot(page, "course-module-phone")
    assignment = Assignment.objects.get(employee=learner.employee, course=course)
    assert assignment.module_progress.count() == 1
