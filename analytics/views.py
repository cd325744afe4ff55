"""Analytics pages. Thin: check access, read the filters, call selectors and
reports, render the same frame as HTML, CSV or XLSX."""

import hashlib

import pandas as pd

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from courses.status import Delivery
from lms import access
from lms.models import Department

from . import charts, reports, selectors
from . import oversight as oversight_
from .audit import AuditAction, audit_event_record
from .exports import Table, export_response
from .forms import FilterForm, ItemFilterForm, export_format, status_choices
from .suppression import SMALL_CELL

PAGE_SIZE = 50
ITEM_PERMISSION = "analytics.view_item_statistics"


def _summary_columns(labels):
    """The key columns (completion %, overdue) first, so a laptop shows them
    without scrolling the table sideways."""
    overdue = reports.Status.OVERDUE.value
    return [
        ("course", _("Course")),
        ("department", _("Department")),
        ("assigned", _("Assigned")),
        ("completion_pct", _("Completion %")),
        (overdue, labels[overdue]),
        *[(s, labels[s]) for s in reports.PARTITION if s != overdue],
        *_delivery_labels().items(),
        ("average_score", _("Average score")),
    ]


def _delivery_labels():
    return {
        "completed_online": _("Completed online"),
        "completed_in_person": _("Completed in person"),
    }


def _filter_form(request, *, departments, with_department=True):
    labels = selectors.status_labels()
    form = FilterForm(
        request.GET,
        courses=selectors.course_options(),
        departments=departments,
        statuses=status_choices(labels),
        with_department=with_department,
    )
    return form, labels


def _format_or_error(request):
    try:
        return export_format(request), None
    except ValueError:
        return None, _('Unknown export format: use "csv" or "xlsx".')


def _invalid(request, template, context, error=None):
    """Bad filters: say what was wrong, show no data, change nothing."""
    if error:
        messages.error(request, error)
    return render(request, template, {**context, "invalid": True}, status=400)


def _export(request, table, form_filters, export_format_):
    audit_event_record(
        user=request.user,
        action=AuditAction.EXPORT,
        what=table.name,
        filters=form_filters,
        export_format=export_format_,
        row_count=len(table),
    )
    return export_response(table, export_format_)


def _query(request, **changes):
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode()


def _export_links(request, **extra):
    return {
        fmt: _query(request, format=fmt, page=None, **extra) for fmt in ("csv", "xlsx")
    }


@require_GET
def dashboard(request):
    user = request.user
    if not access.can_see_names(user):
        raise PermissionDenied
    form, labels = _filter_form(request, departments=selectors.department_options(user))
    template = "analytics/dashboard.html"
    context = {"form": form}
    export_format_, error = _format_or_error(request)
    if error or not form.is_valid():
        return _invalid(request, template, context, error)
    today = timezone.localdate()
    filters = form.filters()
    data = selectors.dashboard_data(
        selectors.assignments_in_scope(user, filters), filters, today
    )
    summary = reports.completion_summary(data.counts, data.scores)
    table = Table(
        "completion-by-course-and-department",
        reports.with_city_totals(summary),
        _summary_columns(labels),
        links={"department": _department_link(request)},
        percent=("completion_pct",),
    )
    if export_format_:
        return _export(request, table, form.as_audit(), export_format_)
    context.update(
        table=table,
        headline={
            **reports.headline(summary),
            "expiring": data.expiring,
            "window": selectors.EXPIRY_WINDOW,
        },
        exports=_export_links(request),
        charts=_charts(summary, data) if not summary.empty else [],
    )
    return render(request, template, context)


def _charts(summary, data):
    figures = [
        charts.department_completion_bars(reports.department_completion(summary)),
        charts.completions_over_time_lines(
            reports.completions_over_time(data.completed_by_day, data.due_by_day)
        ),
        charts.score_histogram(
            reports.score_distribution(data.score_bands), data.pass_mark
        ),
    ]
    return [
        {
            "id": f"chart-data-{number}",
            "data": charts.as_data(figure),
            "title": figure.layout.title.text,
        }
        for number, figure in enumerate(figures, start=1)
    ]


def _department_link(request):
    keep = {
        key: request.GET[key]
        for key in ("course", "status", "due_from", "due_to")
        if request.GET.get(key)
    }
    suffix = "?" + urlencode(keep) if keep else ""

    def link(row):
        code = row.get("department_code")
        if not code:
            return None
        return reverse("analytics:department", args=[code]) + suffix

    return link


