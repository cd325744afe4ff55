"""The reminder of the day before, to everyone holding a seat.

Each booking is claimed (its ``reminded_at`` set where it was empty) before
its email is queued, so two workers running the job at once, or a second run
the same day, never send it twice.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from .. import notify
from ..models import Booking, BookingStatus


@transaction.atomic
def session_reminders_send(*, today=None) -> int:
    """Remind everyone booked at a session that starts tomorrow; returns how many."""
    today = today or timezone.localdate()
    tomorrow = today + timedelta(days=1)
    due = (
        Booking.objects.filter(
            status=BookingStatus.BOOKED,
            reminded_at__isnull=True,
            session__closed_at__isnull=True,
        )
        .annotate(starts_at=Min("session__parts__starts_at"))
        .values_list("pk", "starts_at")
    )
    wanted = [pk for pk, starts_at in due if timezone.localdate(starts_at) == tomorrow]
    sent = 0
    now = timezone.now()
    for pk in wanted:
        if Booking.objects.filter(pk=pk, reminded_at__isnull=True).update(
            reminded_at=now
        ):
            notify.after_commit(booking_id=pk, kind="reminder")
            sent += 1
    return sent
