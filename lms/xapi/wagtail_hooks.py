"""The outbox in the Wagtail admin: a read-only list with filters and export."""

import json
from datetime import datetime

from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import register_permission_policy

from lms.admin_policies import RecordPermissionPolicy

from . import constants, views
from .filters import StatementFilterSet
from .models import Statement
from .selectors import statements_for_admin

# Statements are a record: nobody adds, edits or deletes them here.
register_permission_policy(Statement, RecordPermissionPolicy(Statement))


class StatementIndexView(IndexView):
    page_title = _("xAPI statements")

    def get_base_queryset(self):
        return statements_for_admin()

    @property
    def header_buttons(self):
        export_url = reverse("xapi_statements_export")
        query = self.request.GET.urlencode()
        buttons = [
            HeaderButton(
                _("Export JSON lines"),
                url=f"{export_url}?{query}" if query else export_url,
                icon_name="download",
            )
        ]
        if self.request.user.has_perm(views.REQUEUE_PERMISSION):
            requeue_url = reverse("xapi_statements_requeue")
            buttons.append(
                HeaderButton(
                    _("Re-queue quarantined"),
                    url=f"{requeue_url}?{query}" if query else requeue_url,
                    icon_name="redirect",
                )
            )
        return buttons


class StatementInspectView(InspectView):
    @property
    def header_buttons(self):
        if self.object.status != Statement.Status.QUARANTINED or not (
            self.request.user.has_perm(views.REQUEUE_PERMISSION)
        ):
            return []
        url = reverse("xapi_statements_requeue")
        return [
            HeaderButton(
                _("Re-queue"), url=f"{url}?id={self.object.pk}", icon_name="redirect"
            )
        ]

    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name, None)
        if isinstance(value, datetime) or (value is None and field_name in NOT_YET):
            return local_time(value, empty=NOT_YET.get(field_name, "—"))
        if field_name == "payload":
            # The JSON exactly as sent, readable.
            text = json.dumps(self.object.payload, indent=2, ensure_ascii=False)
            return format_html("<pre>{}</pre>", text)
        return super().get_field_display_value(field_name, field)


# What an empty time means, in words, rather than "None".
NOT_YET = {
    "sent_at": _("Not sent yet"),
    "next_attempt_at": _("No attempt planned"),
    "requeued_at": _("Never re-queued"),
}


def local_time(value, *, empty="—"):
    """One way to show a statement's times: the site's time zone, to the second."""
    if value is None:
        return empty
    return formats.date_format(timezone.localtime(value), "Y-m-d H:i:s T")


def statement_time(statement):
    return local_time(statement.timestamp)


def verb_label(statement):
    return constants.VERB_DISPLAY.get(statement.verb, statement.verb)


def activity_name(statement):
    """The activity's name as sent (its IRI is on the inspect page)."""
    names = (
        statement.payload.get("object", {}).get("definition", {}).get("name", {})
        if isinstance(statement.payload, dict)
        else {}
    )
    return names.get(constants.LANGUAGE) or statement.object_iri


def reason(statement):
    return Truncator(statement.last_error).chars(80)


class StatementViewSet(ModelViewSet):
    model = Statement
    index_view_class = StatementIndexView
    inspect_view_class = StatementInspectView
    icon = "list-ul"
    menu_label = _("xAPI statements")
    add_to_admin_menu = True
    menu_order = 900
    copy_view_enabled = False
    # No field is editable; the permission policy refuses add/edit/delete anyway.
    form_fields = []
    inspect_view_enabled = True
    filterset_class = StatementFilterSet
    list_per_page = 50
    list_display = [
        TitleColumn(
            "timestamp",
            label=_("Timestamp"),
            accessor=statement_time,
            sort_key="timestamp",
            get_url=lambda statement: reverse(
                "xapi_statements:inspect", args=[statement.pk]
            ),
        ),
        "pseudonym",
        "employee",
        Column("verb", label=_("Verb"), accessor=verb_label),
        Column("activity", label=_("Activity"), accessor=activity_name),
        "status",
        "attempts",
        Column("reason", label=_("Last error"), accessor=reason),
    ]
    inspect_view_fields = [
        "id",
        "timestamp",
        "employee",
        "pseudonym",
        "verb",
        "object_iri",
        "course_iri",
        "registration",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "requeued_at",
        "last_error",
        "payload",
        "created_at",
    ]


statement_viewset = StatementViewSet("xapi_statements")


@hooks.register("register_admin_viewset")
def register_statement_viewset():
    return statement_viewset


@hooks.register("register_admin_urls")
def register_export_url():
    return [
        path(
            "xapi/export/",
            views.statements_export,
            name="xapi_statements_export",
        ),
        path(
            "xapi/requeue/",
            views.StatementRequeueView.as_view(),
            name="xapi_statements_requeue",
        ),
    ]
