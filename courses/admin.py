"""Courses in the Wagtail admin: the certification registers, revoking, waiving.

The registers (certificates, waivers, attestations, reminders sent) are
evidence, so nobody edits or deletes them here (lms.admin_policies). The two
changes an administrator may make, revoking a certificate and waiving an
assignment, are forms that call the services, which check the permission
again.
"""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy

from lms.admin_columns import readable
from lms.admin_policies import RecordPermissionPolicy

from .forms import RevokeForm, WaiveForm
from .models import (
    Acknowledgement,
    Certificate,
    DueDateExtension,
    ReminderLog,
    Waiver,
)
from .services import assignments, certificates

register_permission_policy(Certificate, RecordPermissionPolicy(Certificate))
register_permission_policy(
    Waiver, RecordPermissionPolicy(Waiver, extra={"add": "courses.waive_assignment"})
)
register_permission_policy(Acknowledgement, RecordPermissionPolicy(Acknowledgement))
register_permission_policy(ReminderLog, RecordPermissionPolicy(ReminderLog))
register_permission_policy(DueDateExtension, RecordPermissionPolicy(DueDateExtension))


class RecordViewSet(ModelViewSet):
    """A register: listed and inspected, never edited through a model form.

    ``list_select_related`` names the relations the listing's columns show, so
    a page of rows costs a fixed number of queries.
    """

    form_fields = ()  # the edit view is refused by the policy; nothing to edit
    inspect_view_enabled = True
    list_select_related = ()

    def get_index_view_kwargs(self, **kwargs):
        queryset = self.model._default_manager.all()
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)


