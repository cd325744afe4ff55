"""The transactional outbox: statements saved with the event they record.

CONTRACT: ``record(statement, *, employee)`` saves one built statement as a
pending row in the current database transaction and returns the row. It never
touches the network; ``forward_xapi`` delivers pending rows later.
"""

from datetime import datetime
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from . import constants
from .models import Statement
from .statements import to_payload


def _course_iri(payload):
    """The course the statement belongs to: the object, its parent or grouping."""
    candidates = [payload["object"]]
    activities = payload.get("context", {}).get("contextActivities", {})
    candidates += activities.get("parent", []) + activities.get("grouping", [])
    for activity in candidates:
        if activity.get("definition", {}).get("type") == constants.COURSE:
            return activity["id"]
    return ""


def record(statement, *, employee):
    """Save ``statement`` (a built ``tincan.Statement``) as a pending outbox row.

    Idempotent on the statement id: recording the same statement twice keeps
    the first row. Runs in the caller's transaction (a savepoint inside it), so
    the row is committed, or rolled back, with the event.
    """
    payload = to_payload(statement)
    registration = payload.get("context", {}).get("registration")
    with transaction.atomic():
        row, _ = Statement.objects.get_or_create(
            id=UUID(payload["id"]),
            defaults={
                "employee": employee,
                "pseudonym": payload["actor"]["account"]["name"],
                "verb": payload["verb"]["id"],
                "object_iri": payload["object"]["id"],
                "course_iri": _course_iri(payload),
                "registration": UUID(registration) if registration else None,
                "timestamp": datetime.fromisoformat(payload["timestamp"]),
                "payload": payload,
                "next_attempt_at": timezone.now(),
            },
        )
    return row
