from django.core.management.base import BaseCommand

from classroom.services.reminders import session_reminders_send


class Command(BaseCommand):
    help = "Email everyone booked at a session that starts tomorrow (once each)."

    def handle(self, *args, **options):
        sent = session_reminders_send()
        self.stdout.write(f"Session reminders sent: {sent}")
