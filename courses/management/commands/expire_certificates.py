from datetime import date

from django.core.management.base import BaseCommand, CommandError

from courses import certification


class Command(BaseCommand):
    help = (
        "Open a recertification cycle (new due date, new registration) for every "
        "certificate past its valid-until date. Idempotent; cron it daily before "
        "send_reminders."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Act as if today were this date (YYYY-MM-DD)."
        )

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(
                    f"--date must look like 2026-01-31, not {options['date']!r}."
                ) from error
        made = certification.certificates_expire(today=today)
        self.stdout.write(f"Opened {made} recertification cycles.")
