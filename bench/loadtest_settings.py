"""Production settings for the load test on loopback HTTP (bench/loadtest.py).

Only what plain http://127.0.0.1 needs is relaxed: cookies without the Secure
flag, no HTTPS redirect or HSTS. Passwords use a fast hasher so that signing in
100 learners (not measured) does not eat the two cores the test measures.
First in the middleware, bench/server_timing.py reports each request's
database time and query count in a ``Server-Timing`` header.
"""

from lms.settings.production import *  # noqa: F403
from lms.settings.production import MIDDLEWARE

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
MIDDLEWARE = ["server_timing.ServerTimingMiddleware", *MIDDLEWARE]
