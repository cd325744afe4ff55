from django import forms
from django.utils.translation import gettext_lazy as _


class CrewBookingForm(forms.Form):
    session = forms.ModelChoiceField(
        queryset=None,
        label=_("Session"),
        help_text=_("Upcoming sessions of in-person courses."),
    )
    employee_numbers = forms.CharField(
        label=_("Employee numbers"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One or more, separated by spaces, commas or lines."),
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = _session_label

    def clean_employee_numbers(self):
        text = self.cleaned_data["employee_numbers"].replace(",", " ")
        return [number for number in text.split() if number]


def _session_label(session):
    label = f"{session.course.title} – {session.starts_at:%Y-%m-%d %H:%M}"
    if session.place:
        label += f", {session.place}"
    return f"{label} ({session.taken}/{session.capacity})"


class WalkInForm(forms.Form):
    who = forms.CharField(
        label=_("Walk-in: employee number or name"),
        max_length=120,
        help_text=_("An employee number, or a first and last name from the roster."),
    )


class SheetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in sign-in sheet (CSV)"),
        help_text=_(
            "Columns: sheet_code, employee_number, attendance (present, partial "
            "or absent), acknowledged (yes if they signed the sheet's "
            "acknowledgements, no if not; may be empty for someone absent). "
            "Signed acknowledgements go to the attestation register as signed "
            "on this session's sheet. Nothing is recorded if any line has a "
            "problem; uploading the same sheet again changes nothing."
        ),
    )
