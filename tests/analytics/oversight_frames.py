"""The inputs of analytics.oversight.overview, built from plain rows."""

import pandas as pd

COUNT_COLUMNS = ["course_id", "course", "department_code", "department", "status"]
COUNT_COLUMNS += ["people"]
DEPARTMENT_COLUMNS = ["code", "name", "group_code", "group"]


def counts_frame(rows):
    """People per course, department and status; rows of seven fields also
    say how many of those people completed in person."""
    rows = list(rows)
    with_delivery = bool(rows) and len(rows[0]) == len(COUNT_COLUMNS) + 1
    return pd.DataFrame(
        rows, columns=[*COUNT_COLUMNS, "in_person"] if with_delivery else COUNT_COLUMNS
    )


def departments_frame(rows):
    """Each department with its group (a department with its bureaus)."""
    return pd.DataFrame(rows, columns=DEPARTMENT_COLUMNS)
