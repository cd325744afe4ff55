"""Which questions an attempt asks: drawn once, when it starts.

From the questions meant for the learner (:mod:`quizzes.audience`), an attempt
takes the always-asked ones and fills up to the quiz's ``draw_count`` with the
others, preferring those the learner did not get in their previous attempt, so
a retake is not the same set. The draw is seeded by the attempt's UUID: the
same attempt always draws the same questions. Drawn questions keep the quiz's
order, so authors can still put an easy one first.

Everyone is graded by the same pass mark, as a percentage of the points of the
questions they drew.
"""

import random
from collections.abc import Sequence

from django.db.models import Subquery

from .models import AttemptItem


def previous_question_ids(*, employee, quiz) -> set[int]:
    """The questions of the learner's latest earlier attempt at ``quiz`` (1 query)."""
    latest = (
        quiz.attempts.filter(employee=employee)
        .order_by("-started_at", "-pk")
        .values("pk")[:1]
    )
    return set(
        AttemptItem.objects.filter(attempt=Subquery(latest)).values_list(
            "question_id", flat=True
        )
    )


def drawn_count(*, quiz, pool_size: int) -> int:
    """How many questions an attempt asks from a pool of ``pool_size``."""
    count = quiz.draw_count
    return pool_size if not count else min(count, pool_size)


def draw(*, attempt, pool: Sequence) -> list:
    """The questions ``attempt`` asks, from ``pool`` (those meant for its learner).

    ``pool`` is in the quiz's order; so is the result.
    """
    count = drawn_count(quiz=attempt.quiz, pool_size=len(pool))
    if count == len(pool):
        return list(pool)
    always = [q for q in pool if q.always_asked]
    others = [q for q in pool if not q.always_asked]
    seen = previous_question_ids(employee=attempt.employee, quiz=attempt.quiz)
    # Not for security: a reproducible draw per attempt.
    rng = random.Random(str(attempt.uuid))  # noqa: S311
    fresh = [q for q in others if q.pk not in seen]
    again = [q for q in others if q.pk in seen]
    rng.shuffle(fresh)
    rng.shuffle(again)
    chosen = {q.pk for q in always + (fresh + again)[: max(count - len(always), 0)]}
    return [q for q in pool if q.pk in chosen]


def store(attempt, questions: Sequence) -> None:
    """Record the draw, so every page of the attempt asks the same questions."""
    AttemptItem.objects.bulk_create(
        AttemptItem(attempt=attempt, question=question, position=position)
        for position, question in enumerate(questions, start=1)
    )
