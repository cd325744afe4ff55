"""The one validator of a question, shared by the admin form and the loader.

Whatever a trainer types in the Wagtail admin and whatever a content file under
``quizzes/content/`` holds is checked here, so both refuse the same things
with the same words: the structure learners need (:mod:`quizzes.grading`) and
the citations graded answers rest on (:mod:`lms.policy.citations`).
"""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lms.policy.citations import status_problem
from lms.policy.models import SourceStatus

from . import grading
from .models import QuestionKind


def question_problems(*, kind: str, step_keys: Sequence[str], choices) -> list[str]:
    """Everything wrong with a question, as messages naming what is wrong.

    ``choices`` are objects with ``text``, ``points``, ``is_correct``,
    ``step_key``, ``next_step_key`` and ``cites`` (the cited
    :class:`~lms.policy.models.SourcePart` s).
    """
    if kind == QuestionKind.SCENARIO:
        problems = grading.scenario_problems(list(step_keys), choices)
    else:
        problems = grading.choice_question_problems(kind, choices)
        if step_keys:
            problems.append(_("Only branching scenarios have steps; remove them."))
    for choice in choices:
        problems += choice_citation_problems(choice)
    return [str(problem) for problem in problems]


def choice_citation_problems(choice) -> list[str]:
    """Every choice is graded, right or wrong, so it rests on the directive in
    force: at least one cited part, and every cited part from a source in force.
    A draft is taught in a course's Council proposal block, never as the
    reason an answer is right or wrong."""
    cites = list(choice.cites)
    name = grading.short(choice.text)
    if not cites:
        return [
            _(
                "The choice “%(choice)s” cites no policy source: cite the part of "
                "a source in force that its feedback explains."
            )
            % {"choice": name}
        ]
    return [
        _("The choice “%(choice)s”: %(problem)s") % {"choice": name, "problem": problem}
        for part in cites
        if (problem := status_problem(part, wanted=SourceStatus.IN_FORCE))
    ]


def field_problems(model, values: dict) -> dict[str, list[str]]:
    """Each of ``values`` checked by ``model``'s own field, as its admin form does
    (e.g. a negative ``draw_count``, an over-long ``attempts_contact``)."""
    problems = {}
    for name, value in values.items():
        try:
            model._meta.get_field(name).clean(value, None)
        except ValidationError as error:
            problems[name] = [str(message) for message in error.messages]
    return problems
