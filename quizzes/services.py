"""Starting attempts, answering and finishing: each one transaction with its xAPI.

Callers (the quiz views, a course page) pass model instances and plain values;
refusals are :class:`QuizRefusal` s (Django ``ValidationError`` s) that carry the
HTTP status a view should answer with and a message for the learner, and change
nothing.
"""

import uuid
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.models import Employee
from lms.single_row import one_or_none
from lms.validation import check_fields
from lms.xapi.activities import Activity

from . import audience, draw, grading, selectors, signals
from . import statements as quiz_xapi
from .models import Answer, Attempt, AttemptState, QuestionKind, Quiz


class QuizRefusal(ValidationError):
    """A request the quiz refuses; ``status`` is the HTTP status to answer with."""

    status = 400


class AnswerInvalid(QuizRefusal):
    status = 400


class AttemptNotAllowed(QuizRefusal):
    status = 403


class AnswerConflict(QuizRefusal):
    status = 409


class AttemptNotFound(QuizRefusal):
    """No attempt of this learner's at that address; someone else's attempt
    looks exactly like one that does not exist."""

    status = 404

    def __init__(self):
        super().__init__(_("You have no quiz attempt at this address."))


class QuizNotReady(QuizRefusal):
    status = 409


def attempts_used_up_message(*, quiz, employee, practice: bool) -> str:
    """What a learner who has used every attempt reads: the limit and whom to ask."""
    if quiz.attempts_contact:
        contact = quiz.attempts_contact
    elif employee.manager_id:
        contact = _("your manager, %(name)s") % {"name": employee.manager.full_name}
    else:
        contact = _("your supervisor")
    allowed = quiz.attempts_allowed
    if practice:
        used_up = ngettext(
            "You have used the %(allowed)d practice attempt allowed for “%(quiz)s”.",
            "You have used all %(allowed)d practice attempts allowed for “%(quiz)s”.",
            allowed,
        )
    else:
        used_up = ngettext(
            "You have used the %(allowed)d attempt allowed for “%(quiz)s” in this "
            "assignment of the course.",
            "You have used all %(allowed)d attempts allowed for “%(quiz)s” in this "
            "assignment of the course.",
            allowed,
        )
    return " ".join(
        (
            used_up % {"allowed": allowed, "quiz": quiz.title},
            _("To ask for another, contact %(contact)s.") % {"contact": contact},
        )
    )


@transaction.atomic
def attempt_start(
    *,
    employee: Employee,
    quiz: Quiz,
    registration: uuid.UUID | None = None,
    context_parent: Activity | None = None,
    context_grouping: Sequence[Activity] = (),
    course_version: str = "",
    return_url: str = "",
    pass_mark: int | None = None,
) -> Attempt:
    """Start an attempt, or return the unfinished one for the same registration.

    ``pass_mark`` overrides the quiz's own pass mark for this attempt (a course
    may require a different mark from the same quiz).

    Attempts are counted per employee, quiz and registration (a course
    assignment cycle, or ``None`` for practice); ``quiz.attempts_allowed`` of 0
    means no limit.
    """
    if not quiz.live:
        raise QuizNotReady(
            _("“%(quiz)s” has not been published yet.") % {"quiz": quiz.title}
        )
    # Lock the employee row so two clicks on "Start" cannot both pass the count.
    one_or_none(Employee.objects.select_for_update().filter(pk=employee.pk))
    unfinished = Attempt.objects.filter(
        employee=employee,
        quiz=quiz,
        registration=registration,
        state=AttemptState.IN_PROGRESS,
    ).first()
    if unfinished is not None:
        if unfinished.is_resumable:
            return unfinished
        # An author removed the item the learner was on: close that attempt
        # (it does not count) and start afresh.
        unfinished.state = AttemptState.ABANDONED
        unfinished.save(update_fields=["state"])
    used = selectors.attempts_used(
        employee=employee, quiz=quiz, registration=registration
    )
    if quiz.attempts_allowed and used >= quiz.attempts_allowed:
        raise AttemptNotAllowed(
            attempts_used_up_message(
                quiz=quiz, employee=employee, practice=registration is None
            )
        )
    questions = selectors.quiz_questions(quiz)
    problems = selectors.quiz_problems(questions)
    if problems:
        raise QuizNotReady(
            _("“%(quiz)s” is not ready to be taken: %(problems)s")
            % {"quiz": quiz.title, "problems": " ".join(problems)}
        )
    pool = audience.questions_for(employee, questions)
    if not pool:
        raise QuizNotReady(
            _(
                "“%(quiz)s” has no questions for your department and job class "
                "yet. Please tell your trainer."
            )
            % {"quiz": quiz.title}
        )
    now = timezone.now()
    attempt = Attempt(
        quiz=quiz,
        employee=employee,
        registration=registration,
        context_parent=quiz_xapi.activity_to_json(context_parent),
        context_grouping=[quiz_xapi.activity_to_json(a) for a in context_grouping],
        course_version=course_version,
        return_url=return_url,
        pass_mark=quiz.pass_mark if pass_mark is None else pass_mark,
        started_at=now,
        last_event_at=now,
    )
    drawn = draw.draw(attempt=attempt, pool=pool)
    attempt.current_question = drawn[0]
    attempt.current_step = selectors.start_step(drawn[0])
    check_fields(attempt)
    attempt.save()
    draw.store(attempt, drawn)
    return attempt


