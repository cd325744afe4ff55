"""The administrator's upload of past completions (a thin view)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..services.past_completions import COLUMNS, past_completions_import


class PastCompletionsForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Past completions (CSV)"),
        help_text=gettext_lazy(
            "Columns: employee_number, course (the course's slug), completion_date "
            "(YYYY-MM-DD), delivery (online or in person), source_note (e.g. 'Paper "
            "sign-in sheets, Harbor 2024'). Nothing is imported if any line has a "
            "problem; importing the same file again changes nothing."
        ),
    )


@permission_required("courses.add_assignment", raise_exception=True)
def past_completions(request):
    form = PastCompletionsForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        result = past_completions_import(
            data=form.cleaned_data["file"].read(), imported_by=request.user
        )
        if result.ok:
            messages.success(
                request,
                _(
                    "Imported: %(completed)d completions recorded (%(assigned)d new "
                    "cycles), %(unchanged)d already on record."
                )
                % {
                    "completed": result.completed,
                    "assigned": result.assigned,
                    "unchanged": result.unchanged,
                },
            )
            return redirect("courses:past_completions")
        problems = [str(problem) for problem in result.problems]
    return render(
        request,
        "courses/past_completions.html",
        {"form": form, "problems": problems, "columns": ",".join(COLUMNS)},
        status=400 if problems else 200,
    )
