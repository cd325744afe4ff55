"""Build a synthetic City for load tests, from the project's root directory:

    python -m bench.synthetic [--employees 60000] [--statements 3000000]
                              [--seed 7] [--batch-size 10000] [--reset]

It writes into the database that DATABASE_URL names (SQLite's db.sqlite3 by
default). Never run it against production data.
"""

import argparse
import os
import sys
import time


def parser():
    from bench.synthetic import city as synthetic

    arguments = argparse.ArgumentParser(
        prog="python -m bench.synthetic",
        description=(
            "Generate a synthetic City (60,000 employees in about 45 departments, "
            "the three courses, assignments, progress, quiz attempts and answers, "
            "and 3,000,000 xAPI statements) for load tests. Never run it in "
            "production."
        ),
    )
    arguments.add_argument("--employees", type=int, default=synthetic.TOTAL)
    arguments.add_argument("--statements", type=int, default=3_000_000)
    arguments.add_argument("--seed", type=int, default=7)
    arguments.add_argument("--batch-size", type=int, default=10_000)
    arguments.add_argument(
        "--reset", action="store_true", help="Delete a previous synthetic City first."
    )
    return arguments


def main(argv=None, *, log=print) -> None:
    """Parse ``argv`` and build the City (Django must be set up)."""
    from bench.synthetic import city as synthetic

    arguments = parser()
    args = arguments.parse_args(argv)
    if args.employees < 1 or args.statements < 0 or args.batch_size < 1:
        arguments.error(
            "--employees and --batch-size must be at least 1, --statements at least 0."
        )
    if synthetic.existing(log):
        if not args.reset:
            arguments.error(
                "a synthetic City already exists; add --reset to replace it."
            )
        synthetic.remove(log)
    started = time.perf_counter()
    timings = synthetic.build(
        employees=args.employees,
        statements=args.statements,
        seed=args.seed,
        batch=args.batch_size,
        log=log,
    )
    for name, seconds in timings.items():
        log(f"{name:>22}: {seconds:8.1f} s")
    log(f"Synthetic City built in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
    import django

    django.setup()
    sys.exit(main())
