"""My training: each course's status, due date and where Resume leads."""

import pytest
import time_machine

from django.urls import reverse

from courses.models import Assignment
from courses.services import progress
from lms import roles
from tests.courses.factories import CoursePageFactory, modules_of
from tests.lms.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    return make_user(roles.LEARNER)


def finish_module(assignment, module, block_ids):
    progress.module_complete(
        assignment=assignment, module=module, acknowledged_ids=block_ids
    )


def test_overdue_shows_days_and_completion_then_recertification_due(client, learner):
    client.force_login(learner)
    with time_machine.travel("2026-01-05 09:00 -08:00", tick=False):
        course = CoursePageFactory(
            slug="dated",
            modules=2,
            required_for_all=True,
            days_to_complete=30,
            recertification_months=12,
        )
        page = client.get(reverse("courses:my_training")).text
        assert "Not started" in page
        assert "Due Feb. 4, 2026." in page

    with time_machine.travel("2026-02-07 09:00 -08:00", tick=False):
        page = client.get(reverse("courses:my_training")).text
        assert "Overdue" in page
        assert "3 days overdue" in page

    assignment = Assignment.objects.get(employee=learner.employee, course=course)
    first, second = modules_of(course)
    with time_machine.travel("2026-02-08 09:00 -08:00", tick=False):
        finish_module(assignment, first, ["dated-m1-ack1"])
        page = client.get(reverse("courses:my_training")).text
        assert "4 days overdue" in page
        assert second.url in page  # Resume opens the first unfinished module
        finish_module(assignment, second, ["dated-m2-ack1"])
        page = client.get(reverse("courses:my_training")).text
        assert "Completed on Feb. 8, 2026." in page
        assert "Valid until Feb. 8, 2027." in page
        assert "overdue" not in page

    with time_machine.travel("2027-02-09 09:00 -08:00", tick=False):
        client.force_login(learner)  # the earlier session has expired by now
        page = client.get(reverse("courses:my_training")).text
        assert "Recertification due" in page


def test_in_progress_counts_modules(client, learner):
    course = CoursePageFactory(slug="counted", modules=3, required_for_all=True)
    assignment = Assignment.objects.get(employee=learner.employee, course=course)
    first, second, _third = modules_of(course)
    finish_module(assignment, first, ["counted-m1-ack1"])
    client.force_login(learner)
    page = client.get(reverse("courses:my_training")).text
    assert "In progress" in page
    assert "1 of 3 modules" in page
    assert f'href="{second.url}"' in page


def test_my_training_query_count_does_not_grow_with_courses(
    client, learner, django_assert_max_num_queries
):
    for number in range(4):
        CoursePageFactory(slug=f"many{number}", modules=3, required_for_all=True)
    client.force_login(learner)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("courses:my_training"))
    assert response.text.count("training-row") == 4


def test_learner_lands_on_my_training_after_login(client, learner):
    client.force_login(learner)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:my_training")
    nav = client.get(response["Location"]).text
    assert f'<a href="{reverse("courses:my_training")}" aria-current="page">' in nav


def test_what_is_still_to_do_comes_before_what_is_done(client, learner):
    """On PostgreSQL as on SQLite: a completed course is listed last."""
    done = CoursePageFactory(slug="done-first", modules=1, required_for_all=True)
    CoursePageFactory(slug="still-open", modules=1, required_for_all=True)
    assignment = Assignment.objects.get(employee=learner.employee, course=done)
    finish_module(assignment, modules_of(done)[0], ["done-first-m1-ack1"])
    client.force_login(learner)
    page = client.get(reverse("courses:my_training")).text
    assert "Completed on" in page
    assert page.index("still-open") < page.index("done-first")
