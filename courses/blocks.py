"""StreamField blocks for course modules.

Every block that states a rule carries its source document and section, so a
learner (and an auditor) can always see where a rule comes from. The Council
resolution is a draft: its document choice says so, and it is never merged with
the Mayor's directive into one unsourced rule.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from lms import rich_text


class SourceDocument(models.TextChoices):
    """The policy texts the courses teach (shared/policy/).

    Special Order 40, the ICE detainer policy and Policy IT-017 are known only
    through Executive Directive 20, so rules about them cite the directive.
    """

    ED20 = "ed20", _("Executive Directive 20 (Mayor, March 21, 2017)")
    RESOLUTION = "resolution", _("City Council resolution (draft, not adopted)")


# How a citation reads in a sentence.
SOURCE_SHORT_NAMES = {
    SourceDocument.ED20: "Executive Directive 20",
    SourceDocument.RESOLUTION: "City Council resolution (draft)",
}

# The sections each document has. Executive Directive 20 has no numbered
# sections: its orders are grouped under italic headings, and the preamble
# before them lists the Police Department's policies. The draft resolution numbers
# Sections 1-4, with lettered and numbered items in Section 2 ("Section 2, A(3)").
KNOWN_SECTIONS = {
    SourceDocument.ED20: (
        "Preamble",
        "Police Department policies",
        "Keeping immigrant Angelenos safe",
        "Providing equal access to City services",
        "Protecting the security of immigrant Angelenos' data and information",
        "Engaging and empowering immigrant Angelenos",
        "Coordinating City actions for immigrants",
    ),
    SourceDocument.RESOLUTION: ("Section 1", "Section 2", "Section 3", "Section 4"),
}


def is_known_section(source, section):
    """True if ``section`` names a section of ``source`` (optionally a sub-item)."""
    for known in KNOWN_SECTIONS.get(source, ()):
        if section == known or section.startswith((known + ",", known + " (")):
            return True
    return False


def citation_text(source, section):
    name = SOURCE_SHORT_NAMES.get(source, source)
    if not section:
        return name
    if source == SourceDocument.ED20:
        # Quote the heading only: Executive Directive 20, "Heading" (detail)
        heading, bracket, detail = section.partition(" (")
        return f"{name}, “{heading}”" + (f" ({detail}" if bracket else "")
    return f"{name}, {section}"


class CitationValue(blocks.StructValue):
    @property
    def text(self):
        if not self.get("source"):
            return ""
        return citation_text(self.get("source"), self.get("section"))


class CitationBlock(blocks.StructBlock):
    """Where a rule comes from: a known document and its section."""

    source = blocks.ChoiceBlock(
        choices=SourceDocument.choices,
        label=_("Source document"),
        help_text=_("The document the rule comes from."),
    )
    section = blocks.CharBlock(
        max_length=120,
        label=_("Section"),
        help_text=_(
            "As the document names it: 'Section 2, A(3)' for the draft "
            "resolution, or an ED20 heading such as 'Keeping immigrant "
            "Angelenos safe' (add a detail in brackets if useful)."
        ),
    )

    def clean(self, value):
        value = super().clean(value)
        source, section = value.get("source"), (value.get("section") or "").strip()
        if source and section and not is_known_section(source, section):
            known = ", ".join(KNOWN_SECTIONS.get(source, ()))
            raise blocks.StructBlockValidationError(
                block_errors={
                    "section": ValidationError(
                        _("Not a section of this document. Use one of: %(known)s.")
                        % {"known": known}
                    )
                }
            )
        return value

    class Meta:
        icon = "link"
        template = "courses/blocks/citation.html"
        preview_value = {
            "source": SourceDocument.RESOLUTION,
            "section": "Section 2, A(3)",
        }
        form_classname = "citation-block"
        value_class = CitationValue


class SourceValue(blocks.StructValue):
    @property
    def document_label(self):
        return dict(SourceDocument.choices).get(self.get("document"), "")


class SourceBlock(blocks.StructBlock):
    """A document a course teaches, for the course page's list of sources."""

    document = blocks.ChoiceBlock(choices=SourceDocument.choices, label=_("Document"))
    note = blocks.CharBlock(
        required=False,
        max_length=200,
        label=_("Note"),
        help_text=_("Which parts the course covers, e.g. 'Section 2'."),
    )

    class Meta:
        icon = "doc-full-inverse"
        template = "courses/blocks/source.html"
        preview_value = {"document": SourceDocument.ED20, "note": "Whole directive"}
        label = _("Source document")
        value_class = SourceValue


