"""Time the HR roster import on a City-sized roster in a fresh SQLite database.

    python bench/roster_import.py [--rows 60000]

Generates a roster across the City's departments (lms.demo_data.DEPARTMENTS):
one head per department, supervisors reporting to the head and staff reporting
to a supervisor of their own department. Then it times, on a new SQLite file:
the first import, a re-import of the same file (all unchanged), a dry run, a
file with one bad row (refused), an import where 5% of the rows changed and 1%
left (--deactivate-missing). Prints a table and writes .bench/roster_import.json.
"CPU s" is this process's CPU time; on a shared machine the wall-clock "seconds"
include waiting for a core. The target: the first import of 60,000 rows in
under 30 s.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

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
    if len(result.problems) != problems:
        raise SystemExit(f"{label}: unexpected problems: {result.problems[:5]}")
    results.append((label, elapsed, result))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=60_000)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="roster-bench-")
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"

    import django

    django.setup()
    from django.core.management import call_command

    from lms import demo_data, seed
    from lms.models import Employee
    from lms.roster import import_roster

    call_command("migrate", verbosity=0, interactive=False)
    seed.seed_departments()

    rows = build_rows(args.rows)
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

    results = []
    timed("first import", results, lambda: import_roster(data))
    timed("re-import, same file", results, lambda: import_roster(data))
    timed("dry run, same file", results, lambda: import_roster(data, dry_run=True))
    timed("one bad row, refused", results, lambda: import_roster(broken), problems=1)
    timed(
        "5% changed, 1% gone",
        results,
        lambda: import_roster(changed, deactivate_missing=True),
    )
    if Employee.objects.count() != len(rows):
        raise SystemExit("The import lost or duplicated employees.")

    print(
        f"Roster import: {len(rows):,} rows ({len(data) / 1e6:.1f} MB), SQLite, "
        f"Python {sys.version.split()[0]}"
    )
    widths = (22, 7, 7, 7, 7, 9, 11)
    titles = ("run", "seconds", "CPU s", "created", "updated", "unchanged")
    print(table_row([*titles, "deactivated"], widths))
    print(
        "|"
        + "|".join("-" * (w + 1) + (":" if i else "-") for i, w in enumerate(widths))
        + "|"
    )
    for label, (wall, cpu), result in results:
        cells = [
            label,
            f"{wall:.2f}",
            f"{cpu:.2f}",
            f"{result.created:,}",
            f"{result.updated:,}",
            f"{result.unchanged:,}",
            f"{result.deactivated:,}",
        ]
        print(table_row(cells, widths))
    figures = {
        "rows": len(rows),
        "runs": [
            {
                "run": label,
                "seconds": round(wall, 3),
                "cpu_seconds": round(cpu, 3),
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "deactivated": result.deactivated,
                "problems": len(result.problems),
            }
            for label, (wall, cpu), result in results
        ],
    }
    out = PROJECT_DIR / ".bench"
    out.mkdir(exist_ok=True)
    (out / "roster_import.json").write_text(json.dumps(figures, indent=2) + "\n")


def table_row(cells, widths):
    """A Markdown table row: the first cell left-aligned, the numbers right."""
    padded = [
        cell.ljust(width) if i == 0 else cell.rjust(width)
        for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
    ]
    return "| " + " | ".join(padded) + " |"


if __name__ == "__main__":
    main()
