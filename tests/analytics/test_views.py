"""The analytics pages per role, their exports and the audit log."""

import csv
import io
import re
from datetime import datetime, time, timedelta
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from django.urls import reverse

from analytics.models import AuditAction, AuditEvent
from courses.models import Assignment
from courses.status import Delivery

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("analytics:dashboard")
OVERSIGHT = reverse("analytics:oversight")
ITEMS = reverse("analytics:items")


def department_url(code):
    return reverse("analytics:department", args=[code])


class _Cells(HTMLParser):
    """The text of every row of the first <table> in a page."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell, self._tables = [], None, None, 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._tables += 1
        if self._tables != 1:
            return
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if self._tables != 1:
            return
        if tag in ("td", "th") and self._row is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr":
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def screen_rows(response):
    """The table's rows as text, without the drill-down's checkbox column."""
    parser = _Cells()
    parser.feed(response.content.decode())
    rows = parser.rows
    if rows and rows[0] and rows[0][0] == "Select":
        rows = [row[1:] for row in rows]
    return rows


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [
        [_xlsx_text(value) for value in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def _xlsx_text(value):
    """A cell as the page shows it: dates as YYYY-MM-DD, numbers as numbers."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else str(value)
    return str(value)


def as_text(value):
    return value


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


# --- Who may see what ------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [DASHBOARD, OVERSIGHT, ITEMS, department_url("LAPD")],
)
def test_anonymous_visitors_are_sent_to_log_in(client, city, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "url",
    [DASHBOARD, OVERSIGHT, ITEMS, department_url("LAPD"), DASHBOARD + "?format=csv"],
)
def test_a_learner_is_refused_every_analytics_page(client, city, url):
    client.force_login(city["learner"])
    assert client.get(url).status_code == 403


def test_a_manager_sees_only_the_departments_they_manage(client, city):
    response = get(client, city["manager"], DASHBOARD)
    assert response.status_code == 200
    departments = [row[1] for row in screen_rows(response)[1:]]
    assert "Library" in departments
    assert "Police" not in departments
    assert "Officer" not in response.content.decode()


def test_a_manager_cannot_filter_their_way_into_another_department(client, city):
    response = get(client, city["manager"], DASHBOARD, department="LAPD")
    assert response.status_code == 400
    assert "Police" not in [row[1] for row in screen_rows(response)[1:] if row]
    assert "Select a valid choice" in response.content.decode()


def test_a_manager_may_not_open_or_export_another_departments_employees(client, city):
    client.force_login(city["manager"])
    assert client.get(department_url("LAPD")).status_code == 403
    assert client.get(department_url("LAPD"), {"format": "csv"}).status_code == 403
    assert not AuditEvent.objects.exists()


def test_a_managers_export_holds_only_their_departments(client, city):
    response = get(client, city["manager"], DASHBOARD, format="csv")
    assert response.status_code == 200
    rows = csv_rows(response)
    assert {row[1] for row in rows[1:]} == {"Library", "All departments"}


def test_an_administrator_sees_the_whole_city(client, city):
    response = get(client, city["admin"], DASHBOARD)
    rows = {row[1]: row for row in screen_rows(response)[1:]}
    assert {"Library", "Police", "All departments"} <= set(rows)
    header = screen_rows(response)[0]
    police = dict(zip(header, rows["Police"], strict=True))
    assert police["Assigned"] == "7"
    assert police["Overdue"] == "3"
    assert police["Completion %"] == "57.1%"  # a percentage, shown as one
    assert police["Average score"] == "100.0"
    # Charts come with plotly.js from this site, not a CDN.
    html = response.content.decode()
    assert "/static/analytics/vendor/plotly" in html
    assert "cdn.plot.ly" not in html
    # No inline script for the Content-Security-Policy to block: the figures
    # travel as JSON data, drawn by a static script.
    scripts = re.findall(r"<script[^>]*>", html)
    assert html.count('type="application/json"') == 3
    assert all("src=" in tag or "application/json" in tag for tag in scripts)


def test_plotly_js_is_a_static_file_from_the_plotly_package():
    from django.contrib.staticfiles import finders

    found = finders.find("analytics/vendor/plotly.min.js")
    assert found and found.endswith("plotly/package_data/plotly.min.js")
    with open(found, "rb") as source:
        assert b"plotly" in source.read(2000).lower()


