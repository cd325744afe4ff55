"""Reads for quizzes: a quiz's structure, the choices offered, item statistics."""

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext as _

from lms.policy.models import SourcePart
from lms.single_row import one_or_none

from . import audience, draw, grading, signals
from .models import (
    Answer,
    Attempt,
    AttemptItem,
    AttemptState,
    Choice,
    Question,
    QuestionKind,
    Quiz,
    Step,
)


def live_quizzes():
    """Quizzes learners may see: published ones (drafts live in revisions)."""
    return Quiz.objects.filter(live=True)


STEP_ORDER = ("sort_order", "pk")
CHOICE_ORDER = ("sort_order", "pk")


def _steps():
    return Prefetch("steps", queryset=Step.objects.order_by(*STEP_ORDER))


def _choices():
    return Prefetch("choices", queryset=Choice.objects.order_by(*CHOICE_ORDER))


def _with_steps_and_choices(questions):
    return questions.select_related("quiz").prefetch_related(_steps(), _choices())


def quiz_questions(quiz) -> list[Question]:
    """The published questions of ``quiz`` in order, with steps, choices and
    audience: the pool attempts draw from.

    Four queries. The rows are the live version: a question's unapproved
    edits (and its steps and choices) exist only as revisions until an
    administrator publishes them, and a never-published question is skipped.
    """
    return list(
        _with_steps_and_choices(Question.objects.filter(quiz=quiz, live=True))
        .order_by(F("sort_order").asc(nulls_last=True), "pk")
        .prefetch_related("audience_departments")
    )


@dataclass(frozen=True)
class CurrentItem:
    """The item a learner is on: its question (with steps and choices), the
    scenario step if any, and where it stands among the attempt's questions
    (their ids and kinds, in order)."""

    question: Question
    step: Step | None
    drawn: tuple[tuple[int, str], ...]

    @property
    def number(self) -> int:
        return [pk for pk, _ in self.drawn].index(self.question.pk) + 1

    @property
    def total(self) -> int:
        return len(self.drawn)

    @property
    def following(self) -> tuple[int, str] | None:
        """The next question drawn (id, kind), or None after the last."""
        return self.drawn[self.number] if self.number < self.total else None


def current_item(attempt) -> CurrentItem:
    """The item ``attempt`` (read with its current question and step, and
    resumable) is on.

    Two queries: the attempt's questions in order, as ids and kinds, and the
    current question's choices. Only the question on screen is loaded: a page
    shows one, and loading every question drawn with all their choices was
    most of a quiz page's work. Its scenario step is the one read with the
    attempt; the other steps are read only for the answer that moves on to
    one (:func:`step_after`). A question unpublished since the draw is left
    out, so the attempt goes on without it.
    """
    drawn = tuple(
        AttemptItem.objects.filter(attempt=attempt, question__live=True)
        .order_by("position")
        .values_list("question_id", "question__kind")
    )
    question = attempt.current_question
    question.quiz = attempt.quiz
    prefetch_related_objects([question], _choices())
    step = attempt.current_step if question.is_scenario else None
    return CurrentItem(question=question, step=step, drawn=drawn)


def attempt_of(employee, attempt_uuid, *, lock=False) -> Attempt | None:
    """``employee``'s attempt ``attempt_uuid`` with its quiz and current item,
    or None when there is none (or it is someone else's). ``lock`` holds the
    row until the transaction ends, for the answer that moves it on."""
    attempts = Attempt.objects.all()
    if lock:
        # of=self: PostgreSQL cannot lock the nullable side of the outer joins.
        attempts = attempts.select_for_update(of=("self",))
    attempt = one_or_none(
        attempts.select_related("quiz", "current_question", "current_step").filter(
            uuid=attempt_uuid, employee=employee
        )
    )
    if attempt is not None:
        attempt.employee = employee
    return attempt


def attempt_question(attempt, *, uuid) -> Question | None:
    """One of the attempt's live questions, by uuid, with its steps (for a
    refusal that names it)."""
    return (
        Question.objects.filter(attempt_items__attempt=attempt, live=True, uuid=uuid)
        .prefetch_related(_steps())
        .first()
    )


