"""Settings of the worker processes the tests in tests/jobs start.

The test settings with the real database queue; the lease, the schedule and a
hold on the roster import's write transaction come from the environment.
"""

import json
import os

from lms.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASKS_WORKER_LEASE = float(os.environ.get("TEST_WORKER_LEASE", "120"))
TASKS_SCHEDULE = json.loads(os.environ.get("TEST_TASKS_SCHEDULE", "[]"))
if os.environ.get("TEST_HOLD_DIR"):
    INSTALLED_APPS = [*INSTALLED_APPS, "tests.jobs.hold.HoldConfig"]  # noqa: F405
LOGGING["root"]["level"] = "INFO"  # noqa: F405
