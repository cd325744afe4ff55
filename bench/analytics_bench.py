"""Times the analytics pages on a synthetic City, on SQLite and PostgreSQL.

    python bench/analytics_bench.py [--employees 60000] [--statements 3000000]
                                    [--backends sqlite,postgres] [--repeat 5]

For each backend it migrates a database of its own, builds the synthetic City
(``python -m bench.synthetic``, timed) when the database does not hold one of
that size yet, then times, as the median of --repeat runs after a warm-up:

- the City dashboard's data (selectors + reports + charts) and the whole page,
- the Police drill-down (about 13,000 employees) data and page,
- the City-wide CSV export, and the Police drill-down CSV,
- beside them, plain SQL that yields the same counts / rows: the database's
  floor, so the ratio shows what Django, pandas and plotly add.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASES = {
    "sqlite": "sqlite:////tmp/bench_analytics.sqlite3",
    "postgres": "postgres://postgres@127.0.0.1:5432/bench_analytics",
}
TARGETS = {"dashboard": 1.0, "drill_down": 0.5, "export": 3.0}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=60_000)
    parser.add_argument("--statements", type=int, default=3_000_000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.repeat)))
        return
    results = {}
    for backend in args.backends.split(","):
        url = os.environ.get(f"BENCH_{backend.upper()}_URL", DATABASES[backend])
        results[backend] = run_backend(backend, url, args)
    report(results)


def run_backend(backend, url, args):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    if backend == "postgres":
        create_postgres_database(url)
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    size = (
        subprocess.run(
            [*manage, "shell", "-c", SIZE_PROBE],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
        .split()
    )  # start-up may log lines first
    generated = None
    if size != [str(args.employees), str(args.statements)]:
        print(f"[{backend}] generating the City ...", flush=True)
        started = time.perf_counter()
        subprocess.run(
            [
                PYTHON,
                "-m",
                "bench.synthetic",
                "--reset",
                f"--employees={args.employees}",
                f"--statements={args.statements}",
            ],
            env=env,
            check=True,
            cwd=ROOT,
        )
        generated = time.perf_counter() - started
    print(f"[{backend}] measuring ...", flush=True)
    output = subprocess.run(
        [PYTHON, __file__, "--measure", f"--repeat={args.repeat}"],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.PIPE,  # errors show on stderr
        text=True,
    ).stdout
    timings = json.loads(output.strip().splitlines()[-1])
    timings["generate_s"] = generated
    return timings


SIZE_PROBE = (
    "from lms.models import Employee; from lms.xapi.models import Statement; "
    "print(Employee.objects.filter(employee_number__startswith='SYN').count(), "
    "Statement.objects.count())"
)


def create_postgres_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def median_time(function, repeat):
    function()  # warm-up: connection, caches, imports
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def measure(repeat):
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from analytics import charts, reports, selectors
    from lms.models import Department
    from lms.xapi.models import Statement

    admin, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(admin)
    today = timezone.localdate()
    police = Department.objects.get(code="LAPD")
    filters = selectors.Filters()

    def dashboard_data():
        data = selectors.dashboard_data(
            selectors.assignments_in_scope(admin, filters), filters, today
        )
        summary = reports.completion_summary(data.counts, data.scores)
        table = reports.with_city_totals(summary)
        charts.as_data(
            charts.department_completion_bars(reports.department_completion(summary))
        )
        over_time = reports.completions_over_time(
            data.completed_by_day, data.due_by_day
        )
        charts.as_data(charts.completions_over_time_lines(over_time))
        distribution = reports.score_distribution(data.score_bands)
        charts.as_data(charts.score_histogram(distribution))
        return table, over_time, distribution

    def drill_down_data():
        """What the page shows: the most overdue 50 of the department."""
        rows, _page = selectors.department_page(
            user=admin,
            department=police,
            filters=filters,
            today=today,
            sort="-overdue",
            page_number=1,
        )
        return rows

    def drill_down_all():
        """Every row of the department (what its CSV holds)."""
        return selectors.department_rows(
            user=admin, department=police, filters=filters, today=today
        )

    def get(url, **params):
        def fetch():
            response = client.get(url, params)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
            return response

        return fetch

    # The old floor: one count per department x course (assigned, completed).
    # Kept as a reference line; it does far less than the dashboard.
    floor_counts_sql = (
        "SELECT d.code, a.course_id, COUNT(*),"
        " SUM(CASE WHEN a.completed_at IS NOT NULL THEN 1 ELSE 0 END)"
        " FROM courses_assignment a"
        " JOIN lms_employee e ON e.id = a.employee_id"
        " JOIN lms_department d ON d.id = e.department_id"
        " WHERE a.active AND e.active GROUP BY d.code, a.course_id"
    )
    floor_dashboard_queries = dashboard_floor_sql(connection.vendor, filters, today)
    floor_count_sql = (
        "SELECT COUNT(*) FROM courses_assignment a"
        " JOIN lms_employee e ON e.id = a.employee_id"
        " WHERE e.department_id = %s AND a.active AND e.active"
    )
    floor_page_sql = (
        "SELECT e.employee_number, e.first_name, e.last_name, a.course_id,"
        " a.due_date, a.completed_at, a.launched_at"
        " FROM courses_assignment a JOIN lms_employee e ON e.id = a.employee_id"
        " WHERE e.department_id = %s AND a.active AND e.active"
        " ORDER BY a.due_date, e.last_name LIMIT 50"
    )
    floor_rows_sql = (
        "SELECT e.employee_number, e.first_name, e.last_name, a.course_id,"
        " a.due_date, a.completed_at, a.launched_at"
        " FROM courses_assignment a JOIN lms_employee e ON e.id = a.employee_id"
        " WHERE e.department_id = %s AND a.active AND e.active"
    )

    def floor_counts():
        with connection.cursor() as cursor:
            cursor.execute(floor_counts_sql)
            return cursor.fetchall()

    def floor_dashboard():
        """The dashboard's numbers by plain SQL: cursor, tuples, no ORM/pandas."""
        results = {}
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The same session settings as analytics.selectors.reporting_session.
                cursor.execute("SET LOCAL jit = off")
                cursor.execute("SET LOCAL work_mem = '64MB'")
            for name, (sql, params) in floor_dashboard_queries.items():
                cursor.execute(sql, params)
                results[name] = cursor.fetchall()
        return results

    def floor_rows():
        with connection.cursor() as cursor:
            cursor.execute(floor_rows_sql, [police.pk])
            return cursor.fetchall()

    def floor_page():
        with connection.cursor() as cursor:
            cursor.execute(floor_count_sql, [police.pk])
            cursor.fetchall()
            cursor.execute(floor_page_sql, [police.pk])
            return cursor.fetchall()

    # The page and the plain SQL must show the same numbers: checked, not claimed.
    check_same_numbers(dashboard_data(), floor_dashboard())
    table = dashboard_data()[0]
    if len(drill_down_all()) != len(floor_rows()):
        raise RuntimeError("The drill-down's rows differ from plain SQL")

    from django.urls import reverse

    dashboard_url = reverse("analytics:dashboard")
    police_url = reverse("analytics:department", args=["LAPD"])
    return {
        "vendor": connection.vendor,
        "employees": int(table[table["department_code"] != ""]["assigned"].sum()),
        "police_rows": len(floor_rows()),
        "statements": Statement.objects.count(),
        "dashboard_data_s": median_time(dashboard_data, repeat),
        "dashboard_page_s": median_time(get(dashboard_url), repeat),
        "dashboard_floor_s": median_time(floor_dashboard, repeat),
        "dashboard_floor_simple_s": median_time(floor_counts, repeat),
        "drill_down_data_s": median_time(drill_down_data, repeat),
        "drill_down_page_s": median_time(get(police_url), repeat),
        "drill_down_floor_s": median_time(floor_page, repeat),
        "drill_down_all_s": median_time(drill_down_all, repeat),
        "drill_down_all_floor_s": median_time(floor_rows, repeat),
        "export_csv_s": median_time(get(dashboard_url, format="csv"), repeat),
        "police_csv_s": median_time(get(police_url, format="csv"), repeat),
    }


