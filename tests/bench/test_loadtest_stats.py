"""The load test's arithmetic: percentiles, the per-kind table, the database's
share, arrivals, think times and the capacity verdict (no clock, no server)."""

import random

import pytest

from bench import loadtest_stats as stats
from bench.loadtest_stats import Sample


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))  # 1..100
    assert stats.percentile(values, 0.50) == 50
    assert stats.percentile(values, 0.95) == 95
    assert stats.percentile(values, 0.99) == 99
    assert stats.percentile(values, 1.0) == 100
    assert stats.percentile([7], 0.99) == 7
    assert stats.percentile([3, 1, 2], 0.5) == 2  # unsorted input
    assert stats.percentile([], 0.5) is None


def test_parse_server_timing():
    header = 'db;dur=4.25;desc="7 queries", app;dur=18.50, cpu;dur=9.1, wait;dur=0.8'
    assert stats.parse_server_timing(header) == (4.25, 7, 18.5, 9.1, 0.8)
    assert stats.parse_server_timing(None) == (None, None, None, None, None)
    assert stats.parse_server_timing("app;dur=3") == (None, None, 3.0, None, None)


def test_summarize_per_kind_in_table_order_with_the_database_share():
    samples = [Sample("module", s / 1000, 2.0, 10, 8.0, 5.0) for s in range(1, 21)]
    samples += [Sample("my_training", 0.010, 1.0, 7, 4.0)] * 3
    samples += [Sample("unknown", 0.5)]
    summary = stats.summarize(samples)
    assert list(summary) == ["my_training", "module", "unknown"]
    module = summary["module"]
    assert module["count"] == 20
    assert (module["p50_ms"], module["p95_ms"], module["p99_ms"]) == (10, 19, 20)
    assert (module["queries"], module["db_ms"], module["app_ms"]) == (10, 2, 8)
    assert module["db_share_pct"] == 25
    assert module["cpu_ms"] == 5
    assert summary["unknown"]["queries"] is None
    assert summary["unknown"]["db_share_pct"] is None
    assert summary["unknown"]["app_p95_ms"] is None


def test_summarize_tells_queueing_from_work_in_the_tail():
    """Slow requests that were slow in Django, and slow ones that waited for a
    worker: the p95s of time in Django and of the wait say which."""
    working = [
        Sample("course", (20 + w) / 1000, app_ms=20 + w, wait_ms=1) for w in range(20)
    ]
    waiting = [
        Sample("answer", (20 + w) / 1000, app_ms=20, wait_ms=w) for w in range(20)
    ]
    summary = stats.summarize(working + waiting)
    assert (summary["course"]["app_p95_ms"], summary["course"]["wait_p95_ms"]) == (
        38,
        1,
    )
    assert (summary["answer"]["app_p95_ms"], summary["answer"]["wait_p95_ms"]) == (
        20,
        18,
    )
    assert summary["course"]["p95_ms"] == summary["answer"]["p95_ms"] == 38


def test_overall_counts_every_kind():
    samples = [Sample("module", 0.1)] * 30 + [Sample("answer", 0.3)] * 10
    result = stats.overall(samples, seconds=20)
    assert result["requests"] == 40
    assert result["requests_per_second"] == 2.0
    assert result["p50_ms"] == 100
    assert result["p95_ms"] == 300


def _summary(**p95):
    return {kind: {"p50_ms": 10, "p95_ms": value} for kind, value in p95.items()}


def test_within_limit_names_the_kinds_over_it():
    ok, over = stats.within_limit(_summary(module=150, answer=250, result=900), 200)
    assert not ok and over == ["answer"]  # "result" is not a capacity kind
    assert stats.within_limit(_summary(module=200, finish=199), 200) == (True, [])
    assert stats.within_limit({}, 200) == (False, [])


def test_capacity_is_the_largest_step_within_the_limit():
    steps = [
        {
            "learners": 200,
            "kinds": _summary(module=50),
            "overall": {"requests_per_second": 20},
        },
        {
            "learners": 400,
            "kinds": _summary(module=150),
            "overall": {"requests_per_second": 40},
        },
        {
            "learners": 800,
            "kinds": _summary(module=450),
            "overall": {"requests_per_second": 70},
        },
    ]
    assert stats.capacity(steps, 200) == {"learners": 400, "requests_per_second": 40}
    assert stats.capacity(steps[2:], 200) is None