def start_step_of(question_id, kind) -> Step | None:
    """Where a question begins: a scenario's first step (one query), else None."""
    if kind != QuestionKind.SCENARIO:
        return None
    return Step.objects.filter(question_id=question_id).order_by(*STEP_ORDER).first()


def step_keys(question) -> list[str]:
    return [step.key for step in question.steps.all()]


def start_step(question):
    if question.kind != QuestionKind.SCENARIO:
        return None
    return next(iter(question.steps.all()), None)


def step_after(question, step, picked):
    """The scenario step ``picked`` leads to from ``step``; None for an ending
    (or a step key that does not exist) and outside scenarios."""
    if step is None or not picked.next_step_key:
        return None
    return next(
        (s for s in question.steps.all() if s.key == picked.next_step_key), None
    )


def choices_at(question, step) -> list[Choice]:
    """The choices the learner picks from at ``question`` (and scenario ``step``)."""
    if step is None:
        return list(question.choices.all())
    return [c for c in question.choices.all() if c.step_key == step.key]


def offered_choices(attempt, question, step) -> list[Choice]:
    """Choices in display order; shuffled per attempt (stable on reload)."""
    choices = choices_at(question, step)
    if attempt.quiz.shuffle_choices:
        item = step.uuid if step is not None else question.uuid
        # Display order only, seeded so a reload shows the same order.
        random.Random(f"{attempt.uuid}:{item}").shuffle(choices)  # noqa: S311
    return choices


@dataclass(frozen=True)
class EarlierStep:
    """A scenario step the learner has answered, and what they chose there."""

    step: Step
    choices: tuple[Choice, ...]


def scenario_path_so_far(attempt, question) -> list[EarlierStep]:
    """The learner's earlier steps in this scenario, to show where they are.

    One query, over the choices picked: each row brings its answer's step.
    """
    picked = (
        Answer.choices.through.objects.filter(
            answer__attempt=attempt,
            answer__question=question,
            answer__step__isnull=False,
        )
        .select_related("answer__step", "choice")
        .order_by(
            "answer__answered_at",
            "answer__pk",
            *(f"choice__{field}" for field in CHOICE_ORDER),
        )
    )
    steps: dict[int, Step] = {}
    choices: dict[int, list[Choice]] = defaultdict(list)
    for row in picked:
        steps.setdefault(row.answer_id, row.answer.step)
        choices[row.answer_id].append(row.choice)
    return [EarlierStep(step, tuple(choices[pk])) for pk, step in steps.items()]


def answers_with_choices(attempt) -> list[Answer]:
    """The attempt's answers with their question's choices and step (2 queries)."""
    return list(
        Answer.objects.filter(attempt=attempt)
        .select_related("question", "step")
        .prefetch_related(
            Prefetch(
                "question__choices",
                queryset=Choice.objects.order_by(*CHOICE_ORDER),
            )
        )
    )


def answer_max_points(answer):
    """The most points the item answered could have earned."""
    return grading.item_max_points(
        answer.question.kind, choices_at(answer.question, answer.step)
    )


def question_problems(question) -> list[str]:
    """What keeps a question from being taken (shared by the admin and start)."""
    choices = list(question.choices.all())
    if question.kind == QuestionKind.SCENARIO:
        return grading.scenario_problems(step_keys(question), choices)
    return grading.choice_question_problems(question.kind, choices)


def quiz_problems(questions: Sequence[Question]) -> list[str]:
    if not questions:
        return [_("This quiz has no questions yet.")]
    problems = []
    for number, question in enumerate(questions, start=1):
        for problem in question_problems(question):
            problems.append(f"{number}. {grading.short(question.prompt)}: {problem}")
    return problems


def _choices_with_citations(lookup):
    """Choices in order with the parts they cite and those parts' documents
    (two queries: the choices, the parts joined to their documents)."""
    parts = Prefetch("cites", queryset=SourcePart.objects.select_related("document"))
    return Prefetch(
        lookup,
        queryset=Choice.objects.order_by(*CHOICE_ORDER).prefetch_related(parts),
    )


