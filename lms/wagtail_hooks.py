"""The organisation core in the Wagtail admin: roster upload, departments, employees.

The upload page stores the file and queues its import (``lms.roster_imports``),
then sends the administrator to the import's status page, which refreshes
itself until a worker has finished it. ``manage.py import_roster`` runs the
same service inline.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import roster_imports
from .admin_columns import readable
from .admin_policies import RecordPermissionPolicy
from .models import Department, Employee, RosterImport
from .roster import COLUMNS

IMPORT_PERMISSION = "lms.import_roster"
# A City roster of ~60,000 rows is about 6 MB; anything far bigger is a mistake.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# Seconds between two loads of an unfinished import's status page.
STATUS_REFRESH_SECONDS = 2
RECENT_IMPORTS = 10


# --- Roster upload -------------------------------------------------------------


class RosterImportForm(forms.Form):
    file = forms.FileField(label=_("Roster CSV file"))
    dry_run = forms.BooleanField(
        label=_("Dry run"),
        required=False,
        help_text=_("Check the file and count the changes without saving anything."),
    )
    deactivate_missing = forms.BooleanField(
        label=_("Deactivate employees missing from the file"),
        required=False,
        help_text=_(
            "Active employees who are not in the file become inactive. Nothing is "
            "deleted: their records and training history are kept."
        ),
    )
    confirm_deactivation = forms.BooleanField(
        label=_("Confirm a large deactivation"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "UTF-8 CSV with the header: %(columns)s. Every row is checked first; "
            "with any problem nothing is imported."
        ) % {"columns": ", ".join(COLUMNS)}
        self.fields["confirm_deactivation"].help_text = _(
            "Without this, an import that would deactivate more than %(share).0f %% "
            "of the active employees is refused (a truncated HR file must not "
            "deactivate half the City). Tick it only when that many have left."
        ) % {"share": 100 * settings.ROSTER_MAX_DEACTIVATION_SHARE}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB.")
                % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


class ImportPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RosterImportView(ImportPermissionMixin, WagtailAdminTemplateMixin, FormView):
    form_class = RosterImportForm
    template_name = "lms/roster_import.html"
    page_title = _("Import HR roster")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unfinished"] = roster_imports.unfinished_import()
        context["recent"] = RosterImport.objects.select_related("uploaded_by")[
            :RECENT_IMPORTS
        ]
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            row = roster_imports.roster_import_queue(
                data=upload.read(),
                file_name=upload.name,
                uploaded_by=self.request.user,
                dry_run=form.cleaned_data["dry_run"],
                deactivate_missing=form.cleaned_data["deactivate_missing"],
                confirm_deactivation=form.cleaned_data["confirm_deactivation"],
            )
        except roster_imports.ImportBusy as busy:
            form.add_error(None, str(busy))
            return self.form_invalid(form)
        return HttpResponseRedirect(reverse("lms_roster_import_status", args=[row.pk]))


class RosterImportStatusView(
    ImportPermissionMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "lms/roster_import_status.html"
    page_title = _("Roster import")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("lms_roster_import"), "label": _("Import HR roster")},
            {"url": "", "label": self.page_title},
        ]

    def get(self, request, *args, pk, **kwargs):
        self.object = get_object_or_404(
            RosterImport.objects.select_related("uploaded_by"), pk=pk
        )
        response = super().get(request, *args, **kwargs)
        if not self.object.finished:
            # A plain refresh: no script, so nothing for the CSP to allow.
            response["Refresh"] = str(STATUS_REFRESH_SECONDS)
        return response

    def get_context_data(self, **kwargs):
        row = self.object
        problems = [
            {"line": line, "column": column, "message": message}
            for line, column, message in row.problems
        ]
        return super().get_context_data(
            **kwargs,
            row=row,
            Status=RosterImport.Status,
            problems=problems,
            problems_hidden=max(0, row.problem_count - len(problems)),
            refresh_seconds=STATUS_REFRESH_SECONDS,
            duration=(
                (row.finished_at - row.started_at).total_seconds()
                if row.finished_at and row.started_at
                else None
            ),
        )


class RosterImportCancelView(ImportPermissionMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        row = get_object_or_404(RosterImport, pk=pk)
        if roster_imports.roster_import_cancel(import_id=row.pk):
            messages.success(request, _("The import was cancelled; nothing changed."))
        else:
            messages.error(
                request,
                _("The import has already started or ended; it cannot be cancelled."),
            )
        return HttpResponseRedirect(reverse("lms_roster_import_status", args=[row.pk]))


class RosterImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(IMPORT_PERMISSION)


@hooks.register("register_admin_urls")
def register_roster_import_url():
    return [
        path(
            "roster/import/",
            RosterImportView.as_view(),
            name="lms_roster_import",
        ),
        path(
            "roster/import/<uuid:pk>/",
            RosterImportStatusView.as_view(),
            name="lms_roster_import_status",
        ),
        path(
            "roster/import/<uuid:pk>/cancel/",
            RosterImportCancelView.as_view(),
            name="lms_roster_import_cancel",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_roster_import_menu_item():
    return RosterImportMenuItem(
        _("Import roster"),
        reverse("lms_roster_import"),
        name="import-roster",
        icon_name="upload",
        order=9000,
    )


# --- Departments and employees as snippets --------------------------------------


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("Departments")
    menu_name = "departments"
    menu_order = 9010
    add_to_admin_menu = True
    list_display = ["name", "code", "parent"]
    list_filter = ["parent"]
    search_fields = ["name", "code"]
    search_backend_name = None
    copy_view_enabled = False
    panels = [
        HelpPanel(
            content=_(
                "Department codes are the ones the HR roster uses in its "
                "department_code column. A bureau or division names its department "
                "as parent; managers of a department also see its bureaus."
            )
        ),
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("parent"),
    ]

    def get_queryset(self, request):
        return Department.objects.select_related("parent")


class EmployeeViewSet(SnippetViewSet):
    model = Employee
    icon = "user"
    menu_label = _("Employees")
    menu_name = "employees"
    menu_order = 9020
    add_to_admin_menu = True
    list_display = [
        "employee_number",
        *readable(Employee, "last_name", "first_name", "department", "job_class"),
        *readable(Employee, "active"),
    ]
    list_filter = ["department", "active", "sworn"]
    search_fields = ["employee_number", "first_name", "last_name", "work_email"]
    search_backend_name = None
    copy_view_enabled = False
    list_per_page = 50
    panels = [
        HelpPanel(
            content=_(
                "Employees come from the HR roster (Import roster). A change made "
                "here is overwritten by the next import if the roster still says "
                "otherwise, so correct the roster at its source too. Employees are "
                "never deleted; an inactive employee keeps their training history "
                "but is not assigned new training."
            )
        ),
        MultiFieldPanel(
            [
                FieldPanel("employee_number", read_only=True),
                FieldPanel("first_name"),
                FieldPanel("last_name"),
                FieldPanel("work_email"),
            ],
            heading=_("Person"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("department"),
                FieldPanel("manager"),
                FieldPanel("job_class"),
                FieldPanel("sworn"),
                FieldPanel("hire_date"),
                FieldPanel("active"),
            ],
            heading=_("Position"),
        ),
        FieldPanel("managed_departments"),
    ]

    def get_queryset(self, request):
        return Employee.objects.select_related("department")


# Employees arrive through the roster import and are never deleted. Deleting
# one would delete their training history, and one without a login cannot be
# created by hand, so nobody (not even a superuser) may add or delete here; an
# administrator with change_employee may fix a record.
register_permission_policy(
    Employee, RecordPermissionPolicy(Employee, allowed=("view", "change"))
)
register_snippet(DepartmentViewSet)
register_snippet(EmployeeViewSet)
