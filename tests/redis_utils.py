"""The local Redis (127.0.0.1:6379) that the shared-cache tests use.

A run of the suite takes three databases from ``TEST_REDIS_DB`` on (13 by
default: 13, 14 and 15), so CI can run the SQLite and PostgreSQL suites side
by side without one flushing the other's keys.
"""

import os
import socket

FIRST_DB = int(os.environ.get("TEST_REDIS_DB", "13"))
DATABASES = 3


def redis_answers():
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", 6379)) == 0


def redis_url(n):
    """The URL of this run's ``n``-th database (0, 1 or 2)."""
    if not 0 <= n < DATABASES:
        raise ValueError(f"A run has {DATABASES} Redis databases, not {n + 1}.")
    return f"redis://127.0.0.1:6379/{FIRST_DB + n}"
