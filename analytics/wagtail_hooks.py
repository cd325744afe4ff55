"""The audit log in the Wagtail admin: a read-only list for administrators."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import AuditEvent


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Nobody adds, changes or deletes audit rows, not even a superuser."""

    read_only_actions = {"view"}

    def user_has_permission(self, user, action):
        if action not in self.read_only_actions:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(
    AuditEvent, ReadOnlyPermissionPolicy(AuditEvent), exact_class=True
)


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "history"
    menu_label = _("Analytics audit log")
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["created_at", "username", "action", "what", "export_format"]
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
