"""The policy registry: seeded from its files, citable, checked."""

import pytest

from lms.content_files import ContentError, load
from lms.policy import seed
from lms.policy.citations import CitationError, normalise, quote_problem, resolve
from lms.policy.models import SourceDocument, SourcePart, SourceStatus

pytestmark = pytest.mark.django_db

ED20_HEADINGS = [
    "Keeping immigrant Angelenos safe",
    "Providing equal access to City services to all Angelenos of any immigration "
    "status",
    "Protecting the security of immigrant Angelenos' data and information",
    "Engaging and empowering immigrant Angelenos",
    "Coordinating City actions for immigrants",
]
RESOLUTION_PARTS = [
    *(f"WHEREAS {n}" for n in range(1, 7)),
    "Section 1",
    *(f"Section 2A({n})" for n in range(1, 5)),
    "Section 2B",
    "Section 2C",
    "Section 3A",
    *(f"Section 3B({n})" for n in range(1, 4)),
    "Section 4",
]


@pytest.fixture
def registry():
    seed.run(password="unused", log=lambda message: None)


def test_registry_holds_both_documents_with_their_status_and_parts(registry):
    ed20 = SourceDocument.objects.get(slug="ed20")
    draft = SourceDocument.objects.get(slug="council-resolution")
    assert ed20.status == SourceStatus.IN_FORCE
    assert draft.status == SourceStatus.DRAFT
    assert "Do Not Circulate" in draft.handling_note
    assert set(ED20_HEADINGS + ["preamble"]) <= set(
        ed20.parts.values_list("key", flat=True)
    )
    assert set(RESOLUTION_PARTS) <= set(draft.parts.values_list("key", flat=True))
    assert all(part.is_heading for part in ed20.parts.filter(key__in=ED20_HEADINGS))


def test_part_texts_are_the_sources_words(registry):
    part = SourcePart.objects.get(document__slug="council-resolution", key="Section 2C")
    assert "nothing in this Section requires, prohibits or restricts" in part.text
    assert part.text.endswith(
        "This Section does not alter any existing confidentiality policies of the City."
    )
    preamble = SourcePart.objects.get(document__slug="ed20", key="preamble")
    assert "consistent with federal and state laws and court decisions" in preamble.text


def test_seeding_is_idempotent_and_keeps_an_administrators_edit(registry):
    part = SourcePart.objects.get(document__slug="ed20", key="closing")
    part.text = "Corrected by an administrator."
    part.save()
    SourceDocument.objects.filter(slug="council-resolution").update(status="superseded")
    count = SourcePart.objects.count()
    seed.run(password="unused", log=lambda message: None)
    assert SourcePart.objects.count() == count
    part.refresh_from_db()
    assert part.text == "Corrected by an administrator."
    assert SourceDocument.objects.get(slug="council-resolution").status == "superseded"


def test_citations_resolve_and_name_what_exists(registry):
    heading = ED20_HEADINGS[1]
    assert resolve(f"ed20 / {heading}").key == heading
    assert resolve(f"ed20 / {heading}").citation_text == (
        f"Executive Directive 20, “{heading}”"
    )
    assert resolve("council-resolution / WHEREAS 4").citation_text == (
        "City Council resolution (draft), WHEREAS 4"
    )
    with pytest.raises(CitationError, match="is not a part of “ed20”"):
        resolve("ed20 / Section 4, Z")
    with pytest.raises(CitationError, match="Did you mean: .*Section 2A\\(4\\)"):
        resolve("council-resolution / Section 2A4")
    with pytest.raises(CitationError, match="No source document “ed21”"):
        resolve("ed21 / preamble")
    with pytest.raises(CitationError, match="is not a citation"):
        resolve("Executive Directive 20, preamble")


def test_a_quote_is_checked_against_the_parts_exact_words(registry):
    part = SourcePart.objects.get(document__slug="ed20", key="preamble")
    assert (
        quote_problem("The City will not assist or cooperate with any effort", part)
        is None
    )
    # Line breaks and curly quotes do not matter; an ellipsis may skip words.
    assert (
        quote_problem("Since 1979, when the Chief\n of Police … Special Order 40", part)
        is None
    )
    assert quote_problem("It is “the engine of the Los Angeles economy”", part)
    problem = quote_problem("The City will not help with enforcement.", part)
    assert "not the exact wording" in problem
    assert normalise("<p>“a”  b</p>") == '"a" b'


def test_the_content_loader_names_the_line_of_a_duplicate_key(tmp_path):
    path = tmp_path / "doc.yaml"
    path.write_text("slug: a\ntitle: A\nslug: b\n")
    with pytest.raises(ContentError) as error:
        load(path)
    assert error.value.problems == [f"{path}:3: “slug” appears twice"]


def test_the_registry_loader_reports_problems_with_their_lines(tmp_path):
    path = tmp_path / "doc.yaml"
    path.write_text(
        "slug: new-ordinance\ntitle: An ordinance\nshort_name: Ordinance\n"
        "issuer: City Council\nstatus: adopted\nparts:\n  - key: Section 1\n"
        "  - key: Section 1\n    text: Words.\n"
    )
    with pytest.raises(ContentError) as error:
        seed.read(path)
    problems = error.value.problems
    assert f"{path}:5: status must be one of in_force, draft, superseded" in problems
    assert f"{path}:7: missing “text”" in problems
    assert f"{path}:8: two parts share the key “Section 1”" in problems
