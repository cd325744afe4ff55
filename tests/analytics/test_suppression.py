"""The suppression rule on small tables whose attacks can be worked by hand."""

import numpy as np
import pandas as pd

from analytics import classroom_stats, oversight, reports
from analytics.exports import Table, table_csv
from analytics.suppression import recoverable, suppress
from tests.analytics.oversight_frames import counts_frame, departments_frame


def test_a_small_cell_and_its_complements_in_a_two_by_two_table():
    # cells: a b / c d, row totals r1 r2, column totals k1 k2, grand total
    values = [3, 20, 20, 30, 23, 50, 23, 50, 73]
    equations = [
        (4, [0, 1]),
        (5, [2, 3]),
        (6, [0, 2]),
        (7, [1, 3]),
        (8, [4, 5]),
        (8, [6, 7]),
    ]
    hidden = suppress(values, equations)
    # a is small; b (its row), c (its column) and d close the rectangle.
    assert hidden[:4].tolist() == [True, True, True, True]
    assert not hidden[4:].any()
    assert recoverable(np.array(values, float), hidden, equations) == []


def test_a_part_equal_to_its_total_is_hidden_with_another():
    # assigned 5 = not started 5 + in progress 0 + completed 0
    hidden = suppress([5, 5, 0, 0], [(0, [1, 2, 3])])
    assert hidden[1]  # all five "not started" would tell each one's status
    assert hidden[2] or hidden[3]  # and not alone in its row
    assert not hidden[0]


def test_a_cell_no_single_equation_gives_away_is_still_found():
    # Two hidden pairs joined by one cell: x0 + x1 = 10 and x1 + x2 = 10 are
    # not enough, but with x0 + x2 = 10 as well, x1 = 5.
    values = np.array([5, 5, 5, 10, 10, 10], float)
    equations = [(3, [0, 1]), (4, [1, 2]), (5, [0, 2])]
    hidden = np.array([True, True, True, False, False, False])
    assert recoverable(values, hidden, equations) == [0, 1, 2]
    hidden = suppress(values, equations, threshold=6)
    assert recoverable(values, hidden, equations) == []


def test_bounds_give_a_cell_away_when_its_partners_must_be_zero():
    # 7 = x + y + 7 leaves x and y at 0, whatever else is hidden.
    values = np.array([7, 0, 0, 7], float)
    hidden = np.array([False, True, True, False])
    assert recoverable(values, hidden, [(0, [1, 2, 3])]) == [1, 2]


def test_a_suppressed_cell_reads_suppressed_never_less_than_five():
    counts = counts_frame(
        [
            (1, "ED20", "LAPL", "Library", "completed", 12),
            (1, "ED20", "LAPL", "Library", "overdue", 3),
            (1, "ED20", "LAPD", "Police", "completed", 30),
            (1, "ED20", "LAPD", "Police", "overdue", 9),
        ],
    )
    departments = departments_frame(
        [("LAPL", "Library", "LAPL", "Library"), ("LAPD", "Police", "LAPD", "Police")]
    )
    view = oversight.overview(counts, None, departments)
    table = Table(
        "t",
        view.table,
        [("unit", "Department"), ("overdue", "Overdue"), ("completion_pct", "%")],
        view.hidden,
        percent=("completion_pct",),
    )
    lines = table_csv(table).splitlines()
    library = next(line for line in lines if line.startswith("Library,"))
    assert library.split(",")[1] == "suppressed"
    assert all("<5" not in line for line in lines)
    cells = {row["cells"][0][0]: row["cells"] for row in table.html_rows()}
    assert cells["Library"][1][0] == "suppressed"
    # A visible percentage reads as one on the page; the file keeps the number.
    shown = cells["All departments"][2][0]
    assert shown == "suppressed" or shown.endswith("%")


