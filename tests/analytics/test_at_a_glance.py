"""The dashboard read at a glance: headline figures, one "average score", charts
with steps, whole-number counts, axis titles and the pass mark."""

from datetime import timedelta

import pandas as pd
import pytest

from django.urls import reverse

from analytics import charts, reports, selectors
from tests.analytics.utils import assign, employees

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("analytics:dashboard")


def test_headline_figures_follow_the_filters(client, city, today):
    # Library: 12 on ED20, 6 done; Police: 7, 4 done and 3 overdue.
    client.force_login(city["admin"])
    headline = client.get(DASHBOARD).context["headline"]
    assert headline["assigned"] == 19
    assert headline["completion_pct"] == round(100 * 10 / 19, 1)
    assert headline["overdue"] == 3
    police = client.get(DASHBOARD, {"department": "LAPD"}).context["headline"]
    assert (police["assigned"], police["overdue"]) == (7, 3)
    # The certificates of this fixture are valid until a year on: none expiring.
    assert police["expiring"] == 0
    page = client.get(DASHBOARD).content.decode()
    assert "certificates expiring in 30 days" in page


def test_expiring_counts_certificates_valid_until_within_thirty_days(
    client, city, today
):
    soon = employees(2, city["library"], last_name="Soon")
    for employee in soon:
        # A year's validity, completed eleven months and a half ago.
        assign(employee, city["ed20"], completed=today - timedelta(days=350))
    client.force_login(city["admin"])
    assert client.get(DASHBOARD).context["headline"]["expiring"] == 2


def test_average_score_is_each_learners_best_and_matches_the_drill_down(
    client, city, today
):
    # Two learners: one failed twice then passed (40, 50, 90), one scored 70.
    retried, steady = employees(2, city["library"], last_name="Scorer")
    assign(retried, city["ed20"], launched=today, scores=[40, 50, 90])
    assign(steady, city["ed20"], launched=today, scores=[70])
    filters = selectors.Filters(department_code="LAPL")
    data = selectors.dashboard_data(
        selectors.assignments_in_scope(city["admin"], filters), filters, today
    )
    summary = reports.completion_summary(data.counts, data.scores)
    average = summary.loc[0, "average_score"]
    rows = selectors.department_rows(
        user=city["admin"], department=city["library"], filters=filters, today=today
    )
    assert average == round(rows["best_score"].dropna().mean(), 1)
    # Fixture: 6 x 90 and 3 x 40 (one attempt each), plus 90 and 70 here.
    assert average == round((6 * 90 + 3 * 40 + 90 + 70) / 11, 1)
    # The histogram still counts every finished attempt, failed ones included.
    assert int(data.score_bands["attempts"].sum()) == 9 + 4


def test_the_due_line_is_a_step_and_the_score_axis_counts_whole_attempts():
    over_time = charts.completions_over_time_lines(
        pd.DataFrame(
            {
                "day": pd.to_datetime(["2026-01-01", "2026-02-01"]),
                "completed": [1, 3],
                "due": [2, 5],
            }
        )
    )
    assert {trace.line.shape for trace in over_time.data} == {"hv"}
    assert over_time.layout.xaxis.title.text and over_time.layout.yaxis.title.text
    bands = reports.score_distribution(
        pd.DataFrame({"band": [40, 80, 90], "attempts": [1, 2, 1]})
    )
    histogram = charts.score_histogram(bands, pass_mark=80)
    yaxis = histogram.layout.yaxis
    assert yaxis.tickformat == "d"
    assert yaxis.dtick == 1  # never 0.5 of an attempt
    assert yaxis.title.text == "Finished attempts"
    assert histogram.layout.xaxis.title.text == "Score %"
    (line,) = histogram.layout.shapes
    # "80–89" is the ninth category (index 8): the mark is where it starts.
    assert (line.x0, line.x1) == (7.5, 7.5)
    assert "Pass mark 80%" in histogram.layout.annotations[0].text
    assert charts.score_histogram(bands).layout.shapes == ()


def test_no_chart_has_a_fixed_width(client, city):
    client.force_login(city["admin"])
    for chart in client.get(DASHBOARD).context["charts"]:
        layout = chart["data"]["layout"]
        assert "width" not in layout
        assert layout["autosize"] is True


def test_the_key_columns_come_first(client, city):
    client.force_login(city["admin"])
    headings = client.get(DASHBOARD).context["table"].headings
    assert headings[:5] == [
        "Course",
        "Department",
        "Assigned",
        "Completion %",
        "Overdue",
    ]
