"""gunicorn settings for production app servers (all from the environment)."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 - behind the balancer
# One request at a time per process, 2 x cores + 1 processes. Threads share
# one interpreter lock: a thread back from a database call waits for the
# others' CPU work, so the load test measured 3-5 times the time in Django with
# 4 x 4 threads than with 6 single-threaded workers on the same 2 cores, and
# 44 % fewer requests a second (README, "Load test"). Sync workers close each
# connection after its response, so they belong behind a proxy that buffers
# slow clients (nginx, or the balancer); GUNICORN_THREADS > 1 switches to
# threaded workers that keep connections alive instead.
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Threaded workers only: longer than a load balancer's idle timeout (often
# 60 s), or gunicorn may close a kept-alive connection just as the next request
# is sent on it (the load test saw 8 "connection reset" in 5,533 with 2 s).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