def report(results):
    print()
    print("| measure | " + " | ".join(results) + " |")
    print("|---|" + "---|" * len(results))
    keys = [
        ("generate_s", "generate the City"),
        ("statements", "xAPI statements"),
        ("employees", "assignments counted"),
        ("police_rows", "Police drill-down rows"),
        ("dashboard_data_s", "City dashboard data"),
        ("dashboard_page_s", "City dashboard page (HTTP)"),
        ("dashboard_floor_s", "plain SQL, the same numbers (floor)"),
        ("dashboard_floor_simple_s", "plain SQL, assigned + completed only"),
        ("drill_down_data_s", "Police drill-down data"),
        ("drill_down_page_s", "Police drill-down page (HTTP)"),
        ("drill_down_floor_s", "plain SQL count + first 50 (floor)"),
        ("drill_down_all_s", "Police, every row (frame for the CSV)"),
        ("drill_down_all_floor_s", "plain SQL, every row (floor)"),
        ("export_csv_s", "City-wide CSV export (HTTP)"),
        ("police_csv_s", "Police drill-down CSV (HTTP)"),
    ]
    for key, label in keys:
        cells = []
        for timings in results.values():
            value = timings.get(key)
            if value is None:
                cells.append("-")
            elif key.endswith("_s"):
                cells.append(f"{value:.3f} s")
            else:
                cells.append(f"{value:,}")
        print(f"| {label} | " + " | ".join(cells) + " |")
    print()
    failures = []
    for backend, t in results.items():
        ratios = {
            "dashboard": t["dashboard_data_s"] / t["dashboard_floor_s"],
            "drill_down": t["drill_down_data_s"] / t["drill_down_floor_s"],
        }
        print(
            f"{backend}: dashboard {ratios['dashboard']:.1f}x the floor, "
            f"drill-down {ratios['drill_down']:.1f}x the floor"
        )
        checks = {
            "dashboard": t["dashboard_data_s"],
            "drill_down": t["drill_down_data_s"],
            "export": t["export_csv_s"],
        }
        for name, seconds in checks.items():
            if seconds > TARGETS[name]:
                failures.append(f"{backend} {name} {seconds:.2f}s > {TARGETS[name]}s")
    if failures:
        print("Over target: " + "; ".join(failures))


