"""gunicorn settings for production app servers (all from the environment)."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 - behind the balancer
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Longer than a load balancer's idle timeout (often 60 s): otherwise gunicorn may
# close a kept-alive connection just as the next request is sent on it, and the
# client sees "connection reset" (the load test saw 8 in 5,533 with the default 2 s).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