def test_the_dashboard_filters_by_status_and_due_dates(client, city, today):
    response = get(client, city["admin"], DASHBOARD, status="overdue")
    rows = {row[1]: row for row in screen_rows(response)[1:]}
    assert set(rows) == {"Police", "All departments"}
    response = get(
        client, city["admin"], DASHBOARD, due_from="2020-01-01", due_to="2020-02-01"
    )
    assert "Nothing matches these filters." in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"due_from": "2026-03-10", "due_to": "2026-03-01"}, "before its start"),
        ({"due_from": "next tuesday"}, "Enter a valid date"),
        ({"format": "pdf"}, "Unknown export format"),
        ({"course": "999999"}, "Select a valid choice"),
    ],
)
def test_bad_filters_say_what_is_wrong_and_show_nothing(client, city, params, message):
    response = get(client, city["admin"], DASHBOARD, **params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AuditEvent.objects.exists()


# --- Drill-down -------------------------------------------------------------------


def test_the_drill_down_lists_named_employees_and_is_audited(client, city, today):
    response = get(client, city["admin"], department_url("LAPD"), sort="-overdue")
    assert response.status_code == 200
    rows = screen_rows(response)
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert first["Status"] == "Overdue"
    assert first["Days overdue"] == "7"
    assert first["Name"].startswith("Officer")
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.VIEW_NAMED_LIST
    assert event.user == city["admin"]
    assert event.filters["department"] == "LAPD"
    assert event.filters["sort"] == "-overdue"
    assert event.row_count == 7


def test_a_manager_opens_their_own_department(client, city):
    response = get(client, city["manager"], department_url("LAPL"), sort="name")
    assert response.status_code == 200
    names = [row[1] for row in screen_rows(response)[1:]]
    expected = sorted(f"{e.last_name}, {e.first_name}" for e in city["staff"])
    assert [n for n in names if n in expected] == expected


def test_the_drill_down_is_paginated(client, city, today):
    from tests.analytics.utils import assign, employees

    for employee in employees(55, city["police"]):
        assign(employee, city["ed20"])
    first = get(client, city["admin"], department_url("LAPD"))
    second = get(client, city["admin"], department_url("LAPD"), page=2)
    assert len(screen_rows(first)) == 51  # header + 50
    assert len(screen_rows(second)) == 1 + 62 - 50
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_NAMED_LIST).count() == 2


def test_an_unknown_sort_is_a_clear_error(client, city):
    response = get(client, city["admin"], department_url("LAPD"), sort="salary")
    assert response.status_code == 400
    assert "Unknown sort order" in response.content.decode()


# --- Exports match the screen ----------------------------------------------------


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("admin", DASHBOARD),
        ("manager", DASHBOARD),
        ("admin", department_url("LAPD")),
        ("oversight", OVERSIGHT),
    ],
)
def test_exports_have_the_same_cells_as_the_screen(client, city, role, url):
    # The page writes a percentage as "50.0%"; the files keep the number 50.0
    # (a number cell in Excel) under a heading with "%".
    screen = [
        [re.sub(r"^(\d+(\.\d+)?)%$", r"\1", cell) for cell in row]
        for row in screen_rows(get(client, city[role], url))
    ]
    as_csv = csv_rows(get(client, city[role], url, format="csv"))
    as_xlsx = xlsx_rows(get(client, city[role], url, format="xlsx"))
    assert as_csv == screen
    assert [[_number(c) for c in row] for row in as_xlsx] == [
        [_number(c) for c in row] for row in screen
    ]
    exports = AuditEvent.objects.filter(action=AuditAction.EXPORT)
    assert sorted(exports.values_list("export_format", flat=True)) == ["csv", "xlsx"]
    assert {event.user for event in exports} == {city[role]}


def _number(cell):
    try:
        return float(cell)
    except ValueError:
        return cell


# --- Oversight --------------------------------------------------------------------


def test_oversight_sees_city_counts_without_names_and_small_cells_hidden(client, city):
    response = get(client, city["oversight"], OVERSIGHT)
    assert response.status_code == 200
    html = response.content.decode()
    export = get(client, city["oversight"], OVERSIGHT, format="csv").content.decode()
    for employee in city["officers"] + city["staff"]:
        for text in (employee.last_name, employee.employee_number):
            assert text not in html
            assert text not in export
    rows = screen_rows(response)
    header = rows[0]

    def row(course, unit):
        return dict(
            zip(header, next(r for r in rows if r[:2] == [course, unit]), strict=True)
        )

    police, library = row("ED20", "Police"), row("ED20", "Library")
    # Police: 4 completed, 3 overdue; Library: 6 completed, 3 in progress,
    # 3 not started. The small counts are hidden, never shown as "<5".
    assert police["Overdue"] == "suppressed"
    assert police["Completion %"] == "suppressed"
    assert "<5" not in html and "<5" not in export
    assert library["Assigned"] == "12"
    # Police's 4 completed are hidden; the City total would give them away
    # if Library's 6 stayed visible, so Library's is hidden too.
    assert police["Completed"] == "suppressed"
    assert library["Completed"] == "suppressed"
    total = row("ED20", "All departments")
    assert total["Assigned"] == "19"
    # The headline is the City's row, all courses.
    headline = (
        response.content.decode().split('class="headline"')[1].split("</section>")[0]
    )
    assert "19" in headline
    # A status filter shows the same cells, not a recount.
    overdue = screen_rows(get(client, city["oversight"], OVERSIGHT, status="overdue"))
    assert overdue[0] == ["Course", "Department", "Assigned", "Overdue"]
    by_unit = {tuple(r[:2]): r for r in overdue[1:]}
    assert by_unit[("ED20", "Police")][3] == "suppressed"
    assert by_unit[("ED20", "Library")][2] == "12"
    # No date range on the City overview: a day's difference would tell.
    assert "due_from" not in html


