"""The source registry: the policy documents the training rests on.

A :class:`SourceDocument` has a status (in force, draft, superseded) and its
citable :class:`SourcePart` s, each with the document's own words. Course
blocks and quiz choices cite parts, never free text, so a citation always
names something that exists, and a change of status or wording can be traced
to every block and choice that relies on it (``changed_at``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.search import index


class SourceStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    DRAFT = "draft", _("Draft / proposal")
    SUPERSEDED = "superseded", _("Superseded")


class SourceDocument(index.Indexed, models.Model):
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        help_text=_(
            "Short name used in citations in content files, e.g. 'ed20' in "
            "'ed20 / preamble'. Letters, numbers, hyphens."
        ),
    )
    title = models.CharField(_("title"), max_length=300)
    short_name = models.CharField(
        _("name in citations"),
        max_length=100,
        help_text=_(
            "How a citation names the document, e.g. 'Executive Directive 20'. "
            "Say '(draft)' in it for a draft."
        ),
    )
    issuer = models.CharField(_("issued by"), max_length=200)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SourceStatus.choices,
        default=SourceStatus.DRAFT,
        help_text=_(
            "Only parts of a document in force may be the reason a quiz answer is "
            "right or wrong, or be taught as a current rule. Changing the status "
            "lists every block and choice that cites the document under Reports > "
            "Policy citations to review."
        ),
    )
    handling_note = models.CharField(
        _("handling note"),
        max_length=300,
        blank=True,
        help_text=_("The document's own marking, e.g. 'For Internal Use'."),
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    status_changed_at = models.DateTimeField(
        _("status changed at"), null=True, blank=True, editable=False
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("short_name")]),
        FieldRowPanel([FieldPanel("issuer"), FieldPanel("issued_on")]),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("superseded_by"),
                FieldPanel("handling_note"),
            ],
            heading=_("Status"),
        ),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["title"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")

    def __str__(self):
        return f"{self.short_name} ({self.get_status_display().lower()})"

    @property
    def in_force(self):
        return self.status == SourceStatus.IN_FORCE


class SourcePart(index.Indexed, models.Model):
    document = models.ForeignKey(
        SourceDocument,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="parts",
    )
    key = models.CharField(
        _("part"),
        max_length=200,
        help_text=_(
            "How the document names the part: 'Section 2A(1)', 'WHEREAS 4', "
            "'preamble', or a heading in full, e.g. 'Keeping immigrant Angelenos "
            "safe'."
        ),
    )
    is_heading = models.BooleanField(
        _("the document's own heading"),
        default=False,
        help_text=_("Shown in quotation marks in citations."),
    )
    text = models.TextField(
        _("text"),
        help_text=_(
            "The part's exact words. Policy excerpts in courses are checked against it."
        ),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    changed_at = models.DateTimeField(
        _("text changed at"), null=True, blank=True, editable=False
    )

    panels = [
        FieldPanel("document"),
        FieldRowPanel([FieldPanel("key"), FieldPanel("is_heading")]),
        FieldPanel("text"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("key"),
        index.AutocompleteField("key"),
        index.SearchField("text"),
        index.FilterField("document_id"),
    ]

    class Meta:
        ordering = ["document__title", "sort_order", "pk"]
        verbose_name = _("source part")
        verbose_name_plural = _("source parts")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "key"], name="policy_part_key_unique"
            )
        ]

    def __str__(self):
        return self.citation_text

    @property
    def reference(self):
        """The citation as content files write it: ``ed20 / preamble``."""
        return f"{self.document.slug} / {self.key}"

    @property
    def citation_text(self):
        """How a learner reads the citation, e.g. Executive Directive 20,
        “Keeping immigrant Angelenos safe”."""
        key = f"“{self.key}”" if self.is_heading else self.key
        return f"{self.document.short_name}, {key}"

    @property
    def in_force(self):
        return self.document.in_force


@register_setting(icon="doc-full")
class PolicySourceSettings(BaseSiteSetting):
    show_draft_proposals = models.BooleanField(
        _("show the Council's draft proposals"),
        default=False,
        help_text=_(
            "Course blocks that teach a draft's provisions (Council proposal) are "
            "hidden unless this is on. The draft resolution is marked 'For "
            "Internal Use; Do Not Circulate': turn this on only with clearance."
        ),
    )

    panels = [FieldPanel("show_draft_proposals")]

    class Meta:
        verbose_name = _("policy sources")