def dashboard_floor_sql(vendor, filters, today):
    """Plain SQL for every number the City dashboard shows.

    Per course x department: assigned, one count per status and the score
    sum / count of finished attempts (the average); the score histogram;
    cumulative completions and cumulative due dates by day. The status is
    courses' own rule (Assignment.objects.with_status) rendered to SQL once
    here, so both sides count by the same rule; everything else is written by
    hand.
    """
    from django.db.models import F

    from analytics import selectors

    statuses = (
        selectors.with_status(selectors.city_assignments(filters), filters, today)
        .values("course_id", "status", department_id=F("employee__department_id"))
        .order_by()
    )
    status_sql, status_params = statuses.query.sql_with_params()
    in_scope = "a.active AND e.active"
    band = (
        "CASE "
        + " ".join(
            f"WHEN t.score_percent < {upper} THEN {upper - 10}"
            for upper in range(10, 101, 10)
        )
        + " ELSE 100 END"
    )
    day = "date(a.completed_at)" if vendor == "sqlite" else "a.completed_at::date"
    # Only this module's constants and Django's compiled SQL (with its params)
    # are put into these strings.
    return {
        "departments": ("SELECT id, code FROM lms_department", []),
        # One row per course x department x status, as the database groups
        # them (pivoting in SQL, SUM(CASE status ...) over this, made SQLite
        # evaluate the status CASE once per column: 0.7 s instead of 0.23 s).
        "cells": (
            f"SELECT s.course_id, s.department_id, s.status, COUNT(*)"  # noqa: S608
            f" FROM ({status_sql}) s GROUP BY 1, 2, 3",
            list(status_params),
        ),
        # Per course x department x band: the cell averages and the
        # histogram both add these few hundred rows up.
        "scores": (
            "SELECT c.page_ptr_id, te.department_id,"  # noqa: S608
            f" {band}, SUM(t.score_percent), COUNT(*)"
            " FROM quizzes_attempt t"
            " JOIN courses_coursepage c ON c.quiz_id = t.quiz_id"
            " JOIN lms_employee te ON te.id = t.employee_id"
            " WHERE t.state = 'finished' AND t.score_percent IS NOT NULL"
            " AND EXISTS (SELECT 1 FROM courses_assignment a"
            " JOIN lms_employee e ON e.id = a.employee_id"
            f" WHERE a.registration = t.registration AND {in_scope})"
            " GROUP BY 1, 2, 3",
            [],
        ),
        # The average score: each cycle's best finished attempt.
        "best": (
            "SELECT a.course_id, e.department_id, SUM(b.best), COUNT(*)"  # noqa: S608
            " FROM courses_assignment a JOIN lms_employee e ON e.id = a.employee_id"
            " JOIN (SELECT registration, employee_id, MAX(score_percent) AS best"
            " FROM quizzes_attempt WHERE state = 'finished'"
            " AND score_percent IS NOT NULL GROUP BY 1, 2) b"
            " ON b.registration = a.registration AND b.employee_id = a.employee_id"
            f" WHERE {in_scope} GROUP BY 1, 2",
            [],
        ),
        "completed": (
            f"SELECT {day} AS day, SUM(COUNT(*)) OVER (ORDER BY {day})"  # noqa: S608
            " FROM courses_assignment a JOIN lms_employee e ON e.id = a.employee_id"
            f" WHERE {in_scope} AND a.completed_at IS NOT NULL"
            " GROUP BY 1 ORDER BY 1",
            [],
        ),
        "due": (
            "SELECT a.due_date, SUM(COUNT(*)) OVER (ORDER BY a.due_date)"  # noqa: S608
            " FROM courses_assignment a JOIN lms_employee e ON e.id = a.employee_id"
            f" WHERE {in_scope} GROUP BY 1 ORDER BY 1",
            [],
        ),
    }


