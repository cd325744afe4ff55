from django.core.management.base import BaseCommand

from courses.services import certificates
from lms.management.types import iso_date


class Command(BaseCommand):
    help = (
        "Open a recertification cycle (new due date, new registration) for every "
        "certificate past its valid-until date. Idempotent; cron it daily before "
        "send_reminders."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=iso_date, help="Act as if today were this date (YYYY-MM-DD)."
        )

    def handle(self, *args, **options):
        today = options["date"]
        made = certificates.certificates_expire(today=today)
        self.stdout.write(f"Opened {made} recertification cycles.")
