"""Acting on what the dashboard shows: remind now, one employee's page, waive,
extend. Thin: lms.access decides who may act for whom, courses' services do
the acting (and check the rules again), these pages only ask and answer."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from courses.models import Assignment
from courses.services import assignments as assignment_services
from courses.services import reminders
from lms import access
from lms.models import Department, Employee

from . import selectors
from .audit import AuditAction, audit_event_record
from .forms import ExtendForm, FilterForm, RemindForm, WaiveForm, status_choices

WAIVE_PERMISSION = "courses.waive_assignment"
EXTEND_PERMISSION = "courses.extend_due_date"


def _names_allowed(user):
    if not access.can_see_names(user):
        raise PermissionDenied


def _announce(request, result):
    """The confirmation: how many were sent, and who was skipped and why."""
    if result.sent:
        messages.success(
            request,
            ngettext(
                "Reminder sent to %(count)d employee.",
                "Reminders sent to %(count)d employees.",
                result.sent,
            )
            % {"count": result.sent},
        )
    if result.already_today:
        messages.info(
            request,
            ngettext(
                "%(count)d employee had a reminder today already; none sent again.",
                "%(count)d employees had a reminder today already; none sent again.",
                result.already_today,
            )
            % {"count": result.already_today},
        )
    if not result.sent and not result.already_today:
        messages.warning(request, _("Nobody selected has open training to remind."))
    for failure in result.failures:
        messages.error(request, _("Not sent: %(failure)s") % {"failure": failure})


@require_POST
def department_remind(request, code):
    """Remind the ticked employees of the drill-down, or everyone overdue."""
    user = request.user
    _names_allowed(user)
    department = get_object_or_404(Department, code=code)
    if not access.can_view_department(user, department):
        raise PermissionDenied
    back = reverse("analytics:department", args=[code])
    query = request.GET.urlencode()
    back = f"{back}?{query}" if query else back
    form = RemindForm(request.POST)
    filters_form = FilterForm(
        request.GET,
        courses=selectors.course_options(),
        departments=[],
        statuses=status_choices(selectors.status_labels()),
        with_department=False,
    )
    if not form.is_valid() or not filters_form.is_valid():
        for error in [*form.non_field_errors(), *filters_form.non_field_errors()]:
            messages.error(request, error)
        for field, errors in [*form.errors.items(), *filters_form.errors.items()]:
            if field != "__all__":
                messages.error(request, f"{field}: {' '.join(errors)}")
        return redirect(back)
    today = timezone.localdate()
    if form.cleaned_data["all_overdue"]:
        chosen = selectors.overdue_in_department(
            user=user,
            department=department,
            filters=filters_form.filters(),
            today=today,
        )
    else:
        chosen = Assignment.objects.filter(
            pk__in=form.cleaned_data["assignment"], employee__department=department
        )
    _announce(
        request,
        reminders.reminders_send_now(sender=user, assignments=chosen, today=today),
    )
    return redirect(back)


def _employee_for(request, number):
    user = request.user
    _names_allowed(user)
    employee = get_object_or_404(
        Employee.objects.select_related("department"), employee_number=number
    )
    if not access.can_view_employee(user, employee):
        raise PermissionDenied
    return employee


def _render_employee(request, employee, *, forms=None, status=200):
    user = request.user
    today = timezone.localdate()
    record = selectors.employee_record(employee, today)
    can_act = access.can_act_for(user, employee)
    audit_event_record(
        user=user,
        action=AuditAction.VIEW_NAMED_LIST,
        what=f"employee-{employee.employee_number}",
        row_count=len(record.assignments),
    )
    forms = forms or {}
    labels = selectors.status_labels()
    rows = []
    for assignment in record.assignments:
        open_ = assignment.active and assignment.completed_at is None
        waivable = open_ and assignment.status != "waived"
        rows.append(
            {
                "assignment": assignment,
                "status_label": labels.get(assignment.status, assignment.status),
                "waive_form": forms.get(("waive", assignment.pk))
                or (WaiveForm(prefix=f"waive-{assignment.pk}") if waivable else None),
                "extend_form": forms.get(("extend", assignment.pk))
                or (ExtendForm(prefix=f"extend-{assignment.pk}") if waivable else None),
            }
        )
    context = {
        "employee": employee,
        "record": record,
        "rows": rows,
        "can_remind": can_act,
        "can_waive": can_act and user.has_perm(WAIVE_PERMISSION),
        "can_extend": can_act and user.has_perm(EXTEND_PERMISSION),
        "today": today,
    }
    return render(request, "analytics/employee.html", context, status=status)


@require_GET
def employee(request, number):
    return _render_employee(request, _employee_for(request, number))


@require_POST
def employee_remind(request, number):
    employee_ = _employee_for(request, number)
    if not access.can_act_for(request.user, employee_):
        raise PermissionDenied
    result = reminders.reminders_send_now(
        sender=request.user,
        assignments=Assignment.objects.filter(employee=employee_),
    )
    _announce(request, result)
    return redirect("analytics:employee", number=employee_.employee_number)


def _assignment_for(request, pk, permission):
    user = request.user
    _names_allowed(user)
    assignment = get_object_or_404(
        Assignment.objects.select_related("employee", "course"), pk=pk
    )
    if not (
        user.has_perm(permission) and access.can_act_for(user, assignment.employee)
    ):
        raise PermissionDenied
    return assignment


def _act(request, assignment, kind, form, action):
    """Run ``action`` on a valid form; else the employee page again, with errors."""
    if form.is_valid():
        try:
            message = action(form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    target = field if field in form.fields else None
                    for item in errors:
                        form.add_error(target, item)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, message)
            return redirect(
                "analytics:employee", number=assignment.employee.employee_number
            )
    messages.error(request, _("Nothing was changed: please correct the form below."))
    return _render_employee(
        request, assignment.employee, forms={(kind, assignment.pk): form}, status=400
    )


@require_POST
def assignment_waive(request, pk):
    assignment = _assignment_for(request, pk, WAIVE_PERMISSION)
    form = WaiveForm(request.POST, prefix=f"waive-{assignment.pk}")

    def waive(data):
        assignment_services.assignment_waive(
            assignment=assignment,
            waived_by=request.user,
            reason=data["reason"],
            note=data["note"],
        )
        return _("%(course)s is waived for %(name)s.") % {
            "course": assignment.course.title,
            "name": assignment.employee.full_name,
        }

    return _act(request, assignment, "waive", form, waive)


@require_POST
def assignment_extend(request, pk):
    assignment = _assignment_for(request, pk, EXTEND_PERMISSION)
    form = ExtendForm(request.POST, prefix=f"extend-{assignment.pk}")

    def extend(data):
        extension = assignment_services.assignment_extend(
            assignment=assignment,
            extended_by=request.user,
            new_due_date=data["new_due_date"],
            reason=data["reason"],
        )
        return _("%(course)s for %(name)s is now due on %(due)s.") % {
            "course": assignment.course.title,
            "name": assignment.employee.full_name,
            "due": extension.new_due_date.isoformat(),
        }

    return _act(request, assignment, "extend", form, extend)
