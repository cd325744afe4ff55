"""The transactional outbox: statements saved with the event they record.

CONTRACT: ``record(statement, *, employee)`` saves one built statement as a
pending row in the current database transaction and returns the row;
``record_many(statements, *, employee)`` saves several in one INSERT. Neither
touches the network; ``forward_xapi`` delivers pending rows later.
"""

from datetime import datetime
from uuid import UUID

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


def _row(statement, employee, now) -> Statement:
    payload = to_payload(statement)
    registration = payload.get("context", {}).get("registration")
    return Statement(
        id=UUID(payload["id"]),
        employee=employee,
        pseudonym=payload["actor"]["account"]["name"],
        verb=payload["verb"]["id"],
        object_iri=payload["object"]["id"],
        course_iri=_course_iri(payload),
        registration=UUID(registration) if registration else None,
        timestamp=datetime.fromisoformat(payload["timestamp"]),
        payload=payload,
        next_attempt_at=now,
    )


def record_many(statements, *, employee) -> list[Statement]:
    """Save built ``tincan.Statement`` s as pending outbox rows, in one INSERT.

    Idempotent on the statement id: a statement already in the outbox keeps its
    first row (the conflict is skipped by the database, so two requests
    recording the same event at once never fail). Runs in the caller's
    transaction, so the rows are committed, or rolled back, with the event.
    Returns the rows as built, in order.
    """
    now = timezone.now()
    rows = [_row(statement, employee, now) for statement in statements]
    if rows:
        Statement.objects.bulk_create(rows, ignore_conflicts=True)
    return rows


def record(statement, *, employee) -> Statement:
    """Save one built statement as a pending outbox row (see :func:`record_many`)."""
    return record_many([statement], employee=employee)[0]
