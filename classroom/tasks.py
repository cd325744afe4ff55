"""Background tasks (django_tasks): thin wrappers around classroom's services."""

from django_tasks import task

from .services import reminders


@task()
def send_session_reminders() -> int:
    return reminders.session_reminders_send()