class ActionFormView(PermissionRequiredMixin, WagtailAdminTemplateMixin, FormView):
    """An admin form that makes one change through a service.

    Subclasses set the permission, form, title and button labels, and
    override :meth:`perform`; a ValidationError it raises is shown on the
    form, and nothing is changed.
    """

    raise_exception = True
    template_name = "courses/admin/action_form.html"
    index_url_name = ""
    submit_button_label = ""
    submit_button_active_label = ""

    def get_intro(self) -> str:
        """The sentence above the form: what the change does."""
        return ""

    def perform(self, form) -> str:
        """Make the change with the service; return the success message."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.path,
            submit_button_label=self.submit_button_label,
            submit_button_active_label=self.submit_button_active_label,
            intro=self.get_intro(),
        )
        return context

    def form_valid(self, form):
        try:
            message = self.perform(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(self.index_url_name)


# --- Revoking ---------------------------------------------------------------
class RevokeView(ActionFormView):
    permission_required = "courses.revoke_certificate"
    form_class = RevokeForm
    page_title = _("Revoke certificate")
    header_icon = "warning"
    submit_button_label = _("Revoke")
    submit_button_active_label = _("Revoking…")

    @cached_property
    def certificate(self):
        return get_object_or_404(
            Certificate.objects.select_related("employee", "course"),
            pk=self.kwargs["pk"],
        )

    def get_page_subtitle(self):
        return str(self.certificate)

    def get_intro(self):
        return _(
            "%(course)s, issued on %(date)s to %(name)s. Revoking cannot be undone."
        ) % {
            "course": self.certificate.course_title,
            "date": self.certificate.issued_on,
            "name": self.certificate.employee.full_name,
        }

    def perform(self, form):
        certificates.certificate_revoke(
            certificate=self.certificate,
            revoked_by=self.request.user,
            reason=form.cleaned_data["reason"],
        )
        return _("The certificate of %(name)s for %(course)s is revoked.") % {
            "name": self.certificate.employee.full_name,
            "course": self.certificate.course_title,
        }


class CertificateIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        user = self.request.user
        if instance.revoked_at is None and user.has_perm("courses.revoke_certificate"):
            buttons.append(
                ListingButton(
                    _("Revoke"),
                    url=reverse("certificate:revoke", args=[instance.pk]),
                    priority=40,
                )
            )
        return buttons


class CertificateViewSet(RecordViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    name = "certificate"
    list_select_related = ("employee",)
    index_view_class = CertificateIndexView
    list_display = [
        "course_title",
        *readable(
            Certificate,
            "employee",
            "course_version",
            "issued_on",
            "expires_on",
            "revoked_at",
        ),
    ]
    list_filter = ["course", "issued_on", "expires_on"]
    search_fields = ["course_title", "employee__last_name", "employee__employee_number"]
    inspect_view_fields_exclude = ["code"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "revoke/<int:pk>/",
                RevokeView.as_view(index_url_name=self.get_url_name("index")),
                name="revoke",
            ),
        ]


# --- Waiving ----------------------------------------------------------------
class WaiveView(ActionFormView):
    permission_required = "courses.waive_assignment"
    form_class = WaiveForm
    page_title = _("Waive training")
    header_icon = "pick"
    submit_button_label = _("Waive")
    submit_button_active_label = _("Waiving…")

    def get_intro(self):
        return _(
            "A waived assignment is shown as waived to the employee and is never "
            "counted as overdue. Who waived it, when and why are recorded."
        )

    def perform(self, form):
        assignment = form.cleaned_data["assignment"]
        assignments.assignment_waive(
            assignment=assignment,
            waived_by=self.request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
        return _("%(course)s is waived for %(name)s.") % {
            "course": assignment.course.title,
            "name": assignment.employee.full_name,
        }


class WaiverViewSet(RecordViewSet):
    model = Waiver
    icon = "pick"
    menu_label = _("Waivers")
    name = "waiver"
    list_select_related = ("assignment__employee", "assignment__course", "waived_by")
    list_display = ["assignment", *readable(Waiver, "reason", "waived_by", "waived_at")]
    list_filter = ["reason", "waived_at"]
    search_fields = ["assignment__employee__last_name", "note"]

    @property
    def add_view(self):
        return WaiveView.as_view(index_url_name=self.get_url_name("index"))


# --- Attestations and reminders -----------------------------------------------
class AcknowledgementViewSet(RecordViewSet):
    """What each person attested to: the wording's hash and the page revision,
    and how (online, at a session's check-in, on its sign-in sheet)."""

    model = Acknowledgement
    icon = "tick-inverse"
    menu_label = _("Attestations")
    name = "attestation"
    list_select_related = ("assignment__employee", "assignment__course", "module")
    list_display = [
        "assignment",
        *readable(
            Acknowledgement,
            "module",
            "block_id",
            "ticked_at",
            "source",
            "source_note",
            "revision_id",
            "text_sha256",
        ),
    ]
    list_filter = ["source", "ticked_at"]
    search_fields = ["assignment__employee__last_name", "block_id", "text_sha256"]


class ReminderLogViewSet(RecordViewSet):
    model = ReminderLog
    icon = "mail"
    menu_label = _("Reminders sent")
    name = "reminderlog"
    list_select_related = (
        "assignment__employee",
        "assignment__course",
        "manager",
        "employee",
        "sent_by",
    )
    list_display = [
        "kind",
        *readable(
            ReminderLog,
            "assignment",
            "manager",
            "employee",
            "sent_by",
            "key",
            "sent_at",
            "item_count",
        ),
    ]
    list_filter = ["kind", "sent_at"]


class DueDateExtensionViewSet(RecordViewSet):
    """Every later due date given, by whom and why (made from the dashboard)."""

    model = DueDateExtension
    icon = "date"
    menu_label = _("Due date extensions")
    name = "duedateextension"
    list_select_related = (
        "assignment__employee",
        "assignment__course",
        "extended_by",
    )
    list_display = [
        "assignment",
        "old_due_date",
        "new_due_date",
        "extended_by",
        "extended_at",
    ]
    list_filter = ["extended_at"]
    search_fields = ["assignment__employee__last_name", "reason"]


class CertificationGroup(ModelViewSetGroup):
    menu_label = _("Certification")
    menu_icon = "doc-full"
    menu_name = "certification"
    items = (
        CertificateViewSet,
        WaiverViewSet,
        DueDateExtensionViewSet,
        AcknowledgementViewSet,
        ReminderLogViewSet,
    )
