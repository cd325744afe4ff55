import os
import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
XAPI_PSEUDONYM_KEY = "test-only-pseudonym-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Ordinary tests run jobs inline; tests/jobs swaps in the database backend and
# starts real `db_worker` processes.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory, so worker processes started by a test share it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"lms-test-{os.getpid()}.sqlite3")
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
XAPI_ACTIVITY_BASE = "https://training.example.test/xapi"
XAPI_ACTOR_HOMEPAGE = "https://training.example.test"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
