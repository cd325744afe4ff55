"""StreamField blocks for course modules.

Every block that states a rule cites a part of a source in the policy registry
(:mod:`lms.policy`), chosen rather than typed, so a citation always names a
part that exists. What a block may cite depends on what it claims:

- a key rule, a plain-words summary or a policy excerpt states what applies
  now, so it cites a source **in force**; an excerpt must also be that part's
  exact words;
- a Council proposal teaches a **draft**'s provisions as the Council's
  proposal, and is hidden unless the site's policy-source settings allow it;
- City practice and general legal background are labelled as not from the
  directive and cite nothing.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.models import Site
from wagtail.snippets.blocks import SnippetChooserBlock

from lms import rich_text
from lms.policy.blocks import SourcePartChooserBlock, cite_status_error
from lms.policy.citations import quote_problem
from lms.policy.models import PolicySourceSettings, SourceStatus

IN_FORCE = SourceStatus.IN_FORCE


class SourceBlock(blocks.StructBlock):
    """A document a course teaches, for the course page's list of sources."""

    document = SnippetChooserBlock("policy.SourceDocument", label=_("Document"))
    note = blocks.CharBlock(
        required=False,
        max_length=200,
        label=_("Note"),
        help_text=_("Which parts the course covers."),
    )

    class Meta:
        icon = "doc-full-inverse"
        template = "courses/blocks/source.html"
        label = _("Source document")


class CheckedRichTextBlock(blocks.RichTextBlock):
    """Rich text whose editor data could not be read is refused with a message."""

    def clean(self, value):
        rich_text.readable(value)
        return super().clean(value)


class RichTextSectionBlock(CheckedRichTextBlock):
    class Meta:
        icon = "doc-full"
        template = "courses/blocks/rich_text.html"
        preview_value = "<p>Why this matters to the residents you serve.</p>"
        label = _("Rich text")


class _CitesInForce(blocks.StructBlock):
    """A block that states what applies now: it cites a source in force."""

    def clean(self, value):
        value = super().clean(value)
        if value.get("cite") is not None:
            cite_status_error(value, name="cite", wanted=IN_FORCE)
        return value


class PolicyExcerptBlock(_CitesInForce):
    heading = blocks.CharBlock(required=False, max_length=200, label=_("Heading"))
    quote = blocks.TextBlock(
        label=_("Exact words"),
        help_text=_(
            "The source's own words, exactly; leave words out with “…”. "
            "Checked against the cited part's text. Paraphrase belongs in a "
            "plain-words summary."
        ),
    )
    cite = SourcePartChooserBlock()

    def clean(self, value):
        value = super().clean(value)
        problem = quote_problem(value.get("quote", ""), value["cite"])
        if problem:
            raise blocks.StructBlockValidationError(
                block_errors={"quote": ValidationError(problem)}
            )
        return value

    class Meta:
        icon = "openquote"
        template = "courses/blocks/policy_excerpt.html"
        label = _("Policy excerpt (exact words)")


class SummaryBlock(_CitesInForce):
    heading = blocks.CharBlock(required=False, max_length=200, label=_("Heading"))
    summary = CheckedRichTextBlock(
        features=["bold", "italic", "ol", "ul"],
        label=_("In plain words"),
        help_text=_("What the cited part says, in your words; keep its qualifiers."),
    )
    cite = SourcePartChooserBlock()

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/summary.html"
        preview_value = {"summary": "<p>What the cited part says, plainly.</p>"}
        label = _("Plain-words summary")


class KeyRuleBlock(_CitesInForce):
    rule = blocks.TextBlock(
        label=_("Rule"), help_text=_("One rule, in one or two plain sentences.")
    )
    cite = SourcePartChooserBlock()

    class Meta:
        icon = "warning"
        template = "courses/blocks/key_rule.html"
        label = _("Key rule")


