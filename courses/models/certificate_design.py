"""What every printed certificate carries besides the learner's record."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="doc-full")
class CertificateDesign(BaseSiteSetting):
    issuer = models.CharField(
        _("issuer"),
        max_length=120,
        default="City of Los Angeles",
        help_text=_("The name block at the top of every certificate."),
    )
    program = models.CharField(
        _("program"),
        max_length=120,
        default="City Policy Training",
        help_text=_("The line under the issuer, e.g. the training program's name."),
    )
    seal = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("seal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The City's seal, as the City's communications office supplies it "
            "(PNG or JPEG, square). Without one, the certificate shows the issuer's "
            "name in a framed block instead."
        ),
    )
    signatory_name = models.CharField(
        _("signatory's name"),
        max_length=120,
        blank=True,
        help_text=_(
            "Who signs the certificates, e.g. the department's training "
            "coordinator. Without a name, no signature line is printed."
        ),
    )
    signatory_title = models.CharField(
        _("signatory's title"), max_length=160, blank=True
    )

    panels = [
        HelpPanel(
            content=_(
                "Shown on the print page and the PDF of every certificate, issued "
                "or to come. A change does not alter what a certificate records "
                "(course, version, dates); its public check page stays the same."
            )
        ),
        MultiFieldPanel(
            [FieldPanel("issuer"), FieldPanel("program"), FieldPanel("seal")],
            heading=_("Name block"),
        ),
        MultiFieldPanel(
            [FieldPanel("signatory_name"), FieldPanel("signatory_title")],
            heading=_("Signatory"),
        ),
    ]

    class Meta:
        verbose_name = _("certificate design")
