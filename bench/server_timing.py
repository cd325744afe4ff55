"""A ``Server-Timing`` header on every response, for the load test only.

``db;dur=<ms>;desc="<n> queries", app;dur=<ms>, cpu;dur=<ms>``: the time this
request spent in database calls (and how many it made), in the whole
middleware chain, and the CPU time its thread used (which, unlike the others,
does not grow when the machine is busy with other work), so the load test can
tell the database's share of each kind of page and its cost in CPU. Enabled
by bench/loadtest_settings.py alone; production settings never load it.
"""

import time

from django.db import connections


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
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
        response["Server-Timing"] = (
            f'db;dur={spent["seconds"] * 1000:.2f};desc="{spent["queries"]} queries", '
            f"app;dur={app_ms:.2f}, cpu;dur={cpu_ms:.2f}"
        )
        return response
