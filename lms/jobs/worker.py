"""A lease for django-tasks-db's worker: a job whose worker died runs again.

django-tasks-db marks a job RUNNING when a worker claims it and never looks at
it again if that worker is killed. Here each worker renews a heartbeat row
every ``TASKS_WORKER_LEASE / 6`` seconds from a thread of its own; on the same
beat it gives back to the queue the RUNNING jobs whose worker has not been
seen for ``TASKS_WORKER_LEASE`` seconds (a job that lost its worker
``TASKS_MAX_ATTEMPTS`` times is failed instead, so a job that kills its worker
cannot loop for ever), and enqueues the scheduled tasks that are due
(:mod:`lms.jobs.schedule`). Jobs must therefore be idempotent: one may run
again after a crash, from the start.
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from . import schedule
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """Recorded as the error of a job whose worker kept dying under it."""


def lease_seconds() -> float:
    return float(getattr(settings, "TASKS_WORKER_LEASE", 120))


def beat(*, worker_id: str, started_at, now=None) -> None:
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": now,
        },
    )


def requeue_abandoned(*, backend: str, now=None) -> tuple[int, int]:
    """Put back the RUNNING jobs of dead workers; returns (requeued, failed)."""
    now = now or timezone.now()
    alive = set(
        WorkerHeartbeat.objects.filter(
            seen_at__gte=now - timedelta(seconds=lease_seconds())
        ).values_list("worker_id", flat=True)
    )
    max_attempts = int(getattr(settings, "TASKS_MAX_ATTEMPTS", 3))
    requeued = failed = 0
    running = DBTaskResult.objects.running().filter(backend_name=backend)
    with exclusive_transaction(running.db):
        for job in running.select_for_update(skip_locked=True):
            if job.worker_ids and job.worker_ids[-1] in alive:
                continue
            if len(job.worker_ids) >= max_attempts:
                job.set_failed(
                    WorkerLost(
                        f"The worker running this job stopped {len(job.worker_ids)} "
                        f"times (workers {', '.join(job.worker_ids)}); it is not run "
                        "again."
                    )
                )
                failed += 1
                logger.error("Job %s lost its worker too often: failed", job.id)
                continue
            job.status = TaskResultStatus.READY
            job.started_at = None
            job.save(update_fields=["status", "started_at"])
            requeued += 1
            logger.warning(
                "Job %s (%s) lost its worker %s: back in the queue",
                job.id,
                job.task_path,
                job.worker_ids[-1] if job.worker_ids else "?",
            )
    return requeued, failed


class Heartbeat(threading.Thread):
    """Beats, gives back dead workers' jobs and starts scheduled tasks."""

    def __init__(self, *, worker_id: str, backend: str):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.backend = backend
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def tick(self) -> None:
        beat(worker_id=self.worker_id, started_at=self.started_at)
        requeue_abandoned(backend=self.backend)
        schedule.enqueue_due(worker_id=self.worker_id, backend=self.backend)

    def run(self) -> None:
        interval = max(lease_seconds() / 6, 0.2)
        try:
            while not self.stopping.wait(interval):
                try:
                    close_old_connections()
                    self.tick()
                except Exception:
                    # A locked or lost database must not kill the heartbeat;
                    # the next beat tries again well within the lease.
                    logger.exception("Worker heartbeat failed; trying again")
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=30)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except Exception:
            logger.exception("Could not remove the heartbeat of %s", self.worker_id)


class LeasedWorker(Worker):
    """django-tasks-db's worker with a heartbeat thread beside its loop."""

    def run(self) -> None:
        # A mistake in TASKS_SCHEDULE stops the worker at once, with its reason.
        schedule.entries()
        heartbeat = Heartbeat(worker_id=self.worker_id, backend=self.backend_name)
        # The first beat comes before the first claim, so no job of a live
        # worker is ever without a heartbeat.
        heartbeat.tick()
        heartbeat.start()
        try:
            super().run()
        finally:
            heartbeat.stop()
