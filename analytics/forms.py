"""The filter form: every filter lives in the URL query string."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import reports
from .exports import FORMATS
from .selectors import Filters


def check_date_range(form, cleaned, start_field, end_field):
    """Refuse a range whose end comes before its start, on the end field."""
    start, end = cleaned.get(start_field), cleaned.get(end_field)
    if start and end and start > end:
        form.add_error(end_field, _("The end of the date range is before its start."))


class FilterForm(forms.Form):
    course = forms.TypedChoiceField(
        label=_("Course"), required=False, coerce=int, empty_value=None
    )
    department = forms.ChoiceField(label=_("Department"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    due_from = forms.DateField(
        label=_("Due from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Assignments due on or after this day (YYYY-MM-DD)."),
    )
    due_to = forms.DateField(
        label=_("Due by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Assignments due on or before this day (YYYY-MM-DD)."),
    )

    def __init__(
        self,
        data,
        *,
        courses,
        departments,
        statuses,
        with_department=True,
        with_dates=True,
    ):
        super().__init__(data)
        if not with_dates:
            del self.fields["due_from"]
            del self.fields["due_to"]
        self.fields["course"].choices = [("", _("All courses")), *courses]
        self.fields["status"].choices = [("", _("All statuses")), *statuses]
        if with_department:
            self.fields["department"].choices = [
                ("", _("All departments")),
                *departments,
            ]
        else:
            del self.fields["department"]

    def clean(self):
        cleaned = super().clean()
        check_date_range(self, cleaned, "due_from", "due_to")
        return cleaned

    def filters(self) -> Filters:
        """The filters asked for; call only when the form is valid."""
        data = self.cleaned_data
        return Filters(
            course_id=data.get("course"),
            department_code=data.get("department") or None,
            status=data.get("status") or None,
            due_from=data.get("due_from"),
            due_to=data.get("due_to"),
        )

    def as_audit(self) -> dict:
        """The filters as JSON for the audit log."""
        return {
            key: (value.isoformat() if hasattr(value, "isoformat") else value)
            for key, value in self.cleaned_data.items()
            if value not in (None, "")
        }


def status_choices(labels: dict[str, str]):
    return [(status, labels.get(status, status)) for status in reports.PARTITION]


def export_format(request) -> str | None:
    """ "csv" or "xlsx" when the page is asked as a file, None for HTML.

    Raises ValueError for another format, which the view reports as bad input.
    """
    value = request.GET.get("format")
    if not value:
        return None
    if value not in FORMATS:
        raise ValueError(value)
    return value


class RemindForm(forms.Form):
    """The drill-down's chase: the ticked rows, or every overdue one."""

    assignment = forms.TypedMultipleChoiceField(
        label=_("Assignments"), required=False, coerce=int, choices=()
    )
    all_overdue = forms.BooleanField(label=_("Everyone overdue"), required=False)

    def __init__(self, data):
        super().__init__(data)
        # Any id may be posted; the service keeps only the sender's team's.
        self.fields["assignment"].choices = [
            (value, value) for value in (data.getlist("assignment") if data else [])
        ]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("assignment") and not cleaned.get("all_overdue"):
            raise forms.ValidationError(
                _("Select at least one employee, or choose everyone overdue.")
            )
        return cleaned


class ExtendForm(forms.Form):
    new_due_date = forms.DateField(
        label=_("New due date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("YYYY-MM-DD, after the current due date."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the extension, e.g. back from leave on 3 May."),
    )


class WaiveForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed for 'Other'; kept with the waiver."),
    )

    def __init__(self, *args, **kwargs):
        from courses.models import WaiverReason

        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = WaiverReason.choices


class ItemFilterForm(forms.Form):
    """The trainer's item analysis: which answers to count. Every field is
    applied (analytics.selectors.item_frames)."""

    quiz = forms.TypedChoiceField(
        label=_("Quiz"), required=False, coerce=int, empty_value=None
    )
    course = forms.TypedChoiceField(
        label=_("Course"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("The answers to its end-of-course quiz."),
    )
    department = forms.ChoiceField(label=_("Department"), required=False)
    job_class = forms.ChoiceField(label=_("Job class"), required=False)
    answered_from = forms.DateField(
        label=_("Answered from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Answers given on or after this day (YYYY-MM-DD)."),
    )
    answered_to = forms.DateField(
        label=_("Answered by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Answers given on or before this day (YYYY-MM-DD)."),
    )

    def __init__(self, data, *, quizzes, courses, departments, job_classes):
        super().__init__(data)
        self.fields["quiz"].choices = [("", _("All quizzes")), *quizzes]
        self.fields["course"].choices = [("", _("All courses")), *courses]
        self.fields["department"].choices = [("", _("All departments")), *departments]
        self.fields["job_class"].choices = [
            ("", _("All job classes")),
            *[(job, job) for job in job_classes],
        ]

    def clean(self):
        cleaned = super().clean()
        check_date_range(self, cleaned, "answered_from", "answered_to")
        return cleaned

    def as_audit(self) -> dict:
        return FilterForm.as_audit(self)
