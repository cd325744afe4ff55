"""The schedule: which tasks the workers enqueue by themselves, and when.

``settings.TASKS_SCHEDULE`` is the one place it is set: a list of entries
``{"task": "app.tasks.name", "daily_at": "HH:MM"}`` (once a day, at or after
that local time) or ``{"task": ..., "every": SECONDS}``. Every worker checks it
every few seconds; the first to insert the run's ``ScheduledRun`` row (unique
per task and day or interval) enqueues it, in the same transaction, so two
hosts never start the same day's run twice. A worker started after the time
still starts the day's run; a day with no worker running at all is not caught
up (the daily tasks themselves catch up on what they missed).
"""

import logging
import re
from dataclasses import dataclass
from datetime import datetime, time

from django_tasks.base import Task

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import ScheduledRun

logger = logging.getLogger(__name__)

HH_MM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


@dataclass(frozen=True)
class Entry:
    task_path: str
    daily_at: time | None = None
    every: int | None = None

    def slot(self, now: datetime) -> str | None:
        """The run this moment belongs to, or None if nothing is due yet today."""
        if self.every:
            return f"every-{self.every}s-{int(now.timestamp()) // self.every}"
        local = timezone.localtime(now)
        if local.time() < self.daily_at:
            return None
        return local.date().isoformat()

    @property
    def task(self) -> Task:
        return import_string(self.task_path)


def parse(raw_entries) -> list[Entry]:
    """The entries of TASKS_SCHEDULE; ImproperlyConfigured names a bad one."""
    entries = []
    for position, raw in enumerate(raw_entries, start=1):
        where = f"TASKS_SCHEDULE entry {position}"
        if not isinstance(raw, dict) or not isinstance(raw.get("task"), str):
            raise ImproperlyConfigured(f"{where}: needs a 'task' (a dotted path).")
        path = raw["task"]
        try:
            task = import_string(path)
        except ImportError as error:
            raise ImproperlyConfigured(f"{where}: cannot import {path}.") from error
        if not isinstance(task, Task):
            raise ImproperlyConfigured(f"{where}: {path} is not a @task.")
        daily_at, every = raw.get("daily_at"), raw.get("every")
        if (daily_at is None) == (every is None):
            raise ImproperlyConfigured(f"{where}: give either 'daily_at' or 'every'.")
        if daily_at is not None:
            match = HH_MM.fullmatch(str(daily_at))
            if not match:
                raise ImproperlyConfigured(f"{where}: 'daily_at' must be HH:MM.")
            entries.append(Entry(path, daily_at=time(*map(int, match.groups()))))
        else:
            if not isinstance(every, int) or every < 1:
                raise ImproperlyConfigured(
                    f"{where}: 'every' must be a whole number of seconds."
                )
            entries.append(Entry(path, every=every))
    return entries


def entries() -> list[Entry]:
    return parse(getattr(settings, "TASKS_SCHEDULE", []))


def enqueue_due(*, worker_id: str, backend: str, now: datetime | None = None):
    """Enqueue every scheduled run that is due and not yet claimed; returns them."""
    now = now or timezone.now()
    started = []
    for entry in entries():
        slot = entry.slot(now)
        if slot is None:
            continue
        if ScheduledRun.objects.filter(task_path=entry.task_path, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(
                    task_path=entry.task_path,
                    slot=slot,
                    enqueued_at=now,
                    worker_id=worker_id,
                )
                result = entry.task.using(backend=backend).enqueue()
                run.task_result_id = str(result.id)
                run.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue  # another worker claimed it first
        logger.info(
            "Scheduled %s (%s) enqueued as %s", entry.task_path, slot, result.id
        )
        started.append(run)
    return started