def feedback_answer(attempt, answer_uuid) -> Answer | None:
    """The answer a feedback page shows, with its choices and what they cite,
    if ``answer_uuid`` is one of ``attempt``'s answers (three queries)."""
    return one_or_none(
        Answer.objects.select_related("question", "step")
        .prefetch_related(_choices_with_citations("choices"))
        .filter(attempt=attempt, uuid=answer_uuid)
    )


def attempt_review(attempt) -> list[Answer]:
    """The attempt's answers with everything the result page shows (5 queries).

    Each answer gets ``right_choices``: the right choices of its question, or of
    its step in a scenario, for the review of a wrong answer.
    """
    answers = list(
        attempt.answers.select_related("question", "step").prefetch_related(
            _choices_with_citations("choices"),
            _choices_with_citations("question__choices"),
        )
    )
    for answer in answers:
        answer.right_choices = [
            c for c in choices_at(answer.question, answer.step) if c.is_correct
        ]
    return answers


def attempts_used(*, employee, quiz, registration=None) -> int:
    """Attempts that count towards ``quiz.attempts_allowed`` (1 query)."""
    return (
        Attempt.objects.filter(employee=employee, quiz=quiz, registration=registration)
        .exclude(state=AttemptState.ABANDONED)
        .count()
    )


def attempts_left(*, employee, quiz, registration=None) -> int | None:
    """How many more attempts the learner may start; None when unlimited."""
    if not quiz.attempts_allowed:
        return None
    used = attempts_used(employee=employee, quiz=quiz, registration=registration)
    return max(quiz.attempts_allowed - used, 0)


def _audiences(quiz) -> list[tuple[set[int], set[str]]]:
    """Each live question's audience: its department ids and job classes (2
    queries, of columns only: a page that shows how many questions an attempt
    asks need not build the questions)."""
    live = Question.objects.filter(quiz=quiz, live=True)
    departments = defaultdict(set)
    links = Question.audience_departments.through.objects.filter(question__in=live)
    for question_id, department_id in links.values_list("question_id", "department_id"):
        departments[question_id].add(department_id)
    return [
        (departments[pk], audience.job_classes_of(text))
        for pk, text in live.values_list("pk", "audience_job_classes")
    ]


def items_per_attempt(*, quiz, employee) -> int:
    """How many questions an attempt by ``employee`` asks (2 or 3 queries;
    1 without one)."""
    if employee is None:
        pool_size = Question.objects.filter(quiz=quiz, live=True).count()
    else:
        pool_size = audience.count_for(employee, _audiences(quiz))
    return draw.drawn_count(quiz=quiz, pool_size=pool_size)


@dataclass(frozen=True)
class QuizRules:
    """What a learner reads before starting (``quizzes/_rules.html``)."""

    items: int
    drawn: bool  # the questions are drawn for the learner
    pass_mark: int
    feedback_after_each: bool
    attempts_allowed: int  # 0: unlimited
    attempts_left: int | None
    practice: bool


def quiz_rules(*, quiz, employee, registration=None, pass_mark=None) -> QuizRules:
    """The rules of ``quiz`` for ``employee`` (3 or 4 queries; 2 or 3 without one).

    ``registration`` and ``pass_mark`` are a course's cycle and mark; None for
    practice and the quiz's own mark.
    """
    return QuizRules(
        items=items_per_attempt(quiz=quiz, employee=employee),
        drawn=bool(quiz.draw_count),
        pass_mark=quiz.pass_mark if pass_mark is None else pass_mark,
        feedback_after_each=quiz.feedback_mode == "after_each",
        attempts_allowed=quiz.attempts_allowed,
        attempts_left=attempts_left(
            employee=employee, quiz=quiz, registration=registration
        )
        if employee is not None
        else None,
        practice=registration is None,
    )


def result_links(attempt) -> signals.ResultLinks:
    """The next steps the result page offers: another attempt and a certificate.

    A practice attempt starts again from its quiz; one a course started asks
    that course (``signals.result_links_wanted``).
    """
    if attempt.registration is None:
        return signals.ResultLinks(
            retry_url=reverse("quizzes:start", args=[attempt.quiz.slug])
        )
    responses = signals.result_links_wanted.send(sender=Attempt, attempt=attempt)
    return next(
        (links for _receiver, links in responses if links is not None),
        signals.ResultLinks(),
    )
