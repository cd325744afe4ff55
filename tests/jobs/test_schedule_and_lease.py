"""The schedule, the lease and the one-import-at-a-time rule, in one process."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from lms.jobs import schedule
from lms.jobs.models import ScheduledRun, WorkerHeartbeat
from lms.jobs.worker import beat, requeue_abandoned
from lms.models import RosterImport
from lms.roster_imports import ImportBusy, roster_import_queue
from tests.jobs.conftest import DATABASE_QUEUE
from tests.jobs.sample_tasks import explode
from tests.lms.factories import DepartmentFactory
from tests.lms.roster_utils import person, roster


@pytest.mark.parametrize(
    ("entry", "complaint"),
    [
        ({"daily_at": "06:00"}, "needs a 'task'"),
        ({"task": "no.such.task", "daily_at": "06:00"}, "cannot import no.such.task"),
        ({"task": "django.utils.timezone.now", "every": 5}, "is not a @task"),
        ({"task": "courses.tasks.send_reminders"}, "either 'daily_at' or 'every'"),
        ({"task": "courses.tasks.send_reminders", "daily_at": "7am"}, "HH:MM"),
        ({"task": "courses.tasks.send_reminders", "every": 0}, "whole number"),
    ],
)
def test_a_bad_schedule_entry_is_named(entry, complaint):
    with pytest.raises(ImproperlyConfigured, match=f"entry 1: .*{complaint}"):
        schedule.parse([entry])


def test_the_project_schedule_is_valid():
    paths = {entry.task_path for entry in schedule.entries()}
    assert {
        "courses.tasks.expire_certificates",
        "courses.tasks.send_reminders",
        "lms.xapi.tasks.forward_xapi_statements",
        "lms.jobs.tasks.prune_task_results",
    } <= paths


def test_a_daily_entry_is_due_from_its_time_of_day_on(settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    [entry] = schedule.parse(
        [{"task": "courses.tasks.send_reminders", "daily_at": "07:00"}]
    )
    # 06:59 and 07:00 in Los Angeles (UTC-8 in December).
    assert entry.slot(datetime(2026, 12, 1, 14, 59, tzinfo=UTC)) is None
    assert entry.slot(datetime(2026, 12, 1, 15, 0, tzinfo=UTC)) == "2026-12-01"
    assert entry.slot(datetime(2026, 12, 2, 7, 0, tzinfo=UTC)) == "2026-12-01"


@pytest.mark.django_db
def test_a_due_run_is_enqueued_once_however_often_it_is_checked(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.TASKS_SCHEDULE = [
        {"task": "tests.jobs.sample_tasks.explode", "daily_at": "00:00"}
    ]
    first = schedule.enqueue_due(worker_id="a", backend="default")
    again = schedule.enqueue_due(worker_id="b", backend="default")

    assert len(first) == 1 and again == []
    assert DBTaskResult.objects.filter(task_path=explode.module_path).count() == 1
    assert ScheduledRun.objects.get().worker_id == "a"


@pytest.mark.django_db
def test_a_job_whose_worker_stopped_beating_goes_back_to_the_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.TASKS_WORKER_LEASE = 60
    alive = explode.enqueue("alive")
    dead = explode.enqueue("dead")
    now = timezone.now()
    beat(worker_id="live", started_at=now)
    beat(worker_id="gone", started_at=now, now=now - timedelta(minutes=5))
    for job_id, worker in ((alive.id, "live"), (dead.id, "gone")):
        DBTaskResult.objects.get(pk=job_id).claim(worker)

    assert requeue_abandoned(backend="default") == (1, 0)
    assert DBTaskResult.objects.get(pk=alive.id).status == TaskResultStatus.RUNNING
    job = DBTaskResult.objects.get(pk=dead.id)
    assert job.status == TaskResultStatus.READY and job.started_at is None


@pytest.mark.django_db
def test_a_job_that_kills_its_workers_is_failed_after_max_attempts(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.TASKS_MAX_ATTEMPTS = 3
    result = explode.enqueue("poison")
    job = DBTaskResult.objects.get(pk=result.id)
    for worker in ("w1", "w2", "w3"):
        job.claim(worker)  # each worker died without a heartbeat left

    assert requeue_abandoned(backend="default") == (0, 1)
    job.refresh_from_db()
    assert job.status == TaskResultStatus.FAILED
    assert job.exception_class_path == "lms.jobs.worker.WorkerLost"
    assert "stopped 3 times (workers w1, w2, w3)" in job.traceback
    assert not WorkerHeartbeat.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_uploads_at_once_one_is_queued_the_other_refused(settings):
    settings.TASKS = DATABASE_QUEUE
    DepartmentFactory(code="LAPL", name="Library")
    go = threading.Barrier(2)
    outcomes = []

    def upload(number):
        try:
            go.wait(timeout=10)
            roster_import_queue(data=roster(person(number)), file_name=f"{number}.csv")
            outcomes.append("queued")
        except ImportBusy as busy:
            outcomes.append(str(busy))
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(n,)) for n in ("E1", "E2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes)[-1] == "queued"
    assert "Another roster import is unfinished" in sorted(outcomes)[0]
    assert RosterImport.objects.count() == 1
    assert (
        DBTaskResult.objects.filter(
            task_path="lms.roster_imports.run_roster_import"
        ).count()
        == 1
    )
