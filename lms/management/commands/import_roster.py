from django.core.management.base import BaseCommand, CommandError

from lms.roster_imports import ImportBusy, roster_import_now

BAR_WIDTH = 30


class Progress:
    """Progress of an import: a bar on a terminal, a line per step otherwise."""

    def __init__(self, stdout, *, verbosity):
        self.stdout = stdout
        self.verbosity = verbosity
        self.terminal = stdout.isatty()
        self.total = {}
        self.drawn = False

    def __call__(self, stage, count):
        if self.verbosity < 1:
            return
        if stage == "read":
            self.total["validated"] = count
        elif stage == "writing":
            self.total["written"] = count
        if not self.terminal:
            if stage in ("validated", "written"):
                self.stdout.write(f"  {count:,} rows {stage}")
            return
        label = {"read": "validated", "writing": "written"}.get(stage, stage)
        done = 0 if stage in ("read", "writing") else count
        total = self.total.get(label) or 1
        filled = min(BAR_WIDTH, BAR_WIDTH * done // total)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        word = "checking" if label == "validated" else "writing "
        self.stdout.write(
            f"\r  {word} [{bar}] {done:,}/{self.total.get(label, 0):,} rows",
            ending="",
        )
        self.stdout.flush()
        self.drawn = True

    def close(self):
        if self.drawn:
            self.stdout.write("")


class Command(BaseCommand):
    help = (
        "Import the HR roster CSV (UTF-8; header employee_number, first_name, "
        "last_name, work_email, department_code, manager_employee_number, job_class, "
        "sworn, hire_date). Every row is checked first; with any problem nothing is "
        "written and each problem is printed as 'line N, column C: ...'. Runs here, "
        "not in a worker, and not while another import is unfinished."
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
        parser.add_argument(
            "--confirm-deactivation",
            action="store_true",
            help=(
                "With --deactivate-missing, allow deactivating more than "
                "ROSTER_MAX_DEACTIVATION_SHARE (default 10%%) of the active "
                "employees; without it such an import is refused."
            ),
        )

    def handle(
        self,
        *args,
        file,
        dry_run,
        deactivate_missing,
        confirm_deactivation,
        verbosity,
        **options,
    ):
        try:
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc

        progress = Progress(self.stdout, verbosity=verbosity)
        try:
            result = roster_import_now(
                data=data,
                file_name=file,
                dry_run=dry_run,
                deactivate_missing=deactivate_missing,
                confirm_deactivation=confirm_deactivation,
                progress=progress,
            )
        except ImportBusy as busy:
            raise CommandError(str(busy)) from None
        finally:
            progress.close()
        if result.problems:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(result.problems)} problem(s) in {file}; nothing was imported."
            )
        if result.refusal:
            raise CommandError(result.refusal)
        summary = (
            f"{result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.deactivated} deactivated"
        )
        if dry_run:
            self.stdout.write(f"Dry run, nothing was written. Would be: {summary}.")
            return
        self.stdout.write(self.style.SUCCESS(f"Roster imported: {summary}."))
        for label, count in result.outcomes.items():
            self.stdout.write(f"  {label[:1].upper()}{label[1:]}: {count}")
