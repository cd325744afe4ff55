"""The forms of courses' administrators: assign a course, revoke a certificate,
waive an assignment. Each names what was wrong and where; the services behind
them check the rules (and the permission) again."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lms.models import Department, Employee

from .models import CoursePage, WaiverReason
from .selectors import assignments as selectors


class AssignCourseForm(forms.Form):
    course = forms.ModelChoiceField(
        queryset=None,
        label=_("Course"),
        help_text=_("Only published courses can be assigned."),
    )
    employee_number = forms.CharField(
        required=False,
        max_length=20,
        label=_("Employee number"),
        help_text=_("Assign to one person, e.g. E000123."),
    )
    department = forms.ModelChoiceField(
        queryset=Department.objects.order_by("name"),
        required=False,
        label=_("Or a whole department"),
        help_text=_("Every active employee of the department and its bureaus."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = selectors.assignable_courses()

    def clean_employee_number(self):
        number = self.cleaned_data["employee_number"].strip()
        if not number:
            return None
        employee = Employee.objects.by_number(number)
        if employee is None:
            raise ValidationError(
                _("No employee has the number %(number)s."), params={"number": number}
            )
        return employee

    def clean(self):
        cleaned = super().clean()
        employee, department = cleaned.get("employee_number"), cleaned.get("department")
        if not self.errors and (employee is None) == (department is None):
            raise ValidationError(
                _("Give either an employee number or a department, not both or none.")
            )
        return cleaned


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why the certificate no longer counts, e.g. issued in error. Kept with "
            "the certificate; the public check page shows only that it is revoked."
        ),
    )


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
        employee = Employee.objects.by_number(number)
        if employee is None:
            self.add_error(
                "employee_number",
                _("No employee has the number %(number)s.") % {"number": number},
            )
            return cleaned
        assignment = (
            selectors.waivable_assignments()
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
