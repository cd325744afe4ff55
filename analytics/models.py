"""The audit log: the only thing analytics writes.

Every export and every view of a list of named employees leaves one row, so an
administrator can answer "who looked at whom, and when" (a privacy practice of
this product, not a rule of Executive Directive 20).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW_NAMED_LIST = "view_named_list", _("Viewed a list of named employees")
    EXPORT = "export", _("Exported a table")


class AuditEvent(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="analytics_audit_events",
        help_text=_("The person who viewed or exported."),
    )
    username = models.CharField(
        _("username"),
        max_length=150,
        help_text=_("Kept as text so the record survives the account's deletion."),
    )
    action = models.CharField(
        _("action"), max_length=30, choices=AuditAction.choices, db_index=True
    )
    what = models.CharField(
        _("what"),
        max_length=200,
        help_text=_("The table viewed or exported, e.g. 'department LAPD employees'."),
    )
    export_format = models.CharField(
        _("format"),
        max_length=10,
        blank=True,
        help_text=_("csv or xlsx for an export; blank for a page view."),
    )
    filters = models.JSONField(
        _("filters"), default=dict, blank=True, help_text=_("The filters in force.")
    )
    row_count = models.PositiveIntegerField(
        _("rows"), default=0, help_text=_("How many rows were shown or exported.")
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("analytics audit event")
        verbose_name_plural = _("analytics audit events")
        permissions = [
            ("view_item_statistics", _("See question and choice statistics")),
        ]

    def __str__(self):
        return f"{self.username} {self.get_action_display()}: {self.what}"