MOVED_ON = ("last_event_at", "item_shown_at", "current_question", "current_step")


@transaction.atomic
def answer_submit(
    *,
    employee,
    attempt_uuid: uuid.UUID,
    question_uuid: uuid.UUID,
    step_uuid: uuid.UUID | None,
    choice_uuids: Sequence[uuid.UUID],
) -> Answer:
    """Grade and store one answer to ``employee``'s attempt ``attempt_uuid``,
    move the attempt on, finish it after the last.

    ``question_uuid`` and ``step_uuid`` say what the learner was shown: a form
    for an item already answered (a replay or a second tab), for a later item
    (skipping) or for a finished attempt is refused, as is a choice that does
    not belong to the item shown, and so is someone else's attempt
    (:class:`AttemptNotFound`). The attempt is read once, locked.
    """
    attempt = selectors.attempt_of(employee, attempt_uuid, lock=True)
    if attempt is None:
        raise AttemptNotFound()
    if attempt.is_finished:
        raise AnswerConflict(
            _("This attempt is finished, so its answers can no longer change.")
        )
    if not attempt.is_resumable:
        raise AnswerConflict(
            _("This quiz was changed while you were taking it. Start it again.")
        )
    item = selectors.current_item(attempt)
    question, step = item.question, item.step
    if question_uuid != question.uuid:
        _refuse_other_item(
            attempt, selectors.attempt_question(attempt, uuid=question_uuid), step_uuid
        )
    if question.kind == QuestionKind.SCENARIO:
        if step_uuid is None:
            raise AnswerInvalid(
                _("The form did not say which scenario step it answers.")
            )
        if step_uuid != step.uuid:
            _refuse_other_step(attempt, question, step_uuid)
    elif step_uuid is not None:
        raise AnswerInvalid(_("This question is not a scenario, so it has no steps."))

    offered = selectors.choices_at(question, step)
    picked = picked_choices(question=question, step=step, choice_uuids=choice_uuids)
    score = grading.score_item(question.kind, offered, picked)

    now = timezone.now()
    since = attempt.item_shown_at or attempt.last_event_at
    duration = max(now - since, timedelta(0))
    answer = Answer(
        attempt=attempt,
        question=question,
        step=step,
        correct=score.correct,
        points=score.points,
        answered_at=now,
        time_taken=duration,
    )
    check_fields(answer)
    try:
        # No savepoint of its own: the refusal leaves this function's
        # transaction (or savepoint), which rolls the INSERT back.
        answer.save()
    except IntegrityError as error:  # a concurrent request answered it first
        raise AnswerConflict(_("You have already answered this question.")) from error
    answer.choices.add(*picked)
    quiz_xapi.record_answer(
        attempt=attempt,
        answer=answer,
        question=question,
        step=step,
        offered=offered,
        picked=picked,
        duration=duration,
    )

    attempt.last_event_at = now
    attempt.item_shown_at = None
    next_question_id, next_step = _next_item(item, picked[0])
    attempt.current_question_id, attempt.current_step = next_question_id, next_step
    if next_question_id is None:
        _finish(attempt, now)
    else:
        check_fields(attempt)
        # Only what moving on changes: the rest of the row stays as read.
        attempt.save(update_fields=MOVED_ON)
    return answer


