"""factory_boy factories for quizzes: quizzes, questions of each kind with
their choices, and finished attempts.

    quiz = QuizFactory(slug="ed20-quiz")
    QuestionFactory(quiz=quiz)                       # single choice: Right, Wrong
    QuestionFactory(quiz=quiz, multiple=True)        # Right A, Right B, Wrong C
    QuestionFactory(quiz=quiz, scenario=True)        # two steps, see below
    QuestionFactory(quiz=quiz, audience_departments=[fire], always_asked=True)
    AttemptFactory(quiz=quiz, employee=e, score=90)  # finished, passed at 80
"""

import uuid
from datetime import timedelta
from decimal import Decimal

import factory

from django.utils import timezone

from quizzes.models import (
    Attempt,
    AttemptState,
    Choice,
    FeedbackMode,
    Question,
    QuestionKind,
    Quiz,
    Step,
)
from tests.lms.factories import EmployeeFactory, SourcePartFactory


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"quiz-{n}")
    title = "Test quiz"
    feedback_mode = FeedbackMode.AT_END


class ChoiceFactory(factory.django.DjangoModelFactory):
    """A choice worth 1 point when right, 0 when not, with feedback, citing
    a part of a source in force."""

    class Meta:
        model = Choice
        skip_postgeneration_save = True  # the cites hook saves

    question = None
    # From the question's uuid, so a question with fixed ids has fixed choices.
    uuid = factory.LazyAttribute(
        lambda o: uuid.uuid5(o.question.uuid, f"{o.sort_order}/{o.text}")
    )
    text = factory.Sequence(lambda n: f"Choice {n}")
    is_correct = False
    points = factory.LazyAttribute(lambda o: 1 if o.is_correct else 0)
    feedback = factory.LazyAttribute(lambda o: f"Because of {o.text}.")
    sort_order = 0

    @factory.post_generation
    def cites(obj, create, extracted, **kwargs):
        """Cites ``extracted`` parts, or one part of a source in force."""
        default = [SourcePartFactory(key="Section 1")]
        obj.cites.set(extracted if extracted is not None else default)
        if create:
            obj.save()


def _next_order(o):
    return Question.objects.filter(quiz=o.quiz).count()


# (text, correct, points, step, leads to) for each question kind's choices.
SINGLE = [("Right", True, None, "", ""), ("Wrong", False, None, "", "")]
MULTIPLE = [
    ("Right A", True, None, "", ""),
    ("Right B", True, None, "", ""),
    ("Wrong C", False, None, "", ""),
]
# start --good(2) or bad(0)--> follow-up --good(1) or bad(0)--> end.
SCENARIO = [
    ("Ask for a judicial warrant", True, 2, "start", "follow-up"),
    ("Open the door", False, 0, "start", "follow-up"),
    ("Call the liaison", True, 1, "follow-up", ""),
    ("Do nothing", False, 0, "follow-up", ""),
]
SCENARIO_STEPS = [("start", "What now?"), ("follow-up", "And then?")]


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question at the end of its quiz, with its choices (and steps).

    Single choice by default; traits ``multiple`` and ``scenario``.
    ``choices__right`` and ``choices__wrong`` rename a single-choice
    question's choices; ``choices=[(text, correct, points, step, leads to)]``
    gives them all.
    """

    class Meta:
        model = Question
        skip_postgeneration_save = True

    quiz = factory.SubFactory(QuizFactory)
    kind = QuestionKind.SINGLE
    prompt = "Which one?"
    sort_order = factory.LazyAttribute(_next_order)

    class Params:
        multiple = factory.Trait(
            kind=QuestionKind.MULTIPLE,
            prompt="Which ones?",
        )
        scenario = factory.Trait(
            kind=QuestionKind.SCENARIO,
            prompt="At the counter",
            situation="An agent arrives.",
            role="You staff the front counter of a branch library",
        )

    @factory.post_generation
    def audience_departments(obj, create, extracted, **kwargs):
        """``audience_departments=[department, ...]``: who the question is for."""
        if extracted:
            obj.audience_departments.set(extracted)
            obj.save()

    @factory.post_generation
    def choices(obj, create, extracted, **kwargs):
        if extracted is not None:
            rows = extracted
        elif obj.kind == QuestionKind.MULTIPLE:
            rows = MULTIPLE
        elif obj.kind == QuestionKind.SCENARIO:
            for order, (key, text) in enumerate(SCENARIO_STEPS):
                Step.objects.create(question=obj, key=key, text=text, sort_order=order)
            rows = SCENARIO
        else:
            wrong = kwargs.get("wrong", ("Wrong",))
            rows = [(kwargs.get("right", "Right"), True, None, "", "")]
            rows += [(text, False, None, "", "") for text in wrong]
        for order, (text, correct, points, step, leads_to) in enumerate(rows):
            ChoiceFactory(
                question=obj,
                text=text,
                is_correct=correct,
                **({} if points is None else {"points": points}),
                step_key=step,
                next_step_key=leads_to,
                sort_order=order,
            )


class AttemptFactory(factory.django.DjangoModelFactory):
    """A finished attempt with a score (percent), passed at ``pass_mark``."""

    class Meta:
        model = Attempt

    quiz = factory.SubFactory(QuizFactory)
    employee = factory.SubFactory(EmployeeFactory)
    state = AttemptState.FINISHED
    finished_at = factory.LazyFunction(timezone.now)
    started_at = factory.LazyAttribute(lambda o: o.finished_at - timedelta(minutes=12))
    last_event_at = factory.SelfAttribute("finished_at")
    pass_mark = 80
    score_percent = factory.LazyAttribute(lambda o: Decimal(o.score))
    passed = factory.LazyAttribute(lambda o: o.score >= o.pass_mark)

    class Params:
        score = 100
