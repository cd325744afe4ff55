"""The organisation core in the Wagtail admin: roster upload, departments, employees.

The upload page and ``manage.py import_roster`` call the same service,
``lms.roster.import_roster``; this module only turns a form into its arguments
and its result into a page.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_policies import RecordPermissionPolicy
from .models import Department, Employee
from .roster import COLUMNS, import_roster

IMPORT_PERMISSION = "lms.import_roster"
# A City roster of ~60,000 rows is about 6 MB; anything far bigger is a mistake.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# The page lists this many problems; the command prints them all.
PROBLEMS_SHOWN = 1000


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "UTF-8 CSV with the header: %(columns)s. Every row is checked first; "
            "with any problem nothing is imported."
        ) % {"columns": ", ".join(COLUMNS)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB.")
                % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


class RosterImportView(WagtailAdminTemplateMixin, FormView):
    form_class = RosterImportForm
    template_name = "lms/roster_import.html"
    page_title = _("Import HR roster")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def form_valid(self, form):
        result = import_roster(
            form.cleaned_data["file"].read(),
            dry_run=form.cleaned_data["dry_run"],
            deactivate_missing=form.cleaned_data["deactivate_missing"],
        )
        if result.ok:
            messages.success(self.request, summary(result))
        else:
            messages.error(
                self.request,
                ngettext(
                    "The roster has %(count)d problem; nothing was imported.",
                    "The roster has %(count)d problems; nothing was imported.",
                    len(result.problems),
                )
                % {"count": len(result.problems)},
            )
        return self.render_to_response(
            self.get_context_data(
                form=form,
                result=result,
                problems=result.problems[:PROBLEMS_SHOWN],
                problems_hidden=max(0, len(result.problems) - PROBLEMS_SHOWN),
            )
        )


def summary(result):
    counts = {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "deactivated": result.deactivated,
    }
    if result.dry_run:
        return (
            _(
                "Dry run, nothing was saved. The import would create %(created)d, "
                "update %(updated)d, leave %(unchanged)d unchanged and deactivate "
                "%(deactivated)d employees."
            )
            % counts
        )
    return (
        _(
            "Roster imported: %(created)d created, %(updated)d updated, "
            "%(unchanged)d unchanged, %(deactivated)d deactivated."
        )
        % counts
    )


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
        )
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
        "last_name",
        "first_name",
        "department",
        "job_class",
        "active",
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
