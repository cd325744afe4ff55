"""Property test: random rosters, every filter combination of the City
overview, and the attacks a reader could make with them.

The reader is modelled independently of analytics.suppression's equations:
every figure the page shows (table cells in any view, headline figures, the
trend charts' points) is a sum of unknown *base* counts (people per course,
department and status, and finishers per course, department and month). A
hidden figure is recovered when its sum is a combination of visible ones
(linear algebra over the base counts), when one total less its other visible
parts leaves it (differences of totals, across views), or when it is a whole
group's count (everyone in a department with one status). The finished of
each course and department are split by delivery too: how many completed in
person is another base count, and "completed online" the finished less it.
"""

from itertools import product

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from analytics import oversight, reports
from analytics.suppression import SMALL_CELL
from tests.analytics.oversight_frames import counts_frame, departments_frame

STATUSES = reports.PARTITION
FINISHED = reports.FINISHED
MONTHS = pd.date_range("2026-01-01", periods=4, freq="MS")


@st.composite
def rosters(draw):
    """Departments (some grouped with bureaus), courses, people per status,
    and the months the finished ones completed in."""
    n_departments = draw(st.integers(2, 5))
    codes = [f"D{i}" for i in range(n_departments)]
    parents = {}
    for code in codes[1:]:
        if draw(st.booleans()) and draw(st.booleans()):
            parents[code] = codes[0]
    n_courses = draw(st.integers(1, 3))
    # Mostly small counts, some zeros, some large: where suppression bites.
    count = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 30))
    counts, months = [], []
    for course, code in product(range(1, n_courses + 1), codes):
        if not draw(st.booleans()) and (course, code) != (1, codes[0]):
            continue  # not every department takes every course
        for status in STATUSES:
            people = draw(count)
            # Of the finished: none, all or some completed in person.
            in_person = (
                draw(st.one_of(st.just(0), st.just(people), st.integers(0, people)))
                if status in FINISHED
                else 0
            )
            if people:
                counts.append(
                    (course, f"C{course}", code, code, status, people, in_person)
                )
            if status in FINISHED:
                for _ in range(people):
                    month = MONTHS[draw(st.integers(0, len(MONTHS) - 1))]
                    months.append((course, code, month, 1))
    counts = counts_frame(
        counts,
    )
    departments = departments_frame(
        [(c, c, parents.get(c, c), parents.get(c, c)) for c in codes]
    )
    finished = (
        pd.DataFrame(
            months, columns=["course_id", "department_code", "month", "people"]
        )
        .groupby(["course_id", "department_code", "month"], as_index=False)["people"]
        .sum()
    )
    return counts, departments, finished


def views(view):
    """Every filter combination's table: {(course, department, status): (table,
    hidden, columns)}, plus its headline."""
    courses = [None, *sorted(set(view.table["course_id"]) - {0})]
    units = [
        None,
        *sorted(set(view.table.loc[view.table["level"] == "department", "unit_code"])),
    ]
    for course, unit, status in product(courses, units, [None, *STATUSES]):
        table, hidden, columns = oversight.pick(
            view, course_id=course, department_code=unit, status=status
        )
        yield (course, unit, status), table, hidden, columns
        yield (
            ("headline", course, unit),
            oversight.headline(view, course_id=course, department_code=unit),
        )


def base_weights(view, departments, counts, finished):
    """Each published figure as a weight vector over the base counts."""
    groups = departments.set_index("code")["group_code"]
    base_cells = [
        ("status", c, d, s)
        for c, d in counts[["course_id", "department_code"]]
        .drop_duplicates()
        .itertuples(index=False)
        for s in STATUSES
    ]
    base_cells += [
        ("in_person", c, d)
        for c, d in counts[["course_id", "department_code"]]
        .drop_duplicates()
        .itertuples(index=False)
    ]
    base_cells += [
        ("month", c, d, m)
        for c, d in counts[["course_id", "department_code"]]
        .drop_duplicates()
        .itertuples(index=False)
        for m in MONTHS
    ]
    index = {cell: k for k, cell in enumerate(base_cells)}

    def members(course_id, unit_code):
        """Base (course, department) pairs under a row of the table."""
        pairs = counts[["course_id", "department_code"]].drop_duplicates()
        if course_id:
            pairs = pairs[pairs["course_id"] == course_id]
        if unit_code.startswith("group:"):
            group = unit_code.removeprefix("group:")
            pairs = pairs[pairs["department_code"].map(groups) == group]
        elif unit_code:
            pairs = pairs[pairs["department_code"] == unit_code]
        return list(pairs.itertuples(index=False))

    def weight(course_id, unit_code, statuses=None, months=None):
        """``statuses`` is a list of statuses, or (statuses, in-person sign)."""
        in_person = 0
        if isinstance(statuses, tuple):
            statuses, in_person = statuses
        vector = np.zeros(len(base_cells))
        for c, d in members(course_id, unit_code):
            for s in statuses or []:
                vector[index[("status", c, d, s)]] = 1
            if in_person:
                vector[index[("in_person", c, d)]] = in_person
            for m in months or []:
                vector[index[("month", c, d, m)]] = 1
        return vector

    column_statuses = {
        "assigned": STATUSES,
        "finished": FINISHED,
        **{s: [s] for s in STATUSES},
        "completed_in_person": ([], 1),
        "completed_online": (FINISHED, -1),
    }
    # The months add up to the finished statuses (the reader knows this).
    known = []
    for c, d in (
        counts[["course_id", "department_code"]]
        .drop_duplicates()
        .itertuples(index=False)
    ):
        vector = np.zeros(len(base_cells))
        for s in FINISHED:
            vector[index[("status", c, d, s)]] = 1
        for m in MONTHS:
            vector[index[("month", c, d, m)]] -= 1
        known.append(vector)
    # Nobody finished before the charts' first month or after their last.
    if len(finished):
        first, last = finished["month"].min(), finished["month"].max()
        for c, d, m in [cell[1:] for cell in base_cells if cell[0] == "month"]:
            if m < first or m > last:
                vector = np.zeros(len(base_cells))
                vector[index[("month", c, d, m)]] = 1
                known.append(vector)
    return weight, column_statuses, known


