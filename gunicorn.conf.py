"""gunicorn settings for production app servers (all from the environment)."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 - behind the balancer
# One request at a time per process, 2 x cores + 1 processes. Threads share
# one interpreter lock: a thread back from a database call waits for the
# others' CPU work. On 2 cores, 4 x 4 threads spent 3-4 times longer in Django
# per request than 5 single-threaded workers and held a third of the learners
# on PostgreSQL (README, "Load test"). Sync workers close each connection after
# its response, so they belong behind a proxy that buffers slow clients (nginx,
# as gunicorn's documentation advises); GUNICORN_THREADS > 1 switches to
# threaded workers, which keep connections alive instead.
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Threaded workers only: longer than a load balancer's idle timeout (often
# 60 s), or gunicorn may close a kept-alive connection just as the next request
# is sent on it (the load test saw 8 "connection reset" in 5,533 with 2 s).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
