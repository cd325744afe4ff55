"""``manage.py db_worker``: django-tasks-db's worker with a lease and the schedule.

This app comes before ``django_tasks_db`` in INSTALLED_APPS, so this command
takes the place of the package's own; every option is the package's.
"""

import os

from django_tasks_db.management.commands import db_worker

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader

from lms.jobs.worker import LeasedWorker


class Command(db_worker.Command):
    help = (
        "Run a background worker for the database task queue. Jobs of a worker "
        "that died go back to the queue after TASKS_WORKER_LEASE seconds, and the "
        "tasks in TASKS_SCHEDULE are enqueued when due (once across all workers)."
    )

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise db_worker.CommandError(
                "--exclude-queues can only be used with --queue-name=*"
            )
        worker = LeasedWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
