"""Reading an uploaded CSV file the way the roster import does, for the other
uploads (a scanned sign-in sheet, past completions).

The same reading (UTF-8 with or without BOM, physical line numbers even when a
quoted field spans lines, a header naming the columns, rows with the wrong
number of fields reported) and the same problem type, whose ``str()`` is
``"line N, column C: what is wrong"``. Each upload then checks its own values
and writes all its rows in one transaction, or nothing.
"""

from django.utils.translation import gettext as _

from .roster import (
    CONTROL_CHARACTER,
    WHOLE_ROW,
    RosterProblem,
    _decode,
    _header_index,
    _records,
)

CsvProblem = RosterProblem

__all__ = ["WHOLE_ROW", "CsvProblem", "read_table"]


def read_table(data: bytes, *, columns, optional=()):
    """``([(line, {column: value})], problems)`` of the file's rows.

    Values are stripped; a required column left empty, or a value with a
    control character, is a problem on its line and column.
    """
    problems = []
    text = _decode(bytes(data), problems)
    records = _records(text, problems) if text.strip() else []
    if not records:
        problems.append(CsvProblem(1, WHOLE_ROW, _("the file is empty")))
        return [], problems
    header_line, header = records[0]
    index = _header_index(header_line, header, problems, columns=columns)
    if set(columns) - set(index):
        # Without every column no row can be read; the header's problems say why.
        return [], problems
    if len(records) == 1:
        problems.append(
            CsvProblem(
                header_line + 1, WHOLE_ROW, _("the file has a header but no rows")
            )
        )
    rows = []
    for line, fields in records[1:]:
        if len(fields) != len(header):
            problems.append(
                CsvProblem(
                    line,
                    WHOLE_ROW,
                    _("the row has %(found)d fields but the header has %(expected)d")
                    % {"found": len(fields), "expected": len(header)},
                )
            )
            continue
        values = {name: fields[at].strip() for name, at in index.items()}
        bad = False
        for name, value in values.items():
            if not value and name not in optional:
                problems.append(CsvProblem(line, name, _("a value is required")))
                bad = True
            elif CONTROL_CHARACTER.search(value):
                problems.append(
                    CsvProblem(line, name, _("the value contains a control character"))
                )
                bad = True
        if not bad:
            rows.append((line, values))
    return rows, problems
