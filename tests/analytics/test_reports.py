"""Report functions: frames in, frames out, no database and no HTTP."""

import numpy as np
import pandas as pd
import pytest

from analytics import reports


def counts_frame(rows):
    """rows: (course_id, course, dept_code, dept, status, people)."""
    return pd.DataFrame(
        rows,
        columns=[
            "course_id",
            "course",
            "department_code",
            "department",
            "status",
            "people",
        ],
    )


def scores_frame(rows):
    return pd.DataFrame(
        rows, columns=["course_id", "department_code", "score_sum", "scored"]
    )


def test_summary_counts_each_status_and_completion_excludes_waived():
    counts = counts_frame(
        [
            (1, "ED20", "LAPD", "Police", "completed", 6),
            (1, "ED20", "LAPD", "Police", "overdue", 2),
            (1, "ED20", "LAPD", "Police", "not_started", 1),
            (1, "ED20", "LAPD", "Police", "waived", 1),
            (1, "ED20", "LAPL", "Library", "in_progress", 3),
        ]
    )
    scores = scores_frame([(1, "LAPD", 480.0, 6)])

    summary = reports.completion_summary(counts, scores).set_index("department_code")

    police = summary.loc["LAPD"]
    assert police["assigned"] == 10
    assert police["completed"] == 6
    assert police["overdue"] == 2
    assert police["in_progress"] == 0
    assert police["certified"] == 0
    assert police["completion_pct"] == pytest.approx(66.7)  # 6 of 9 not waived
    assert police["average_score"] == pytest.approx(80.0)
    library = summary.loc["LAPL"]
    assert library["assigned"] == 3
    assert library["completion_pct"] == 0
    assert np.isnan(library["average_score"])


def test_summary_of_nothing_is_an_empty_table_with_the_columns():
    summary = reports.completion_summary(counts_frame([]), scores_frame([]))
    assert summary.empty
    assert set(reports.SUMMARY_COLUMNS) <= set(summary.columns)


def test_status_counts_from_rows_gives_the_same_summary_as_the_database_counts():
    rows = pd.DataFrame(
        {
            "course_id": [1, 1, 1, 2],
            "course": ["ED20", "ED20", "ED20", "SO40"],
            "department_code": ["LAPD"] * 4,
            "department": ["Police"] * 4,
            "status": ["completed", "completed", "overdue", "not_started"],
        }
    )
    counts = reports.status_counts(rows)
    summary = reports.completion_summary(counts, None)
    assert summary[
        ["course", "assigned", "completed", "overdue", "not_started"]
    ].to_dict("records") == [
        {
            "course": "ED20",
            "assigned": 3,
            "completed": 2,
            "overdue": 1,
            "not_started": 0,
        },
        {
            "course": "SO40",
            "assigned": 1,
            "completed": 0,
            "overdue": 0,
            "not_started": 1,
        },
    ]


def test_city_totals_sum_departments_and_recompute_percentages():
    counts = counts_frame(
        [
            (1, "ED20", "A", "Alpha", "completed", 10),
            (1, "ED20", "B", "Beta", "completed", 5),
            (1, "ED20", "B", "Beta", "overdue", 5),
        ]
    )
    scores = scores_frame([(1, "A", 900.0, 10), (1, "B", 300.0, 5)])
    table = reports.with_city_totals(reports.completion_summary(counts, scores))
    total = table[table["department"] == reports.ALL_DEPARTMENTS].iloc[0]
    assert total["assigned"] == 20
    assert total["completion_pct"] == 75.0
    assert total["average_score"] == 80.0  # (900 + 300) / 15, not mean of means
    assert table["department"].tolist()[-1] == reports.ALL_DEPARTMENTS


def test_department_completion_is_sorted_highest_first():
    counts = counts_frame(
        [
            (1, "ED20", "A", "Alpha", "completed", 1),
            (1, "ED20", "A", "Alpha", "overdue", 3),
            (1, "ED20", "B", "Beta", "completed", 3),
            (1, "ED20", "B", "Beta", "overdue", 1),
            (2, "SO40", "B", "Beta", "completed", 4),
        ]
    )
    frame = reports.department_completion(reports.completion_summary(counts, None))
    assert frame["department"].tolist() == ["Beta", "Alpha"]
    assert frame["completion_pct"].tolist() == [87.5, 25.0]


