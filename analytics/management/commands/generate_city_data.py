"""Build a synthetic City for load tests: ``manage.py generate_city_data``."""

import time

from django.core.management.base import BaseCommand, CommandError

from analytics import synthetic


class Command(BaseCommand):
    help = (
        "Generate a synthetic City (60,000 employees in about 45 departments, the "
        "three courses, assignments, progress, quiz attempts and answers, and "
        "3,000,000 xAPI statements) for load tests. Never run it in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=synthetic.TOTAL)
        parser.add_argument("--statements", type=int, default=3_000_000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--batch-size", type=int, default=10_000)
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete a previous synthetic City first.",
        )

    def handle(self, *args, employees, statements, seed, batch_size, reset, **kwargs):
        if employees < 1 or statements < 0 or batch_size < 1:
            raise CommandError(
                "--employees and --batch-size must be at least 1, "
                "--statements at least 0."
            )
        log = self.stdout.write
        if synthetic.existing(log):
            if not reset:
                raise CommandError(
                    "A synthetic City already exists; add --reset to replace it."
                )
            synthetic.remove(log)
        started = time.perf_counter()
        timings = synthetic.build(
            employees=employees,
            statements=statements,
            seed=seed,
            batch=batch_size,
            log=log,
        )
        total = time.perf_counter() - started
        for name, seconds in timings.items():
            log(f"{name:>22}: {seconds:8.1f} s")
        self.stdout.write(self.style.SUCCESS(f"Synthetic City built in {total:.1f} s"))
