"""The queue with real `manage.py db_worker` processes on the test database.

Each test commits its rows (transaction=True) so the workers, separate
processes, see them: on PostgreSQL the test database itself, on SQLite the test
database file (lms.settings.test keeps it on disk for this).
"""

from datetime import timedelta

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from courses.models import Assignment, ReminderLog
from lms.jobs.models import ScheduledRun, WorkerHeartbeat
from lms.models import Employee, RosterImport
from tests.courses.factories import CoursePageFactory
from tests.jobs.conftest import release, wait_for
from tests.jobs.sample_tasks import explode
from tests.lms.factories import DepartmentFactory, EmployeeFactory
from tests.lms.roster_utils import person, roster

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root"),
]

URL = "/admin/roster/import/"
PEOPLE = 40


@pytest.fixture
def library():
    return DepartmentFactory(code="LAPL", name="Library")


def upload(client, data, **options):
    payload = {"file": SimpleUploadedFile("roster.csv", data, "text/csv")}
    payload.update({name: "on" for name, value in options.items() if value})
    return client.post(URL, payload)


def status_page(client, row):
    return client.get(reverse("lms_roster_import_status", args=[row.pk]))


def finished(row):
    row.refresh_from_db()
    return row if row.finished else None


def people(count=PEOPLE):
    return roster(*(person(f"E{n:06d}") for n in range(count)))


def test_an_upload_is_answered_at_once_and_the_page_follows_the_worker(
    client, administrator, library, workers, hold_dir
):
    course = CoursePageFactory(slug="all-staff", required_for_all=True)

    response = upload(client, people())

    # Answered at once: a redirect to the status page, nothing imported yet.
    assert response.status_code == 302
    row = RosterImport.objects.get()
    assert response.url == reverse("lms_roster_import_status", args=[row.pk])
    page = status_page(client, row)
    assert 'data-status="queued"' in page.content.decode()
    assert page.headers["Refresh"] == "2"
    assert Employee.objects.count() == 0

    workers.start("w1", hold=hold_dir)
    wait_for(lambda: (hold_dir / "inside").exists(), what="the import to write")
    page = status_page(client, row).content.decode()
    assert 'data-status="writing"' in page
    assert f"All {PEOPLE} rows are valid. Writing {PEOPLE} changed employees" in page
    # Inside the worker's transaction: nothing is visible yet.
    assert Employee.objects.count() == 0

    release(hold_dir)
    wait_for(lambda: finished(row), what="the import to finish")
    page = status_page(client, row)
    content = page.content.decode()
    assert "Refresh" not in page.headers
    assert 'data-status="done"' in content
    assert f"<td>{PEOPLE}</td><td>0</td><td>0</td><td>0</td>" in content
    assert f"Course assignments made: {PEOPLE}" in content
    assert Employee.objects.count() == PEOPLE
    assert Assignment.objects.filter(course=course).count() == PEOPLE
    row.refresh_from_db()
    assert row.data == b""

    # A bad file next: the worker lists its problems and writes nothing.
    bad = roster(person("E900001", sworn="maybe"), person("E900002", hire_date="x"))
    upload(client, bad)
    bad_row = RosterImport.objects.exclude(pk=row.pk).get()
    wait_for(lambda: finished(bad_row), what="the bad file to be checked")
    content = status_page(client, bad_row).content.decode()
    assert "The roster has 2 problems; nothing was imported." in content
    assert "<td>2</td><td>sworn</td>" in content
    assert "<td>3</td><td>hire_date</td>" in content
    assert Employee.objects.count() == PEOPLE


def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_runs_again(
    client, administrator, library, workers, hold_dir
):
    upload(client, people())
    row = RosterImport.objects.get()

    workers.start("doomed", lease=2, hold=hold_dir)
    wait_for(lambda: (hold_dir / "inside").exists(), what="the import to write")
    workers.kill("doomed")  # SIGKILL inside the write transaction

    assert Employee.objects.count() == 0
    row.refresh_from_db()
    assert row.status == RosterImport.Status.WRITING and not row.finished
    job = DBTaskResult.objects.get()
    assert job.status == TaskResultStatus.RUNNING and job.worker_ids == ["doomed"]

    # The next worker finds the dead one's lease run out and runs the job again.
    workers.start("rescuer", lease=2)
    wait_for(lambda: finished(row), what="the import to be run again")
    assert row.status == RosterImport.Status.DONE and row.created == PEOPLE
    assert Employee.objects.count() == PEOPLE
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert job.worker_ids == ["doomed", "rescuer"]
    assert "lost its worker doomed: back in the queue" in workers.log("rescuer")


def test_a_job_that_raises_is_recorded_with_its_error(workers):
    result = explode.enqueue("the LRS caught fire")
    workers.start("w1")

    job = wait_for(
        lambda: DBTaskResult.objects.filter(pk=result.id).finished().first(),
        what="the job to end",
    )
    assert job.status == TaskResultStatus.FAILED
    assert job.exception_class_path == "builtins.RuntimeError"
    assert "RuntimeError: the LRS caught fire" in job.traceback
    # The worker goes on with the next job.
    second = explode.enqueue("again")
    wait_for(
        lambda: DBTaskResult.objects.filter(pk=second.id).finished().exists(),
        what="the next job",
    )


def test_the_daily_schedule_runs_once_across_two_workers(library, workers):
    today = timezone.localdate()
    employee = EmployeeFactory(department=library)
    course = CoursePageFactory(slug="daily", required_for_all=False)
    Assignment.objects.create(
        employee=employee,
        course=course,
        assigned_at=timezone.now(),
        due_date=today + timedelta(days=3),
    )
    schedule = [{"task": "courses.tasks.send_reminders", "daily_at": "00:00"}]

    workers.start("host-a", lease=1.2, schedule=schedule)
    workers.start("host-b", lease=1.2, schedule=schedule)

    job = wait_for(
        lambda: (
            DBTaskResult.objects.filter(task_path="courses.tasks.send_reminders")
            .finished()
            .first()
        ),
        what="the scheduled job",
    )
    assert job.status == TaskResultStatus.SUCCESSFUL, job.traceback
    assert job.return_value["learner_emails"] == 1
    # Both workers were up and beating (0.2 s apart) while it ran ...
    wait_for(
        lambda: (
            WorkerHeartbeat.objects.filter(worker_id__in=["host-a", "host-b"])
            .values("worker_id")
            .count()
            == 2
        ),
        what="both workers",
    )
    # ... and after many more beats of both, the day's run is still the only one.
    later = timezone.now() + timedelta(seconds=2)
    wait_for(
        lambda: WorkerHeartbeat.objects.filter(seen_at__gt=later).count() == 2,
        what="more beats",
    )
    assert DBTaskResult.objects.filter(task_path=job.task_path).count() == 1
    [run] = ScheduledRun.objects.all()
    assert (run.task_path, run.slot) == (job.task_path, today.isoformat())
    assert ReminderLog.objects.count() == 1
