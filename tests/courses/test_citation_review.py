"""A source changes: the report lists what cites it, and a course can be
versioned for recertification; the site setting hides draft proposals."""

import html

import pytest

from django.urls import reverse
from wagtail.models import Site

from courses import seed
from courses.models import CoursePage, ModulePage
from lms import roles
from lms.policy.models import PolicySourceSettings, SourceDocument, SourcePart
from lms.seed import seed_departments
from quizzes import seed as quiz_seed
from tests.lms.factories import make_user

pytestmark = pytest.mark.django_db

KEEPING_SAFE = "Keeping immigrant Angelenos safe"
REPORT = "courses_citation_review"


@pytest.fixture
def seeded():
    seed_departments()
    quiz_seed.run(password="unused", log=lambda message: None)
    seed.run(password="unused", log=lambda message: None)


def admin_client(client):
    client.force_login(make_user(roles.ADMINISTRATOR))
    return client


def report(client):
    response = client.get(reverse(REPORT))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def edit_part_text(client, part, text):
    response = client.post(
        reverse("wagtailsnippets_policy_sourcepart:edit", args=[part.pk]),
        {
            "document": part.document_id,
            "key": part.key,
            "is_heading": "on" if part.is_heading else "",
            "text": text,
            "sort_order": part.sort_order,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_nothing_to_review_until_a_source_changes(client, seeded):
    assert "Nothing to review" in report(admin_client(client))


def test_a_changed_part_lists_every_block_and_choice_citing_it(client, seeded):
    client = admin_client(client)
    part = SourcePart.objects.get(document__slug="ed20", key=KEEPING_SAFE)
    edit_part_text(client, part, part.text + " (as amended)")
    part.refresh_from_db()
    assert part.changed_at is not None
    page = report(client)
    assert "City money, resources and facilities" in page  # a module citing it
    assert "An agent at the staff door" in page  # a quiz question citing it
    assert "Text changed" in page
    # A part nobody's change touched is not listed.
    assert "Personally Identifiable Information" not in page

    # Approving a revised module takes its blocks off the list.
    module = ModulePage.objects.get(slug="city-resources-and-facilities")
    module.save_revision().publish()
    assert "City money, resources and facilities" not in report(client)


def test_a_status_change_lists_citing_content_and_the_course_can_be_versioned(
    client, seeded
):
    client = admin_client(client)
    document = SourceDocument.objects.get(slug="ed20")
    response = client.post(
        reverse("wagtailsnippets_policy_sourcedocument:edit", args=[document.pk]),
        {
            "title": document.title,
            "slug": document.slug,
            "short_name": document.short_name,
            "issuer": document.issuer,
            "issued_on": document.issued_on.isoformat(),
            "status": "superseded",
            "superseded_by": "",
            "handling_note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = report(client)
    assert "Document now superseded" in page
    assert "Collect only what you need" in page
    course = CoursePage.objects.get(slug="data")
    assert course.version_label == "1.0"
    response = client.post(reverse("courses_version_bump", args=[course.pk]))
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.get_latest_revision_as_object().version_label == "1.1"
    assert course.version_label == "1.0"  # live only once approved


def test_a_trainer_reads_the_registry_and_the_report_but_cannot_edit_a_source(
    client, seeded
):
    client.force_login(make_user(roles.TRAINER))
    assert client.get(reverse(REPORT)).status_code == 200
    part = SourcePart.objects.get(document__slug="ed20", key="preamble")
    listing = client.get(reverse("wagtailsnippets_policy_sourcepart:list"))
    assert listing.status_code == 200
    response = client.get(
        reverse("wagtailsnippets_policy_sourcepart:edit", args=[part.pk])
    )
    assert response.status_code in (302, 403) or "readonly" in response.content.decode()
    client.post(
        reverse("wagtailsnippets_policy_sourcepart:edit", args=[part.pk]),
        {"document": part.document_id, "key": part.key, "text": "Changed."},
    )
    part.refresh_from_db()
    assert part.text != "Changed."


def test_draft_proposals_are_hidden_unless_the_site_setting_allows_them(seeded):
    module = ModulePage.objects.get(slug="the-draft-council-resolution")
    proposal = "bias-free policing"
    page = module.make_preview_request().render().content.decode()
    assert "About the City Council resolution" in page
    assert proposal not in page
    settings = PolicySourceSettings.for_site(Site.objects.get(is_default_site=True))
    settings.show_draft_proposals = True
    settings.save()
    page = module.make_preview_request().render().content.decode()
    assert proposal in page
    assert "not adopted, not City policy" in page