def picked_choices(*, question, step, choice_uuids: Sequence[uuid.UUID]) -> list:
    """The choices ``choice_uuids`` name, refused unless they are offered at
    ``question`` (and scenario ``step``) and their number fits its kind.

    Also what a trainer's preview of a draft uses (:mod:`quizzes.preview`).
    """
    offered_by_uuid = {c.uuid: c for c in selectors.choices_at(question, step)}
    if not choice_uuids:
        raise AnswerInvalid(_("Choose an answer before continuing."))
    if any(u not in offered_by_uuid for u in choice_uuids):
        raise AnswerInvalid(
            _("One of the choices sent does not belong to this question.")
            if step is None
            else _("One of the choices sent does not belong to this step.")
        )
    picked = [offered_by_uuid[u] for u in dict.fromkeys(choice_uuids)]
    if question.kind != QuestionKind.MULTIPLE and len(picked) > 1:
        raise AnswerInvalid(_("Choose only one answer."))
    return picked


def attempt_item_shown(*, attempt: Attempt) -> None:
    """Note when the learner first sees the current item, for its time taken.

    A single UPDATE that only fills an empty timestamp, so reloading the page
    or a second tab never moves it; once it is set, no write at all (on SQLite
    a write waits for the database's one write lock).
    """
    if attempt.item_shown_at is not None:
        return
    Attempt.objects.filter(
        pk=attempt.pk, state=AttemptState.IN_PROGRESS, item_shown_at__isnull=True
    ).update(item_shown_at=timezone.now())


def _refuse_other_item(attempt, other, step_uuid):
    if other is None:
        raise AnswerInvalid(_("That question is not part of this attempt."))
    answered = attempt.answers.filter(question=other)
    if step_uuid is not None:
        answered = answered.filter(step__uuid=step_uuid)
    if answered.exists():
        raise AnswerConflict(
            _("You have already answered that question; answers cannot be changed.")
        )
    raise AnswerConflict(
        _("That is not the question you are on. Answer the questions in order.")
    )


def _refuse_other_step(attempt, question, step_uuid):
    if not any(s.uuid == step_uuid for s in question.steps.all()):
        raise AnswerInvalid(_("That step is not part of this scenario."))
    if attempt.answers.filter(step__uuid=step_uuid).exists():
        raise AnswerConflict(
            _("You have already answered that step; answers cannot be changed.")
        )
    raise AnswerConflict(
        _("That is not the step you are on. Follow the scenario from where you are.")
    )


def _next_item(item, picked):
    """Where the learner goes after answering ``item`` with ``picked``: the
    id of the question and its step."""
    following = selectors.step_after(item.question, item.step, picked)
    if following is not None:
        return item.question.pk, following
    if item.following is None:
        return None, None
    question_id, kind = item.following
    return question_id, selectors.start_step_of(question_id, kind)


def _finish(attempt, now):
    """Score the attempt, write its statement and tell the floors above.

    The points available are those of the items answered, each scenario step
    on its own: a learner's maximum follows the path they took.
    """
    answers = selectors.answers_with_choices(attempt)
    earned = sum((a.points for a in answers), Decimal(0))
    available = sum((selectors.answer_max_points(a) for a in answers), Decimal(0))
    attempt.state = AttemptState.FINISHED
    attempt.finished_at = now
    attempt.score_points = earned
    attempt.max_points = available
    attempt.score_percent = grading.percent(earned, available)
    attempt.passed = grading.passed(attempt.score_percent, attempt.pass_mark)
    check_fields(attempt)
    attempt.save()
    quiz_xapi.record_finish(
        attempt=attempt, statement_id=uuid.uuid5(attempt.uuid, "finished")
    )
    signals.attempt_finished.send(sender=Attempt, attempt=attempt)
