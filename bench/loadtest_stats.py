"""The load test's arithmetic, apart from the HTTP: latency per kind of request,
the database's share of it, learners' arrivals and think times, the capacity
verdict. No clock and no network here, so tests/bench checks it exactly.
"""

import math
import re
from dataclasses import dataclass

# Every kind of request a learner makes, in the order the table lists them.
KINDS = [
    "my_training",
    "course",
    "module",
    "done",
    "quiz_detail",
    "quiz_start",
    "quiz_step",
    "answer",
    "feedback",
    "finish",
    "result",
]
# The kinds the capacity question is asked of: p95 within the limit on each.
CAPACITY_KINDS = [
    "my_training",
    "course",
    "module",
    "done",
    "quiz_step",
    "answer",
    "finish",
]

# Seconds a learner spends on a page before the next request, drawn uniformly
# from (low, high): reading a module takes longest, a quiz step less, a page
# that only leads on (a redirect target, a list) a few seconds.
THINK_SECONDS = {
    "my_training": (2, 6),
    "course": (3, 10),
    "module": (5, 30),
    "quiz_detail": (2, 5),
    "quiz_step": (4, 15),
    "feedback": (3, 10),
    "result": (3, 10),
}


@dataclass
class Sample:
    """One measured request: what kind, how long the client waited, and what the
    server said of it in its Server-Timing header (None when absent): database
    time and queries, time in Django, its thread's CPU, and the wait before
    Django saw it."""

    kind: str
    seconds: float
    db_ms: float | None = None
    queries: int | None = None
    app_ms: float | None = None
    cpu_ms: float | None = None
    wait_ms: float | None = None


def percentile(values, fraction):
    """The nearest-rank percentile: the smallest value with at least
    ``fraction`` of all values at or below it. None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


SERVER_TIMING = re.compile(r'(\w+);dur=([\d.]+)(?:;desc="(\d+) quer)?')


def parse_server_timing(header):
    """(db ms, queries, app ms, cpu ms, wait ms) from
    ``db;dur=..;desc="N queries", app;dur=.., cpu;dur=.., wait;dur=..``."""
    db_ms = queries = app_ms = cpu_ms = wait_ms = None
    for name, duration, count in SERVER_TIMING.findall(header or ""):
        if name == "db":
            db_ms = float(duration)
            queries = int(count) if count else None
        elif name == "app":
            app_ms = float(duration)
        elif name == "cpu":
            cpu_ms = float(duration)
        elif name == "wait":
            wait_ms = float(duration)
    return db_ms, queries, app_ms, cpu_ms, wait_ms


def _mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def _p95_of(values):
    return percentile([v for v in values if v is not None], 0.95)


def _round(value, digits=1):
    return None if value is None else round(value, digits)


def summarize(samples):
    """Per kind (in KINDS order, then any other): count, p50/p95/p99 in ms, and
    the database's share: mean queries, mean DB ms and mean app ms per request
    and DB ms as a percentage of the app's time; the app's mean CPU ms; and,
    to tell where a slow tail is spent, the p95 of the time in Django and of
    the wait before it."""
    by_kind = {}
    for sample in samples:
        by_kind.setdefault(sample.kind, []).append(sample)
    order = [k for k in KINDS if k in by_kind] + sorted(set(by_kind) - set(KINDS))
    summary = {}
    for kind in order:
        group = by_kind[kind]
        millis = [s.seconds * 1000 for s in group]
        db_ms = _mean([s.db_ms for s in group])
        app_ms = _mean([s.app_ms for s in group])
        summary[kind] = {
            "count": len(group),
            "p50_ms": _round(percentile(millis, 0.50)),
            "p95_ms": _round(percentile(millis, 0.95)),
            "p99_ms": _round(percentile(millis, 0.99)),
            "queries": _round(_mean([s.queries for s in group])),
            "db_ms": _round(db_ms),
            "app_ms": _round(app_ms),
            "db_share_pct": _round(100 * db_ms / app_ms) if db_ms and app_ms else None,
            "cpu_ms": _round(_mean([s.cpu_ms for s in group])),
            "app_p95_ms": _round(_p95_of([s.app_ms for s in group])),
            "wait_p95_ms": _round(_p95_of([s.wait_ms for s in group])),
        }
    return summary


def overall(samples, seconds):
    """All kinds together: count, requests per second, p50/p95/p99 in ms."""
    millis = [s.seconds * 1000 for s in samples]
    return {
        "requests": len(millis),
        "requests_per_second": round(len(millis) / seconds, 1) if seconds else None,
        "p50_ms": _round(percentile(millis, 0.50)),
        "p95_ms": _round(percentile(millis, 0.95)),
        "p99_ms": _round(percentile(millis, 0.99)),
    }


def within_limit(summary, limit_ms, kinds=CAPACITY_KINDS):
    """(verdict, kinds over the limit): every listed kind measured has p95 at
    or under ``limit_ms``, and at least one was measured."""
    over = [
        kind for kind in kinds if kind in summary and summary[kind]["p95_ms"] > limit_ms
    ]
    measured = any(kind in summary for kind in kinds)
    return measured and not over, over


def tail_ratio(summary):
    """Each kind's p95 over its p50 (how much heavier its slow tail is)."""
    return {
        kind: round(row["p95_ms"] / row["p50_ms"], 1) if row["p50_ms"] else None
        for kind, row in summary.items()
    }


