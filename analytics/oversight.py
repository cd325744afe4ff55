"""The City overview: one suppressed frame that every view of it selects from.

Pure pandas (frames in, frames out), like :mod:`analytics.reports`.

The frame holds every level a reader can ask for: each course by each
department, each department group (a department with its bureaus) and all
departments; all courses by group and for the City; and the running totals
of completions month by month that the trend charts draw (by course, by
group). All of it is suppressed at once
(:func:`analytics.suppression.suppress`) with every equation that ties the
cells together. The filters then only *pick* rows and columns of that frame;
they never count a narrower set of people again. So two views (all statuses
and one status, a total and its visible parts, a course and all courses)
show the same value for the same cell or hide it in both, and no pair of
them tells a reader more than the whole frame does, which is safe.

No date range: two ranges a day apart would differ by the people due that
day. Time is shown by the trend charts, month by month, suppressed too.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from courses.status import Status

from . import reports
from .suppression import SMALL_CELL, suppress

ALL_COURSES = "All courses"
ALL_DEPARTMENTS = reports.ALL_DEPARTMENTS
FINISHED_COLUMN = "finished"
# Counted cells: assigned, every status, finished (completed + certified +
# recertification due), which completion % gives away, and the finished split
# by delivery (online + in person = finished), suppressed like the rest.
CELL_COLUMNS = [*reports.COUNT_COLUMNS, FINISHED_COLUMN, *reports.DELIVERY_COLUMNS]
COLUMN_COST = {
    "assigned": 1,
    FINISHED_COLUMN: 1,
    **dict.fromkeys([*reports.FINISHED, Status.OVERDUE.value], 0.5),
}
KEYS = ["course_id", "course", "level", "unit_code", "unit", "group_code"]


@dataclass
class Overview:
    table: pd.DataFrame  # KEYS, CELL_COLUMNS, completion_pct, average_score, scored
    hidden: pd.DataFrame  # True where a cell of ``table`` is suppressed
    trend: pd.DataFrame  # course_id, unit_code, month, finished, pct, hidden
    equations: list  # (total, parts) over ``cells`` (for checks)
    cells: np.ndarray  # every counted cell's value, table cells first


def overview(
    counts: pd.DataFrame,
    scores: pd.DataFrame | None,
    departments: pd.DataFrame,
    finished_by_month: pd.DataFrame | None = None,
    threshold: int = SMALL_CELL,
) -> Overview:
    """The whole City, suppressed.

    ``counts`` and ``scores`` are the dashboard's (selectors.dashboard_data);
    ``departments`` has code, name, group_code, group (the top of its tree);
    ``finished_by_month`` has course_id, department_code, month (a Timestamp
    at the month's first day) and people who finished then.
    """
    table = _levels(reports.completion_summary(counts, scores), departments)
    trend = _trend_cells(table, departments, finished_by_month)
    cells, equations, trend_index, cost, derived = _cells_and_equations(table, trend)
    # The first three equations of each row split its people by status (the
    # delivery split of the finished comes after them: it is no status).
    partitions = set(range(3 * len(table)))
    hidden_cells = suppress(cells, equations, threshold, cost, derived, partitions)
    width = len(CELL_COLUMNS)
    in_table = hidden_cells[: len(table) * width].reshape(len(table), width)
    hidden = pd.DataFrame(False, index=table.index, columns=table.columns)
    hidden[CELL_COLUMNS] = in_table
    hidden["completion_pct"] = (
        hidden[["assigned", reports.WAIVED, FINISHED_COLUMN]].any(axis=1)
        | table["completion_pct"].isna()
    )
    hidden["average_score"] = table["scored"] < threshold
    hidden["scored"] = table["scored"] < threshold
    if len(trend):
        trend["hidden"] = hidden_cells[trend_index]
        trend = _trend_percent(trend, table, hidden)
    else:
        trend = trend.assign(hidden=pd.Series(dtype=bool), pct=pd.Series(dtype=float))
    return Overview(table, hidden, trend, equations, cells)


def _levels(summary: pd.DataFrame, departments: pd.DataFrame) -> pd.DataFrame:
    """Department rows, group rows (groups of more than one department) and
    all-department rows, for each course and for all courses."""
    columns = [*KEYS, *CELL_COLUMNS, "scored", "score_sum"]
    if summary.empty:
        return pd.DataFrame(columns=[*columns, "completion_pct", "average_score"])
    groups = departments.set_index("code")
    rows = summary.assign(
        level="department",
        unit_code=summary["department_code"],
        unit=summary["department"],
        **{FINISHED_COLUMN: summary[reports.FINISHED].sum(axis=1)},
    )
    rows["group_code"] = rows["unit_code"].map(groups["group_code"])
    rows["group"] = rows["unit_code"].map(groups["group"])
    rows["group_code"] = rows["group_code"].fillna(rows["unit_code"])
    rows["group"] = rows["group"].fillna(rows["unit"])
    sizes = departments.groupby("group_code")["code"].size()
    numbers = [*CELL_COLUMNS, "scored", "score_sum"]
    frames = [rows]
    multi = rows[rows["group_code"].map(sizes).fillna(1) > 1]
    if len(multi):
        group_rows = multi.groupby(
            ["course_id", "course", "group_code", "group"], as_index=False
        )[numbers].sum()
        frames.append(
            group_rows.assign(
                level="group",
                unit_code="group:" + group_rows["group_code"],
                unit=group_rows["group"] + ", all bureaus",
            )
        )
    totals = rows.groupby(["course_id", "course"], as_index=False)[numbers].sum()
    frames.append(
        totals.assign(level="all", unit_code="", unit=ALL_DEPARTMENTS, group_code="")
    )
    by_course = pd.concat(frames, ignore_index=True)
    # All courses: the City and each group (a department's own row for all
    # courses would add as many cells again, and suppress more, for little).
    everything = (
        by_course[by_course["level"] != "department"]
        .groupby(["level", "unit_code", "unit", "group_code"], as_index=False)[numbers]
        .sum()
    )
    everything = everything.assign(course_id=0, course=ALL_COURSES)
    table = pd.concat([by_course[columns], everything[columns]], ignore_index=True)
    for column in numbers:
        table[column] = table[column].astype(float if column == "score_sum" else int)
    expected = table["assigned"] - table[reports.WAIVED]
    table["completion_pct"] = (
        100 * table[FINISHED_COLUMN] / expected.where(expected > 0)
    ).round(1)
    table["average_score"] = (
        table["score_sum"] / table["scored"].where(table["scored"] > 0)
    ).round(1)
    order = {"department": 0, "group": 1, "all": 2}
    table = table.assign(
        _all_courses=table["course_id"] == 0, _level=table["level"].map(order)
    ).sort_values(["_all_courses", "course", "_level", "unit"], kind="stable")
    return table.drop(columns=["_all_courses", "_level"]).reset_index(drop=True)


def top_units(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of the groups and of departments in no bigger group: the
    units the City's departments add up to."""
    grouped = set(
        table.loc[table["level"] == "group", "unit_code"].str.removeprefix("group:")
    )
    return table[
        (table["level"] == "group")
        | ((table["level"] == "department") & ~table["group_code"].isin(grouped))
    ]


def _trend_cells(table, departments, finished_by_month) -> pd.DataFrame:
    """Running totals of finished people at each month's end, for every
    course (all departments), every top unit (all courses) and the City."""
    columns = ["course_id", "unit_code", "month", "finished", "new"]
    if finished_by_month is None or finished_by_month.empty or table.empty:
        return pd.DataFrame(columns=columns)
    groups = departments.set_index("code")["group_code"]
    frame = finished_by_month.assign(month=pd.to_datetime(finished_by_month["month"]))
    months = pd.date_range(frame["month"].min(), frame["month"].max(), freq="MS")
    grouped = set(
        table.loc[table["level"] == "group", "unit_code"].str.removeprefix("group:")
    )
    frame["top"] = frame["department_code"].map(groups).fillna(frame["department_code"])
    frame["top"] = np.where(
        frame["top"].isin(grouped), "group:" + frame["top"], frame["department_code"]
    )
    series = []
    for course_id, part in frame.groupby("course_id"):
        series.append((course_id, "", part))
    for unit, part in frame[frame["top"].str.startswith("group:")].groupby("top"):
        series.append((0, unit, part))
    series.append((0, "", frame))
    rows = []
    for course_id, unit, part in series:
        monthly = part.groupby("month")["people"].sum().reindex(months, fill_value=0)
        running = monthly.cumsum()
        for month, new in monthly.items():
            rows.append((course_id, unit, month, int(running[month]), int(new)))
    return pd.DataFrame(rows, columns=columns)


def _cells_and_equations(table, trend):
    """Every counted cell in one flat array and the equations between them.

    Table cell (row i, column j) is i * width + j. Each trend month adds two
    cells: its running total and the month's new finishers; the last month's
    running total *is* the table's finished cell.
    """
    width = len(CELL_COLUMNS)
    col = {name: j for j, name in enumerate(CELL_COLUMNS)}
    cells = [*table[CELL_COLUMNS].to_numpy(dtype=float).ravel()]
    # What a complement costs the reader: a department's status first, then
    # groups', then totals; a total column costs more than a status, and the
    # statuses a commission reads first (finished, overdue) more than the rest.
    row_cost = table["level"].map({"department": 0, "group": 1, "all": 2}).to_numpy()
    row_cost = row_cost + (table["course_id"] == 0).to_numpy()
    column_cost = np.array([COLUMN_COST.get(name, 0) for name in CELL_COLUMNS])
    cost = [*(row_cost[:, None] + column_cost[None, :]).ravel()]

    def cell(i, name):
        return i * width + col[name]

    equations = []
    for i in range(len(table)):
        equations.append((cell(i, "assigned"), [cell(i, s) for s in reports.PARTITION]))
        equations.append(
            (cell(i, FINISHED_COLUMN), [cell(i, s) for s in reports.FINISHED])
        )
        # Completion % gives finished away, and with it this equation.
        unfinished = [s for s in reports.PARTITION if s not in reports.FINISHED]
        equations.append(
            (
                cell(i, "assigned"),
                [cell(i, FINISHED_COLUMN), *[cell(i, s) for s in unfinished]],
            )
        )
    # How the finished completed: online and in person add up to them.
    for i in range(len(table)):
        equations.append(
            (
                cell(i, FINISHED_COLUMN),
                [cell(i, name) for name in reports.DELIVERY_COLUMNS],
            )
        )
    position = {
        (row.course_id, row.unit_code): i
        for i, row in enumerate(table[["course_id", "unit_code"]].itertuples())
    }
    level = table["level"].to_numpy()
    top = set(top_units(table).index)
    group_of = {}
    for i, row in enumerate(table.itertuples()):
        if row.level == "department":
            group_code = f"group:{row.group_code}"
            if (row.course_id, group_code) in position:
                group_of[i] = position[(row.course_id, group_code)]
    for course_id, rows in table.groupby("course_id").groups.items():
        if course_id == 0:
            continue  # all courses: the sum of the courses, below
        rows = list(rows)
        total = position[(course_id, "")]
        departments = [i for i in rows if level[i] == "department"]
        tops = [i for i in rows if i in top]
        for name in CELL_COLUMNS:
            equations.append((cell(total, name), [cell(i, name) for i in departments]))
            equations.append((cell(total, name), [cell(i, name) for i in tops]))
            for group in {group_of[i] for i in departments if i in group_of}:
                members = [i for i in departments if group_of.get(i) == group]
                equations.append((cell(group, name), [cell(i, name) for i in members]))
    courses = [c for c in table["course_id"].unique() if c != 0]
    for unit_code in table["unit_code"].unique():
        every = position.get((0, unit_code))
        if every is None:
            continue
        parts = [
            position[(c, unit_code)] for c in courses if (c, unit_code) in position
        ]
        for name in CELL_COLUMNS:
            equations.append((cell(every, name), [cell(i, name) for i in parts]))
    trend_index = np.zeros(len(trend), dtype=int)
    derived = []
    if len(trend):
        previous = {}
        last_month = trend["month"].max()
        running_cells = {}
        for k, row in enumerate(trend.itertuples()):
            key = (row.course_id, row.unit_code)
            if row.month == last_month and key in position:
                running = cell(position[key], FINISHED_COLUMN)
            else:
                running = len(cells)
                cells.append(float(row.finished))
                cost.append(0)  # a point of a chart
            new = len(cells)
            cost.append(np.inf)  # never shown: hidden only by its totals
            before = previous.get(key)
            # The month's finishers: the running total's step (the last month's
            # running total is the table's, which the months add up to).
            cells.append(cells[running] - (cells[before] if before is not None else 0))
            equations.append((running, [before, new] if before is not None else [new]))
            derived.append(
                (new, [running, before] if before is not None else [running])
            )
            previous[key] = running
            running_cells[(key, row.month)] = running
            trend_index[k] = running
        for month in trend["month"].unique():
            city = running_cells.get(((0, ""), month))
            if city is None:
                continue
            parts = [running_cells.get(((c, ""), month)) for c in courses]
            present = [p for p in parts if p is not None]
            if present:
                equations.append((city, present))
    cost = np.array(cost, dtype=float)
    return np.array(cells), equations, trend_index, cost, derived


def _trend_percent(trend, table, hidden) -> pd.DataFrame:
    """Each visible running total as a share of the people assigned today
    (not less the waived, as completion % is: a waiver or two would hide
    every point); none where that count is hidden."""
    keys = pd.MultiIndex.from_frame(table[["course_id", "unit_code"]])
    assigned = pd.Series(table["assigned"].to_numpy(), index=keys)
    known = pd.Series(~hidden["assigned"].to_numpy(), index=keys)
    index = pd.MultiIndex.from_frame(trend[["course_id", "unit_code"]])
    denominator = pd.Series(assigned.reindex(index).to_numpy(), index=trend.index)
    shown = pd.Series(known.reindex(index).fillna(False).to_numpy(), index=trend.index)
    pct = (100 * trend["finished"] / denominator.where(denominator > 0)).round(1)
    return trend.assign(pct=pct.where(shown.astype(bool) & ~trend["hidden"]))


def pick(view: Overview, *, course_id=None, department_code=None, status=None):
    """The rows and columns a filtered view shows, cut from the one frame.

    Returns (table, hidden, columns): the rows of the course (or every
    course and all courses), of the department (or every level), and the
    count columns of the status (or all of them, with the finished split by
    delivery).
    """
    table, hidden = view.table, view.hidden
    rows = pd.Series(True, index=table.index)
    if course_id:
        rows &= table["course_id"] == course_id
    if department_code:
        rows &= table["unit_code"] == department_code
    counts = (
        ["assigned", status]
        if status
        else [*reports.COUNT_COLUMNS, *reports.DELIVERY_COLUMNS]
    )
    return table[rows], hidden[rows], counts


def delivery_hidden(view: Overview, course_ids: pd.Series) -> pd.DataFrame:
    """Whether the City overview hides each course's completions online and
    in person (all departments), as columns ``online`` and ``in_person``
    indexed like ``course_ids``: the same counts shown elsewhere (the
    sessions page) must be hidden there too, or the two pages together
    would give back what the overview hides. A course the overview has no
    row for is hidden."""
    table, hidden = view.table, view.hidden
    rows = table["unit_code"] == ""
    flags = hidden.loc[rows, list(reports.DELIVERY_COLUMNS)].set_index(
        table.loc[rows, "course_id"]
    )
    found = flags.reindex(course_ids.to_numpy()).fillna(True).astype(bool)
    return pd.DataFrame(
        {
            "online": found["completed_online"].to_numpy(),
            "in_person": found["completed_in_person"].to_numpy(),
        },
        index=course_ids.index,
    )


def headline(view: Overview, *, course_id=None, department_code=None) -> dict:
    """The figures above the table: the one row of the frame for these
    filters (all courses and all departments when there are none), each
    None where that cell is suppressed; None when the frame has no such row
    (a department over all courses)."""
    table, hidden = view.table, view.hidden
    match = table.index[
        (table["course_id"] == (course_id or 0))
        & (table["unit_code"] == (department_code or ""))
    ]
    if not len(match):
        return None
    i = match[0]

    def shown(column):
        return None if hidden.at[i, column] else table.at[i, column]

    return {
        "assigned": shown("assigned"),
        "completion_pct": shown("completion_pct"),
        "overdue": shown(reports.Status.OVERDUE.value),
    }


def trend_series(view: Overview, by: str) -> pd.DataFrame:
    """The visible points of one trend chart: ``by`` "course" (each course
    and all courses, all departments) or "group" (each department group,
    all courses). Columns: label, month (its last day), pct."""
    trend = view.trend
    if trend.empty:
        return pd.DataFrame(columns=["label", "month", "pct"])
    labels = view.table.set_index(["course_id", "unit_code"])
    if by == "course":
        part = trend[trend["unit_code"] == ""]
        names = labels.xs("", level="unit_code")["course"]
        label = part["course_id"].map(names)
    else:
        part = trend[(trend["course_id"] == 0) & (trend["unit_code"] != "")]
        names = labels.xs(0, level="course_id")["unit"]
        label = part["unit_code"].map(names)
    # Each point is the running total at the end of its month.
    part = part.assign(label=label, month=part["month"] + pd.offsets.MonthEnd(0))
    part = part[["label", "month", "pct"]]
    return part[part["pct"].notna()].reset_index(drop=True)
