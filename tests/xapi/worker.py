"""An outbox worker in its own process, for the concurrency and crash tests.

    python worker.py DATABASE_URL --create N [--valid] [--forward ...]
        make the outbox table (SQLite file) with N due statements; with
        --valid they are real statements (actor: employee W000001), else
        placeholders; then forward them if asked
    python worker.py DATABASE_URL --claim [--ready FILE --go FILE]
        claim until nothing is left; print the claimed ids as JSON
    python worker.py DATABASE_URL --forward ENDPOINT USER PASSWORD \\
            [--batch-size N] [--timeout SECONDS] [--later SECONDS]
        forward like ``manage.py forward_xapi``, as if SECONDS from now
"""

import json
import os
import re
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def option(name, default=None):
    if name not in sys.argv:
        return default
    return sys.argv[sys.argv.index(name) + 1]


def create(count, *, valid):
    from django.db import connection

    from lms.models import Employee
    from lms.xapi.models import Statement
    from lms.xapi.outbox import record
    from tests.xapi.utils import EVENTS

    # Only the outbox table, without its foreign key to the employees the rest
    # of the schema would bring in.
    with connection.schema_editor(collect_sql=True) as editor:
        editor.create_model(Statement)
    with connection.cursor() as cursor:
        for sql in editor.collected_sql:
            cursor.execute(re.sub(r" REFERENCES [^,]*? DEFERRED", "", sql))
    if valid:
        employee = Employee(employee_number="W000001")
        names = sorted(EVENTS)
        for n in range(count):
            record(EVENTS[names[n % len(names)]](employee), employee=None)
        return
    when = datetime(2026, 1, 1, tzinfo=UTC)
    Statement.objects.bulk_create(
        Statement(
            id=uuid.uuid4(),
            pseudonym="p",
            verb="v",
            object_iri="o",
            timestamp=when,
            payload={},
            next_attempt_at=when,
        )
        for _ in range(count)
    )


def claim():
    from lms.xapi.forwarder import statements_claim

    # Workers start claiming at the same moment, after their slow start-up:
    # each says it is ready, then waits for the test's go.
    ready, go = option("--ready"), option("--go")
    if ready and go:
        Path(ready).touch()
        deadline = time.monotonic() + 60
        while not Path(go).exists() and time.monotonic() < deadline:
            time.sleep(0.005)
    now = datetime.now(UTC) + timedelta(days=1)
    claimed = []
    while rows := statements_claim(batch_size=3, now=now):
        claimed.extend(str(row.id) for row in rows)
    sys.stdout.write(json.dumps(claimed))


def forward():
    from django.conf import settings

    from lms.xapi.forwarder import statements_forward

    index = sys.argv.index("--forward")
    endpoint, user, password = sys.argv[index + 1 : index + 4]
    settings.XAPI_LRS_ENDPOINT = endpoint
    settings.XAPI_LRS_USERNAME = user
    settings.XAPI_LRS_PASSWORD = password
    settings.XAPI_LRS_TIMEOUT = float(option("--timeout", "5"))
    later = timedelta(seconds=float(option("--later", "0")))
    result = statements_forward(
        batch_size=int(option("--batch-size", "100")),
        now=datetime.now(UTC) + later,
    )
    sys.stdout.write(json.dumps({"sent": result.sent, "retried": result.retried}))


def main():
    os.environ["DATABASE_URL"] = sys.argv[1]
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
    import django

    django.setup()
    if "--create" in sys.argv:
        create(int(option("--create")), valid="--valid" in sys.argv)
    if "--claim" in sys.argv:
        claim()
    elif "--forward" in sys.argv:
        forward()


if __name__ == "__main__":
    main()
