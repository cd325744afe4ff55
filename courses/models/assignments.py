"""Who must take which course, and how far they have got.

An Assignment is one cycle of one course for one employee; its ``registration``
UUID ties every xAPI statement of that cycle together. Progress and
acknowledgements hang off the assignment so a new cycle starts clean.
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from courses import status

from .certificates import Certificate, Waiver


class AssignmentSource(models.TextChoices):
    RULE = "rule", _("Required-for rule")
    MANUAL = "manual", _("Assigned by an administrator")
    ATTENDED = "attended", _("Attended an in-person session unassigned")


class AcknowledgementSource(models.TextChoices):
    ONLINE = "online", _("Ticked online, module by module")
    CHECK_IN = "check_in", _("Ticked at a session's QR check-in")
    SIGN_IN_SHEET = "sheet", _("Signed on a session's sign-in sheet")


class AssignmentQuerySet(models.QuerySet):
    """The questions every app asks of assignments, each answered here once."""

    def current(self):
        """Each employee's cycle in force of each course (at most one)."""
        return self.filter(status.IN_FORCE)

    def counted(self):
        """Current cycles of people still employed: what reports count."""
        return self.filter(status.COUNTED)

    def open(self):
        """Current cycles not completed yet."""
        return self.filter(status.IN_FORCE & status.OPEN)

    def chaseable(self):
        """Open cycles someone may still be reminded of: not waived, the
        employee still here, the course published."""
        return self.open().filter(
            status.COUNTED, waiver__isnull=True, course__live=True
        )

    def with_status(self, today: date):
        """Annotate ``status`` (a courses.status.Status value) and
        ``days_overdue`` as of ``today``, decided by the database."""
        own = OuterRef("pk")
        return self.annotate(
            status=status.expression(
                today=today,
                waived=Exists(Waiver.objects.filter(assignment=own)),
                certified=Exists(
                    Certificate.objects.filter(assignment=own, revoked_at__isnull=True)
                ),
                renewal=Exists(Certificate.objects.filter(renewal=own)),
                started=Q(launched_at__isnull=False)
                | Exists(ModuleProgress.objects.filter(assignment=own)),
            )
        ).annotate(days_overdue=status.days_overdue(today))


class Assignment(models.Model):
    employee = models.ForeignKey(
        "lms.Employee",
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="course_assignments",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    registration = models.UUIDField(
        _("registration"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Identifies this cycle in every xAPI statement."),
    )
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=AssignmentSource.choices,
        default=AssignmentSource.RULE,
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"))
    due_date = models.DateField(_("due date"))
    launched_at = models.DateTimeField(_("first opened at"), null=True, blank=True)
    quiz_passed_at = models.DateTimeField(_("quiz passed at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    delivery = models.CharField(
        _("delivery"),
        max_length=10,
        choices=status.Delivery.choices,
        blank=True,
        # Bulk inserts (lms.bulk.insert_rows) name only the columns they set.
        db_default="",
        help_text=_("Set at completion: online, or in person at a session."),
    )
    imported_from = models.CharField(
        _("imported from"),
        max_length=255,
        blank=True,
        db_default="",
        help_text=_(
            "Set when the completion was imported from past records (paper or "
            "another system): the source note of the import."
        ),
    )
    recertify_on = models.DateField(
        _("due again on"),
        null=True,
        blank=True,
        help_text=_(
            "Set at completion: the day the course is due again. Empty when the "
            "course needs no recertification."
        ),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "The current cycle. Cleared when the employee leaves, so the "
            "assignment no longer counts as overdue."
        ),
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("course assignment")
        verbose_name_plural = _("course assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "course"],
                condition=Q(active=True),
                name="courses_one_active_assignment",
            )
        ]
        indexes = [models.Index(fields=["course", "active", "due_date"])]

    def __str__(self):
        return f"{self.course} – {self.employee} (due {self.due_date})"


class ModuleProgress(models.Model):
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="module_progress",
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        verbose_name=_("module"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("completed at"))

    class Meta:
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "module"], name="courses_one_progress_per_module"
            )
        ]

    def __str__(self):
        return f"{self.module} done ({self.assignment_id})"


class Acknowledgement(models.Model):
    """A learner ticked an acknowledgement: kept as evidence for certificates."""

    # Several rows per module completed: not worth a reference-index row each.
    wagtail_reference_index_ignore = True

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        verbose_name=_("module"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    block_id = models.CharField(
        _("block id"),
        max_length=64,
        help_text=_("The stable id of the acknowledgement block in the module body."),
    )
    ticked_at = models.DateTimeField(_("ticked at"))
    revision_id = models.PositiveIntegerField(
        _("page revision"),
        null=True,
        blank=True,
        help_text=_("The live revision of the module the learner read."),
    )
    text_sha256 = models.CharField(
        _("SHA-256 of the text"),
        max_length=64,
        help_text=_("Proves which wording was acknowledged."),
    )
    source = models.CharField(
        _("recorded by"),
        max_length=10,
        choices=AcknowledgementSource.choices,
        default=AcknowledgementSource.ONLINE,
        db_default=AcknowledgementSource.ONLINE,
    )
    source_note = models.CharField(
        _("where"),
        max_length=255,
        blank=True,
        db_default="",
        help_text=_(
            "For an acknowledgement made at a session: the session and its "
            "sign-in sheet code."
        ),
    )

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "module", "block_id"],
                name="courses_one_ack_per_block",
            )
        ]

    def __str__(self):
        return f"{self.block_id} acknowledged ({self.assignment_id})"
