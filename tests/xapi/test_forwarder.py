"""Forwarding to a real Ralph LRS: delivery, outages, crashes, rejections."""

import json
import uuid
from datetime import timedelta

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from lms.xapi import statements
from lms.xapi.forwarder import lease_duration, statements_forward
from lms.xapi.models import Statement
from lms.xapi.outbox import record
from lms.xapi.pseudonym import pseudonym_for
from lms.xapi.tasks import forward_xapi_statements
from lms.xapi.transport import LRSTransport
from tests.lms.factories import EmployeeFactory
from tests.xapi import ralph
from tests.xapi.utils import EVENTS

pytestmark = [pytest.mark.django_db, pytest.mark.ralph]


def _record_events(employee, count=None):
    """Record events with fresh ids (the LRS is shared by the whole session)."""
    names = sorted(EVENTS)
    if count is not None:
        names = (names * (count // len(names) + 1))[:count]
    return [
        record(EVENTS[name](employee, statement_id=uuid.uuid4()), employee=employee)
        for name in names
    ]


def _statuses(rows):
    return [Statement.objects.get(pk=row.pk).status for row in rows]


def test_every_statement_kind_is_accepted_and_can_be_read_back(lrs):
    employee = EmployeeFactory()
    rows = _record_events(employee)

    result = statements_forward()

    assert (result.sent, result.retried, result.quarantined) == (len(EVENTS), 0, 0)
    for row in rows:
        row.refresh_from_db()
        assert row.status == Statement.Status.SENT
        assert row.sent_at is not None and row.lease is None
        stored = lrs.get(row.id)
        assert stored is not None, row.verb
        for member in ("actor", "verb", "object", "context", "timestamp"):
            assert stored[member] == row.payload[member], member
        assert stored.get("result") == row.payload.get("result")


def test_one_by_one_delivery_also_works(lrs):
    rows = _record_events(EmployeeFactory(), count=3)
    result = statements_forward(batch_size=1)
    assert result.sent == 3
    assert all(lrs.get(row.id) for row in rows)


def test_lrs_down_then_up_loses_nothing(lrs):
    rows = _record_events(EmployeeFactory(), count=5)
    lrs.stop()
    try:
        down = statements_forward()
        assert (down.sent, down.retried) == (0, 5)
        for row in rows:
            row.refresh_from_db()
            assert row.status == Statement.Status.PENDING
            assert row.attempts == 1
            assert row.next_attempt_at > timezone.now()
            assert row.last_error.startswith("Network error")
        # Not due yet: a second pass right away does not hammer the LRS.
        assert statements_forward().claimed == 0
    finally:
        lrs.start()

    up = statements_forward(now=timezone.now() + timedelta(minutes=1))

    assert up.sent == 5
    assert _statuses(rows) == [Statement.Status.SENT] * 5
    stored = lrs.stored_ids()
    assert all(stored.count(str(row.id)) == 1 for row in rows)


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing after it runs, not even ``except Exception``."""


class DyingTransport(LRSTransport):
    """Delivers ``survive`` statements one by one, then the worker dies."""

    def __init__(self, survive, **kwargs):
        super().__init__(**kwargs)
        self.survive = survive

    def send(self, payloads):
        for payload in payloads[: self.survive]:
            self.send_one(payload)
        raise WorkerKilled


def test_worker_killed_mid_batch_loses_nothing_and_stores_nothing_twice(lrs):
    rows = _record_events(EmployeeFactory(), count=6)
    dying = DyingTransport(
        3,
        endpoint=lrs.endpoint,
        username=ralph.USERNAME,
        password=ralph.PASSWORD,
        timeout=5,
    )

    with pytest.raises(WorkerKilled):
        statements_forward(transport=dying, batch_size=10)

    # Three reached the LRS, but the outbox never heard back: all still pending.
    assert sum(lrs.get(row.id) is not None for row in rows) == 3
    assert _statuses(rows) == [Statement.Status.PENDING] * 6
    # The dead worker's lease keeps them from being sent again at once ...
    assert statements_forward().claimed == 0
    # ... and once it runs out, the next pass sends all six.
    later = timezone.now() + lease_duration(10) + timedelta(seconds=1)
    result = statements_forward(now=later)

    assert result.sent == 6 and result.quarantined == 0
    assert _statuses(rows) == [Statement.Status.SENT] * 6
    stored = lrs.stored_ids()
    assert [stored.count(str(row.id)) for row in rows] == [1] * 6


def test_a_rejected_statement_is_quarantined_and_the_others_arrive(lrs):
    employee = EmployeeFactory()
    good = _record_events(employee, count=4)
    broken_payload = statements.to_payload(EVENTS["course_launched"](employee))
    del broken_payload["verb"]
    broken = Statement.objects.create(
        id=broken_payload["id"],
        employee=employee,
        pseudonym=broken_payload["actor"]["account"]["name"],
        verb="",
        object_iri=broken_payload["object"]["id"],
        timestamp=timezone.now(),
        payload=broken_payload,
        next_attempt_at=timezone.now(),
    )

    result = statements_forward()

    assert (result.sent, result.quarantined) == (4, 1)
    assert _statuses(good) == [Statement.Status.SENT] * 4
    assert all(lrs.get(row.id) for row in good)
    broken.refresh_from_db()
    assert broken.status == Statement.Status.QUARANTINED
    assert broken.last_error.startswith("HTTP 4")
    assert "verb" in broken.last_error and "Field required" in broken.last_error
    assert lrs.get(broken.id) is None
    # Quarantined rows are not retried.
    later = timezone.now() + timedelta(days=1)
    assert statements_forward(now=later).claimed == 0


def test_an_id_the_lrs_already_holds_counts_as_sent(lrs):
    employee = EmployeeFactory()
    [row] = _record_events(employee, count=1)
    # Another statement under the same id reached the LRS first.
    other = statements.to_payload(EVENTS["quiz_failed"](employee, statement_id=row.id))
    transport = LRSTransport.from_settings()
    assert transport.send_one(other).outcome == "sent"

    result = statements_forward()

    assert result.sent == 1
    row.refresh_from_db()
    assert row.status == Statement.Status.SENT
    assert row.last_error.startswith("HTTP 409")
    assert lrs.stored_ids().count(str(row.id)) == 1


def test_resending_a_delivered_statement_does_not_store_it_twice(lrs):
    rows = _record_events(EmployeeFactory(), count=3)
    statements_forward()
    Statement.objects.filter(pk__in=[row.pk for row in rows]).update(
        status=Statement.Status.PENDING, next_attempt_at=timezone.now()
    )

    assert statements_forward().sent == 3
    stored = lrs.stored_ids()
    assert [stored.count(str(row.id)) for row in rows] == [1] * 3


def test_wrong_credentials_retry_instead_of_quarantining(lrs, settings):
    rows = _record_events(EmployeeFactory(), count=2)
    settings.XAPI_LRS_PASSWORD = "not-the-password"

    result = statements_forward()

    assert (result.retried, result.quarantined) == (2, 0)
    assert _statuses(rows) == [Statement.Status.PENDING] * 2
    assert Statement.objects.get(pk=rows[0].pk).last_error.startswith("HTTP 401")


def test_command_forwards_and_reports(lrs, capsys):
    _record_events(EmployeeFactory(), count=3)
    call_command("forward_xapi", "--batch-size", "2")
    assert "Sent 3, to retry 0, quarantined 0." in capsys.readouterr().out


def test_task_forwards_through_the_same_service(lrs):
    rows = _record_events(EmployeeFactory(), count=2)
    result = forward_xapi_statements.enqueue()
    assert result.return_value == {
        "configured": True,
        "sent": 2,
        "retried": 0,
        "quarantined": 0,
    }
    assert _statuses(rows) == [Statement.Status.SENT] * 2


def test_payload_is_sent_exactly_as_stored(lrs):
    [row] = _record_events(EmployeeFactory(), count=1)
    statements_forward()
    stored = lrs.get(row.id)
    sent_members = {key: stored[key] for key in row.payload}
    assert json.dumps(sent_members, sort_keys=True) == json.dumps(
        row.payload, sort_keys=True
    )


def test_command_without_lrs_says_what_to_set(settings):
    settings.XAPI_LRS_ENDPOINT = ""
    with pytest.raises(CommandError, match="XAPI_LRS_ENDPOINT"):
        call_command("forward_xapi")


def test_command_loop_keeps_forwarding_new_statements(lrs, capsys):
    _record_events(EmployeeFactory(), count=2)
    call_command("forward_xapi", "--loop", "--interval", "0", "--passes", "2")
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Sent 2, to retry 0, quarantined 0.",
        "Sent 0, to retry 0, quarantined 0.",
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--batch-size", "0"], "--batch-size must be at least 1."),
        (["--loop", "--passes", "0"], "--passes must be at least 1."),
        (["--interval", "-1"], "--interval cannot be negative."),
    ],
)
def test_command_rejects_bad_options_with_a_clear_message(lrs, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("forward_xapi", *arguments)


def test_worker_process_killed_with_sigkill_loses_nothing(lrs, tmp_path):
    """A real ``kill -9`` of a forwarding process, then the next pass."""
    import signal
    import sqlite3
    import subprocess
    import sys
    import time
    from pathlib import Path

    from django.conf import settings

    database = tmp_path / "outbox.sqlite3"
    worker = [
        sys.executable,
        str(Path(__file__).parent / "worker.py"),
        f"sqlite:///{database}",
    ]
    lrs_options = [
        "--forward",
        lrs.endpoint,
        ralph.USERNAME,
        ralph.PASSWORD,
        "--timeout",
        str(settings.XAPI_LRS_TIMEOUT),
        "--batch-size",
        "5",
    ]
    actor = pseudonym_for("W000001")  # the worker's employee

    def stored():
        return [
            statement["id"]
            for statement in lrs.stored_statements()
            if statement["actor"]["account"]["name"] == actor
        ]

    # Fill the outbox, then forward in batches of 5.
    process = subprocess.Popen(
        [*worker, "--create", "60", "--valid", *lrs_options],
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while len(stored()) < 10 and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()

    with sqlite3.connect(database) as db:
        statuses = dict(
            db.execute("SELECT status, COUNT(*) FROM xapi_statement GROUP BY status")
        )
    assert statuses.get("pending", 0) > 0, "killed too late: nothing left to do"
    assert 10 <= len(stored()) < 60

    # The next pass, once the dead worker's lease has run out.
    later = str(lease_duration(5).total_seconds() + 1)
    completed = subprocess.run(
        [*worker, *lrs_options, "--later", later],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )

    assert json.loads(completed.stdout)["retried"] == 0
    with sqlite3.connect(database) as db:
        statuses = dict(
            db.execute("SELECT status, COUNT(*) FROM xapi_statement GROUP BY status")
        )
    assert statuses == {"sent": 60}
    copies = stored()
    assert len(copies) == len(set(copies)) == 60
