"""What classroom does when courses announce something."""

from django.dispatch import receiver

from courses.models import Assignment
from courses.signals import course_completed

from .services.bookings import bookings_release_on_completion


@receiver(course_completed, sender=Assignment)
def release_seats(sender, *, assignment, **kwargs):
    # An online-only course has no sessions: no query on its completions.
    if assignment.course.offers_sessions:
        bookings_release_on_completion(assignment=assignment)
