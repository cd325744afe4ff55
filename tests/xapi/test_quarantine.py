"""Forwarding always ends: a statement refused with a 5xx for too long is
quarantined with the LRS's last answer, and an administrator can re-queue it."""

import http.server
import socket
import threading
from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from lms import roles
from lms.xapi.forwarder import statements_forward
from lms.xapi.models import Statement
from lms.xapi.outbox import record
from tests.lms.factories import EmployeeFactory, make_user
from tests.xapi.utils import EVENTS, build_event

pytestmark = pytest.mark.django_db


class _Answer(http.server.BaseHTTPRequestHandler):
    status = 503

    def _reply(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"detail":"disk full"}'
        self.send_response(self.status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PUT = _reply

    def log_message(self, *args):
        pass


@pytest.fixture
def lrs_answering(settings):
    """An LRS that answers every request with the given status."""
    servers = []

    def start(status):
        handler = type("Handler", (_Answer,), {"status": status})
        server = http.server.HTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        settings.XAPI_LRS_ENDPOINT = f"http://127.0.0.1:{server.server_port}/xAPI/"
        settings.XAPI_LRS_USERNAME = "u"
        settings.XAPI_LRS_PASSWORD = "p"
        settings.XAPI_LRS_TIMEOUT = 2

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _record(count=2):
    employee = EmployeeFactory()
    names = sorted(EVENTS)
    return [
        record(build_event(names[n % len(names)], employee, n + 1), employee=employee)
        for n in range(count)
    ]


def _forward_until_settled(passes, *, start=None):
    """``passes`` forwarding passes, each when the previous retry is due."""
    moment = start or timezone.now()
    for _ in range(passes):
        statements_forward(now=moment)
        moment += timedelta(hours=2)
    return moment


def test_a_statement_refused_with_5xx_is_quarantined_after_the_attempt_cap(
    lrs_answering, settings
):
    settings.XAPI_MAX_ATTEMPTS = 3
    lrs_answering(503)
    rows = _record(2)

    later = _forward_until_settled(2)
    assert set(Statement.objects.values_list("status", "attempts")) == {
        (Statement.Status.PENDING, 2)
    }
    _forward_until_settled(1, start=later)

    for row in rows:
        row.refresh_from_db()
        assert row.status == Statement.Status.QUARANTINED
        assert row.attempts == 3
        assert row.last_error.startswith("Gave up after 3 attempts over ")
        assert row.last_error.endswith(
            'the LRS\'s last answer: HTTP 503: {"detail":"disk full"}'
        )
    # Nothing is left to do: a further pass sends nothing.
    assert statements_forward(now=timezone.now() + timedelta(days=1)).claimed == 0


def test_a_statement_queued_too_long_is_quarantined_on_its_next_5xx(
    lrs_answering, settings
):
    settings.XAPI_MAX_AGE_DAYS = 7
    lrs_answering(500)
    [old, young] = _record(2)
    Statement.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=8)
    )

    statements_forward()

    old.refresh_from_db()
    young.refresh_from_db()
    assert old.status == Statement.Status.QUARANTINED and old.attempts == 1
    assert "HTTP 500" in old.last_error
    assert young.status == Statement.Status.PENDING


@pytest.mark.parametrize("status", [401, 429])
def test_answers_about_us_never_quarantine(lrs_answering, settings, status):
    settings.XAPI_MAX_ATTEMPTS = 2
    lrs_answering(status)
    _record(1)
    _forward_until_settled(4)
    row = Statement.objects.get()
    assert row.status == Statement.Status.PENDING and row.attempts == 4
    assert f"HTTP {status}" in row.last_error


def test_an_unreachable_lrs_never_quarantines(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.XAPI_LRS_ENDPOINT = f"http://127.0.0.1:{port}/xAPI/"
    settings.XAPI_LRS_USERNAME = "u"
    settings.XAPI_LRS_PASSWORD = "p"
    settings.XAPI_MAX_ATTEMPTS = 2
    _record(1)
    _forward_until_settled(3)
    row = Statement.objects.get()
    assert row.status == Statement.Status.PENDING and row.attempts == 3


# --- Re-queueing in the admin ------------------------------------------------


@pytest.fixture
def quarantined(lrs_answering, settings):
    settings.XAPI_MAX_ATTEMPTS = 1
    lrs_answering(503)
    rows = _record(3)
    statements_forward()
    assert set(Statement.objects.values_list("status", flat=True)) == {
        Statement.Status.QUARANTINED
    }
    return rows


@pytest.fixture
def admin_client(client):
    client.force_login(make_user(roles.ADMINISTRATOR))
    return client


def test_administrator_requeues_the_filtered_quarantined_statements(
    admin_client, quarantined, lrs_answering, settings
):
    listing = admin_client.get(
        reverse("xapi_statements:index"), {"status": "quarantined"}
    )
    requeue_url = reverse("xapi_statements_requeue")
    assert f"{requeue_url}?status=quarantined" in listing.content.decode()

    page = admin_client.get(requeue_url, {"status": "quarantined"})
    assert "3 quarantined statements will be pending again" in page.content.decode()
    assert Statement.objects.filter(status=Statement.Status.QUARANTINED).count() == 3

    response = admin_client.post(f"{requeue_url}?status=quarantined", follow=True)
    assert "3 statements are pending again" in response.content.decode()
    for row in quarantined:
        row.refresh_from_db()
        assert row.status == Statement.Status.PENDING
        assert row.attempts == 0 and row.requeued_at is not None
        assert row.next_attempt_at <= timezone.now()

    # The age limit counts from the re-queue: a healthy LRS now takes them.
    Statement.objects.update(created_at=timezone.now() - timedelta(days=30))
    lrs_answering(200)
    settings.XAPI_MAX_ATTEMPTS = 20
    assert statements_forward().sent == 3
    assert set(Statement.objects.values_list("status", flat=True)) == {
        Statement.Status.SENT
    }


def test_one_statement_is_requeued_from_its_page(admin_client, quarantined):
    one = quarantined[0]
    inspect = admin_client.get(reverse("xapi_statements:inspect", args=[one.pk]))
    assert f"?id={one.pk}" in inspect.content.decode()

    admin_client.post(f"{reverse('xapi_statements_requeue')}?id={one.pk}")

    assert set(
        Statement.objects.filter(status=Statement.Status.PENDING).values_list(
            "pk", flat=True
        )
    ) == {one.pk}


def test_nothing_to_requeue_says_so(admin_client):
    page = admin_client.get(reverse("xapi_statements_requeue"))
    assert "No quarantined statement matches" in page.content.decode()


@pytest.mark.parametrize("role", [roles.TRAINER, roles.MANAGER, roles.LEARNER])
def test_other_roles_cannot_requeue(client, quarantined, role):
    client.force_login(make_user(role))
    response = client.post(reverse("xapi_statements_requeue"))
    assert response.status_code in (302, 403)
    assert not Statement.objects.filter(status=Statement.Status.PENDING).exists()
