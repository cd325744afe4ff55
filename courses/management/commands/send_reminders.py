from django.core.management.base import BaseCommand, CommandError

from courses.services import reminders
from lms.management.types import iso_date


class Command(BaseCommand):
    help = (
        "Email learners 14 and 3 days before a due date and on it, and each manager "
        "a weekly list of their team's overdue training. Safe to run more than once "
        "a day: nothing is sent twice. Cron it daily, e.g. 07:00."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=iso_date,
            help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up.",
        )

    def handle(self, *args, **options):
        today = options["date"]
        run = reminders.reminders_send(today=today)
        self.stdout.write(
            f"Sent {run.learner_emails} learner reminders and "
            f"{run.manager_emails} manager lists."
        )
        for failure in run.failures:
            self.stderr.write(f"Failed: {failure}")
        if run.failures:
            raise CommandError(f"{len(run.failures)} emails could not be sent.")