def test_a_complement_spares_the_counts_a_commission_reads_first():
    """Where a row needs a complement, a less-read status goes before
    finished and overdue counts, even when those are smaller."""
    rows = {
        "LAPL": {
            "not_started": 6,
            "in_progress": 7,
            "completed": 12,
            "certified": 8,
            "recertification_due": 6,
            "overdue": 5,
            "waived": 2,
        },
        "LAPD": {
            "not_started": 30,
            "in_progress": 20,
            "completed": 40,
            "certified": 25,
            "recertification_due": 15,
            "overdue": 10,
            "waived": 9,
        },
    }
    counts = counts_frame(
        [
            (1, "ED20", code, code, status, people)
            for code, statuses in rows.items()
            for status, people in statuses.items()
        ],
    )
    departments = departments_frame(
        [("LAPL", "LAPL", "LAPL", "LAPL"), ("LAPD", "LAPD", "LAPD", "LAPD")]
    )
    view = oversight.overview(counts, None, departments)
    library = view.table.index[
        (view.table["unit"] == "LAPL") & (view.table["level"] == "department")
    ][0]
    hidden = view.hidden.loc[library]
    assert hidden["waived"]
    assert not hidden["overdue"] and not hidden["completed"]
    assert hidden[["not_started", "in_progress", "recertification_due"]].any()


def test_a_few_people_completing_in_person_are_hidden_not_their_finished():
    """Library: 30 finished, 3 of them at a session; Police: 20, all online.
    The 3 are hidden, and so is a complement in their row (online is the
    cheapest), while the finished count a commission reads stays."""
    counts = counts_frame(
        [
            (1, "ED20", "LAPL", "LAPL", "completed", 30, 3),
            (1, "ED20", "LAPL", "LAPL", "not_started", 10, 0),
            (1, "ED20", "LAPD", "LAPD", "completed", 20, 0),
            (1, "ED20", "LAPD", "LAPD", "not_started", 15, 0),
        ],
    )
    departments = departments_frame(
        [("LAPL", "LAPL", "LAPL", "LAPL"), ("LAPD", "LAPD", "LAPD", "LAPD")]
    )
    view = oversight.overview(counts, None, departments)
    table, hidden = view.table, view.hidden

    def at(unit, course_id=1):
        return table.index[(table["unit"] == unit) & (table["course_id"] == course_id)][
            0
        ]

    library, city = at("LAPL"), at("All departments")
    assert table.at[library, "completed_in_person"] == 3
    assert hidden.at[library, "completed_in_person"]
    assert hidden.at[library, "completed_online"]  # else 30 - 27 gives the 3
    assert not hidden.at[library, "finished"]
    assert hidden.at[city, "completed_in_person"]  # 3 + 0
    shown = ~hidden[list(reports.DELIVERY_COLUMNS)].to_numpy()
    values = table[list(reports.DELIVERY_COLUMNS)].to_numpy()
    assert not ((values > 0) & (values < 5) & shown).any()
    # Nothing of 1 to 4 people can be worked out from what is shown.
    worked_out = recoverable(view.cells, hidden_cells(view), view.equations)
    assert [c for c in worked_out if 0 < view.cells[c] < 5] == []


def hidden_cells(view):
    """The overview's hidden cells as the flat array its equations speak of."""
    width = len(oversight.CELL_COLUMNS)
    flat = np.zeros(len(view.cells), dtype=bool)
    flat[: len(view.table) * width] = (
        view.hidden[oversight.CELL_COLUMNS].to_numpy().ravel()
    )
    return flat


def test_the_sessions_page_hides_what_the_overview_hides_of_the_same_counts():
    """ED20: 10 of 30 finished in person; ED21: 3 of 20. The overview hides
    ED21's 3 and, as their complement in all courses' 13, ED20's 10: the
    sessions page, which shows the same per-course counts, must not show the
    10 (13 - 10 would give the 3 back), though a row of 20 and 10 is not small."""
    counts = counts_frame(
        [
            (1, "ED20", "LAPL", "LAPL", "completed", 30, 10),
            (2, "ED21", "LAPL", "LAPL", "completed", 20, 3),
        ],
    )
    departments = departments_frame([("LAPL", "LAPL", "LAPL", "LAPL")])
    view = oversight.overview(counts, None, departments)
    hidden = oversight.delivery_hidden(view, pd.Series([1, 2, 99]))
    assert hidden["in_person"].tolist() == [True, True, True]
    sessions_page = pd.DataFrame(
        {"course_id": [1], "online": [20], "in_person": [10], "in_person_pct": [33.3]}
    )
    rows = classroom_stats.small_rows_hidden(
        sessions_page, ["online", "in_person"], ["in_person_pct"]
    )
    assert not rows.at[0, "in_person"]  # alone, the row rule would show it