class DoDontBlock(_CitesInForce):
    do = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Do"))
    dont = blocks.ListBlock(blocks.CharBlock(max_length=300), label=_("Don't"))
    cite = SourcePartChooserBlock(
        required=False,
        help_text=_(
            "Only if every item comes from this part; otherwise use a City "
            "practice block."
        ),
    )

    class Meta:
        icon = "list-ul"
        template = "courses/blocks/do_dont.html"
        preview_value = {
            "do": ["Serve everyone who is eligible."],
            "dont": ["Ask for papers the service does not need."],
        }
        label = _("Do and don't")


class ScriptBlock(_CitesInForce):
    situation = blocks.CharBlock(
        max_length=300, label=_("Situation"), help_text=_("When to use this script.")
    )
    script = blocks.TextBlock(label=_("What to say"))
    cite = SourcePartChooserBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "courses/blocks/script.html"
        preview_value = {
            "situation": "A visitor asks whether you will report them.",
            "script": "I'm here to help you with the service you came for.",
        }
        label = _("What to say")


class CouncilProposalBlock(blocks.StructBlock):
    """A draft's provision, taught as the Council's proposal and nothing more."""

    heading = blocks.CharBlock(required=False, max_length=200, label=_("Heading"))
    summary = CheckedRichTextBlock(
        features=["bold", "italic", "ol", "ul"],
        label=_("What the draft proposes"),
        help_text=_("In plain words, as a proposal ('the draft would …')."),
    )
    cite = SourcePartChooserBlock()

    def clean(self, value):
        value = super().clean(value)
        cite_status_error(value, name="cite", wanted=SourceStatus.DRAFT)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["shown"] = show_draft_proposals((parent_context or {}).get("request"))
        return context

    class Meta:
        icon = "help"
        template = "courses/blocks/council_proposal.html"
        preview_value = {"summary": "<p>The draft would …</p>"}
        label = _("Council proposal (draft, hidden unless allowed)")


def show_draft_proposals(request) -> bool:
    """Whether this site shows Council proposal blocks (off unless set)."""
    if request is not None:
        return PolicySourceSettings.for_request(request).show_draft_proposals
    site = Site.objects.filter(is_default_site=True).first()
    return bool(site and PolicySourceSettings.for_site(site).show_draft_proposals)


class NotFromSourceBlock(blocks.StructBlock):
    """Guidance the sources do not contain, labelled so it is never mistaken
    for the directive: department practice, or general legal background."""

    kind = blocks.ChoiceBlock(
        choices=[
            ("practice", _("City practice — not from the directive")),
            ("legal", _("General legal information — not from the directive")),
        ],
        default="practice",
        label=_("Kind"),
    )
    heading = blocks.CharBlock(required=False, max_length=200, label=_("Heading"))
    body = CheckedRichTextBlock(
        features=["bold", "italic", "ol", "ul", "link"], label=_("Text")
    )

    class Meta:
        icon = "info-circle"
        template = "courses/blocks/not_from_source.html"
        preview_value = {"kind": "practice", "body": "<p>Call your supervisor.</p>"}
        label = _("City practice or legal background (not from the directive)")


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


# Block types whose ``cite`` is a citation, for loaders, tests and the report.
CITING_BLOCKS = (
    "policy_excerpt",
    "summary",
    "key_rule",
    "do_dont",
    "script",
    "council_proposal",
)


class ModuleBodyBlock(blocks.StreamBlock):
    rich_text = RichTextSectionBlock()
    summary = SummaryBlock()
    policy_excerpt = PolicyExcerptBlock()
    key_rule = KeyRuleBlock()
    do_dont = DoDontBlock()
    script = ScriptBlock()
    council_proposal = CouncilProposalBlock()
    city_practice = NotFromSourceBlock()
    scenario_quiz = ScenarioQuizBlock()
    acknowledgement = AcknowledgementBlock()

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/module_body.html"
        preview_value = []


def cited_parts(body):
    """(block, part) for every citation in a module body, in order."""
    for block in body:
        if block.block_type in CITING_BLOCKS and block.value.get("cite") is not None:
            yield block, block.value["cite"]