def check_same_numbers(dashboard, floor):
    """Fail unless the dashboard and the plain SQL show the same numbers."""
    from courses.status import Status

    statuses = [status.value for status in Status]
    table, over_time, distribution = dashboard
    codes = dict(floor["departments"])
    cells = table[table["department_code"] != ""]
    ours = {
        (row.course_id, row.department_code): (
            row.assigned,
            *(getattr(row, status) for status in statuses),
            row.scored,
            row.average_score if row.scored else None,
        )
        for row in cells.itertuples()
    }
    scores = {}
    bands = {}
    for _course, _department, band, _total, count in floor["scores"]:
        bands[min(int(band), 100)] = bands.get(min(int(band), 100), 0) + count
    for course, department, total, count in floor["best"]:
        scores[course, codes[department]] = (float(total), count)
    people = {}
    for course, department, status, count in floor["cells"]:
        code = codes[department]
        people.setdefault((course, code), dict.fromkeys(statuses, 0))[status] = count
    plain = {}
    for (course, code), per_status in people.items():
        score_sum, scored = scores.get((course, code), (0.0, 0))
        plain[course, code] = (
            sum(per_status.values()),
            *per_status.values(),
            scored,
            round(score_sum / scored, 1) if scored else None,
        )
    if ours != plain:
        differ = sorted(
            k for k in ours.keys() | plain.keys() if ours.get(k) != plain.get(k)
        )
        raise RuntimeError(
            f"The dashboard's cells differ from plain SQL, e.g. {differ[:3]}: "
            f"{[ours.get(k) for k in differ[:3]]}"
            f" vs {[plain.get(k) for k in differ[:3]]}"
        )
    if dict(zip(distribution["band"], distribution["attempts"], strict=True)) != {
        band: bands.get(band, 0) for band in range(0, 101, 10)
    }:
        raise RuntimeError("The dashboard's score histogram differs from plain SQL")
    curve = over_time.set_index(over_time["day"].dt.date)
    for column in ("completed", "due"):
        for day, running in floor[column]:
            day = day if hasattr(day, "year") else date.fromisoformat(day)
            if curve.at[day, column] != running:
                raise RuntimeError(
                    f"The dashboard's cumulative {column} on {day}"
                    " differs from plain SQL"
                )


if __name__ == "__main__":
    main()
