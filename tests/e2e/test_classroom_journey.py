"""In Chromium on the demo City: a learner books a seat at an in-person
session, checks in by the QR code's link, the trainer closes the session, and
the manager then sees the learner certified, in person."""

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from classroom.models import Booking, SessionPart
from courses.models import Assignment, CoursePage
from lms.models import Employee
from tests.classroom.factories import SessionFactory
from tests.e2e.conftest import log_in, screenshot, serious_accessibility_violations
from tests.e2e.test_journeys import PASSWORD, demo  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def check_page(page, name):
    screenshot(page, name)
    assert serious_accessibility_violations(page) == [], name


def new_page(browser, *, phone=False):
    size = {"width": 375, "height": 812} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=size)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_learner_books_checks_in_and_the_manager_sees_certified_in_person(
    demo,  # noqa: F811
    browser,
    live_server,
):
    learner = Employee.objects.get(user__username="learner")
    trainer = Employee.objects.get(user__username="trainer").user
    course = CoursePage.objects.get(slug="ed20")
    # Starts in ten minutes: the first on the course's list of sessions.
    session = SessionFactory(
        course=course,
        trainer=trainer,
        capacity=10,
        place="Central Library, Meeting Room B",
        starts=timezone.now() + timedelta(minutes=10),
    )
    contexts = []
    try:
        context, learner_page = new_page(browser, phone=True)
        contexts.append(context)
        log_in(learner_page, live_server, "learner", PASSWORD)
        learner_page.goto(live_server.url + course.url)
        with learner_page.expect_navigation():
            learner_page.get_by_role(
                "link", name="Sessions: book, cancel or move"
            ).click()
        check_page(learner_page, "course-sessions")
        row = learner_page.get_by_role("row").filter(has_text="Meeting Room B")
        with learner_page.expect_navigation():
            row.get_by_role("button", name="Book a seat").click()
        assert "You are booked" in learner_page.locator(".messages").inner_text()
        assert Booking.objects.get(employee=learner).session == session

        # The session begins: its part now started five minutes ago.
        now = timezone.now()
        SessionPart.objects.filter(session=session).update(
            starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=2)
        )

        context, trainer_page = new_page(browser, phone=True)
        contexts.append(context)
        log_in(trainer_page, live_server, "trainer", PASSWORD)
        trainer_page.goto(
            live_server.url + reverse("classroom:roll_call", args=[session.pk])
        )
        check_page(trainer_page, "roll-call")
        with trainer_page.expect_navigation():
            trainer_page.get_by_role("link", name="Show the check-in QR code").click()
        assert trainer_page.get_by_role("img", name="QR code of the check-in link")
        check_in_url = trainer_page.locator("#check-in-link").get_attribute("href")

        learner_page.goto(check_in_url)
        boxes = learner_page.locator("input[name=acknowledged]")
        assert boxes.count() > 0
        for index in range(boxes.count()):
            boxes.nth(index).check()
        with learner_page.expect_navigation():
            learner_page.get_by_role("button", name="I am here: check me in").click()
        assert "You are recorded as present" in learner_page.inner_text("main")
        check_page(learner_page, "checked-in")

        trainer_page.goto(
            live_server.url + reverse("classroom:roll_call", args=[session.pk])
        )
        assert (
            "Checked in"
            in trainer_page.get_by_role("listitem")
            .filter(has_text=learner.full_name)
            .inner_text()
        )
        with trainer_page.expect_navigation():
            trainer_page.get_by_role("button", name="Close the session").click()
        assert (
            "1 completed the course" in trainer_page.locator(".messages").inner_text()
        )

        assignment = Assignment.objects.get(
            employee=learner, course=course, active=True
        )
        assert assignment.delivery == "in_person"

        context, manager_page = new_page(browser)
        contexts.append(context)
        log_in(manager_page, live_server, "manager", PASSWORD)
        manager_page.goto(
            live_server.url
            + reverse("analytics:department", args=[learner.department.code])
        )
        manager_page.get_by_label("Course").select_option(label=course.title)
        manager_page.get_by_label("Status").select_option(label="Certified")
        with manager_page.expect_navigation():
            manager_page.get_by_role("button", name="Apply").click()
        row = manager_page.get_by_role("row").filter(has_text=learner.employee_number)
        assert "Certified" in row.inner_text()
        assert "In person" in row.inner_text()
        check_page(manager_page, "department-in-person")
    finally:
        for context in contexts:
            context.close()
