"""Trainers author in the Wagtail admin: edit forms, preview, citation checks."""

import pytest

from django.urls import reverse
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from courses import seed
from courses.blocks import CitationBlock, ModuleBodyBlock
from courses.models import CoursePage, ModulePage
from lms import roles
from lms.seed import seed_departments
from tests.lms.factories import make_user

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


def test_citation_must_name_a_section_of_its_document():
    block = CitationBlock()
    assert block.clean({"source": "resolution", "section": "Section 2, A(3)"})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean({"source": "resolution", "section": "Section 9"})
    assert "Not a section of this document" in str(error.value.block_errors)


def test_module_body_refuses_a_rule_without_citation():
    body = ModuleBodyBlock()
    value = body.to_python(
        [{"type": "key_rule", "value": {"rule": "Be kind.", "citation": {}}}]
    )
    with pytest.raises(StreamBlockValidationError):
        body.clean(value)


def test_every_block_renders_its_preview_value():
    body = ModuleBodyBlock()
    for name, block in body.child_blocks.items():
        meta = block.meta
        assert meta.icon and meta.template, name
        html = block.render(block.normalize(meta.preview_value))
        assert html.strip(), name
        if "citation" in getattr(block, "child_blocks", {}):
            assert "Source:" in html, name
