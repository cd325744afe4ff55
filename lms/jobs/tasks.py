"""Housekeeping of the queue itself, on the schedule like any other task."""

from datetime import timedelta

from django_tasks import task

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from .models import ScheduledRun, WorkerHeartbeat


@task()
def prune_task_results() -> dict:
    """Delete finished jobs, old scheduled-run claims and long-dead workers."""
    days = int(getattr(settings, "TASKS_KEEP_RESULTS_DAYS", 30))
    call_command("prune_db_task_results", min_age_days=days, verbosity=0)
    before = timezone.now() - timedelta(days=days)
    runs, _ = ScheduledRun.objects.filter(enqueued_at__lt=before).delete()
    workers, _ = WorkerHeartbeat.objects.filter(seen_at__lt=before).delete()
    return {"scheduled_runs": runs, "workers": workers}
