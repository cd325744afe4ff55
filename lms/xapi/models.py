"""The outbox: every xAPI statement the LMS emits, kept until (and after) delivery.

A row is written in the same transaction as the learning event it records, so
an event and its statement are saved together or not at all. ``forward_xapi``
delivers pending rows to the external LRS; sent rows stay as the LMS's own
record, and administrators can map a pseudonym back to an employee here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Statement(models.Model):
    # One row per learning event: Wagtail's reference index would add a row
    # (and three queries) per statement only to list them as "usage" of an
    # employee, which the outbox's own admin already answers.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        QUARANTINED = "quarantined", _("Quarantined")

    id = models.UUIDField(
        _("statement id"),
        primary_key=True,
        editable=False,
        help_text=_("Fixed when the event happened; the LRS stores it only once."),
    )
    employee = models.ForeignKey(
        "lms.Employee",
        verbose_name=_("employee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="xapi_statements",
        help_text=_("Who acted. Never sent to the LRS, which sees the pseudonym."),
    )
    pseudonym = models.CharField(
        _("pseudonym"),
        max_length=64,
        db_index=True,
        help_text=_("The actor's account name as the LRS sees it."),
    )
    verb = models.CharField(_("verb"), max_length=255, help_text=_("Verb IRI."))
    object_iri = models.CharField(
        _("object"), max_length=500, help_text=_("IRI of the activity acted on.")
    )
    course_iri = models.CharField(
        _("course"),
        max_length=500,
        blank=True,
        help_text=_("IRI of the course the statement belongs to, if any."),
    )
    registration = models.UUIDField(
        _("registration"),
        null=True,
        blank=True,
        help_text=_("The assignment cycle the statement belongs to."),
    )
    timestamp = models.DateTimeField(_("timestamp"), help_text=_("When it happened."))
    payload = models.JSONField(
        _("payload"), help_text=_("The exact statement JSON sent to the LRS.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        help_text=_("Quarantined statements were refused by the LRS; see the reason."),
    )
    attempts = models.PositiveIntegerField(
        _("attempts"), default=0, help_text=_("Delivery attempts so far.")
    )
    next_attempt_at = models.DateTimeField(
        _("next attempt"),
        null=True,
        blank=True,
        help_text=_("A pending statement is not sent before this time."),
    )
    lease = models.UUIDField(
        _("claimed by"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The forwarding pass that is sending this statement."),
    )
    last_error = models.TextField(
        _("last error"),
        blank=True,
        help_text=_("The LRS's answer or the network error of the last attempt."),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    requeued_at = models.DateTimeField(
        _("re-queued at"),
        null=True,
        blank=True,
        help_text=_(
            "When an administrator last sent a quarantined statement again; the "
            "attempts and the age limit count from then."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-timestamp"]
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        permissions = [
            ("requeue_statement", _("Re-queue quarantined xAPI statements")),
        ]
        indexes = [
            # The forwarder's query: due pending rows, oldest first.
            models.Index(fields=["status", "next_attempt_at"], name="xapi_due_idx"),
            models.Index(fields=["course_iri", "timestamp"], name="xapi_course_idx"),
            models.Index(fields=["timestamp"], name="xapi_timestamp_idx"),
        ]

    def __str__(self):
        verb = self.verb.rstrip("/").rsplit("/", 1)[-1]
        status = self.get_status_display()
        return f"{self.pseudonym} {verb} {self.object_iri} ({status})"
