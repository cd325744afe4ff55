"""xAPI benchmark: what the outbox costs a request, and forwarding throughput.

Uses a throw-away SQLite database and a local Ralph LRS (fs backend, started
from .ralph/venv as the tests do). Prints the figures and writes them to
.bench/xapi_forward.json.

    python bench/xapi_forward.py [--events 2000] [--forward 2000] [--single 300]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(directory):
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def make_employee():
    from datetime import date

    from django.contrib.auth import get_user_model

    from lms.models import Department, Employee

    department, _ = Department.objects.get_or_create(code="BENCH", name="Bench")
    user = get_user_model().objects.create(username=f"bench-{uuid.uuid4().hex[:8]}")
    return Employee.objects.create(
        user=user,
        employee_number=f"B{uuid.uuid4().hex[:8]}",
        first_name="Bench",
        last_name="Mark",
        work_email="bench@lacity.example",
        department=department,
        hire_date=date(2020, 1, 1),
    )


def events():
    from tests.xapi.utils import EVENTS

    names = sorted(EVENTS)
    n = 0
    while True:
        yield EVENTS[names[n % len(names)]]
        n += 1


def bench_outbox_write(count):
    """Build + record, each in its own transaction, as a request would."""
    from django.db import transaction

    from lms.xapi.models import Statement
    from lms.xapi.outbox import record

    employee = make_employee()
    source = events()
    build_times, total_times = [], []
    for _ in range(count):
        builder = next(source)
        started = time.perf_counter()
        statement = builder(employee)
        built = time.perf_counter()
        with transaction.atomic():
            record(statement, employee=employee)
        done = time.perf_counter()
        build_times.append(built - started)
        total_times.append(done - started)
    Statement.objects.all().delete()
    # In a request the event's own transaction commits anyway, so the outbox
    # really adds the build and the INSERT, not a commit of its own.
    inner_times = []
    with transaction.atomic():
        for _ in range(count):
            builder = next(source)
            started = time.perf_counter()
            record(builder(employee), employee=employee)
            inner_times.append(time.perf_counter() - started)
    Statement.objects.all().delete()
    return {
        "events": count,
        "build_mean_ms": statistics.mean(build_times) * 1000,
        "build_and_record_mean_ms": statistics.mean(total_times) * 1000,
        "build_and_record_p95_ms": percentile(total_times, 0.95) * 1000,
        "build_and_record_max_ms": max(total_times) * 1000,
        "in_open_transaction_mean_ms": statistics.mean(inner_times) * 1000,
        "in_open_transaction_p95_ms": percentile(inner_times, 0.95) * 1000,
    }


def fill_outbox(count):
    from django.db import transaction

    from lms.xapi.outbox import record

    employee = make_employee()
    source = events()
    with transaction.atomic():
        for _ in range(count):
            record(next(source)(employee), employee=employee)


def bench_forward(server, count, batch_size):
    from django.conf import settings

    from lms.xapi.forwarder import statements_forward
    from lms.xapi.models import Statement
    from tests.xapi import ralph

    settings.XAPI_LRS_ENDPOINT = server.endpoint
    settings.XAPI_LRS_USERNAME = ralph.USERNAME
    settings.XAPI_LRS_PASSWORD = ralph.PASSWORD
    fill_outbox(count)
    started = time.perf_counter()
    result = statements_forward(batch_size=batch_size)
    elapsed = time.perf_counter() - started
    left = Statement.objects.filter(status=Statement.Status.PENDING).count()
    if result.sent != count or left:
        raise SystemExit(f"Forwarding incomplete: {result}, {left} still pending")
    Statement.objects.all().delete()
    return {
        "statements": count,
        "batch_size": batch_size,
        "seconds": elapsed,
        "statements_per_second": count / elapsed,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--forward", type=int, default=2000)
    parser.add_argument("--single", type=int, default=300)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="xapi-bench-") as directory:
        setup_django(directory)
        from tests.xapi import ralph

        ralph.ensure_venv()
        figures = {"outbox_write": bench_outbox_write(args.events)}
        # A fresh LRS store per run: Ralph's fs backend rereads its whole file
        # to check ids, so a bigger file would slow the later run.
        for key, count, batch_size in (
            ("forward_batched", args.forward, 100),
            ("forward_one_by_one", args.single, 1),
        ):
            store = Path(directory) / key
            store.mkdir()
            server = ralph.RalphServer(store)
            server.start()
            try:
                figures[key] = bench_forward(server, count, batch_size)
            finally:
                server.stop()

    write = figures["outbox_write"]
    print(
        f"Outbox write per event ({write['events']} events, SQLite): build "
        f"{write['build_mean_ms']:.2f} ms mean; build + record in its own "
        f"committed transaction {write['build_and_record_mean_ms']:.2f} ms mean, "
        f"{write['build_and_record_p95_ms']:.2f} ms p95; build + record inside "
        f"an open transaction {write['in_open_transaction_mean_ms']:.2f} ms mean, "
        f"{write['in_open_transaction_p95_ms']:.2f} ms p95"
    )
    for key in ("forward_batched", "forward_one_by_one"):
        run = figures[key]
        print(
            f"Forwarded to Ralph, batch size {run['batch_size']}: "
            f"{run['statements']} statements in {run['seconds']:.2f} s = "
            f"{run['statements_per_second']:.0f} statements/s"
        )
    out = ROOT / ".bench"
    out.mkdir(exist_ok=True)
    (out / "xapi_forward.json").write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
