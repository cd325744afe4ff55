"""Plotly figures built from report frames.

The page loads plotly.js as a static file (``analytics/vendor/plotly.min.js``,
from the plotly package through ``analytics.finders``), never from a CDN, and
draws the charts with the static analytics/charts.js; every chart sits beside
a table that carries the same numbers, so the page stays usable without
JavaScript. No figure has a fixed width: plotly sizes each one to its card, so
a chart fits a 375 px phone as well as a desktop.
"""

import json
import math

import pandas as pd
import plotly.graph_objects as go

from django.utils.translation import gettext as _

_LAYOUT = {
    "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
    "height": 360,
    "autosize": True,
    "template": "plotly_white",
    "legend": {"orientation": "h", "y": -0.25},
}


def as_data(figure: go.Figure) -> dict:
    """The figure as plain JSON data for ``json_script``.

    No inline script: the Content-Security-Policy allows scripts only from our
    origin, so analytics/charts.js (a static file) draws every chart.
    """
    return json.loads(figure.to_json())


def _axis(title, **extra):
    return {"title": {"text": title}, "automargin": True, **extra}


def department_completion_bars(frame: pd.DataFrame) -> go.Figure:
    """Completion % by department, sorted (frame from reports.department_completion)."""
    ordered = frame.sort_values("completion_pct", ascending=True, na_position="first")
    figure = go.Figure(
        go.Bar(
            x=ordered["completion_pct"],
            # Codes on the axis keep a phone's plot wide; names in the hover.
            y=ordered["department_code"],
            customdata=ordered["department"],
            orientation="h",
            hovertemplate="%{customdata}: %{x}%<extra></extra>",
        )
    )
    figure.update_layout(
        title=_("Completion % by department"),
        xaxis=_axis(_("Completion %"), range=[0, 100], ticksuffix="%"),
        yaxis=_axis(_("Department"), type="category"),
        **{**_LAYOUT, "height": max(300, 22 * len(ordered) + 100)},
    )
    return figure


def completions_over_time_lines(frame: pd.DataFrame) -> go.Figure:
    """Cumulative completions against cumulative due dates.

    Both are steps: a count changes on the day something is completed or
    falls due and holds until the next such day.
    """
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=frame["day"],
            y=frame["completed"],
            name=_("Completed"),
            line={"shape": "hv"},
        )
    )
    figure.add_trace(
        go.Scatter(
            x=frame["day"],
            y=frame["due"],
            name=_("Due by then"),
            line={"dash": "dash", "shape": "hv"},
        )
    )
    figure.update_layout(
        title=_("Completions over time against due dates"),
        xaxis=_axis(_("Date")),
        yaxis=_axis(_("Assignments (running total)"), rangemode="tozero"),
        **_LAYOUT,
    )
    return figure


def _count_step(highest) -> int:
    """A whole-number tick step giving about five ticks up to ``highest``."""
    return max(1, math.ceil((highest or 0) / 5))


def score_histogram(frame: pd.DataFrame, pass_mark: int | None = None) -> go.Figure:
    """Finished attempts per score band (frame from reports.score_distribution),
    with the pass mark drawn where its band starts."""
    figure = go.Figure(
        go.Bar(
            x=frame["label"],
            y=frame["attempts"],
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    shapes, annotations = [], []
    if pass_mark is not None:
        # Categories sit at 0, 1, ...; band b*10 at b. The mark's position is
        # interpolated inside its band (80 -> the start of "80–89").
        position = pass_mark / 10 - 0.5
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": position,
                "x1": position,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#b50909", "width": 2, "dash": "dot"},
            }
        )
        annotations.append(
            {
                "xref": "x",
                "yref": "paper",
                "x": position,
                "y": 1,
                "text": _("Pass mark %(mark)d%%") % {"mark": pass_mark},
                "showarrow": False,
                "xanchor": "right",
                "yanchor": "bottom",
            }
        )
    figure.update_layout(
        title=_("Score distribution (finished attempts)"),
        xaxis=_axis(_("Score %"), type="category"),
        yaxis=_axis(
            _("Finished attempts"),
            tickformat="d",
            dtick=_count_step(frame["attempts"].max() if len(frame) else 0),
            rangemode="tozero",
        ),
        shapes=shapes,
        annotations=annotations,
        **_LAYOUT,
    )
    return figure


def completion_trend_lines(frame: pd.DataFrame, title: str) -> go.Figure:
    """Completed % of the people assigned, at each month's end, one line per
    course or group (frame
    from analytics.oversight.trend_series: label, month, pct).

    Only the months the suppression leaves visible are points; the line joins
    them straight, since what happened in between is not shown.
    """
    figure = go.Figure()
    for label, series in frame.groupby("label", sort=True):
        figure.add_trace(
            go.Scatter(
                x=series["month"],
                y=series["pct"],
                name=label,
                mode="lines+markers",
                connectgaps=True,
                hovertemplate="%{x|%b %Y}: %{y}%<extra>" + label + "</extra>",
            )
        )
    figure.update_layout(
        title=title,
        xaxis=_axis(_("Month (end)"), tickformat="%b %Y"),
        yaxis=_axis(_("Completed %"), range=[0, 100], ticksuffix="%"),
        **_LAYOUT,
    )
    return figure
