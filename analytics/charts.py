"""Plotly figures built from report frames.

The page loads plotly.js from this app (``analytics:plotly_js``), never from a
CDN, and draws the charts with the static analytics/charts.js; every chart
sits beside a table that carries the same numbers, so the page stays usable
without JavaScript.
"""

import json

import pandas as pd
import plotly.graph_objects as go

from django.utils.translation import gettext as _

_LAYOUT = {
    "margin": {"l": 40, "r": 10, "t": 40, "b": 40},
    "height": 360,
    "template": "plotly_white",
}


def as_data(figure: go.Figure) -> dict:
    """The figure as plain JSON data for ``json_script``.

    No inline script: the Content-Security-Policy allows scripts only from our
    origin, so analytics/charts.js (a static file) draws every chart.
    """
    return json.loads(figure.to_json())


def department_completion_bars(frame: pd.DataFrame) -> go.Figure:
    """Completion % by department, sorted (frame from reports.department_completion)."""
    ordered = frame.sort_values("completion_pct", ascending=True, na_position="first")
    figure = go.Figure(
        go.Bar(
            x=ordered["completion_pct"],
            y=ordered["department"],
            orientation="h",
            hovertemplate="%{y}: %{x}%<extra></extra>",
        )
    )
    figure.update_layout(
        title=_("Completion % by department"),
        xaxis={"range": [0, 100], "ticksuffix": "%"},
        **{**_LAYOUT, "height": max(300, 22 * len(ordered) + 80)},
    )
    return figure


def completions_over_time_lines(frame: pd.DataFrame) -> go.Figure:
    """Cumulative completions against cumulative due dates."""
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(x=frame["day"], y=frame["completed"], name=_("Completed"))
    )
    figure.add_trace(
        go.Scatter(x=frame["day"], y=frame["due"], name=_("Due"), line={"dash": "dash"})
    )
    figure.update_layout(title=_("Completions over time against due dates"), **_LAYOUT)
    return figure


def score_histogram(frame: pd.DataFrame) -> go.Figure:
    """Finished attempts per score band (frame from reports.score_distribution)."""
    figure = go.Figure(go.Bar(x=frame["label"], y=frame["attempts"]))
    figure.update_layout(
        title=_("Score distribution (finished attempts)"),
        xaxis={"title": _("Score %"), "type": "category"},
        **_LAYOUT,
    )
    return figure
