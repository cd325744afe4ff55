"""Search the training by words, from the search page or a "not found" page."""

import pytest

from django.urls import reverse

from lms import roles
from tests.courses.factories import CoursePageFactory
from tests.lms.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner_client(client):
    client.force_login(make_user(roles.LEARNER))
    return client


def test_search_finds_a_live_course_by_a_word_of_its_title(learner_client):
    CoursePageFactory(slug="ed20", title="Immigration enforcement basics")
    CoursePageFactory(slug="data", title="Handling residents' personal data")
    html = learner_client.get(reverse("courses:search"), {"q": "immigration"}).text
    assert "Immigration enforcement basics" in html
    assert "personal data" not in html.split("search-results", 1)[1]
    assert "1 page matches" in html


def test_no_match_says_so_and_suggests_other_words(learner_client):
    CoursePageFactory(slug="ed20", title="Immigration enforcement basics")
    html = learner_client.get(reverse("courses:search"), {"q": "zebra"}).text
    assert "No course or module matches “zebra”" in html


def test_an_empty_or_overlong_query_is_answered_calmly(learner_client):
    assert learner_client.get(reverse("courses:search")).status_code == 200
    response = learner_client.get(reverse("courses:search"), {"q": "x" * 5000})
    assert response.status_code == 200


def test_a_draft_course_is_not_found(learner_client):
    course = CoursePageFactory(slug="draft", title="Unpublished detainer course")
    course.unpublish()
    html = learner_client.get(reverse("courses:search"), {"q": "detainer"}).text
    assert "Unpublished detainer course" not in html
