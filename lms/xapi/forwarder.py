"""Deliver pending outbox statements to the LRS: claim, send, settle.

Only ``record()`` runs in a learner's request; this module runs in the
``forward_xapi`` command or the ``forward_xapi_statements`` task.

A pass *claims* a batch of due pending rows by stamping them with a lease
token and pushing their ``next_attempt_at`` past the lease, all in one short
transaction; it then sends them with no transaction open and finally settles
each row from its delivery. On PostgreSQL the claim selects rows with
``SELECT ... FOR UPDATE SKIP LOCKED``, so concurrent workers take different
rows; on SQLite the claim is one UPDATE, serialised by SQLite's write lock. A
worker that dies mid-batch leaves its rows pending: they are due again when
the lease runs out, and the LRS stores a statement id only once.

Forwarding always ends: a statement the LRS keeps answering with a 5xx is
quarantined, with that answer, after ``XAPI_MAX_ATTEMPTS`` attempts or
``XAPI_MAX_AGE_DAYS`` days since it was queued (or re-queued), whichever comes
first. Network errors and answers about us rather than the statement (401,
429, ...) never count towards it: they leave every statement pending until the
LRS or the settings are fixed. ``statements_requeue`` gives quarantined
statements a fresh start.
"""

import logging
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .models import Statement
from .transport import Delivery, get_transport

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)


@dataclass
class ForwardResult:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    quarantined: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other):
        self.claimed += other.claimed
        self.sent += other.sent
        self.retried += other.retried
        self.quarantined += other.quarantined
        self.errors += other.errors


def retry_delay(attempts):
    """Exponential backoff: 30 s, 1 min, 2 min, ... at most an hour."""
    exponent = max(attempts - 1, 0)
    if exponent >= 8:
        return LONGEST_RETRY
    return min(FIRST_RETRY * 2**exponent, LONGEST_RETRY)


def lease_duration(batch_size):
    """Long enough to send the batch one statement at a time, and then some."""
    return timedelta(seconds=max(60.0, settings.XAPI_LRS_TIMEOUT * (batch_size + 2)))


def _due(now):
    return Statement.objects.filter(
        status=Statement.Status.PENDING, next_attempt_at__lte=now
    ).order_by("next_attempt_at", "created_at")


def statements_claim(*, batch_size, now):
    """Take up to ``batch_size`` due pending rows for this pass; return them."""
    token = uuid.uuid4()
    changes = {
        "lease": token,
        "next_attempt_at": now + lease_duration(batch_size),
        "attempts": F("attempts") + 1,
    }
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            ids = list(
                _due(now)
                .select_for_update(skip_locked=True)
                .values_list("id", flat=True)[:batch_size]
            )
        else:
            # One UPDATE with a subquery, so SQLite takes its write lock at once
            # and a second worker only sees rows the first one left.
            ids = _due(now).values("id")[:batch_size]
        _due(now).filter(id__in=ids).update(**changes)
    return list(Statement.objects.filter(lease=token).order_by("timestamp"))


def _given_up(row, delivery, now):
    """True when a statement the LRS keeps refusing with a 5xx must stop."""
    if delivery.status is None or delivery.status < 500:
        return False
    queued_at = row.requeued_at or row.created_at
    return row.attempts >= settings.XAPI_MAX_ATTEMPTS or now - queued_at >= timedelta(
        days=settings.XAPI_MAX_AGE_DAYS
    )


def _give_up_reason(row, delivery, now):
    days = (now - (row.requeued_at or row.created_at)).total_seconds() / 86400
    return (
        f"Gave up after {row.attempts} attempts over {days:.1f} days "
        f"(XAPI_MAX_ATTEMPTS {settings.XAPI_MAX_ATTEMPTS}, XAPI_MAX_AGE_DAYS "
        f"{settings.XAPI_MAX_AGE_DAYS:g}); the LRS's last answer: {delivery.detail}"
    )


def statements_settle(*, rows, deliveries, now):
    """Record each row's delivery: sent, due again later, or quarantined."""
    result = ForwardResult(claimed=len(rows))
    sent, retry, rejected = {}, {}, []
    # Rows whose lease ran out were taken by another pass, which settles them.
    lease = rows[0].lease if rows else None
    for row, delivery in zip(rows, deliveries, strict=True):
        if delivery.outcome == Delivery.SENT:
            # A detail on a sent row is the LRS's note, e.g. a 409 conflict.
            sent.setdefault(delivery.detail, []).append(row.id)
            result.sent += 1
        elif delivery.outcome == Delivery.RETRY and _given_up(row, delivery, now):
            reason = _give_up_reason(row, delivery, now)
            rejected.append((row.id, reason))
            result.quarantined += 1
            result.errors.append(reason)
            logger.warning("xAPI statement %s quarantined: %s", row.id, reason)
        elif delivery.outcome == Delivery.REJECTED:
            rejected.append((row.id, delivery.detail))
            result.quarantined += 1
            result.errors.append(delivery.detail)
            logger.warning("xAPI statement %s quarantined: %s", row.id, delivery.detail)
        else:
            retry.setdefault((row.attempts, delivery.detail), []).append(row.id)
            result.retried += 1
    with transaction.atomic():
        for detail, ids in sent.items():
            Statement.objects.filter(id__in=ids, lease=lease).update(
                status=Statement.Status.SENT, sent_at=now, lease=None, last_error=detail
            )
        for statement_id, detail in rejected:
            Statement.objects.filter(id=statement_id, lease=lease).update(
                status=Statement.Status.QUARANTINED, lease=None, last_error=detail
            )
        for (attempts, detail), ids in retry.items():
            Statement.objects.filter(id__in=ids, lease=lease).update(
                lease=None,
                next_attempt_at=now + retry_delay(attempts),
                last_error=detail,
            )
    if retry:
        result.errors.append(next(iter(retry))[1])
    return result


def statements_forward_batch(*, transport, batch_size, now=None):
    """One batch: claim, send with no transaction open, settle."""
    rows = statements_claim(batch_size=batch_size, now=now or timezone.now())
    if not rows:
        return ForwardResult()
    deliveries = transport.send([row.payload for row in rows])
    return statements_settle(rows=rows, deliveries=deliveries, now=timezone.now())


def statements_forward(*, transport=None, batch_size=None, max_batches=None, now=None):
    """Forward due statements batch after batch until none is left.

    Stops early when a whole batch must be retried (the LRS is down or refuses
    us), so a dead LRS costs one request per pass, not one per statement.
    """
    transport = transport or get_transport()
    batch_size = batch_size or settings.XAPI_BATCH_SIZE
    total = ForwardResult()
    if not transport.enabled:
        return total
    batches = 0
    while max_batches is None or batches < max_batches:
        result = statements_forward_batch(
            transport=transport, batch_size=batch_size, now=now
        )
        batches += 1
        total.add(result)
        if result.claimed == 0 or result.retried == result.claimed:
            break
    return total


def statements_requeue(*, statements) -> int:
    """Send quarantined statements again, as if new: attempts and age start over."""
    now = timezone.now()
    return statements.filter(status=Statement.Status.QUARANTINED).update(
        status=Statement.Status.PENDING,
        attempts=0,
        next_attempt_at=now,
        requeued_at=now,
        lease=None,
    )
