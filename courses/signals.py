"""What courses announce to the apps above it, which it must not import."""

from django.dispatch import Signal

# A cycle was completed (online, in person or imported): sent inside the
# completing transaction with ``assignment``, its delivery already set.
course_completed = Signal()
