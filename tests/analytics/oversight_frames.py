"""The inputs of analytics.oversight.overview, built from plain rows."""

import pandas as pd

COUNT_COLUMNS = ["course_id", "course", "department_code", "department", "status"]
COUNT_COLUMNS += ["people"]
DEPARTMENT_COLUMNS = ["code", "name", "group_code", "group"]


def counts_frame(rows):
    """People per course, department and status."""
    return pd.DataFrame(rows, columns=COUNT_COLUMNS)


def departments_frame(rows):
    """Each department with its group (a department with its bureaus)."""
    return pd.DataFrame(rows, columns=DEPARTMENT_COLUMNS)
