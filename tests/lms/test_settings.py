"""Production settings: secrets from the environment, zero deploy warnings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.redis_utils import redis_answers, redis_url

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_overrides):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "XAPI_"))
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["DJANGO_SETTINGS_MODULE"] = "lms.settings.production"
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "XAPI_PSEUDONYM_KEY": secrets.token_urlsafe(32),
    "ALLOWED_HOSTS": "training.lacity.example",
    "DATABASE_URL": "postgres://lms@db.internal:5432/lms",
    "EMAIL_HOST": "smtp.lacity.example",
}


def test_check_deploy_reports_zero_warnings_with_production_environment():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_sessions_come_from_the_shared_cache_only_when_there_is_one():
    show = (
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_ENGINE)",
    )
    alone = run_manage(*show, env_overrides=PRODUCTION_ENV)
    assert alone.stdout.strip() == "django.contrib.sessions.backends.db", alone.stderr
    shared = run_manage(
        *show,
        env_overrides={**PRODUCTION_ENV, "REDIS_URL": "redis://cache.internal:6379/0"},
    )
    assert shared.stdout.strip() == "django.contrib.sessions.backends.cached_db", (
        shared.stderr
    )


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(PRODUCTION_ENV)
    env.pop("SECRET_KEY")
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_no_secret_is_committed_in_settings():
    production = (ROOT / "lms" / "settings" / "production.py").read_text()
    assert "SECRET_KEY = required(" in production
    assert "XAPI_PSEUDONYM_KEY = required(" in production


@pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_redis_url_gives_every_app_server_one_shared_cache():
    env = {**PRODUCTION_ENV, "REDIS_URL": redis_url(2)}
    code = (
        "from django.core.cache import cache;"
        "cache.set('lms-shared-cache-probe', 'shared', 30);"
        "from django.core.cache import caches;"
        "backend = type(caches['default']);"
        "print(cache.get('lms-shared-cache-probe'),"
        " backend.__module__, backend.__name__)"
    )
    result = run_manage("shell", "-c", code, env_overrides=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "shared",
        "lms.redis_cache",
        "RedisCache",
    ]


def test_sqlite_waits_for_the_write_lock_instead_of_failing():
    # Two requests writing at once must queue, not fail with "database is locked".
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] >= 10
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
