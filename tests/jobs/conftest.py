import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from django.conf import settings as django_settings

from lms import roles
from tests.lms.factories import make_user

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def database_url():
    """The test database, as the worker processes must open it."""
    from django.db import connection

    conf = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{conf['NAME']}"
    host, port = conf["HOST"] or "127.0.0.1", conf["PORT"] or 5432
    return (
        f"postgres://{conf['USER']}:{conf['PASSWORD'] or ''}@{host}:{port}"
        f"/{conf['NAME']}"
    )


def wait_for(condition, *, timeout=60, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.05)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}")


class Workers:
    """Real `manage.py db_worker` processes on the test database."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.processes = {}

    def start(self, name, *, lease=120, hold=None, schedule=None):
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DJANGO_SETTINGS_MODULE": "tests.jobs.worker_settings",
            "TEST_WORKER_LEASE": str(lease),
        }
        if hold is not None:
            env["TEST_HOLD_DIR"] = str(hold)
        if schedule is not None:
            import json

            env["TEST_TASKS_SCHEDULE"] = json.dumps(schedule)
        log = open(self.tmp_path / f"{name}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.1",
                "--worker-id",
                name,
            ],
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes[name] = (process, log)
        return process

    def log(self, name):
        return (self.tmp_path / f"{name}.log").read_text()

    def kill(self, name):
        process, log = self.processes.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        log.close()

    def stop_all(self):
        for name in list(self.processes):
            process, log = self.processes.pop(name)
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)
            log.close()
        # Shown by pytest when the test failed.
        for log in sorted(self.tmp_path.glob("*.log")):
            print(f"--- {log.name}\n{log.read_text()[-3000:]}")  # noqa: T201


@pytest.fixture
def workers(tmp_path, settings):
    settings.TASKS = DATABASE_QUEUE
    pool = Workers(tmp_path)
    yield pool
    pool.stop_all()


@pytest.fixture
def wagtail_root(db):
    """Wagtail's root page and default locale, which a flushing test before
    this one (transaction=True) may have emptied along with every table."""
    from django.utils.translation import get_supported_language_variant
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(
        language_code=get_supported_language_variant(django_settings.LANGUAGE_CODE)
    )
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))


@pytest.fixture
def administrator(client):
    user = make_user(roles.ADMINISTRATOR, employee=False)
    client.force_login(user)
    return user


@pytest.fixture
def hold_dir(tmp_path):
    folder = tmp_path / "hold"
    folder.mkdir()
    return folder


def release(folder: Path):
    (folder / "release").touch()
