"""CSV and XLSX from the same frames the page shows.

A :class:`Table` names the columns of a report frame and their headings; the
template renders ``table.rows()`` and the exports write the very same cells.

Both files open cleanly in Excel: the CSV starts with a UTF-8 byte order mark
(so accented names survive), the XLSX has real date and number cells, a bold
frozen header row and column widths to fit. Any text cell that a spreadsheet
would read as a formula (it starts with =, +, -, @, a tab or a carriage
return, e.g. a roster name "=HYPERLINK(...)") is written with a leading
apostrophe in both, so it stays text.
"""

import csv
import io
import math
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from django.http import HttpResponse

from .reports import SUPPRESSED

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    name: str  # used in the file name and the audit log
    frame: pd.DataFrame
    columns: list[tuple[str, str]]  # (column of the frame, heading)
    hidden: pd.DataFrame | None = None  # True where a cell is suppressed
    links: dict = field(default_factory=dict)  # column -> function(row) -> url
    sort_urls: dict = field(default_factory=dict)  # column -> url sorting by it
    # A frame column whose value each row's checkbox carries (the page only).
    select: str | None = None
    select_label: object = None  # function(row) -> the checkbox's label
    # Columns holding percentages: the page shows "85.0%"; the files keep the
    # number (a number cell in Excel) under a heading that says "%".
    percent: tuple = ()

    @property
    def headings(self):
        return [label for _, label in self.columns]

    def rows(self, *, typed=False):
        """Cells as the page and the exports show them (a suppressed one as
        "suppressed", in count and percentage columns alike).

        ``typed`` keeps dates as dates (for the XLSX) instead of ISO text.
        """
        keys = [key for key, _ in self.columns]
        frame = self.frame.reset_index(drop=True)
        hidden = None if self.hidden is None else self.hidden.reset_index(drop=True)
        for index, record in enumerate(frame[keys].itertuples(index=False)):
            cells = []
            for key, value in zip(keys, record, strict=True):
                if hidden is not None and key in hidden and hidden.at[index, key]:
                    cells.append(SUPPRESSED)
                else:
                    cells.append(_typed(value) if typed else _plain(value))
            yield cells

    def html_rows(self):
        """Rows for the template: ``cells`` as (value, url or None) pairs, and
        the checkbox's ``select`` value and ``label`` when the table has one."""
        records = self.frame.reset_index(drop=True).to_dict("records")
        keys = [key for key, _ in self.columns]
        for record, cells in zip(records, self.rows(), strict=True):
            yield {
                "cells": [
                    (
                        _as_percent(cell) if key in self.percent else cell,
                        self.links[key](record) if key in self.links else None,
                    )
                    for key, cell in zip(keys, cells, strict=True)
                ],
                "select": _plain(record[self.select]) if self.select else None,
                "label": self.select_label(record) if self.select_label else "",
            }

    def header_cells(self):
        return [
            {"label": label, "url": self.sort_urls.get(key)}
            for key, label in self.columns
        ]

    def __len__(self):
        return len(self.frame)


def _as_percent(cell):
    return f"{cell}%" if isinstance(cell, int | float) else cell


def _plain(value):
    """A cell value that csv, openpyxl and templates all show the same way."""
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _typed(value):
    """Like _plain, but dates and times stay dates and times (naive, local)."""
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        from django.utils import timezone

        value = timezone.localtime(value).replace(tzinfo=None)
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value
    return _plain(value)


def neutralised(cell):
    """Text a spreadsheet would run as a formula, made plain text."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def table_csv(table: Table) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads the file as UTF-8 only with the BOM
    writer = csv.writer(buffer)
    writer.writerow([neutralised(heading) for heading in table.headings])
    for cells in table.rows():
        writer.writerow([neutralised(_text(cell)) for cell in cells])
    return buffer.getvalue()


def _text(cell):
    if isinstance(cell, pd.Timestamp):
        return cell.isoformat()
    return cell


def table_xlsx(table: Table) -> bytes:
    rows = [[_xlsx_cell(cell) for cell in cells] for cells in table.rows(typed=True)]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.name[:31] or "table")
    # Write-only sheets take their layout before the first row.
    sheet.freeze_panes = "A2"
    for index, heading in enumerate(table.headings, start=1):
        longest = max(
            [len(str(heading))] + [len(_shown(row[index - 1])) for row in rows[:500]]
        )
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(longest + 2, 8), 60
        )
    header = []
    for heading in table.headings:
        cell = WriteOnlyCell(sheet, value=neutralised(heading))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_value(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _shown(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _xlsx_cell(cell):
    if isinstance(cell, pd.Timestamp):
        return cell.tz_localize(None).to_pydatetime() if cell.tzinfo else cell
    return neutralised(cell)


def _xlsx_value(sheet, value):
    """Dates get a date format; text stays text (never a formula)."""
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # openpyxl would otherwise read "=..." as a formula
        return cell
    return value


def export_response(table: Table, export_format: str) -> HttpResponse:
    filename = f"{table.name}.{export_format}"
    if export_format == "csv":
        response = HttpResponse(table_csv(table), content_type="text/csv")
    else:
        response = HttpResponse(
            table_xlsx(table),
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
