from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
XAPI_PSEUDONYM_KEY = "test-only-pseudonym-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
XAPI_ACTIVITY_BASE = "https://training.example.test/xapi"
XAPI_ACTOR_HOMEPAGE = "https://training.example.test"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
