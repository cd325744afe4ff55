"""Claiming, backoff, timeouts and the no-LRS path, without an LRS."""

import http.server
import socket
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from django.utils import timezone

from lms.xapi.forwarder import retry_delay, statements_claim, statements_forward
from lms.xapi.models import Statement
from lms.xapi.outbox import record
from lms.xapi.tasks import forward_xapi_statements
from lms.xapi.transport import Delivery, LocalTransport, LRSTransport
from tests.lms.factories import EmployeeFactory
from tests.xapi.utils import EVENTS, build_event


def _record(count):
    employee = EmployeeFactory()
    names = sorted(EVENTS)
    return [
        record(build_event(names[n % len(names)], employee, n + 1), employee=employee)
        for n in range(count)
    ]


@pytest.mark.django_db
def test_two_workers_never_claim_the_same_statement():
    _record(5)
    now = timezone.now()

    first = statements_claim(batch_size=3, now=now)
    second = statements_claim(batch_size=3, now=now)
    third = statements_claim(batch_size=3, now=now)

    assert len(first) == 3 and len(second) == 2 and third == []
    assert {row.id for row in first}.isdisjoint({row.id for row in second})
    assert all(row.attempts == 1 and row.lease for row in first + second)
    assert first[0].lease != second[0].lease


@pytest.mark.django_db
def test_claim_skips_statements_not_yet_due_and_not_pending():
    rows = _record(3)
    now = timezone.now()
    Statement.objects.filter(pk=rows[0].pk).update(
        next_attempt_at=now + timedelta(minutes=5)
    )
    Statement.objects.filter(pk=rows[1].pk).update(status=Statement.Status.QUARANTINED)
    assert [row.pk for row in statements_claim(batch_size=10, now=now)] == [rows[2].pk]


@pytest.mark.parametrize(
    ("attempts", "seconds"),
    [(1, 30), (2, 60), (3, 120), (5, 480), (8, 3600), (40, 3600)],
)
def test_retry_delay_doubles_up_to_an_hour(attempts, seconds):
    assert retry_delay(attempts) == timedelta(seconds=seconds)


def test_a_silent_lrs_times_out_and_is_retried():
    # A listening socket that never answers: the connection opens, then nothing.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        transport = LRSTransport(
            endpoint=f"http://127.0.0.1:{port}/xAPI/",
            username="u",
            password="p",
            timeout=0.5,
        )
        started = time.monotonic()
        deliveries = transport.send([{"id": "a"}, {"id": "b"}])
        elapsed = time.monotonic() - started

    assert elapsed < 3
    assert [d.outcome for d in deliveries] == [Delivery.RETRY, Delivery.RETRY]
    assert "timed out" in deliveries[0].detail


def test_a_closed_port_is_a_network_error_to_retry():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    transport = LRSTransport(
        endpoint=f"http://127.0.0.1:{port}/xAPI/",
        username="u",
        password="p",
        timeout=1,
    )
    [delivery] = transport.send([{"id": "a"}])
    assert delivery.outcome == Delivery.RETRY
    assert delivery.detail.startswith("Network error")


@pytest.mark.django_db
def test_without_an_lrs_statements_stay_pending(settings):
    settings.XAPI_LRS_ENDPOINT = ""
    rows = _record(2)

    assert LocalTransport().send([{}, {}]) == [Delivery(Delivery.KEPT)] * 2
    assert statements_forward().claimed == 0
    assert forward_xapi_statements.enqueue().return_value == {"configured": False}
    assert {
        row.status for row in Statement.objects.filter(pk__in=[r.pk for r in rows])
    } == {Statement.Status.PENDING}
    assert set(Statement.objects.values_list("attempts", flat=True)) == {0}


def _database_url(tmp_path):
    """A database both the test and worker processes can open.

    PostgreSQL: the test database itself (committed rows, see transaction=True).
    SQLite: the test database lives in memory, so a file of our own.
    """
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path}/claims.sqlite3", True
    conf = connection.settings_dict
    return (
        f"postgres://{conf['USER']}:{conf['PASSWORD'] or ''}@{conf['HOST']}:"
        f"{conf['PORT']}/{conf['NAME']}",
        False,
    )


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_share_the_outbox_without_overlap(tmp_path):
    import json
    import subprocess
    import sys

    from django.conf import settings

    url, separate = _database_url(tmp_path)
    worker = [sys.executable, str(Path(__file__).parent / "worker.py"), url]
    count = 300
    if separate:
        subprocess.run(
            [*worker, "--create", str(count)], check=True, cwd=settings.BASE_DIR
        )
    else:
        _record(count)

    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [
                *worker,
                "--claim",
                "--ready",
                str(tmp_path / f"ready{n}"),
                "--go",
                str(go),
            ],
            stdout=subprocess.PIPE,
            text=True,
            cwd=settings.BASE_DIR,
        )
        for n in range(2)
    ]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not all(
        (tmp_path / f"ready{n}").exists() for n in range(2)
    ):
        time.sleep(0.01)
    go.touch()
    claimed = [json.loads(process.communicate(timeout=120)[0]) for process in workers]

    assert [process.returncode for process in workers] == [0, 0]
    both = claimed[0] + claimed[1]
    assert len(both) == len(set(both)) == count
    # Each worker did some of the work (they ran at the same time).
    assert claimed[0] and claimed[1]


class _Answer503(http.server.BaseHTTPRequestHandler):
    def _reply(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"detail":"busy"}'
        self.send_response(503)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PUT = _reply

    def log_message(self, *args):
        pass


def test_an_lrs_answering_5xx_gets_everything_retried_not_quarantined():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Answer503)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        transport = LRSTransport(
            endpoint=f"http://127.0.0.1:{server.server_port}/xAPI/",
            username="u",
            password="p",
            timeout=2,
        )
        deliveries = transport.send([{"id": "a"}, {"id": "b"}, {"id": "c"}])
    finally:
        server.shutdown()
        server.server_close()
    assert {d.outcome for d in deliveries} == {Delivery.RETRY}
    assert deliveries[0].detail == 'HTTP 503: {"detail":"busy"}'
