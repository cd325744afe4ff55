"""A module added to a course that people completed: they stay certified unless
the publisher ticks "requires recertification", and the editor says how many."""

from datetime import UTC, datetime

import pytest
import time_machine

from django.urls import reverse

from courses import seed
from courses.models import Assignment
from courses.selectors.training import my_training
from courses.status import Status
from lms import roles
from tests.courses.factories import (
    AssignmentFactory,
    CoursePageFactory,
    ModulePageFactory,
    complete,
    training_home,
)
from tests.courses.test_admin_preview import form_data
from tests.lms.factories import make_user

pytestmark = pytest.mark.django_db

EARLIER = datetime(2026, 3, 2, 18, tzinfo=UTC)


@pytest.fixture
def certified():
    with time_machine.travel(EARLIER, tick=False):
        course = CoursePageFactory(slug="ed20", title="ED20 basics", modules=3)
        return complete(AssignmentFactory(course=course))


def test_an_added_module_leaves_holders_certified_and_complete(client, certified):
    ModulePageFactory(course=certified.course, number=4)
    [row] = my_training(user=certified.employee.user)
    assert row.state.status == Status.CERTIFIED
    client.force_login(certified.employee.user)
    html = client.get(certified.course.url).text
    assert "4 of 4 modules done" in html
    assert "3 of 4" not in html


def test_a_module_marked_requires_recertification_opens_a_new_cycle(certified):
    ModulePageFactory(course=certified.course, number=4, recertify_holders=True)
    cycles = Assignment.objects.filter(
        employee=certified.employee, course=certified.course
    )
    assert cycles.count() == 2
    renewal = cycles.current().get()
    assert renewal.pk != certified.pk and renewal.completed_at is None
    [row] = my_training(user=certified.employee.user)
    assert row.state.status == Status.RECERTIFICATION_DUE


def test_republishing_that_module_asks_nobody_twice(certified):
    module = ModulePageFactory(
        course=certified.course, number=4, recertify_holders=True
    )
    renewal = Assignment.objects.current().get(employee=certified.employee)
    complete(renewal)
    module.save_revision().publish()
    assert Assignment.objects.filter(employee=certified.employee).count() == 2


def test_the_editor_says_how_many_learners_a_new_module_concerns(client, certified):
    seed.page_permissions(training_home())
    client.force_login(make_user(roles.TRAINER))
    course = certified.course
    add_url = reverse(
        "wagtailadmin_pages:add", args=["courses", "modulepage", course.pk]
    )
    html = client.get(add_url).text
    assert 'data-publish-impact="1"' in html
    assert "1 learner holds a certificate of this course issued before this module" in (
        " ".join(html.split())
    )
    assert form_data(html)  # the editor's form is there to publish from


def test_publishing_says_what_it_did_to_the_holders(client, certified):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    seed.page_permissions(training_home())
    client.force_login(make_user(roles.ADMINISTRATOR))
    course = certified.course
    add_url = reverse(
        "wagtailadmin_pages:add", args=["courses", "modulepage", course.pk]
    )
    data = form_data(client.get(add_url).text)
    body = [("rich_text", rich_text("<p>Write down the agent's badge number.</p>"))]
    data.update(nested_form_data({"body": streamfield(body)}))
    data.update(
        title="Badge numbers", slug="badge-numbers", **{"action-publish": "publish"}
    )
    response = client.post(add_url, data, follow=True)
    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    assert (
        "1 learner certified before this module stays certified until their next "
        "cycle." in shown
    ), shown
    assert course.get_children().live().filter(slug="badge-numbers").exists()
