"""Builders for roster CSV files in tests."""

import csv
import io

from lms.roster import COLUMNS


def person(number="E000001", **overrides):
    """One roster row as a dict; any column can be overridden."""
    row = {
        "employee_number": number,
        "first_name": "Alex",
        "last_name": "Abbott",
        "work_email": f"{number.lower()}@lacity.example",
        "department_code": "LAPL",
        "manager_employee_number": "",
        "job_class": "Librarian",
        "sworn": "false",
        "hire_date": "2020-01-06",
    }
    row.update(overrides)
    return row


def roster(*rows, columns=COLUMNS, bom=False):
    """CSV bytes with a header of ``columns`` (in that order) and the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    data = buffer.getvalue().encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


def raw_roster(*lines, bom=False):
    """CSV bytes from literal lines (for malformed rows), header first."""
    data = "\n".join([",".join(COLUMNS), *lines]).encode("utf-8") + b"\n"
    return b"\xef\xbb\xbf" + data if bom else data
