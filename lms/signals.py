"""Domain signals the organisation core sends to the apps above it."""

from django.dispatch import Signal

# Sent inside the import's transaction after a roster import wrote its changes.
# Keyword arguments: ``employee_ids`` (the ids created, updated or reactivated)
# and ``deactivated_ids``. Courses listens to (re)assign required training.
# A receiver may return a dict of {description: count} (e.g. the course
# assignments it made); the import adds them up and reports them.
roster_imported = Signal()
