"""Background tasks (django_tasks): thin wrappers around the same services the
management commands call, for a deployment with a task worker instead of cron."""

from django_tasks import task

from .services import certificates, reminders


@task()
def send_reminders() -> dict:
    run = reminders.reminders_send()
    return {
        "learner_emails": run.learner_emails,
        "manager_emails": run.manager_emails,
        "failures": len(run.failures),
    }


@task()
def expire_certificates() -> int:
    return certificates.certificates_expire()