@require_GET
def department(request, code):
    user = request.user
    if not access.can_see_names(user):
        raise PermissionDenied
    department_ = get_object_or_404(Department, code=code)
    if not access.can_view_department(user, department_):
        raise PermissionDenied
    form, labels = _filter_form(request, departments=[], with_department=False)
    template = "analytics/department.html"
    context = {"form": form, "department": department_}
    export_format_, error = _format_or_error(request)
    sort = request.GET.get("sort") or "name"
    if sort.lstrip("-") not in selectors.SORTS:
        error = error or _("Unknown sort order: %(sort)s.") % {"sort": sort}
    if error or not form.is_valid():
        return _invalid(request, template, context, error)
    today = timezone.localdate()
    lookup = {
        "user": user,
        "department": department_,
        "filters": form.filters(),
        "today": today,
        "sort": sort,
    }
    page = None
    if export_format_:
        rows = selectors.department_rows(**lookup)
    else:
        rows, page = selectors.department_page(
            **lookup, page_number=request.GET.get("page"), page_size=PAGE_SIZE
        )
    frame = rows.assign(
        name=rows["last_name"] + ", " + rows["first_name"],
        status_label=rows["status"].map(labels),
        delivery_label=rows["delivery"].map(
            lambda value: Delivery(value).label if value else ""
        ),
    )
    table = Table(
        f"department-{department_.code}-employees",
        frame,
        [
            ("employee_number", _("Employee number")),
            ("name", _("Name")),
            ("course", _("Course")),
            ("status_label", _("Status")),
            ("modules_done", _("Modules done")),
            ("modules_total", _("Modules")),
            ("best_score", _("Best score")),
            ("attempts", _("Attempts")),
            ("due_date", _("Due date")),
            ("days_overdue", _("Days overdue")),
            ("delivery_label", _("Delivery")),
            ("last_activity", _("Last activity")),
        ],
    )
    sort_keys = {
        "name": "name",
        "status_label": "status",
        "modules_done": "modules",
        "best_score": "score",
        "attempts": "attempts",
        "due_date": "due",
        "days_overdue": "overdue",
        "last_activity": "activity",
    }
    audit_filters = {**form.as_audit(), "department": department_.code, "sort": sort}
    if export_format_:
        return _export(request, table, audit_filters, export_format_)
    audit_event_record(
        user=user,
        action=AuditAction.VIEW_NAMED_LIST,
        what=table.name,
        filters={**audit_filters, "page": page.number},
        row_count=len(page.object_list),
    )
    sort_urls = {
        column: _query(request, sort=("-" + key if sort == key else key), page=None)
        for column, key in sort_keys.items()
    }
    can_remind = access.team_to_act_for(user).exists()
    context.update(
        table=Table(
            table.name,
            frame,
            table.columns,
            sort_urls=sort_urls,
            links={"name": _employee_link},
            select="assignment_id" if can_remind else None,
            select_label=lambda row: (
                _("Select %(name)s, %(course)s")
                % {"name": row["name"], "course": row["course"]}
            ),
        ),
        can_remind=can_remind,
        remind_url=reverse("analytics:department_remind", args=[department_.code])
        + _query(request, page=None, sort=None, format=None).rstrip("?"),
        total=page.paginator.count,
        page=page,
        sort=sort,
        exports=_export_links(request),
        page_links={
            "previous": page.has_previous()
            and _query(request, page=page.previous_page_number()),
            "next": page.has_next() and _query(request, page=page.next_page_number()),
        },
    )
    return render(request, template, context)


def _employee_link(row):
    return reverse("analytics:employee", args=[row["employee_number"]])


@require_GET
def oversight(request):
    user = request.user
    if not access.can_see_city_aggregates(user):
        raise PermissionDenied
    labels = selectors.status_labels()
    form = FilterForm(
        request.GET,
        courses=selectors.course_options(),
        departments=selectors.all_department_options(),
        statuses=status_choices(labels),
        with_dates=False,
    )
    template = "analytics/oversight.html"
    context = {"form": form, "threshold": SMALL_CELL}
    export_format_, error = _format_or_error(request)
    if error or not form.is_valid():
        return _invalid(request, template, context, error)
    # The whole City, suppressed once; the filters only pick from it.
    view = _city_overview()
    filters = form.filters()
    picked = {
        "course_id": filters.course_id,
        "department_code": filters.department_code,
    }
    rows, hidden, counts = oversight_.pick(view, **picked, status=filters.status)
    labels = {**labels, **_delivery_labels()}
    columns = [
        ("course", _("Course")),
        ("unit", _("Department")),
        *[
            (column, _("Assigned") if column == "assigned" else labels[column])
            for column in counts[:1]
        ],
        *([] if filters.status else [("completion_pct", _("Completion %"))]),
        *[(column, labels[column]) for column in counts[1:]],
        *([] if filters.status else [("average_score", _("Average score"))]),
    ]
    table = Table(
        "city-completion-by-department",
        rows,
        columns,
        hidden,
        percent=("completion_pct",),
    )
    if export_format_:
        return _export(request, table, form.as_audit(), export_format_)
    context.update(
        table=table,
        headline=oversight_.headline(view, **picked),
        exports=_export_links(request),
        charts=_oversight_charts(view),
    )
    return render(request, template, context)


