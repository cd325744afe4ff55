"""Sessions in the Wagtail admin: scheduled by trainers and administrators;
bookings and their changes listed as registers (changed only through the
services, from the learner's, manager's and trainer's pages)."""

from django import forms
from django.contrib import messages
from django.db.models import ProtectedError, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses.admin import ActionFormView
from lms.admin_policies import RecordPermissionPolicy

from .models import Booking, BookingChange, BookingStatus, Session
from .services import bookings

register_permission_policy(Booking, RecordPermissionPolicy(Booking))
register_permission_policy(BookingChange, RecordPermissionPolicy(BookingChange))


class SessionDeleteView(snippet_views.DeleteView):
    """Wagtail's delete view, for a session whose bookings PROTECT it: the
    confirmation page says how many bookings stand in the way and offers no
    delete button (Wagtail's own ``is_protected``), and a POST that comes
    anyway is refused with the same message, never a 500. Counted here, since
    Wagtail's reference index does not list bookings (it would say the
    session is referenced 0 times)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Bookings moved to another session keep their history here too.
        self.booking_count = (
            Booking.objects.filter(
                Q(session=self.object) | Q(changes__to_session=self.object)
            )
            .distinct()
            .count()
        )

    def protected_message(self):
        return ngettext(
            "This session has %(count)d booking (counting cancelled ones, the "
            "wait list and those moved to another session): they are the record "
            "of who booked and attended, so it cannot be deleted. To call it off, "
            "cancel the session instead: each booked person is emailed, with the "
            "calendar cancellation.",
            "This session has %(count)d bookings (counting cancelled ones, the "
            "wait list and those moved to another session): they are the record "
            "of who booked and attended, so it cannot be deleted. To call it off, "
            "cancel the session instead: each booked person is emailed, with the "
            "calendar cancellation.",
            self.booking_count,
        ) % {"count": self.booking_count}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.booking_count:
            context["is_protected"] = True
            context["protected_message"] = self.protected_message()
            if self.object.cancelled_at is None and self.object.closed_at is None:
                context["cancel_url"] = reverse(
                    "wagtailsnippets_classroom_session:cancel", args=[self.object.pk]
                )
        return context

    def form_valid(self, form):
        if self.booking_count:
            messages.error(self.request, self.protected_message())
            return redirect(self.get_success_url())
        try:
            return super().form_valid(form)
        except ProtectedError:
            # A booking made while the page was open.
            self.booking_count = max(self.booking_count, 1)
            messages.error(self.request, self.protected_message())
            return redirect(self.get_success_url())


class SessionCancelView(ActionFormView):
    """Call a session off (it stays, with its bookings, as the record)."""

    permission_required = "classroom.change_session"
    form_class = forms.Form
    page_title = _("Cancel the session")
    header_icon = "warning"
    submit_button_label = _("Cancel the session and tell everyone booked")
    submit_button_active_label = _("Cancelling…")

    @cached_property
    def session(self):
        return get_object_or_404(Session, pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.session)

    def get_intro(self):
        told = self.session.bookings.exclude(status=BookingStatus.CANCELLED).count()
        return ngettext(
            "%(count)d person holds a seat or a wait-list place: each is emailed "
            "that the session is cancelled, with the calendar cancellation. The "
            "session and its bookings are kept. This cannot be undone.",
            "%(count)d people hold a seat or a wait-list place: each is emailed "
            "that the session is cancelled, with the calendar cancellation. The "
            "session and its bookings are kept. This cannot be undone.",
            told,
        ) % {"count": told}

    def perform(self, form):
        told = bookings.session_cancel(
            session=self.session, cancelled_by=self.request.user
        )
        return ngettext(
            "The session is cancelled; %(count)d person was told.",
            "The session is cancelled; %(count)d people were told.",
            told,
        ) % {"count": told}


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "date"
    menu_label = _("Sessions")
    list_display = [
        "__str__",
        "place",
        "capacity",
        "trainer",
        "cancelled_at",
        "closed_at",
    ]
    list_filter = ["course"]
    inspect_view_enabled = True
    delete_view_class = SessionDeleteView
    delete_template_name = "classroom/admin/confirm_delete_session.html"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "cancel/<int:pk>/",
                SessionCancelView.as_view(index_url_name=self.get_url_name("list")),
                name="cancel",
            ),
        ]


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
        bookings.session_promote_wait_list(session=instance)
