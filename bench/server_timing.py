"""A ``Server-Timing`` header on every response, for the load test only.

``db;dur=<ms>;desc="<n> queries", app;dur=<ms>, cpu;dur=<ms>, wait;dur=<ms>``:
the time this request spent in database calls (and how many it made), in the
whole middleware chain, the CPU time its thread used (which, unlike the
others, does not grow when the machine is busy with other work), and how long
it waited before Django saw it (in the listen queue for a free worker, and in
gunicorn's parsing), from the ``X-Request-Start: t=<epoch seconds>`` the load
generator sends, on the same machine's clock. So the load test can tell the
database's share of each kind of page, its cost in CPU, and whether a slow
tail is the server working or requests queueing for it. Enabled by
bench/loadtest_settings.py alone; production settings never load it.
"""

import time

from django.db import connections


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        arrived = time.time()
        spent = {"queries": 0, "seconds": 0.0}

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent["queries"] += 1
                spent["seconds"] += time.perf_counter() - started

        started, cpu_started = time.perf_counter(), time.thread_time()
        connection = connections["default"]
        with connection.execute_wrapper(timed):
            response = self.get_response(request)
        app_ms = (time.perf_counter() - started) * 1000
        cpu_ms = (time.thread_time() - cpu_started) * 1000
        timing = (
            f'db;dur={spent["seconds"] * 1000:.2f};desc="{spent["queries"]} queries", '
            f"app;dur={app_ms:.2f}, cpu;dur={cpu_ms:.2f}"
        )
        sent = _sent_at(request.headers.get("X-Request-Start", ""))
        if sent is not None:
            timing += f", wait;dur={max(0.0, arrived - sent) * 1000:.2f}"
        response["Server-Timing"] = timing
        return response


def _sent_at(header):
    """Epoch seconds from ``t=<seconds>``, or None."""
    try:
        return float(header.removeprefix("t="))
    except ValueError:
        return None
