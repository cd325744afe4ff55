from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lms.models import Department, Employee

from . import selectors


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
        employee = Employee.objects.filter(employee_number__iexact=number).first()
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