class RichTextSectionBlock(blocks.RichTextBlock):
    def clean(self, value):
        rich_text.readable(value)
        return super().clean(value)

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/rich_text.html"
        preview_value = "<p>Why this matters to the residents you serve.</p>"
        label = _("Rich text")


class PolicyExcerptBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=200, label=_("Heading"))
    excerpt = blocks.RichTextBlock(
        features=["bold", "italic", "ol", "ul"],
        label=_("Excerpt"),
        help_text=_(
            "A short passage in plain words. Quote the source only where the exact "
            "wording matters."
        ),
    )
    citation = CitationBlock()

    def clean(self, value):
        if rich_text.unreadable_in(value.get("excerpt")):
            try:
                rich_text.readable(value.get("excerpt"))
            except ValidationError as error:
                raise blocks.StructBlockValidationError(
                    block_errors={"excerpt": error}
                ) from None
        return super().clean(value)

    class Meta:
        icon = "openquote"
        template = "courses/blocks/policy_excerpt.html"
        preview_value = {
            "heading": "Keeping immigrant Angelenos safe",
            "excerpt": "<p>No City employee grants an immigration agent access to a "
            "non-public City facility unless the law requires it.</p>",
            "citation": {
                "source": "ed20",
                "section": "Keeping immigrant Angelenos safe",
            },
        }
        label = _("Policy excerpt")


class KeyRuleBlock(blocks.StructBlock):
    rule = blocks.TextBlock(
        label=_("Rule"), help_text=_("One rule, in one or two plain sentences.")
    )
    citation = CitationBlock()

    class Meta:
        icon = "warning"
        template = "courses/blocks/key_rule.html"
        preview_value = {
            "rule": "Never ask about a person's immigration status to provide a "
            "City service.",
            "citation": {
                "source": "ed20",
                "section": "Protecting the security of immigrant Angelenos' "
                "data and information",
            },
        }
        label = _("Key rule")


class DoDontBlock(blocks.StructBlock):
    do = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Do"))
    dont = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Don't"))
    citation = CitationBlock(required=False)

    class Meta:
        icon = "list-ul"
        template = "courses/blocks/do_dont.html"
        preview_value = {
            "do": ["Serve everyone who is eligible."],
            "dont": ["Ask for papers the service does not need."],
            "citation": {
                "source": "ed20",
                "section": "Providing equal access to City services",
            },
        }
        label = _("Do and don't")


class ScriptBlock(blocks.StructBlock):
    situation = blocks.CharBlock(
        max_length=300, label=_("Situation"), help_text=_("When to use this script.")
    )
    script = blocks.TextBlock(label=_("What to say"))
    citation = CitationBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "courses/blocks/script.html"
        preview_value = {
            "situation": "A visitor asks whether you will report them.",
            "script": "We don't ask about immigration status here. Let's get you "
            "the help you came for.",
            "citation": {
                "source": "ed20",
                "section": "Protecting the security of immigrant Angelenos' "
                "data and information",
            },
        }
        label = _("What to say")


class ScenarioQuizBlock(blocks.StructBlock):
    quiz = SnippetChooserBlock("quizzes.Quiz", label=_("Scenario quiz"))
    introduction = blocks.TextBlock(required=False, label=_("Introduction"))

    class Meta:
        icon = "help"
        template = "courses/blocks/scenario_quiz.html"
        preview_value = {"introduction": "Try a short scenario."}
        label = _("Scenario quiz")


class AcknowledgementBlock(blocks.StructBlock):
    """A statement the learner must tick; identified by the stream block's id."""

    statement = blocks.TextBlock(
        label=_("Statement"),
        help_text=_(
            "Starts 'I have read and understood …'. The learner must tick it "
            "to finish the module. Changing the text asks everyone again only "
            "in the next cycle; keep it stable."
        ),
    )

    class Meta:
        icon = "tick-inverse"
        template = "courses/blocks/acknowledgement.html"
        preview_value = {
            "statement": "I have read and understood how Executive Directive 20 "
            "applies to my work."
        }
        label = _("Acknowledgement")


class ModuleBodyBlock(blocks.StreamBlock):
    rich_text = RichTextSectionBlock()
    policy_excerpt = PolicyExcerptBlock()
    key_rule = KeyRuleBlock()
    do_dont = DoDontBlock()
    script = ScriptBlock()
    scenario_quiz = ScenarioQuizBlock()
    acknowledgement = AcknowledgementBlock()

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/module_body.html"
        preview_value = []
