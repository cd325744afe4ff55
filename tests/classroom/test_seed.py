"""The demo's sessions: one held (its attendees completed in person, dated at
the session), two upcoming with bookings and a wait list."""

import io

import pytest

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from classroom.models import Booking, BookingStatus, Session
from courses.models import Assignment, Certificate
from courses.status import Delivery

pytestmark = pytest.mark.django_db


def test_the_demo_has_past_and_upcoming_sessions_and_runs_twice(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "bootstrap_demo", password="a-long-demo-password", stdout=io.StringIO()
        )
    # No booking email to the demo's made-up people.
    assert not [m for m in mail.outbox if m.subject.startswith("You are booked")]
    now = timezone.now()
    past = [s for s in Session.objects.all() if s.parts.first().starts_at < now]
    upcoming = [s for s in Session.objects.all() if s.parts.first().starts_at > now]
    assert len(past) == 1 and len(upcoming) == 2
    [held] = past
    assert held.closed_at is not None
    in_person = Assignment.objects.filter(delivery=Delivery.IN_PERSON)
    assert in_person.count() == 5
    session_end = held.parts.get().ends_at
    assert {a.completed_at for a in in_person} == {session_end}
    assert Certificate.objects.filter(assignment__in=in_person).count() == 5
    assert Booking.objects.filter(status=BookingStatus.WAITLISTED).count() == 1
    before = Booking.objects.count()
    call_command(
        "bootstrap_demo", password="a-long-demo-password", stdout=io.StringIO()
    )
    assert Booking.objects.count() == before
