"""The demo City's dashboards in Chromium: a manager chases the overdue, and the
pages fit a 1280 px laptop and a 375 px phone without sideways scrolling.

Screenshots of the manager's, administrator's, oversight and item-analysis
pages are saved under test-artifacts/.
"""

import io

import pytest

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from courses.models import ReminderKind, ReminderLog
from courses.services.reminders import team_overdue
from lms import demo_data
from lms.models import Employee
from tests.e2e.conftest import log_in, screenshot, serious_accessibility_violations
from tests.e2e.test_journeys import PASSWORD, wagtail_tree_root

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DASHBOARD = reverse("analytics:dashboard")


@pytest.fixture
def demo_city():
    wagtail_tree_root()
    call_command("bootstrap_demo", password=PASSWORD, stdout=io.StringIO())


def sideways_overflow(page):
    """How many pixels the page is wider than the window (0: no sideways scroll)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def charts_overflowing(page):
    """Charts drawn wider than their card."""
    page.wait_for_selector("[data-chart] .main-svg")
    return page.evaluate(
        """[...document.querySelectorAll('[data-chart]')].filter(card => {
             const svg = card.querySelector('.main-svg');
             return !svg || svg.getBoundingClientRect().right >
               card.getBoundingClientRect().right + 1;
           }).length"""
    )


def visible_without_scrolling(page, heading):
    """Whether a table heading lies inside its scroll box as the page opens."""
    return page.evaluate(
        """name => {
             const th = [...document.querySelectorAll('th')]
               .find(cell => cell.textContent.trim() === name);
             const box = th.closest('.table-scroll').getBoundingClientRect();
             const cell = th.getBoundingClientRect();
             return cell.right <= box.right + 1 && cell.right <= window.innerWidth;
           }""",
        heading,
    )


def session(browser, live_server, username, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, live_server, username, PASSWORD)
    return context, page


def test_a_manager_chases_the_overdue_and_the_dashboard_fits(
    demo_city, browser, live_server, mailoutbox
):
    # Only the chase's emails count (the demo's session bookings sent theirs).
    mailoutbox.clear()
    manager = Employee.objects.get(employee_number=demo_data.DEMO_MANAGER_NUMBER)
    today = timezone.localdate()
    overdue_people = set(
        team_overdue(manager=manager, today=today).values_list("employee_id", flat=True)
    )
    assert len(overdue_people) >= 3

    context, page = session(browser, live_server, "manager", 1280)
    try:
        page.goto(live_server.url + DASHBOARD)
        headline = page.get_by_role("region", name="Headline figures for these filters")
        assert "overdue" in headline.inner_text()
        assert sideways_overflow(page) == 0
        assert charts_overflowing(page) == 0
        for heading in ("Completion %", "Overdue"):
            assert visible_without_scrolling(page, heading), heading
        screenshot(page, "dashboard-manager")

        with page.expect_navigation():
            page.get_by_role("link", name=manager.department.name).first.click()
        assert sideways_overflow(page) == 0
        with page.expect_navigation():
            page.get_by_role("button", name="Remind everyone overdue").click()
        sent = len(overdue_people)
        noun = "employee" if sent == 1 else "employees"
        status = page.get_by_role("status")
        assert f"sent to {sent} {noun}." in status.inner_text()
        assert len(mailoutbox) == sent
        assert {m.to[0] for m in mailoutbox} == set(
            Employee.objects.filter(pk__in=overdue_people).values_list(
                "work_email", flat=True
            )
        )
        chased = ReminderLog.objects.filter(kind=ReminderKind.CHASE)
        assert set(chased.values_list("employee_id", flat=True)) == overdue_people
        screenshot(page, "department-chased")
        assert serious_accessibility_violations(page) == []

        # A second press the same day sends nothing.
        with page.expect_navigation():
            page.get_by_role("button", name="Remind everyone overdue").click()
        assert "had a reminder today already" in page.get_by_role("status").inner_text()
        assert len(mailoutbox) == sent
        assert chased.count() == sent

        # An employee's page from their row.
        first = Employee.objects.get(pk=sorted(overdue_people)[0])
        page.goto(
            live_server.url
            + reverse("analytics:employee", args=[first.employee_number])
        )
        assert first.full_name in page.locator("h1").inner_text()
        assert page.get_by_role("button", name="Send a reminder now").count() == 1
        screenshot(page, "employee-page")
        assert serious_accessibility_violations(page) == []
    finally:
        context.close()

    context, phone = session(browser, live_server, "manager", 375)
    try:
        phone.goto(live_server.url + DASHBOARD)
        assert sideways_overflow(phone) == 0
        assert charts_overflowing(phone) == 0
        screenshot(phone, "dashboard-manager-375")
    finally:
        context.close()


@pytest.mark.parametrize(
    ("username", "url_name", "name"),
    [
        ("admin", "analytics:dashboard", "dashboard-administrator"),
        ("oversight", "analytics:oversight", "oversight"),
        ("trainer", "analytics:items", "item-analysis"),
    ],
)
def test_the_demo_dashboards_have_something_to_show(
    demo_city, browser, live_server, username, url_name, name
):
    context, page = session(browser, live_server, username, 1280)
    try:
        page.goto(live_server.url + reverse(url_name))
        cells = page.locator("table tbody tr")
        assert cells.count() > 1
        assert "Nothing matches" not in page.locator("table").first.inner_text()
        assert sideways_overflow(page) == 0
        screenshot(page, name)
    finally:
        context.close()
