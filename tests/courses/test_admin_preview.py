"""A trainer's preview and a broken rich-text value give the admin's own pages."""

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses import seed
from courses.models import CoursePage, ModulePage
from lms import roles
from lms.seed import seed_departments
from tests.lms.factories import make_user

pytestmark = pytest.mark.django_db


def form_data(html, form_id="page-edit-form"):
    """What the browser would send from the page's form, untouched."""
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button", "file"}:
            continue
        if field.get("type") in {"checkbox", "radio"} and not field.has_attr("checked"):
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", "") if chosen else ""
        else:
            data[name] = field.get("value", "")
    return data


@pytest.fixture
def course():
    """A seeded course, in the tree where trainers have their page permissions."""
    seed_departments()
    seed.run(password="unused", log=lambda message: None)
    return CoursePage.objects.get(slug="so40")


def live_count(course):
    return ModulePage.objects.child_of(course).live().count()


@pytest.fixture
def trainer_client(client):
    client.force_login(make_user(roles.TRAINER))
    return client


def new_module_form(trainer_client, course, body_text=None, **values):
    add_url = reverse(
        "wagtailadmin_pages:add", args=["courses", "modulepage", course.pk]
    )
    data = form_data(trainer_client.get(add_url).text)
    # The editor builds the body's fields in the browser; send what it would.
    body = [
        ("rich_text", body_text or rich_text("<p>Note the agent's name and badge.</p>"))
    ]
    data.update(nested_form_data({"body": streamfield(body)}))
    data.update(values)
    return add_url, data


def test_preview_of_a_new_unsaved_module_numbers_it_where_it_will_be(
    trainer_client, course
):
    total = live_count(course) + 1
    _add_url, data = new_module_form(
        trainer_client, course, title="What to write down", slug="what-to-write-down"
    )
    preview_url = reverse(
        "wagtailadmin_pages:preview_on_add", args=["courses", "modulepage", course.pk]
    )
    checked = trainer_client.post(preview_url, data)
    assert checked.status_code == 200
    assert checked.json()["is_valid"] is True, checked.json()
    response = trainer_client.get(preview_url)
    assert response.status_code == 200
    html = response.text
    assert "What to write down" in html
    assert f"Module {total} of {total}" in html
    assert "Mark as done" not in html


def test_preview_of_a_draft_module_counts_it_among_the_live_ones(course):
    total = live_count(course)
    draft = ModulePage.objects.child_of(course).last()
    draft.unpublish()
    response = draft.make_preview_request()
    assert response.status_code == 200
    assert f"Module {total} of {total}" in response.text


def test_rich_text_that_is_not_editor_data_is_refused_with_a_message(
    trainer_client, course
):
    add_url, data = new_module_form(
        trainer_client,
        course,
        title="Pasted by hand",
        slug="pasted-by-hand",
        body_text="<p>Not the editor's data</p>",
    )
    before = ModulePage.objects.count()
    response = trainer_client.post(add_url, data)
    assert response.status_code == 200
    assert "could not be read" in response.text
    assert ModulePage.objects.count() == before
    assert CoursePage.objects.filter(pk=course.pk).exists()
