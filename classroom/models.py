"""Sessions of a course held in a room (or on a video call), their seats, and
what happened to each seat.

A Session has one or several parts (a morning and an afternoon, two days); a
Booking is one employee's seat, or place on the wait list, at one session,
with the attendance the trainer records; every change to a booking is kept as
a BookingChange (who, when, from which state and session to which).
"""

import secrets
import uuid

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from courses.models import AcknowledgementSource


def new_sheet_code() -> str:
    """Short enough to copy from paper, long enough not to be guessed."""
    return secrets.token_hex(4).upper()


class Session(ClusterableModel):
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="sessions",
        limit_choices_to=~Q(delivery="online"),
        help_text=_(
            "Only courses whose delivery is in person or either can have sessions."
        ),
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    place = models.CharField(
        _("place"),
        max_length=255,
        blank=True,
        help_text=_(
            "Building, address and room, as the calendar invitation shows it, "
            "e.g. 'Harbor Department, 425 S Palos Verdes St, Room 3'."
        ),
    )
    video_url = models.URLField(
        _("video link"),
        blank=True,
        help_text=_(
            "For a session held on a video call instead of (or as well as) in a room."
        ),
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions_trained",
        help_text=_("Takes the roll call and closes the session."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=20,
        help_text=_("Seats; further bookings go on the wait list."),
    )
    booking_deadline = models.DateTimeField(
        _("booking deadline"),
        null=True,
        blank=True,
        help_text=_(
            "No booking or move into the session after this; empty: until it starts."
        ),
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_(
            "Shown to those booked and in the invitation: what to bring, "
            "parking, the entrance."
        ),
    )
    sheet_code = models.CharField(
        _("sign-in sheet code"),
        max_length=16,
        default=new_sheet_code,
        editable=False,
        help_text=_("Printed on the sign-in sheet; an upload must name it."),
    )
    cancelled_at = models.DateTimeField(
        _("cancelled at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Called off: every booking cancelled and the people told; the "
            "session stays as the record."
        ),
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("course"),
        InlinePanel(
            "parts",
            heading=_("Date and time"),
            label=_("part"),
            min_num=1,
            help_text=_("One part, or several (e.g. two mornings)."),
        ),
        MultiFieldPanel(
            [FieldPanel("place"), FieldPanel("video_url")], heading=_("Where")
        ),
        FieldRowPanel(
            [
                FieldPanel("trainer"),
                FieldPanel("capacity"),
                FieldPanel("booking_deadline"),
            ]
        ),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        permissions = [("take_attendance", _("Take attendance at any session"))]

    def __str__(self):
        first = self.parts.first() if self.pk else None
        when = first.starts_at.strftime("%Y-%m-%d %H:%M") if first else "?"
        return f"{self.course} – {when}"

    @property
    def where(self) -> str:
        return self.place or self.video_url


class SessionPart(models.Model):
    session = ParentalKey(
        Session,
        on_delete=models.CASCADE,
        related_name="parts",
        verbose_name=_("session"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    panels = [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")])]

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="classroom_part_ends_after_start",
                violation_error_message=_("A part must end after it starts."),
            )
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    WAITLISTED = "waitlisted", _("On the wait list")
    CANCELLED = "cancelled", _("Cancelled")


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    PARTIAL = "partial", _("Partly present")
    ABSENT = "absent", _("Absent")


class Booking(models.Model):
    # A booking is the record of who held a seat and who attended: deleting
    # the session must not take it along (the admin says so instead).
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    employee = models.ForeignKey(
        "lms.Employee",
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="session_bookings",
    )
    uuid = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Names the booking's calendar events (their UID)."),
    )
    status = models.CharField(_("status"), max_length=12, choices=BookingStatus.choices)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The learner, or the manager who booked a seat for the crew."),
    )
    queued_at = models.DateTimeField(
        _("queued at"),
        help_text=_(
            "When the booking was made or joined the session's wait list: "
            "the wait list is promoted in this order."
        ),
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, blank=True
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    walk_in = models.BooleanField(
        _("walk-in"), default=False, help_text=_("Added at the roll call, not booked.")
    )
    acknowledged_at = models.DateTimeField(
        _("acknowledged at"),
        null=True,
        blank=True,
        help_text=_(
            "When the learner ticked the course's acknowledgements at check-in, "
            "or signed them on the sign-in sheet (the rows are in the "
            "attestation register once the learner has a cycle of the course)."
        ),
    )
    acknowledged_via = models.CharField(
        _("acknowledged by"),
        max_length=10,
        choices=AcknowledgementSource.choices,
        blank=True,
        help_text=_("QR check-in or the sign-in sheet."),
    )
    reminded_at = models.DateTimeField(
        _("reminded at"),
        null=True,
        blank=True,
        help_text=_("When the reminder of the day before was sent (once)."),
    )
    calendar_sequence = models.PositiveIntegerField(
        _("calendar sequence"),
        default=0,
        help_text=_(
            "Raised with every invitation sent, so calendars apply the latest one."
        ),
    )

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "employee"],
                condition=~Q(status="cancelled"),
                name="classroom_one_live_booking_per_session",
            )
        ]
        indexes = [models.Index(fields=["session", "status", "queued_at"])]

    def __str__(self):
        return f"{self.employee} – {self.session} ({self.get_status_display()})"


class BookingChange(models.Model):
    """One change to a booking, kept as the record: who, when, from -> to."""

    booking = models.ForeignKey(
        Booking,
        verbose_name=_("booking"),
        on_delete=models.CASCADE,
        related_name="changes",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the LMS itself made it (a wait-list promotion)."),
    )
    changed_at = models.DateTimeField(_("changed at"))
    from_status = models.CharField(
        _("from status"), max_length=12, choices=BookingStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=12, choices=BookingStatus.choices
    )
    from_session = models.ForeignKey(
        Session,
        verbose_name=_("from session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to_session = models.ForeignKey(
        Session,
        verbose_name=_("to session"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("booking change")
        verbose_name_plural = _("booking changes")

    def __str__(self):
        return f"{self.booking_id}: {self.from_status or '-'} -> {self.to_status}"
