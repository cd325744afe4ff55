"""The in-person sessions page: fill rate, no-shows, delivery (thin)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lms import access

from . import classroom_stats, oversight
from .exports import Table
from .views import _city_overview, _export, _export_links, _format_or_error


def _tables(user):
    administrator = access.is_administrator(user)
    no_shows = classroom_stats.no_shows_by_department()
    delivery = classroom_stats.completions_by_delivery()
    # Who came to a session of a few people is a fact about them: the
    # oversight view sees seats and fill rate per session, attendance only in
    # the department figures below.
    attendance = (
        [
            ("present", _("Present")),
            ("partial", _("Partly present")),
            ("absent", _("Absent")),
        ]
        if administrator
        else []
    )
    return {
        "fill": Table(
            "sessions-fill-rate",
            classroom_stats.session_fill(),
            [
                ("course", _("Course")),
                ("starts_at", _("Starts")),
                ("place", _("Place")),
                ("capacity", _("Seats")),
                ("booked", _("Booked")),
                ("waiting", _("Wait list")),
                ("fill_pct", _("Fill %")),
                *attendance,
            ],
        ),
        "no_shows": Table(
            "sessions-no-shows-by-department",
            no_shows,
            [
                ("department", _("Department")),
                ("booked", _("Seats booked (closed sessions)")),
                ("absent", _("No-shows")),
                ("no_show_pct", _("No-show %")),
            ],
            hidden=None
            if administrator
            else classroom_stats.small_departments_hidden(no_shows),
        ),
        "delivery": Table(
            "completions-by-delivery",
            delivery,
            [
                ("course", _("Course")),
                ("online", _("Completed online")),
                ("in_person", _("Completed in person")),
                ("in_person_pct", _("In person %")),
            ],
            hidden=None if administrator else _delivery_hidden(delivery),
        ),
    }


def _delivery_hidden(delivery):
    """The rows of a few people hidden, and whatever the City overview hides
    of the same counts (they are its all-departments cells)."""
    hidden = classroom_stats.small_rows_hidden(
        delivery, ["online", "in_person"], ["in_person_pct"]
    )
    if delivery.empty:
        return hidden
    overview = oversight.delivery_hidden(_city_overview(), delivery["course_id"])
    for column in ("online", "in_person"):
        hidden[column] |= overview[column]
    hidden["in_person_pct"] |= hidden["online"] | hidden["in_person"]
    return hidden


@require_GET
def sessions(request):
    if not access.can_see_city_aggregates(request.user):
        raise PermissionDenied
    tables = _tables(request.user)
    export_format_, error = _format_or_error(request)
    wanted = request.GET.get("table", "fill")
    if export_format_ and not error and wanted in tables:
        return _export(request, tables[wanted], {"table": wanted}, export_format_)
    return render(
        request,
        "analytics/sessions.html",
        {
            "tables": [
                (key, table, _export_links(request, table=key))
                for key, table in tables.items()
            ],
            "error": error,
        },
        status=400 if error else 200,
    )