def test_tail_ratio():
    summary = {
        "module": {"p50_ms": 40, "p95_ms": 100},
        "odd": {"p50_ms": 0, "p95_ms": 1},
    }
    assert stats.tail_ratio(summary) == {"module": 2.5, "odd": None}


def test_a_steps_newcomers_are_spread_over_a_pass_unless_a_rate_is_given():
    assert stats.step_arrival_rate(300, None, 240) == 1.25
    assert stats.step_arrival_rate(200, None, 240) == pytest.approx(0.833, abs=1e-3)
    assert stats.step_arrival_rate(300, 20.0, 240) == 20.0  # a stampede
    assert stats.step_arrival_rate(0, None, 240) > 0  # never a rate of zero


def test_arrivals_are_a_poisson_process_at_the_rate():
    offsets = stats.arrival_offsets(20000, rate=10.0, rng=random.Random(1))
    assert offsets == sorted(offsets) and offsets[0] > 0
    # 20,000 arrivals at 10 a second take about 2,000 s (mean gap 0.1 s).
    assert offsets[-1] == pytest.approx(2000, rel=0.03)
    gaps = [b - a for a, b in zip(offsets, offsets[1:], strict=False)]
    # Exponential gaps: about 63 % are shorter than the mean.
    short = sum(1 for gap in gaps if gap < 0.1) / len(gaps)
    assert short == pytest.approx(1 - 2.718281828**-1, abs=0.02)


def test_think_times_stay_in_their_range_and_scale():
    rng = random.Random(5)
    reads = [stats.think_time("module", rng) for _ in range(1000)]
    assert min(reads) >= 5 and max(reads) <= 30
    steps = [stats.think_time("quiz_step", rng, scale=0.5) for _ in range(1000)]
    assert min(steps) >= 2 and max(steps) <= 7.5
    assert stats.think_time("answer", rng) == 0  # no pause after a POST
    assert stats.think_time("module", rng, scale=0) == 0  # the closed loop
    assert stats.mean_think()["module"] == 17.5


def test_table_lists_each_kind_and_dashes_for_missing_figures():
    summary = stats.summarize(
        [Sample("module", 0.02, 1.5, 10, 6.0, 3.0, 0.5), Sample("x", 0.1)]
    )
    text = stats.table(summary, title="step")
    lines = text.splitlines()
    assert lines[0] == "step"
    assert lines[1].split()[:2] == ["kind", "count"]
    assert lines[2].split() == [
        "module",
        "1",
        "20.0",
        "20.0",
        "20.0",
        "10.0",
        "1.5",
        "6.0",
        "25",
        "3.0",
        "6.0",
        "0.5",
    ]
    assert lines[3].split()[-7:] == ["-"] * 7


def test_cpu_use_splits_the_machine_by_group_and_per_request():
    before = {
        "groups": {"app": 10.0, "database": 2.0, "load_generator": 1.0},
        "busy": 20.0,
    }
    after = {
        "groups": {
            "app": 40.0,
            "database": 5.0,
            "load_generator": 2.5,
            "task_workers": 0.5,
        },
        "busy": 70.0,
    }
    use = stats.cpu_use(before, after, seconds=25, requests=1000, cores=2)
    assert use["machine_busy_cores"] == 2.0  # 50 s of CPU in 25 s
    assert use["cores_by_group"] == {
        "app": 1.2,
        "database": 0.12,
        "task_workers": 0.02,
        "load_generator": 0.06,
        "other": 0.6,  # 50 - 30 - 3 - 0.5 - 1.5 = 15 s not ours
    }
    assert use["ms_per_request"]["app"] == 30.0
    assert use["ms_per_request"]["database"] == 3.0
    assert "other" not in use["ms_per_request"]
    line = stats.cpu_line(use)
    assert "machine busy 2.00" in line and "app 1.20 (30.0 ms/request)" in line
    assert stats.cpu_use(before, after, seconds=0, requests=1, cores=2) is None
    assert stats.cpu_line(None) == "CPU: not measured"
