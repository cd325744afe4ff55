"""Forms: the learner's answer and the question editor in the Wagtail admin."""

from types import SimpleNamespace

from django import forms
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import grading, validation
from .models import Question


class AnswerForm(forms.Form):
    """What a learner posts: the item shown and the choice(s) picked, by UUID.

    Only the shape is checked here; whether the ids belong to the attempt is the
    service's business (:func:`quizzes.services.answer_submit`).
    """

    question = forms.UUIDField(
        error_messages={
            "required": _("The form did not say which question it answers."),
            "invalid": _("The question id sent is not valid."),
        }
    )
    step = forms.UUIDField(
        required=False,
        error_messages={"invalid": _("The scenario step id sent is not valid.")},
    )
    # Several values under one name; read with getlist in clean_choice.
    choice = forms.Field(required=False)

    def clean_choice(self):
        values = self.data.getlist("choice") if hasattr(self.data, "getlist") else []
        if not values:
            raise forms.ValidationError(_("Choose an answer before continuing."))
        field = forms.UUIDField()
        try:
            return [field.clean(v) for v in values]
        except forms.ValidationError:
            raise forms.ValidationError(_("A choice id sent is not valid.")) from None

    def first_error(self):
        for errors in self.errors.values():
            return errors[0]
        return ""


def answered_deletions(form, relations):
    """Messages for inline rows marked for deletion that learners have answered.

    Answers keep the learning record (and its xAPI ids) meaningful, so an
    answered question, step or choice is kept; authors can reword it instead.
    """
    problems = []
    for name, answers in relations.items():
        formset = form.formsets.get(name)
        if formset is None or not formset.is_valid():
            continue
        for row in formset.deleted_forms:
            instance = row.instance
            if instance.pk and getattr(instance, answers).exists():
                problems.append(
                    _(
                        "“%(item)s” has already been answered by learners, so it "
                        "cannot be removed. Reword it instead, or make a new quiz."
                    )
                    % {"item": grading.short(str(instance), 60)}
                )
    return problems


class StepSelect(forms.Select):
    """A scenario step chosen from the scenario's steps, not typed.

    ``quizzes/step_select.js`` (loaded by the question's preview panel) keeps
    the options in line with the step keys as they are typed, added or removed
    in the same form, before it is saved.
    """

    def __init__(self, *, keys, current, blank_label, role):
        options = [("", blank_label), *((key, key) for key in keys)]
        if current and current not in keys:
            # Never lose what is stored: the validator names it instead.
            options.append(
                (
                    current,
                    _("“%(key)s” (not a step of this scenario)") % {"key": current},
                )
            )
        super().__init__(
            attrs={"data-step-select": role, "data-blank-label": blank_label},
            choices=options,
        )


STEP_SELECTS = {
    "step_key": ("at", _("(not a scenario: no step)")),
    "next_step_key": ("to", _("(ends the scenario)")),
}


class QuestionAdminForm(WagtailAdminModelForm):
    """Refuses a question that learners could not take, naming what is wrong.

    The checks are :mod:`quizzes.validation`'s (the same the content loader
    applies), run on the steps and choices as typed in the inline panels,
    before anything is saved. A choice's steps are selects of the scenario's
    step keys (:class:`StepSelect`).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = self.formsets.get("choices")
        if choices is None:
            return
        keys = self._step_keys()
        add_fields = choices.add_fields

        # Every choice form, the blank one new rows are copied from included,
        # gets its selects when the formset builds it (it builds them lazily).
        def add_fields_with_step_selects(form, index):
            add_fields(form, index)
            for name, (role, blank_label) in STEP_SELECTS.items():
                if name in form.fields:
                    form.fields[name].widget = StepSelect(
                        keys=keys,
                        current=form[name].value() or "",
                        blank_label=blank_label,
                        role=role,
                    )

        choices.add_fields = add_fields_with_step_selects

    def _step_keys(self) -> list[str]:
        """The scenario's step keys: as posted when the form is bound, else as
        stored (the latest revision the editor shows)."""
        steps = self.formsets.get("steps")
        if steps is None:
            return []
        if not self.is_bound:
            return [
                step.key
                for step in sorted(
                    self.instance.steps.all(), key=lambda s: s.sort_order or 0
                )
            ]
        rows = []
        for index in range(steps.total_form_count()):
            prefix = steps.add_prefix(index)
            key = (self.data.get(f"{prefix}-key") or "").strip()
            if key and not self.data.get(f"{prefix}-DELETE"):
                order = self.data.get(f"{prefix}-ORDER") or ""
                # A bad order is the formset's to report; here it sorts last.
                rows.append((int(order) if order.isdigit() else 10**6, index, key))
        return list(dict.fromkeys(key for _order, _index, key in sorted(rows)))

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        steps = self._kept_rows("steps")
        choices = self._kept_rows("choices")
        if kind is None or steps is None or choices is None:
            return cleaned
        choice_rows = [
            SimpleNamespace(
                uuid=index,
                text=row.get("text", ""),
                points=row.get("points") or 0,
                is_correct=bool(row.get("is_correct")),
                step_key=row.get("step_key", ""),
                next_step_key=row.get("next_step_key", ""),
                cites=list(row.get("cites") or ()),
            )
            for index, row in enumerate(choices)
        ]
        problems = validation.question_problems(
            kind=kind,
            step_keys=[row.get("key", "") for row in steps],
            choices=choice_rows,
        )
        for problem in problems:
            self.add_error(None, problem)
        for problem in answered_deletions(
            self, {"steps": "answers", "choices": "answers"}
        ):
            self.add_error(None, problem)
        return cleaned

    def _kept_rows(self, name):
        """Cleaned rows of an inline formset, in order, without deleted ones."""
        formset = self.formsets.get(name)
        if formset is None:
            return []
        if not formset.is_valid():
            return None  # the formset shows its own errors first
        rows = [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        return sorted(rows, key=lambda row: row.get("ORDER") or 0)

    def save(self, commit=True):
        # A question added here (not in the quiz's list) goes to the end.
        question = self.instance
        if question.sort_order is None and question.quiz_id:
            last = Question.objects.filter(quiz_id=question.quiz_id).aggregate(
                last=Max("sort_order")
            )["last"]
            question.sort_order = (last or 0) + 1
        return super().save(commit=commit)