def test_oversight_shows_trend_charts_from_the_suppressed_frame(client, city):
    html = get(client, city["oversight"], OVERSIGHT).content.decode()
    assert "/static/analytics/vendor/plotly" in html
    assert "<script>" not in html  # only static scripts and JSON data
    assert "Completion over time by course" in html


def test_a_manager_is_not_oversight(client, city):
    client.force_login(city["manager"])
    assert client.get(OVERSIGHT).status_code == 403


# --- Items ----------------------------------------------------------------------------


def test_trainers_see_item_statistics_with_edit_links(client, city):
    from quizzes.models import Answer, Attempt, Question

    question = Question.objects.get(quiz=city["ed20"].quiz)
    right, wrong = question.choices.order_by("sort_order")
    for attempt in Attempt.objects.filter(quiz=city["ed20"].quiz):
        answer = Answer.objects.create(
            attempt=attempt,
            question=question,
            correct=attempt.passed,
            points=1 if attempt.passed else 0,
            answered_at=attempt.finished_at,
            time_taken=timedelta(seconds=10),
        )
        answer.choices.set([right if attempt.passed else wrong])
    response = get(client, city["trainer"], ITEMS)
    assert response.status_code == 200
    rows = screen_rows(response)
    header = rows[0]
    item = dict(zip(header, rows[1], strict=True))
    # 6 + 4 passed (90, 100), 3 failed (40): 13 answers, 10 right.
    assert item["Answered"] == "13"
    assert item["% right"] == "76.9%"
    assert item["Most common wrong choice"] == "Wrong"
    html = response.content.decode()
    assert reverse("wagtailsnippets_quizzes_question:edit", args=[question.pk]) in html
    by_department = get(client, city["trainer"], ITEMS, department="LAPD")
    assert (
        dict(zip(header, screen_rows(by_department)[1], strict=True))["% right"]
        == "100.0%"
    )
    export = get(client, city["trainer"], ITEMS, table="choices", format="csv")
    assert export.status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_managers_and_learners_do_not_see_item_statistics(client, city):
    for role in ("manager", "learner", "oversight"):
        client.force_login(city[role])
        assert client.get(ITEMS).status_code == 403


# --- The audit log in the admin and the navigation -----------------------------


def test_administrators_read_the_audit_log_and_nobody_edits_it(client, city):
    get(client, city["admin"], department_url("LAPD"))
    index = reverse("analytics_audit:index")
    response = client.get(index)
    assert response.status_code == 200
    assert "department-LAPD-employees" in response.content.decode()
    event = AuditEvent.objects.get()
    assert client.get(reverse("analytics_audit:edit", args=[event.pk])).status_code in (
        302,
        403,
    )
    assert client.get(reverse("analytics_audit:add")).status_code in (302, 403)
    client.force_login(city["manager"])
    assert client.get(index).status_code in (302, 403)


def test_navigation_links_follow_the_roles(client, city):
    labels = {}
    for role in ("manager", "oversight", "trainer", "learner", "admin"):
        client.force_login(city[role])
        response = client.get(reverse("password_change"))
        labels[role] = {link["label"] for link in response.context["nav_links"]}
    assert {"Dashboard"} <= labels["manager"]
    assert "City overview" not in labels["manager"]
    assert "City overview" in labels["oversight"]
    assert "Dashboard" not in labels["oversight"]
    assert "Rules people miss" in labels["trainer"]
    assert not {"Dashboard", "City overview", "Rules people miss"} & labels["learner"]
    assert {"Dashboard", "City overview", "Rules people miss"} <= labels["admin"]


