"""Trainers author in the Wagtail admin: edit forms, preview, citation checks."""

import html

import pytest

from django.urls import reverse
from wagtail.blocks import StreamBlockValidationError
from wagtail.test.utils.form_data import nested_form_data, streamfield

from courses import seed
from courses.blocks import ModuleBodyBlock
from courses.models import CoursePage, ModulePage
from lms import roles
from lms.seed import seed_departments
from tests.lms.factories import SourceDocumentFactory, SourcePartFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    seed_departments()
    seed.run(password="unused", log=lambda message: None)


def test_trainer_opens_course_and_module_editors(client, seeded):
    trainer = make_user(roles.TRAINER)
    client.force_login(trainer)
    course = CoursePage.objects.get(slug="so40")
    module = ModulePage.objects.child_of(course).first()
    for page in (course, module):
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page
    response = client.get(
        reverse("wagtailadmin_pages:add", args=["courses", "modulepage", course.pk])
    )
    assert response.status_code == 200


def test_preview_of_a_module_renders_without_an_assignment(seeded):
    module = ModulePage.objects.get(slug="special-order-40")
    response = module.make_preview_request()
    assert response.status_code == 200
    assert "Special Order 40" in response.content.decode()


def part(key, status="in_force", text="The words of the part."):
    document = SourceDocumentFactory(slug=f"doc-{status}", status=status)
    return SourcePartFactory(document=document, key=key, text=text)


def block_errors(block_type, value):
    body = ModuleBodyBlock()
    with pytest.raises(StreamBlockValidationError) as error:
        body.clean(body.to_python([{"type": block_type, "value": value}]))
    return str(error.value.as_json_data())


def test_a_rule_citing_a_part_that_does_not_exist_is_refused():
    errors = block_errors("key_rule", {"rule": "Be kind.", "cite": 999999})
    assert "Cite a part of a source in the policy registry" in errors


def test_a_rule_citing_a_draft_is_refused_and_a_proposal_must_cite_one():
    draft = part("Section 2A(1)", status="draft")
    errors = block_errors("key_rule", {"rule": "Be kind.", "cite": draft.pk})
    assert "not in force" in errors and "Council proposal" in errors
    in_force = part("Keeping immigrant Angelenos safe")
    errors = block_errors(
        "council_proposal", {"summary": "<p>The draft would…</p>", "cite": in_force.pk}
    )
    assert "is not from a draft" in errors


def test_an_excerpt_must_be_the_parts_exact_words():
    cited = part(
        "preamble", text="The City will not assist or cooperate with “any” effort."
    )
    body = ModuleBodyBlock()
    verbatim = {"quote": 'The City will not assist or\n cooperate with "any" effort.'}
    body.clean(
        body.to_python(
            [{"type": "policy_excerpt", "value": {**verbatim, "cite": cited.pk}}]
        )
    )
    errors = block_errors(
        "policy_excerpt",
        {"quote": "The City will not help any effort.", "cite": cited.pk},
    )
    assert "not the exact wording" in errors


def test_page_editor_refuses_a_citation_to_a_missing_part(client, seeded):
    """Through the Wagtail page editor, as a trainer submits a module for review
    (Wagtail lets a draft be saved with required fields still empty)."""
    client.force_login(make_user(roles.TRAINER))
    module = ModulePage.objects.get(slug="special-order-40")
    data = nested_form_data(
        {
            "title": module.title,
            "slug": module.slug,
            "introduction": module.introduction,
            "body": streamfield(
                [("key_rule", {"rule": "Section 4, Z says so.", "cite": 999999})]
            ),
            "action-submit": "Submit to Policy review",
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[module.pk]), data)
    assert response.status_code == 200
    assert "Cite a part of a source in the policy registry" in html.unescape(
        response.content.decode()
    )
    module.refresh_from_db()
    assert "Section 4, Z" not in str(module.body.raw_data)


def test_every_block_has_an_icon_and_template_and_renders_its_preview():
    body = ModuleBodyBlock()
    for name, block in body.child_blocks.items():
        meta = block.meta
        assert meta.icon and meta.template, name
        if getattr(meta, "preview_value", None) is None:
            continue  # a citing block's preview needs a part from the registry
        rendered = block.render(block.normalize(meta.preview_value))
        if name == "council_proposal":
            assert rendered.strip() == ""  # hidden unless the site allows drafts
        else:
            assert rendered.strip(), name
