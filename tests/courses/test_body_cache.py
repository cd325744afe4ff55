"""A module's body is rendered once and kept (with a shared cache), and what it
shows is never out of date: a corrected source, a republished module or a
preview shows at once, and nothing of one learner's reaches another's page."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Assignment
from courses.services import assignments
from lms import roles
from tests.courses.factories import CoursePageFactory, modules_of
from tests.lms.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def bodies_cached(settings):
    settings.MODULE_BODIES_CACHED = True


@pytest.fixture
def module():
    course = CoursePageFactory(slug="kept", modules=2, required_for_all=True)
    return modules_of(course)[0].specific


def learner():
    user = make_user(roles.LEARNER)
    assignments.courses_assign_by_rules(employee_ids=[user.employee.pk])
    return user


def signed_in(client):
    client.force_login(learner())
    return client


def page_and_queries(client, module):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(module.url)
    assert response.status_code == 200
    return response.text, len(queries)


def reload_queries(client, module):
    """A new learner opens the module, then reloads it: the reload's queries."""
    signed_in(client)
    page_and_queries(client, module)
    text, queries = page_and_queries(client, module)
    client.logout()
    return text, queries


def test_the_body_is_rendered_once_for_every_learner(client, module, settings):
    page_and_queries(signed_in(client), module)  # the first learner's visit
    client.logout()
    kept, kept_queries = reload_queries(client, module)
    settings.MODULE_BODIES_CACHED = False
    rendered, rendered_queries = reload_queries(client, module)
    part = module.body[0].value["cite"]
    for page in (kept, rendered):
        assert "Do the right thing." in page and part.citation_text in page
    # The kept body does not read the parts it cites again.
    assert kept_queries < rendered_queries


def test_nothing_of_one_learners_progress_reaches_anothers_page(client, module):
    first = learner()
    client.force_login(first)
    assignment = Assignment.objects.get(employee=first.employee)
    acks = [block.id for block in module.acknowledgement_blocks()]
    done_url = reverse("courses:module_done", args=[module.pk])
    client.post(done_url, {"acknowledged": acks})
    assert assignment.module_progress.filter(module=module).exists()
    assert "You have finished this module." in client.get(module.url).text

    client.logout()
    other = signed_in(client).get(module.url).text
    assert "You have finished this module." not in other
    assert 'name="acknowledged"' in other


def test_a_corrected_source_shows_at_once(client, module):
    client = signed_in(client)
    part = module.body[0].value["cite"]
    assert part.document.short_name in client.get(module.url).text
    part.document.short_name = "Executive Directive No. 20 (corrected)"
    part.document.save()
    assert "Executive Directive No. 20 (corrected)" in client.get(module.url).text


def test_a_republished_module_shows_its_new_body(client, module):
    client = signed_in(client)
    assert "Do the right thing." in client.get(module.url).text
    module.body[0].value["rule"] = "Ask your supervisor first."
    module.save_revision().publish()
    page = client.get(module.url).text
    assert "Ask your supervisor first." in page
    assert "Do the right thing." not in page


def test_a_preview_shows_the_draft_and_leaves_the_kept_body_alone(client, module):
    client = signed_in(client)
    assert "Do the right thing." in client.get(module.url).text
    module.body[0].value["rule"] = "A draft rule, not yet reviewed."
    preview = module.make_preview_request()
    assert "A draft rule, not yet reviewed." in preview.content.decode()
    live = client.get(module.url).text
    assert "Do the right thing." in live
    assert "A draft rule, not yet reviewed." not in live
