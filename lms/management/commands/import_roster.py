from django.core.management.base import BaseCommand, CommandError

from lms.roster import import_roster


class Command(BaseCommand):
    help = (
        "Import the HR roster CSV (UTF-8; header employee_number, first_name, "
        "last_name, work_email, department_code, manager_employee_number, job_class, "
        "sworn, hire_date). Every row is checked first; with any problem nothing is "
        "written and each problem is printed as 'line N, column C: ...'."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the roster CSV file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and count the changes without writing anything.",
        )
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help=(
                "Deactivate active employees who are not in the file (their "
                "records and training history are kept)."
            ),
        )

    def handle(self, *args, file, dry_run, deactivate_missing, verbosity, **options):
        try:
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc

        def progress(stage, count):
            if verbosity >= 1:
                self.stdout.write(f"  {count:,} rows {stage}")

        result = import_roster(
            data,
            dry_run=dry_run,
            deactivate_missing=deactivate_missing,
            progress=progress,
        )
        if result.problems:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(result.problems)} problem(s) in {file}; nothing was imported."
            )
        summary = (
            f"{result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.deactivated} deactivated"
        )
        if dry_run:
            self.stdout.write(f"Dry run, nothing was written. Would be: {summary}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Roster imported: {summary}."))
