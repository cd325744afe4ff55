"""Wagtail's site and its root page kept between requests (with a shared
cache): two queries fewer on every course and module page, and a change to a
site or a page is served at once."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from courses.services import assignments
from lms import roles
from tests.courses.factories import CoursePageFactory, modules_of, training_home
from tests.lms.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def module():
    course = CoursePageFactory(slug="kept", modules=2, required_for_all=True)
    return modules_of(course)[0]


@pytest.fixture
def learner_client(client, module, settings):
    """A learner of the module's course, with the sites cached."""
    settings.SITES_CACHED = True
    user = make_user(roles.LEARNER)
    client.force_login(user)
    assignments.courses_assign_by_rules(employee_ids=[user.employee.pk])
    return client


def page_and_queries(client, url):
    """The page at ``url`` and the SQL of its queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.text, [query["sql"] for query in queries]


def reads_sites(queries):
    return any('FROM "wagtailcore_site"' in sql for sql in queries)


def test_a_kept_site_serves_the_same_page_with_two_queries_fewer(
    learner_client, module, settings
):
    url = module.url
    page_and_queries(learner_client, url)  # finds the site and keeps it
    kept, kept_queries = page_and_queries(learner_client, url)
    settings.SITES_CACHED = False
    read, read_queries = page_and_queries(learner_client, url)
    heading = f"<h1>{module.title}</h1>"
    assert heading in kept and heading in read
    assert len(read_queries) - len(kept_queries) == 2
    assert reads_sites(read_queries) and not reads_sites(kept_queries)


def test_a_republished_root_page_is_served_at_once(learner_client):
    page_and_queries(learner_client, "/training/")
    home = training_home()
    home.title = "Training for City staff"
    home.save_revision().publish()
    page, _ = page_and_queries(learner_client, "/training/")
    assert "<h1>Training for City staff</h1>" in page


def test_a_site_moved_to_another_host_is_no_longer_served_here(learner_client, module):
    url = module.url
    page_and_queries(learner_client, url)
    site = Site.objects.get()
    site.hostname, site.is_default_site = "elsewhere.example", False
    site.save()
    assert learner_client.get(url).status_code == 404


def test_without_a_shared_cache_nothing_is_kept(learner_client, module, settings):
    settings.SITES_CACHED = False
    url = module.url
    page_and_queries(learner_client, url)
    _, again = page_and_queries(learner_client, url)
    assert reads_sites(again)
