"""The audit log in the Wagtail admin: a read-only list for administrators."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from lms.admin_columns import readable
from lms.admin_policies import RecordPermissionPolicy

from .models import AuditEvent

# Nobody adds, changes or deletes audit rows, not even a superuser.
register_permission_policy(
    AuditEvent, RecordPermissionPolicy(AuditEvent), exact_class=True
)


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "history"
    menu_label = _("Analytics audit log")
    add_to_admin_menu = True
    menu_order = 900
    list_display = [
        "created_at",
        *readable(AuditEvent, "username", "action", "what", "export_format"),
    ]
    list_filter = ["action", "export_format"]
    search_fields = ["username", "what"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "created_at",
        "username",
        "action",
        "what",
        "export_format",
        "filters",
        "row_count",
    ]
    copy_view_enabled = False
    # Required by ModelViewSet; the policy above refuses the add and edit views.
    form_fields = ["what"]


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEventViewSet("analytics_audit")
