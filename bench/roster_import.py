"""Time the HR roster import of a City-sized roster into the demo City.

    python bench/roster_import.py [--rows 60000] [--database sqlite|postgres|both]
                                  [--postgres-url postgres://postgres@127.0.0.1:5432/bench_roster]

On each database, fresh (a new SQLite file; the PostgreSQL database dropped and
created again), it migrates and loads the demo City with ``bootstrap_demo``:
its departments, 300 employees and its three courses, published, so the import
also assigns them (two are required of everyone, one of the sworn and of four
departments). Then it generates a roster across the City's departments
(lms.demo_data.DEPARTMENTS): one head per department, supervisors reporting to
the head and staff reporting to a supervisor of their own department, and
times, through the service the command line uses (``roster_import_now``): the
first import with its course assignments, a re-import of the same file (all
unchanged), a dry run, a file with one bad row (refused), and an import where
5% of the rows changed and 1% left (--deactivate-missing). Prints a table per
database and writes .bench/roster_import.json. "CPU s" is the importing
process's CPU time; on a shared machine the wall-clock "seconds" include
waiting for a core (and, on PostgreSQL, the server's own work). Targets: the
first import <= 15 s and a re-import <= 5 s on both databases.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

PROJECT_DIR = Path(__file__).resolve().parent.parent


def build_rows(size, seed=20170321):
    from lms import demo_data

    rng = random.Random(seed)
    codes = [code for code, _name, _parent in demo_data.DEPARTMENTS]
    weights = [
        12 if c in ("LAPD", "LAFD") else 4 if c in ("LADWP", "LAPL", "RAP") else 1
        for c in codes
    ]
    heads = {code: f"H{n:05d}" for n, code in enumerate(codes)}
    supervisors = {code: [] for code in codes}
    rows = []

    def person(number, code, manager):
        first = rng.choice(demo_data.FIRST_NAMES)
        last = rng.choice(demo_data.LAST_NAMES)
        sworn_job = demo_data.SWORN_DEPARTMENTS.get(code)
        sworn = bool(sworn_job) and rng.random() < 0.8
        return {
            "employee_number": number,
            "first_name": first,
            "last_name": last,
            "work_email": f"{first}.{last}.{number}@lacity.example".lower(),
            "department_code": code,
            "manager_employee_number": manager,
            "job_class": sworn_job if sworn else rng.choice(demo_data.CIVILIAN_JOBS),
            "sworn": "true" if sworn else "false",
            "hire_date": (
                date(2026, 1, 1) - timedelta(days=rng.randint(30, 12000))
            ).isoformat(),
        }

    for code in codes:
        rows.append(person(heads[code], code, ""))
    counter = 0
    while len(rows) < size:
        counter += 1
        code = rng.choices(codes, weights)[0]
        number = f"E{counter:07d}"
        if not supervisors[code] or rng.random() < 0.05:
            rows.append(person(number, code, heads[code]))
            supervisors[code].append(number)
        else:
            rows.append(person(number, code, rng.choice(supervisors[code])))
    # HR exports are not sorted by hierarchy.
    rng.shuffle(rows)
    return rows


def timed(label, results, func, *, problems=0):
    start, cpu_start = time.perf_counter(), time.process_time()
    result = func()
    elapsed = (time.perf_counter() - start, time.process_time() - cpu_start)
    if len(result.problems) != problems or (not problems and not result.ok):
        raise SystemExit(
            f"{label}: unexpected outcome: {result.problems[:5]} {result.refusal}"
        )
    results.append((label, elapsed, result))
    return result


def fresh_database(kind, postgres_url, workdir):
    """The URL of an empty database of that kind."""
    if kind == "sqlite":
        return f"sqlite:///{workdir}/bench.sqlite3"
    import psycopg

    parsed = urlparse(postgres_url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return postgres_url


def run_one(kind, url, rows_wanted):
    """In a process of its own (Django is set up once per process)."""
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
    os.environ["DATABASE_URL"] = url

    import django

    django.setup()
    from django.core.management import call_command

    from courses.models import Assignment, CoursePage
    from lms import demo_data
    from lms.models import Employee
    from lms.roster_imports import roster_import_now

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    call_command("bootstrap_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"  {kind}: demo City loaded in {time.perf_counter() - started:.0f} s")
    live = list(CoursePage.objects.live().values_list("slug", flat=True))
    if len(live) < 3:
        raise SystemExit(f"The demo City has {live} live courses, expected 3.")
    demo_employees = Employee.objects.count()

    rows = build_rows(rows_wanted)
    data = demo_data.rows_to_csv(rows)
    rng = random.Random(7)
    changed_rows = [dict(row) for row in rows]
    for row in rng.sample(changed_rows, len(rows) // 20):
        row["job_class"] = "Senior " + row["job_class"]
    leavers = {row["employee_number"] for row in rng.sample(rows, len(rows) // 100)}
    leavers -= {row["manager_employee_number"] for row in rows}
    changed_rows = [r for r in changed_rows if r["employee_number"] not in leavers]
    changed = demo_data.rows_to_csv(changed_rows)
    broken_rows = [dict(row) for row in rows]
    broken_rows[-1]["hire_date"] = "31/12/2025"
    broken = demo_data.rows_to_csv(broken_rows)

    def run(content, **options):
        return roster_import_now(data=content, file_name="bench.csv", **options)

    results = []
    before = Assignment.objects.count()
    timed("first import", results, lambda: run(data))
    first_assignments = Assignment.objects.count() - before
    timed("re-import, same file", results, lambda: run(data))
    timed("dry run, same file", results, lambda: run(data, dry_run=True))
    timed("one bad row, refused", results, lambda: run(broken), problems=1)
    timed(
        "5% changed, 1% gone",
        results,
        lambda: run(changed, deactivate_missing=True),
    )
    if Employee.objects.count() != len(rows) + demo_employees:
        raise SystemExit("The import lost or duplicated employees.")
    if first_assignments < len(rows):
        raise SystemExit(f"Only {first_assignments} assignments for {len(rows)} rows")
    return {
        "database": kind,
        "rows": len(rows),
        "megabytes": round(len(data) / 1e6, 1),
        "demo_employees": demo_employees,
        "live_courses": live,
        "runs": [
            {
                "run": label,
                "seconds": round(wall, 3),
                "cpu_seconds": round(cpu, 3),
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "deactivated": result.deactivated,
                "assignments": sum(result.outcomes.values()),
                "problems": len(result.problems),
            }
            for label, (wall, cpu), result in results
        ],
    }


def print_table(figures):
    print(
        f"Roster import: {figures['rows']:,} rows ({figures['megabytes']} MB) into "
        f"the demo City ({figures['demo_employees']} employees, courses "
        f"{', '.join(figures['live_courses'])} live), {figures['database']}, "
        f"Python {sys.version.split()[0]}"
    )
    widths = (22, 7, 7, 7, 7, 9, 11, 11)
    titles = ("run", "seconds", "CPU s", "created", "updated", "unchanged")
    print(table_row([*titles, "deactivated", "assignments"], widths))
    print(
        "|"
        + "|".join("-" * (w + 1) + (":" if i else "-") for i, w in enumerate(widths))
        + "|"
    )
    for run in figures["runs"]:
        cells = [
            run["run"],
            f"{run['seconds']:.2f}",
            f"{run['cpu_seconds']:.2f}",
            f"{run['created']:,}",
            f"{run['updated']:,}",
            f"{run['unchanged']:,}",
            f"{run['deactivated']:,}",
            f"{run['assignments']:,}",
        ]
        print(table_row(cells, widths))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument(
        "--database", choices=["sqlite", "postgres", "both"], default="both"
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/bench_roster"
        ),
    )
    parser.add_argument(
        "--one", nargs=2, metavar=("KIND", "URL"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()

    if args.one:
        figures = run_one(args.one[0], args.one[1], args.rows)
        sys.stdout.write("\nFIGURES " + json.dumps(figures) + "\n")
        return

    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    workdir = tempfile.mkdtemp(prefix="roster-bench-")
    everything = []
    for kind in kinds:
        try:
            url = fresh_database(kind, args.postgres_url, workdir)
        except Exception as error:  # noqa: BLE001 - say why and go on
            print(f"  {kind}: no database ({error}); skipped")
            continue
        process = subprocess.run(
            [sys.executable, __file__, "--rows", str(args.rows), "--one", kind, url],
            capture_output=True,
            text=True,
            check=False,
        )
        marker = "\nFIGURES "
        if process.returncode or marker not in process.stdout:
            print(process.stdout[-3000:], process.stderr[-3000:])
            raise SystemExit(f"The {kind} run failed.")
        head, _, tail = process.stdout.rpartition(marker)
        print(head.strip())
        figures = json.loads(tail)
        print_table(figures)
        everything.append(figures)
    out = PROJECT_DIR / ".bench"
    out.mkdir(exist_ok=True)
    (out / "roster_import.json").write_text(json.dumps(everything, indent=2) + "\n")


def table_row(cells, widths):
    """A Markdown table row: the first cell left-aligned, the numbers right."""
    padded = [
        cell.ljust(width) if i == 0 else cell.rjust(width)
        for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
    ]
    return "| " + " | ".join(padded) + " |"


if __name__ == "__main__":
    main()
