"""Production settings for the load test on loopback HTTP (bench/loadtest.py).

Only what plain http://127.0.0.1 needs is relaxed: cookies without the Secure
flag, no HTTPS redirect or HSTS. Passwords use a fast hasher so that signing in
100 learners (not measured) does not eat the two cores the test measures.
"""

from lms.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
