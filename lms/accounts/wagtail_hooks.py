"""The sign-in audit log in the Wagtail admin, read-only."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from lms.admin_columns import readable
from lms.admin_policies import RecordPermissionPolicy

from .models import SignInEvent

register_permission_policy(
    SignInEvent, RecordPermissionPolicy(SignInEvent), exact_class=True
)


class SignInEventViewSet(ModelViewSet):
    model = SignInEvent
    icon = "key"
    menu_label = _("Sign-in log")
    add_to_admin_menu = True
    menu_order = 910
    list_display = [
        "created_at",
        *readable(SignInEvent, "provider", "outcome", "username", "ip_address"),
    ]
    list_filter = ["outcome", "provider"]
    search_fields = ["username", "provider"]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_fields = [
        "created_at",
        "provider",
        "outcome",
        "username",
        "ip_address",
        "detail",
    ]
    copy_view_enabled = False
    # Required by ModelViewSet; the policy above refuses the add and edit views.
    form_fields = ["provider"]


@hooks.register("register_admin_viewset")
def register_sign_in_event_viewset():
    return SignInEventViewSet("sign_in_log")