def test_the_drill_down_sorts_both_ways_in_the_database(client, city):
    url = department_url("LAPL")
    best_first = screen_rows(get(client, city["admin"], url, sort="-score"))
    header = best_first[0]
    scores = [
        dict(zip(header, row, strict=True))["Best score"] for row in best_first[1:]
    ]
    assert scores[:6] == ["90.0"] * 6
    assert scores[6:9] == ["40.0"] * 3
    assert set(scores[9:]) == {""}  # no attempt yet: last
    worst_first = screen_rows(get(client, city["admin"], url, sort="score"))
    ascending = [
        dict(zip(header, r, strict=True))["Best score"] for r in worst_first[1:]
    ]
    assert [s for s in ascending if s] == ["40.0"] * 3 + ["90.0"] * 6


def test_item_analysis_honours_every_filter_and_lists_unpicked_choices(client, city):
    from quizzes.models import Answer, Attempt, Question

    question = Question.objects.get(quiz=city["ed20"].quiz)
    right, wrong = question.choices.order_by("sort_order")
    for attempt in Attempt.objects.filter(quiz=city["ed20"].quiz):
        Answer.objects.create(
            attempt=attempt,
            question=question,
            correct=True,
            points=1,
            answered_at=attempt.finished_at,
            time_taken=timedelta(seconds=10),
        ).choices.set([right])
    police = Attempt.objects.filter(employee__department__code="LAPD").count()

    def choices(**filters):
        response = get(client, city["trainer"], ITEMS, table="choices", format="csv")
        if filters:
            response = get(
                client, city["trainer"], ITEMS, table="choices", format="csv", **filters
            )
        rows = csv_rows(response)
        return {row[3]: row for row in rows[1:]}

    every = choices()
    # The quiz's title, not its slug; the wrong choice nobody picked, with 0.
    assert every["Right"][0] == city["ed20"].quiz.title
    assert every["Wrong"][5] == "0"
    assert every["Right"][5] == "13"
    assert choices(department="LAPD")["Right"][5] == str(police)
    job = city["officers"][0].job_class
    assert choices(job_class=job)["Right"][5] == str(
        Attempt.objects.filter(employee__job_class=job).count()
    )
    assert choices(answered_to="2000-01-01")["Right"][5] == "0"
    assert choices(quiz=city["ed20"].quiz.pk)["Right"][5] == "13"
    assert choices(course=city["ed20"].pk)["Right"][5] == "13"
    bad = get(
        client,
        city["trainer"],
        ITEMS,
        answered_from="2026-03-02",
        answered_to="2026-03-01",
    )
    assert bad.status_code == 400


def test_the_dashboard_splits_completions_by_delivery(client, city):
    """In person at a session, or an imported record that says in person;
    the rest of the finished completed online."""
    library_done = Assignment.objects.filter(
        employee__in=city["staff"], completed_at__isnull=False
    ).order_by("pk")
    at_session, imported = library_done[:2]
    Assignment.objects.filter(pk=at_session.pk).update(delivery=Delivery.IN_PERSON)
    Assignment.objects.filter(pk=imported.pk).update(
        delivery=Delivery.IN_PERSON, imported_from="Paper register 2024"
    )
    response = get(client, city["admin"], DASHBOARD)
    header, *rows = screen_rows(response)
    online = header.index("Completed online")
    in_person = header.index("Completed in person")
    split = {row[1]: (row[online], row[in_person]) for row in rows}
    assert split == {
        "Library": ("4", "2"),
        "Police": ("4", "0"),
        "All departments": ("8", "2"),
    }
    exported = csv_rows(get(client, city["admin"], DASHBOARD, format="csv"))
    assert "Completed in person" in exported[0]


def test_oversight_splits_completions_by_delivery_through_suppression(client, city):
    """Library: 6 finished, 2 of them at a session; Police: 4, online."""
    library_done = Assignment.objects.filter(
        employee__in=city["staff"], completed_at__isnull=False
    ).order_by("pk")
    Assignment.objects.filter(pk__in=[a.pk for a in library_done[:2]]).update(
        delivery=Delivery.IN_PERSON
    )
    response = get(client, city["oversight"], OVERSIGHT)
    header, *rows = screen_rows(response)
    online = header.index("Completed online")
    in_person = header.index("Completed in person")
    split = {tuple(row[:2]): (row[online], row[in_person]) for row in rows}
    assert split[("ED20", "Police")] == ("suppressed", "0")
    assert split[("ED20", "Library")] == ("suppressed", "suppressed")
    for row in rows:
        for value in (row[online], row[in_person]):
            assert value == "suppressed" or not 0 < int(value) < 5
    # The sessions page shows the same counts: hidden there too.
    sessions = get(
        client, city["oversight"], reverse("analytics:sessions"), format="csv"
    )
    assert sessions.status_code == 200
    delivery = get(
        client,
        city["oversight"],
        reverse("analytics:sessions"),
        format="csv",
        table="delivery",
    )
    lines = delivery.content.decode("utf-8-sig").splitlines()
    assert lines[1] == "ED20,suppressed,suppressed,suppressed"
