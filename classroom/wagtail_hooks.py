"""Sessions in the Wagtail admin: scheduled by trainers and administrators;
bookings and their changes listed as registers (changed only through the
services, from the learner's, manager's and trainer's pages)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lms.admin_policies import RecordPermissionPolicy

from .models import Booking, BookingChange, Session
from .services.bookings import session_promote_wait_list

register_permission_policy(Booking, RecordPermissionPolicy(Booking))
register_permission_policy(BookingChange, RecordPermissionPolicy(BookingChange))


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "date"
    menu_label = _("Sessions")
    list_display = ["__str__", "place", "capacity", "trainer", "closed_at"]
    list_filter = ["course"]
    inspect_view_enabled = True


class BookingViewSet(SnippetViewSet):
    model = Booking
    icon = "user"
    menu_label = _("Bookings")
    list_display = ["employee", "session", "status", "attendance", "booked_by"]
    list_filter = ["status", "attendance"]
    inspect_view_enabled = True


class BookingChangeViewSet(SnippetViewSet):
    model = BookingChange
    icon = "history"
    menu_label = _("Booking changes")
    list_display = [
        "booking",
        "changed_at",
        "changed_by",
        "from_status",
        "to_status",
        "from_session",
        "to_session",
    ]
    inspect_view_enabled = True


class ClassroomGroup(SnippetViewSetGroup):
    menu_label = _("Classroom sessions")
    menu_icon = "date"
    menu_order = 260
    items = (SessionViewSet, BookingViewSet, BookingChangeViewSet)


@hooks.register("register_admin_viewset")
def register_classroom():
    return ClassroomGroup()


@hooks.register("after_edit_snippet")
def promote_after_capacity_change(request, instance):
    """More seats: the wait list moves up at once."""
    if isinstance(instance, Session):
        session_promote_wait_list(session=instance)
