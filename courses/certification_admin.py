"""Wagtail admin for certification: read-only registers, revoking and waiving.

The registers (certificates, waivers, acknowledgements, reminders sent) are
evidence, so nobody edits or deletes them here; the two changes an administrator
may make, revoking a certificate and waiving an assignment, go through the
services in :mod:`courses.certification`, which check the permission again.
"""

from django import forms
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
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from lms.models import Employee

from . import certification
from .models import (
    Acknowledgement,
    Certificate,
    CoursePage,
    ReminderLog,
    Waiver,
    WaiverReason,
)


class RecordPermissionPolicy(ModelPermissionPolicy):
    """View only: records of what happened are never edited or deleted here.

    ``extra`` maps an action to the permission that allows it, e.g. adding a
    waiver is allowed by ``courses.waive_assignment``; override to allow more.
    """

    def __init__(self, model, *, extra=None, **kwargs):
        super().__init__(model, **kwargs)
        self.extra = extra or {}

    def user_has_permission(self, user, action):
        if action in self.extra:
            return user.has_perm(self.extra[action])
        if action in ("add", "change", "delete", "copy"):
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


register_permission_policy(Certificate, RecordPermissionPolicy(Certificate))
register_permission_policy(
    Waiver, RecordPermissionPolicy(Waiver, extra={"add": "courses.waive_assignment"})
)
register_permission_policy(Acknowledgement, RecordPermissionPolicy(Acknowledgement))
register_permission_policy(ReminderLog, RecordPermissionPolicy(ReminderLog))


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


# --- Revoking ---------------------------------------------------------------
class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why the certificate no longer counts, e.g. issued in error. Kept with "
            "the certificate; the public check page shows only that it is revoked."
        ),
    )


class RevokeView(PermissionRequiredMixin, WagtailAdminTemplateMixin, FormView):
    permission_required = "courses.revoke_certificate"
    raise_exception = True
    form_class = RevokeForm
    template_name = "courses/admin/action_form.html"
    page_title = _("Revoke certificate")
    header_icon = "warning"
    index_url_name = ""

    @cached_property
    def certificate(self):
        return get_object_or_404(
            Certificate.objects.select_related("employee", "course"),
            pk=self.kwargs["pk"],
        )

    def get_page_subtitle(self):
        return str(self.certificate)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.path,
            submit_button_label=_("Revoke"),
            submit_button_active_label=_("Revoking…"),
            intro=_(
                "%(course)s, issued on %(date)s to %(name)s. Revoking cannot be undone."
            )
            % {
                "course": self.certificate.course_title,
                "date": self.certificate.issued_on,
                "name": self.certificate.employee.full_name,
            },
        )
        return context

    def form_valid(self, form):
        try:
            certification.certificate_revoke(
                certificate=self.certificate,
                revoked_by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The certificate of %(name)s for %(course)s is revoked.")
            % {
                "name": self.certificate.employee.full_name,
                "course": self.certificate.course_title,
            },
        )
        return redirect(self.index_url_name)


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
        "employee",
        "course_version",
        "issued_on",
        "expires_on",
        "revoked_at",
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
class WaiveForm(forms.Form):
    employee_number = forms.CharField(
        label=_("Employee number"),
        max_length=20,
        help_text=_("As in the HR roster, e.g. 100234."),
    )
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=CoursePage.objects.none(),
        help_text=_("The course whose current assignment is waived."),
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=WaiverReason.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the equivalent training was taken, the leave dates, etc."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")

    def clean(self):
        cleaned = super().clean()
        number = (cleaned.get("employee_number") or "").strip()
        course = cleaned.get("course")
        if not number or course is None:
            return cleaned
        employee = Employee.objects.filter(employee_number=number).first()
        if employee is None:
            self.add_error(
                "employee_number",
                _("No employee has the number %(number)s.") % {"number": number},
            )
            return cleaned
        assignment = (
            certification.waivable_assignments()
            .filter(employee=employee, course=course)
            .first()
        )
        if assignment is None:
            raise ValidationError(
                _(
                    "%(name)s has no open assignment of %(course)s to waive (none, "
                    "already completed, or already waived)."
                )
                % {"name": employee.full_name, "course": course.title}
            )
        cleaned["assignment"] = assignment
        return cleaned


class WaiveView(PermissionRequiredMixin, WagtailAdminTemplateMixin, FormView):
    permission_required = "courses.waive_assignment"
    raise_exception = True
    form_class = WaiveForm
    template_name = "courses/admin/action_form.html"
    page_title = _("Waive training")
    header_icon = "pick"
    index_url_name = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.path,
            submit_button_label=_("Waive"),
            submit_button_active_label=_("Waiving…"),
            intro=_(
                "A waived assignment is shown as waived to the employee and is never "
                "counted as overdue. Who waived it, when and why are recorded."
            ),
        )
        return context

    def form_valid(self, form):
        assignment = form.cleaned_data["assignment"]
        try:
            certification.assignment_waive(
                assignment=assignment,
                waived_by=self.request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(course)s is waived for %(name)s.")
            % {
                "course": assignment.course.title,
                "name": assignment.employee.full_name,
            },
        )
        return redirect(self.index_url_name)


class WaiverViewSet(RecordViewSet):
    model = Waiver
    icon = "pick"
    menu_label = _("Waivers")
    name = "waiver"
    list_select_related = ("assignment__employee", "assignment__course", "waived_by")
    list_display = ["assignment", "reason", "waived_by", "waived_at"]
    list_filter = ["reason", "waived_at"]
    search_fields = ["assignment__employee__last_name", "note"]

    @property
    def add_view(self):
        return WaiveView.as_view(index_url_name=self.get_url_name("index"))


# --- Attestations and reminders -----------------------------------------------
class AcknowledgementViewSet(RecordViewSet):
    """What each person attested to: the wording's hash and the page revision."""

    model = Acknowledgement
    icon = "tick-inverse"
    menu_label = _("Attestations")
    name = "attestation"
    list_select_related = ("assignment__employee", "assignment__course", "module")
    list_display = [
        "assignment",
        "module",
        "block_id",
        "ticked_at",
        "revision_id",
        "text_sha256",
    ]
    list_filter = ["ticked_at"]
    search_fields = ["assignment__employee__last_name", "block_id", "text_sha256"]


class ReminderLogViewSet(RecordViewSet):
    model = ReminderLog
    icon = "mail"
    menu_label = _("Reminders sent")
    name = "reminderlog"
    list_select_related = ("assignment__employee", "assignment__course", "manager")
    list_display = ["kind", "assignment", "manager", "key", "sent_at", "item_count"]
    list_filter = ["kind", "sent_at"]


class CertificationGroup(ModelViewSetGroup):
    menu_label = _("Certification")
    menu_icon = "doc-full"
    menu_name = "certification"
    items = (
        CertificateViewSet,
        WaiverViewSet,
        AcknowledgementViewSet,
        ReminderLogViewSet,
    )
