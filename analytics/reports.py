"""Pure report functions: pandas frames in, pandas frames out.

No database, no HTTP, no templates: the selectors load the frames, these shape
them, and the page, the charts and the exports all show what comes out. That is
why the screen and the CSV always agree.

Frames coming in (built by :mod:`analytics.selectors`):

``counts``  one row per course x department x status:
            course_id, course, department_code, department, status, people,
            in_person (of those people, how many completed at a session;
            optional)
``scores``  one row per course x department:
            course_id, department_code, score_sum, scored
``rows``    one row per assignment of a named employee (drill-down):
            employee_number, name, course, status, modules_done, modules_total,
            best_score, attempts, due_date, days_overdue, completed_at,
            last_activity
"""

import numpy as np
import pandas as pd

from courses.status import FINISHED as FINISHED_STATUSES
from courses.status import Status

# Every assignment is in exactly one status (courses decides which); the
# counts add up to "assigned".
PARTITION = [status.value for status in Status]
# Statuses of people who finished the course in this cycle.
FINISHED = [status.value for status in FINISHED_STATUSES]
WAIVED = Status.WAIVED.value
COUNT_COLUMNS = ["assigned", *PARTITION]

# The finished split by how they completed: at a session, or online (which
# includes completions from before delivery was recorded, online then being
# the only way). An imported past completion counts as its record says.
DELIVERY_COLUMNS = ["completed_online", "completed_in_person"]

SUMMARY_COLUMNS = [
    "course",
    "department_code",
    "department",
    *COUNT_COLUMNS,
    *DELIVERY_COLUMNS,
    "completion_pct",
    "average_score",
    "scored",
]

SUPPRESSED = "suppressed"  # never "<5": it would read as a number, or as 5%
ALL_DEPARTMENTS = "All departments"