def step_arrival_rate(newcomers, rate, spread_seconds):
    """Learners per second at which a step's ``newcomers`` arrive: ``rate`` if
    given (a stampede, everyone starting at once), else spread over
    ``spread_seconds``, about one learner's pass through a course, so that by
    the time the step is measured the crowd is at every stage of it at once
    (reading, marking done, in a quiz), as a day's learners are, and not one
    wave reaching the course page and the quiz's start together."""
    if rate:
        return rate
    return max(newcomers, 1) / spread_seconds


def arrival_offsets(count, rate, rng):
    """Seconds from the start at which ``count`` learners arrive, a Poisson
    process of ``rate`` arrivals per second (exponential gaps)."""
    offsets, clock = [], 0.0
    for _ in range(count):
        clock += rng.expovariate(rate)
        offsets.append(clock)
    return offsets


def think_time(kind, rng, scale=1.0):
    """Seconds a learner pauses after a page of ``kind`` (0 after a POST)."""
    low, high = THINK_SECONDS.get(kind, (0, 0))
    return scale * rng.uniform(low, high)


def mean_think(scale=1.0):
    """The mean pause per page kind, to size an open-model run."""
    return {
        kind: scale * (low + high) / 2 for kind, (low, high) in THINK_SECONDS.items()
    }


def capacity(steps, limit_ms):
    """The largest step (learners, req/s) whose every capacity kind met the
    limit, from steps in increasing learners; None if none did."""
    best = None
    for step in steps:
        ok, _over = within_limit(step["kinds"], limit_ms)
        if ok:
            best = {
                "learners": step["learners"],
                "requests_per_second": step["overall"]["requests_per_second"],
            }
    return best


def table(summary, *, title=""):
    """The per-kind table as printed text."""
    header = (
        f"{'kind':<12} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'queries':>8} {'db ms':>7} {'app ms':>7} {'db %':>5} {'cpu ms':>7} "
        f"{'app p95':>8} {'wait p95':>8}"
    )
    lines = [title, header] if title else [header]

    def cell(value, width, digits=1):
        return f"{'-':>{width}}" if value is None else f"{value:>{width}.{digits}f}"

    for kind, row in summary.items():
        lines.append(
            f"{kind:<12} {row['count']:>6} {cell(row['p50_ms'], 8)} "
            f"{cell(row['p95_ms'], 8)} {cell(row['p99_ms'], 8)} "
            f"{cell(row['queries'], 8)} {cell(row['db_ms'], 7)} "
            f"{cell(row['app_ms'], 7)} {cell(row['db_share_pct'], 5, 0)} "
            f"{cell(row['cpu_ms'], 7)} {cell(row['app_p95_ms'], 8)} "
            f"{cell(row['wait_p95_ms'], 8)}"
        )
    return "\n".join(lines)


# Where the machine's CPU went during a measurement, by who used it.
CPU_GROUPS = ["app", "database", "task_workers", "load_generator"]


def cpu_use(before, after, seconds, requests, cores):
    """Cores used by each group (and by everything else on the machine) between
    two readings, and CPU milliseconds per measured request.

    A reading is ``{"groups": {group: seconds of CPU}, "busy": seconds}``, the
    machine's busy time (all cores) from /proc/stat. "other" is the machine's
    busy time that none of the groups account for (other work on the host).
    """
    if not seconds:
        return None
    used = {
        group: max(
            0.0, after["groups"].get(group, 0.0) - before["groups"].get(group, 0.0)
        )
        for group in CPU_GROUPS
    }
    busy = max(0.0, after["busy"] - before["busy"])
    used["other"] = max(0.0, busy - sum(used.values()))
    return {
        "cores": cores,
        "machine_busy_cores": round(busy / seconds, 2),
        "cores_by_group": {g: round(s / seconds, 2) for g, s in used.items()},
        "ms_per_request": {
            g: round(1000 * s / requests, 1) if requests else None
            for g, s in used.items()
            if g != "other"
        },
    }


def cpu_line(use):
    """One printed line: cores by group and the app's and database's CPU per
    request."""
    if not use:
        return "CPU: not measured"
    by = use["cores_by_group"]
    per = use["ms_per_request"]
    parts = [
        f"{group.replace('_', ' ')} {by[group]:.2f}"
        + (f" ({per[group]:.1f} ms/request)" if per.get(group) is not None else "")
        for group in [*CPU_GROUPS, "other"]
    ]
    return (
        f"CPU (cores of {use['cores']}): machine busy {use['machine_busy_cores']:.2f}; "
        + ", ".join(parts)
    )