def test_completions_over_time_are_running_totals_on_every_day():
    completed = pd.DataFrame({"day": ["2026-01-02", "2026-01-05"], "people": [2, 3]})
    due = pd.DataFrame({"day": ["2026-01-03", "2026-01-05"], "people": [4, 1]})
    frame = reports.completions_over_time(completed, due)
    assert frame["completed"].tolist() == [2, 2, 5]
    assert frame["due"].tolist() == [0, 4, 5]


def test_score_distribution_has_every_band():
    buckets = pd.DataFrame({"band": [80, 100, 80], "attempts": [2, 1, 3]})
    frame = reports.score_distribution(buckets)
    assert len(frame) == 11
    assert frame.set_index("band").loc[80, "attempts"] == 5
    assert frame.set_index("band").loc[100, "label"] == "100"
    assert frame.set_index("band").loc[0, "label"] == "0–9"


def _stats(rows):
    """Rows shaped like the counts of analytics.selectors.item_frames()."""
    columns = ["quiz", "level", "question_uuid", "question", "step_uuid", "step"]
    columns += ["choice_uuid", "choice", "department", "times_chosen", "times_right"]
    return pd.DataFrame(rows, columns=columns)


def test_item_table_finds_the_most_common_wrong_choice_per_question_and_step():
    stats = _stats(
        [
            # A single-choice question answered 10 times, 4 right.
            ("q", "question", "Q1", "Ask status?", None, None, None, None, "A", 6, 3),
            ("q", "question", "Q1", "Ask status?", None, None, None, None, "B", 4, 1),
            ("q", "choice", "Q1", "Ask status?", None, "", "c1", "No", "A", 4, 4),
            ("q", "choice", "Q1", "Ask status?", None, "", "c2", "Ask", "A", 2, 0),
            ("q", "choice", "Q1", "Ask status?", None, "", "c3", "Call", "B", 4, 0),
            # A scenario with two steps.
            ("q", "question", "S1", "Counter", None, None, None, None, "A", 7, 5),
            ("q", "step", "S1", "Counter", "s1", "start", None, None, "A", 4, 3),
            ("q", "step", "S1", "Counter", "s2", "later", None, None, "A", 3, 2),
            ("q", "choice", "S1", "Counter", None, "start", "d1", "Help", "A", 3, 3),
            ("q", "choice", "S1", "Counter", None, "start", "d2", "Refer", "A", 1, 0),
            ("q", "choice", "S1", "Counter", None, "later", "e1", "Log", "A", 2, 2),
            ("q", "choice", "S1", "Counter", None, "later", "e2", "Share", "A", 1, 0),
        ]
    )
    flags = pd.DataFrame(
        {
            "choice_uuid": ["c1", "c2", "c3", "d1", "d2", "e1", "e2"],
            "is_correct": [True, False, False, True, False, True, False],
        }
    )
    items = reports.item_table(stats, flags)
    plain = items[items["question_uuid"] == "Q1"].iloc[0]
    assert plain["answered"] == 10
    assert plain["pct_right"] == 40.0
    assert plain["wrong_choice"] == "Call"
    assert plain["wrong_share"] == 40.0
    steps = items[items["level"] == "step"].set_index("step")
    assert steps.loc["start", "wrong_choice"] == "Refer"
    assert steps.loc["later", "pct_right"] == pytest.approx(66.7)
    scenario = items[(items["question_uuid"] == "S1") & (items["level"] == "question")]
    assert scenario.iloc[0]["wrong_choice"] == "Refer"  # a tie: alphabetical
    picks = reports.choice_picks(stats, flags).set_index("choice_uuid")
    assert picks.loc["c2", "share"] == 20.0
    assert picks.loc["d2", "share"] == 25.0
    assert bool(picks.loc["e1", "is_correct"])


def test_item_table_of_no_answers_is_empty():
    empty = _stats([])
    flags = pd.DataFrame(columns=["choice_uuid", "is_correct"])
    assert reports.item_table(empty, flags).empty