def completion_summary(counts: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """Course x department table: counts per status, completion % and score.

    Completion % is finished / (assigned - waived), where finished counts the
    completed, certified and recertification-due (they all completed this
    cycle) and a waived person is not expected to complete. Average score is
    the mean of each learner's best finished attempt in the cycle (one
    definition: analytics.selectors.best_score, also the drill-down's).
    """
    keys = ["course_id", "course", "department_code", "department"]
    if counts.empty:
        return pd.DataFrame(columns=["course_id", *SUMMARY_COLUMNS, "score_sum"])
    wide = counts.pivot_table(
        index=keys, columns="status", values="people", aggfunc="sum", fill_value=0
    )
    wide = wide.reindex(columns=PARTITION, fill_value=0)
    wide.columns.name = None
    wide = wide.reset_index()
    wide["assigned"] = wide[PARTITION].sum(axis=1)
    wide = _with_delivery(wide, counts, keys)
    if scores is not None and not scores.empty:
        wide = wide.merge(
            scores[["course_id", "department_code", "score_sum", "scored"]],
            on=["course_id", "department_code"],
            how="left",
        )
    else:
        wide["score_sum"] = 0.0
        wide["scored"] = 0
    wide["scored"] = wide["scored"].fillna(0).astype(int)
    wide["score_sum"] = wide["score_sum"].fillna(0).astype(float)
    expected = wide["assigned"] - wide[WAIVED]
    wide["completion_pct"] = _percent(wide[FINISHED].sum(axis=1), expected)
    wide["average_score"] = (
        wide["score_sum"] / wide["scored"].where(wide["scored"] > 0)
    ).round(1)
    for column in [*COUNT_COLUMNS, *DELIVERY_COLUMNS]:
        wide[column] = wide[column].astype(int)
    wide = wide.sort_values(["course", "department"], kind="stable")
    return wide[["course_id", *SUMMARY_COLUMNS, "score_sum"]].reset_index(drop=True)


def _with_delivery(wide, counts, keys):
    """``wide`` with the finished of each row split by delivery; the counts'
    ``in_person`` column (people of the row's status who completed at a
    session) may be absent, when nobody did."""
    if "in_person" in counts.columns:
        finished = counts[counts["status"].isin(FINISHED)]
        in_person = finished.groupby(keys, as_index=False)["in_person"].sum()
        wide = wide.merge(in_person, on=keys, how="left")
        wide["completed_in_person"] = wide.pop("in_person").fillna(0).astype(int)
    else:
        wide["completed_in_person"] = 0
    wide["completed_online"] = wide[FINISHED].sum(axis=1) - wide["completed_in_person"]
    return wide


def headline(summary: pd.DataFrame) -> dict:
    """The figures above the table: assigned, completion %, overdue.

    ``summary`` is completion_summary() (department rows, no City totals);
    completion % is the same rule as every row's.
    """
    if summary.empty:
        return {"assigned": 0, "completion_pct": None, "overdue": 0}
    assigned = int(summary["assigned"].sum())
    finished = int(summary[FINISHED].to_numpy().sum())
    expected = assigned - int(summary[WAIVED].sum())
    return {
        "assigned": assigned,
        "completion_pct": round(100 * finished / expected, 1) if expected else None,
        "overdue": int(summary[Status.OVERDUE.value].sum()),
    }


def _percent(part: pd.Series, whole: pd.Series) -> pd.Series:
    return (100 * part / whole.where(whole > 0)).round(1)


def status_counts(rows: pd.DataFrame) -> pd.DataFrame:
    """Per-assignment rows -> the ``counts`` frame the database would give."""
    keys = ["course_id", "course", "department_code", "department", "status"]
    if rows.empty:
        return pd.DataFrame(columns=[*keys, "people"])
    return rows.groupby(keys, as_index=False).size().rename(columns={"size": "people"})


def with_city_totals(summary: pd.DataFrame) -> pd.DataFrame:
    """Add an "All departments" row per course (sums; % and score recomputed)."""
    if summary.empty:
        return summary
    sums = summary.groupby(["course_id", "course"], as_index=False)[
        [*COUNT_COLUMNS, *DELIVERY_COLUMNS, "scored", "score_sum"]
    ].sum()
    sums["department_code"] = ""
    sums["department"] = ALL_DEPARTMENTS
    expected = sums["assigned"] - sums[WAIVED]
    sums["completion_pct"] = _percent(sums[FINISHED].sum(axis=1), expected)
    sums["average_score"] = (
        sums["score_sum"] / sums["scored"].where(sums["scored"] > 0)
    ).round(1)
    table = pd.concat([summary, sums[summary.columns]], ignore_index=True)
    table["_total"] = table["department"] == ALL_DEPARTMENTS
    table = table.sort_values(["course", "_total", "department"], kind="stable")
    return table.drop(columns="_total").reset_index(drop=True)


def department_completion(summary: pd.DataFrame) -> pd.DataFrame:
    """Completion % by department over all courses, highest first (for the bars)."""
    columns = ["department_code", "department", "assigned", "finished", "waived"]
    if summary.empty:
        return pd.DataFrame(columns=[*columns, "completion_pct"])
    rows = summary[summary["department"] != ALL_DEPARTMENTS]
    grouped = rows.groupby(["department_code", "department"], as_index=False)[
        ["assigned", *FINISHED, WAIVED]
    ].sum()
    grouped["finished"] = grouped[FINISHED].sum(axis=1)
    expected = grouped["assigned"] - grouped[WAIVED]
    grouped["completion_pct"] = _percent(grouped["finished"], expected)
    grouped = grouped[[*columns, "completion_pct"]]
    return grouped.sort_values(
        ["completion_pct", "department"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


def completions_over_time(
    completed_by_day: pd.DataFrame, due_by_day: pd.DataFrame
) -> pd.DataFrame:
    """Cumulative completions and cumulative assignments due, day by day.

    Both inputs have columns ``day`` and ``people``; the result has ``day``,
    ``completed`` and ``due`` (running totals) on the union of their days.
    """
    frames = []
    for name, frame in (("completed", completed_by_day), ("due", due_by_day)):
        if frame is None or frame.empty:
            frames.append(pd.Series(dtype="int64", name=name))
            continue
        series = (
            frame.assign(day=pd.to_datetime(frame["day"]))
            .groupby("day")["people"]
            .sum()
        )
        frames.append(series.rename(name))
    joined = pd.concat(frames, axis=1, sort=True).fillna(0).cumsum()
    joined.index.name = "day"
    return joined.astype(int).reset_index()


def score_distribution(buckets: pd.DataFrame) -> pd.DataFrame:
    """Counts of finished attempts per 10-point score band, every band present."""
    bands = pd.DataFrame({"band": np.arange(0, 101, 10)})
    if buckets is None or buckets.empty:
        return bands.assign(attempts=0, label=_band_labels(bands["band"]))
    counts = buckets.groupby("band")["attempts"].sum()
    bands["attempts"] = bands["band"].map(counts).fillna(0).astype(int)
    bands["label"] = _band_labels(bands["band"])
    return bands


def _band_labels(band: pd.Series) -> pd.Series:
    upper = (band + 9).clip(upper=100)
    labels = band.astype(str) + "–" + upper.astype(str)
    return labels.where(band < 100, band.astype(str))


ITEM_COLUMNS = [
    "quiz",
    "level",
    "question_uuid",
    "question",
    "step",
    "answered",
    "right",
    "pct_right",
    "wrong_choice",
    "wrong_share",
]


def item_table(stats: pd.DataFrame, choice_flags: pd.DataFrame) -> pd.DataFrame:
    """Per question and scenario step: answered, % right, most common wrong choice.

    ``stats`` is the first frame of ``selectors.item_frames()`` (rows per item and
    department, levels question / step / choice), already narrowed to the
    departments wanted; ``choice_flags`` has ``choice_uuid`` and ``is_correct``.
    A scenario's question row gathers every step; a step row its own choices.
    """
    if stats.empty:
        return pd.DataFrame(columns=ITEM_COLUMNS)
    stats = stats.assign(step=stats["step"].replace("", None))
    keys = ["quiz", "level", "question_uuid", "question", "step"]
    items = (
        stats[stats["level"] != "choice"]
        .groupby(keys, as_index=False, dropna=False)[["times_chosen", "times_right"]]
        .sum()
        .rename(columns={"times_chosen": "answered", "times_right": "right"})
    )
    if items.empty:  # only choices in scope, nobody answered
        return pd.DataFrame(columns=ITEM_COLUMNS)
    items["pct_right"] = _percent(items["right"], items["answered"])
    picks = choice_picks(stats, choice_flags)
    # A wrong choice nobody picked is listed with the choices, never as the
    # most common one.
    wrong = picks[~picks["is_correct"] & (picks["picked"] > 0)].sort_values(
        ["picked", "choice"], ascending=[False, True], kind="stable"
    )
    # The most picked wrong choice of each step, and of each whole question.
    by_step = wrong.drop_duplicates(["question_uuid", "step"]).assign(level="step")
    by_question = wrong.drop_duplicates(["question_uuid"]).assign(level="question")
    top = pd.concat([by_step, by_question], ignore_index=True)
    top = top[["question_uuid", "level", "step", "choice", "picked"]].rename(
        columns={"choice": "wrong_choice", "picked": "wrong_picked"}
    )
    top.loc[top["level"] == "question", "step"] = None
    items = items.merge(top, on=["question_uuid", "level", "step"], how="left")
    items["wrong_share"] = _percent(items["wrong_picked"].fillna(0), items["answered"])
    items["wrong_choice"] = (
        items["wrong_choice"].astype(object).where(items["wrong_choice"].notna(), None)
    )
    items["level_order"] = (items["level"] == "step").astype(int)
    items = items.sort_values(
        ["quiz", "question", "level_order", "step"], kind="stable", na_position="first"
    )
    return items[ITEM_COLUMNS].reset_index(drop=True)


def choice_picks(stats: pd.DataFrame, choice_flags: pd.DataFrame) -> pd.DataFrame:
    """Each choice with how often it was picked and its share of its item's answers.

    The share is of the answers to the choice's step (scenarios) or question.
    """
    columns = ["quiz", "question_uuid", "question", "step", "choice_uuid", "choice"]
    if stats.empty:
        return pd.DataFrame(columns=[*columns, "is_correct", "picked", "share"])
    stats = stats.assign(step=stats["step"].replace("", None))
    picks = (
        stats[stats["level"] == "choice"]
        .groupby(columns, as_index=False, dropna=False)["times_chosen"]
        .sum()
        .rename(columns={"times_chosen": "picked"})
    )
    flags = choice_flags.set_index("choice_uuid")["is_correct"]
    picks["is_correct"] = picks["choice_uuid"].map(flags).eq(True)
    answered = stats[stats["level"] != "choice"].copy()
    # A plain question's choices share its question row; a step's, its step row.
    answered = answered[
        answered["step"].notna()
        | ~answered["question_uuid"].isin(
            stats.loc[stats["step"].notna(), "question_uuid"]
        )
    ]
    totals = answered.groupby(["question_uuid", "step"], dropna=False)[
        "times_chosen"
    ].sum()
    index = pd.MultiIndex.from_frame(picks[["question_uuid", "step"]])
    picks["share"] = _percent(
        picks["picked"], pd.Series(totals.reindex(index).to_numpy(), index=picks.index)
    )
    return picks
