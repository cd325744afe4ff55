"""What the task workers share through the database: who is alive, what ran when.

django-tasks-db keeps the queue itself (``django_tasks_db.DBTaskResult``); these
two tables add what it lacks: a lease, so the job of a worker that died is run
again, and a claim per scheduled run, so two hosts never start the same one.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A running worker; ``seen_at`` is renewed every few seconds while it lives."""

    worker_id = models.CharField(_("worker id"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(
        _("last seen at"),
        help_text=_("A worker not seen for TASKS_WORKER_LEASE seconds is dead."),
    )

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self):
        return f"{self.worker_id} ({self.hostname}, pid {self.pid})"


class ScheduledRun(models.Model):
    """One run of a scheduled task, claimed by the first worker to insert it."""

    task_path = models.CharField(_("task"), max_length=255)
    slot = models.CharField(
        _("slot"),
        max_length=40,
        help_text=_("The day (YYYY-MM-DD) or the interval the run belongs to."),
    )
    enqueued_at = models.DateTimeField(_("enqueued at"))
    worker_id = models.CharField(_("claimed by"), max_length=64)
    task_result_id = models.CharField(_("task result"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(
                fields=["task_path", "slot"], name="jobs_one_run_per_slot"
            )
        ]
        indexes = [models.Index(fields=["enqueued_at"])]

    def __str__(self):
        return f"{self.task_path} {self.slot}"