def months_up_to(month):
    return [m for m in MONTHS if m <= month]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(rosters())
def test_no_view_or_pair_of_views_gives_a_hidden_count_away(roster):
    counts, departments, finished = roster
    view = oversight.overview(counts, None, departments, finished)
    table = view.table
    weight, column_statuses, known = base_weights(view, departments, counts, finished)

    # 1. Every view shows the frame's own values: same cell, same value (or
    #    hidden) whatever the filters, so views never disagree.
    seen = {}
    visible, hidden_cells = [], []
    for item in views(view):
        if item[0][0] == "headline":
            _, figures = item
            continue
        _, rows, hidden, columns = item
        for i in rows.index:
            for column in [*columns, "completion_pct"]:
                if column not in rows:
                    continue
                shown = None if hidden.at[i, column] else rows.at[i, column]
                key = (i, column)
                assert seen.setdefault(key, shown) == shown
    for i, column in seen:
        row = table.loc[i]
        if column == "completion_pct":
            continue
        vector = weight(row["course_id"], row["unit_code"], column_statuses[column])
        truth = row[column]
        # What must stay unknown: a count of 1 to 4 people, or a status that
        # is its whole row's (a complement, often a 0, may be worked out).
        # How people completed is no status: only its small counts are.
        sensitive = 0 < truth < SMALL_CELL or (
            column in ["finished", *STATUSES] and truth == row["assigned"] and truth > 0
        )
        if seen[(i, column)] is None:
            if sensitive:
                hidden_cells.append((vector, truth, (i, column)))
        else:
            assert seen[(i, column)] == truth
            visible.append(vector)
    # Completion % visible: the reader knows finished, assigned and waived.
    for i in table.index:
        if view.hidden.at[i, "completion_pct"]:
            continue
        row = table.loc[i]
        for column in ("finished", "assigned", "waived"):
            visible.append(
                weight(row["course_id"], row["unit_code"], column_statuses[column])
            )
    # Headline figures come from the same cells.
    for course, unit in product([None, *set(table["course_id"]) - {0}], [None]):
        figures = oversight.headline(view, course_id=course, department_code=unit)
        match = table[
            (table["course_id"] == (course or 0)) & (table["unit_code"] == "")
        ]
        if len(match):
            i = match.index[0]
            assert figures["assigned"] == (
                None if view.hidden.at[i, "assigned"] else table.at[i, "assigned"]
            )
    # Trend points: the running total of finishers at each visible month.
    for point in view.trend[~view.trend["hidden"]].itertuples():
        visible.append(
            weight(point.course_id, point.unit_code, months=months_up_to(point.month))
        )
        pct = view.trend.at[point.Index, "pct"]
        assert pd.isna(pct) or pct <= 100

    # 2. Linear algebra over everything visible and what the reader knows.
    rows_known = np.array(visible + known) if visible or known else np.zeros((0, 1))
    if len(rows_known):
        _, singular, vt = np.linalg.svd(rows_known, full_matrices=False)
        basis = vt[singular > 1e-9]
    recovered = []
    for vector, truth, key in hidden_cells:
        if not vector.any():
            continue  # an empty row's cell: 0 by construction
        residual = vector - basis.T @ (basis @ vector) if len(rows_known) else vector
        if np.abs(residual).max() < 1e-7:
            recovered.append((key, truth))
    assert recovered == []

    # 3. Differences of totals: a visible total less all but one of its parts.
    shown = {key: value for key, value in seen.items() if key[1] != "completion_pct"}
    for i in table.index:
        parts = [(i, s) for s in STATUSES]
        total = shown.get((i, "assigned"))
        unknown = [p for p in parts if shown.get(p) is None]
        assert not (total is not None and len(unknown) == 1), (i, unknown)

    # 4. No visible count is a whole group: everyone in a row with one status.
    for i in table.index:
        total = shown.get((i, "assigned"))
        if total:
            for column in [*STATUSES, "finished"]:
                assert shown.get((i, column)) != total, (table.loc[i, "unit"], column)
    event(f"{len(hidden_cells)} hidden of {len(seen)} cells")


def test_a_department_where_everyone_has_not_started_is_suppressed():
    counts = counts_frame(
        [
            (1, "ED20", "LAPL", "Library", "not_started", 5),
            (1, "ED20", "LAPD", "Police", "completed", 30),
            (1, "ED20", "LAPD", "Police", "not_started", 12),
        ],
    )
    departments = departments_frame(
        [("LAPL", "Library", "LAPL", "Library"), ("LAPD", "Police", "LAPD", "Police")]
    )
    view = oversight.overview(counts, None, departments)
    table, hidden = view.table, view.hidden
    library = table.index[(table["unit_code"] == "LAPL") & (table["course_id"] == 1)][0]
    assert table.at[library, "not_started"] == 5 == table.at[library, "assigned"]
    assert hidden.at[library, "not_started"]
    assert SMALL_CELL == 5
