"""Certificates, waivers and the log that keeps reminders from going out twice.

They live beside the assignments they belong to but in their own module, so a
certificate outlives a new cycle: the old assignment is kept, inactive, and its
certificate is still listed under "Past certificates".
"""

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_verification_code() -> str:
    """About 128 bits from the OS's CSPRNG, URL-safe: not guessable or countable."""
    return secrets.token_urlsafe(16)


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Certificate(models.Model):
    employee = models.ForeignKey(
        "lms.Employee",
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    assignment = models.OneToOneField(
        "courses.Assignment",
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="certificate",
        help_text=_("The cycle whose completion earned the certificate."),
    )
    code = models.CharField(
        _("verification code"),
        max_length=32,
        unique=True,
        default=new_verification_code,
        editable=False,
        help_text=_("Secret; anyone holding it can check the certificate."),
    )
    course_title = models.CharField(
        _("course title"),
        max_length=255,
        help_text=_("The title as printed on the certificate when it was issued."),
    )
    course_version = models.CharField(
        _("course version"),
        max_length=40,
        help_text=_("The course's version label when the certificate was issued."),
    )
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_(
            "The last day it is valid. Empty when the course needs no recertification."
        ),
    )
    renewal = models.OneToOneField(
        "courses.Assignment",
        verbose_name=_("renewal cycle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renews",
        help_text=_("The new assignment that asks the holder to recertify."),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoke_reason = models.TextField(
        _("reason for revoking"),
        blank=True,
        help_text=_("Kept as the record of why the certificate no longer counts."),
    )

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [models.Index(fields=["expires_on", "revoked_at"])]
        permissions = [("revoke_certificate", _("Revoke a certificate"))]

    def __str__(self):
        return f"{self.course_title} – {self.employee.full_name} ({self.issued_on})"

    def status(self, today: date | None = None) -> str:
        today = today or timezone.localdate()
        if self.revoked_at is not None:
            return CertificateStatus.REVOKED
        if self.expires_on is not None and today > self.expires_on:
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    def status_label(self, today: date | None = None) -> str:
        return CertificateStatus(self.status(today)).label

    @property
    def holder_display(self) -> str:
        """First initial and surname: all a verifier needs to match an ID card."""
        employee = self.employee
        initial = employee.first_name[:1].upper()
        return f"{initial}. {employee.last_name}" if initial else employee.last_name


class WaiverReason(models.TextChoices):
    EQUIVALENT = "equivalent", _("Equivalent training taken elsewhere")
    LEAVE = "leave", _("Long leave")
    NOT_APPLICABLE = "not_applicable", _("The course does not apply to the role")
    OTHER = "other", _("Other (explain in the note)")


class Waiver(models.Model):
    """An administrator excused one employee from one assignment cycle."""

    assignment = models.OneToOneField(
        "courses.Assignment",
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="waiver",
    )
    reason = models.CharField(
        _("reason"),
        max_length=20,
        choices=WaiverReason.choices,
        help_text=_("Why the employee need not take this course now."),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Details, e.g. where the equivalent training was taken."),
    )
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("waived by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    waived_at = models.DateTimeField(_("waived at"))

    class Meta:
        ordering = ["-waived_at"]
        verbose_name = _("waiver")
        verbose_name_plural = _("waivers")
        permissions = [
            ("waive_assignment", _("Waive an assignment for an employee")),
            ("extend_due_date", _("Extend the due date of an assignment")),
        ]

    def __str__(self):
        return f"{self.assignment} waived ({self.get_reason_display()})"


class DueDateExtension(models.Model):
    """A due date moved later, by whom and why: the record of every extension."""

    assignment = models.ForeignKey(
        "courses.Assignment",
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="extensions",
    )
    old_due_date = models.DateField(_("due date before"))
    new_due_date = models.DateField(_("new due date"))
    reason = models.TextField(
        _("reason"), help_text=_("Why the employee was given more time.")
    )
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("extended by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    extended_at = models.DateTimeField(_("extended at"))

    class Meta:
        ordering = ["-extended_at", "-pk"]
        verbose_name = _("due date extension")
        verbose_name_plural = _("due date extensions")

    def __str__(self):
        return f"{self.assignment}: {self.old_due_date} -> {self.new_due_date}"


class ReminderKind(models.TextChoices):
    DUE_IN_14 = "due_14", _("Due in 14 days")
    DUE_IN_3 = "due_3", _("Due in 3 days")
    DUE_TODAY = "due_0", _("Due today")
    TEAM_OVERDUE = "team_overdue", _("Weekly overdue list for a manager")
    CHASE = "chase", _("Reminder sent now by a manager")


class ReminderLog(models.Model):
    """One row per email sent; its unique key stops a second run sending again.

    ``key`` is the due date for a learner's reminder (so a new due date gets
    its own reminders), the ISO week for a manager's weekly list, and the day
    for a reminder a manager sends now (one email per learner per day, whatever
    it lists: the row names the learner in ``employee``).
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    assignment = models.ForeignKey(
        "courses.Assignment",
        verbose_name=_("assignment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    manager = models.ForeignKey(
        "lms.Employee",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    employee = models.ForeignKey(
        "lms.Employee",
        verbose_name=_("learner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The learner a reminder sent now went to."),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who sent a reminder now; empty for the scheduled ones."),
    )
    key = models.CharField(_("key"), max_length=20)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    item_count = models.PositiveIntegerField(_("items"), default=1)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "assignment", "key"],
                condition=Q(assignment__isnull=False),
                name="courses_one_reminder_per_assignment",
            ),
            models.UniqueConstraint(
                fields=["kind", "manager", "key"],
                condition=Q(manager__isnull=False),
                name="courses_one_reminder_per_manager",
            ),
            models.UniqueConstraint(
                fields=["kind", "employee", "key"],
                condition=Q(employee__isnull=False),
                name="courses_one_reminder_per_learner",
            ),
            models.CheckConstraint(
                condition=Q(assignment__isnull=False)
                | Q(manager__isnull=False)
                | Q(employee__isnull=False),
                name="courses_reminder_has_a_recipient",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.key})"