def _city_overview():
    """The suppressed City frame, kept in the cache under a digest of its
    inputs: suppressing takes seconds, and the same counts always give the
    same frame, so a cached one is never stale."""
    today = timezone.localdate()
    everyone = selectors.Filters()
    data = selectors.dashboard_data(
        selectors.city_assignments(everyone), everyone, today
    )
    inputs = (
        data.counts,
        data.scores,
        selectors.department_groups(),
        selectors.finished_by_month(selectors.city_assignments(everyone), today),
    )
    digest = hashlib.sha256()
    for frame in inputs:
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy())
        digest.update(",".join(map(str, frame.columns)).encode())
    key = f"analytics:oversight:{digest.hexdigest()}"
    view = cache.get(key)
    if view is None:
        view = oversight_.overview(*inputs)
        cache.set(key, view, timeout=24 * 3600)
    return view


def _oversight_charts(view):
    figures = [
        charts.completion_trend_lines(
            oversight_.trend_series(view, "course"),
            _("Completion over time by course (all departments)"),
        ),
        charts.completion_trend_lines(
            oversight_.trend_series(view, "group"),
            _("Completion over time by department group (all courses)"),
        ),
    ]
    return [
        {
            "id": f"chart-data-{number}",
            "data": charts.as_data(figure),
            "title": figure.layout.title.text,
        }
        for number, figure in enumerate(figures, start=1)
        if figure.data
    ]


@require_GET
def items(request):
    user = request.user
    if not user.has_perm(ITEM_PERMISSION):
        raise PermissionDenied
    form = ItemFilterForm(
        request.GET,
        quizzes=selectors.quiz_options(),
        courses=selectors.course_options(),
        departments=selectors.all_department_options(),
        job_classes=selectors.job_class_options(),
    )
    template = "analytics/items.html"
    context = {"form": form}
    export_format_, error = _format_or_error(request)
    which = request.GET.get("table") or "items"
    if which not in ("items", "choices"):
        error = error or _('Unknown table: use "items" or "choices".')
    if error or not form.is_valid():
        return _invalid(request, template, context, error)
    data = form.cleaned_data
    stats, flags = selectors.item_frames(
        selectors.ItemFilters(
            quiz_id=data.get("quiz"),
            course_id=data.get("course"),
            department_code=data.get("department") or None,
            job_class=data.get("job_class") or None,
            answered_from=data.get("answered_from"),
            answered_to=data.get("answered_to"),
        )
    )
    item_frame = reports.item_table(stats, flags)
    choice_frame = reports.choice_picks(stats, flags)
    edit_urls = selectors.question_edit_urls(
        user, set(item_frame["question_uuid"]) | set(choice_frame["question_uuid"])
    )
    items_table = Table(
        "question-statistics",
        item_frame,
        [
            ("quiz", _("Quiz")),
            ("question", _("Question")),
            ("step", _("Scenario step")),
            ("answered", _("Answered")),
            ("pct_right", _("% right")),
            ("wrong_choice", _("Most common wrong choice")),
            ("wrong_share", _("% who chose it")),
        ],
        links={"question": lambda row: edit_urls.get(row["question_uuid"])},
        percent=("pct_right", "wrong_share"),
    )
    choices_table = Table(
        "choice-statistics",
        choice_frame,
        [
            ("quiz", _("Quiz")),
            ("question", _("Question")),
            ("step", _("Scenario step")),
            ("choice", _("Choice")),
            ("is_correct", _("Right answer")),
            ("picked", _("Picked")),
            ("share", _("Share %")),
        ],
        links={"question": lambda row: edit_urls.get(row["question_uuid"])},
        percent=("share",),
    )
    if export_format_:
        table = items_table if which == "items" else choices_table
        return _export(request, table, form.as_audit(), export_format_)
    context.update(
        items_table=items_table,
        choices_table=choices_table,
        exports=_export_links(request, table="items"),
        choice_exports=_export_links(request, table="choices"),
    )
    return render(request, template, context)
