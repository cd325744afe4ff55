"""The xAPI side of quizzes: activities for quizzes, questions and steps.

Statements themselves are built by :mod:`lms.xapi.statements`; this module only
describes quiz objects as :mod:`lms.xapi.activities` values and rebuilds each
attempt's context, so every statement of an attempt carries the same
registration and grouping.
"""

from dataclasses import asdict

from lms.xapi import outbox, statements
from lms.xapi.activities import Activity, Context, Interaction
from lms.xapi.constants import ASSESSMENT, INTERACTION


def quiz_activity(quiz) -> Activity:
    return Activity(
        path=f"quiz/{quiz.uuid}",
        name=quiz.title,
        type=ASSESSMENT,
        description=quiz.introduction,
    )


def question_activity(question) -> Activity:
    return Activity(
        path=f"quiz/{question.quiz.uuid}/question/{question.uuid}",
        name=question.prompt,
        type=INTERACTION,
        description=question.situation,
    )


def step_activity(question, step) -> Activity:
    return Activity(
        path=f"quiz/{question.quiz.uuid}/question/{question.uuid}/step/{step.uuid}",
        name=f"{question.prompt} ({step.key})",
        type=INTERACTION,
        description=step.text,
    )


def activity_to_json(activity: Activity | None):
    return asdict(activity) if activity is not None else None


def activity_from_json(data) -> Activity | None:
    return Activity(**data) if data else None


def attempt_context(attempt, *, parent: Activity | None, inside_quiz: bool) -> Context:
    """The context of a statement of ``attempt``.

    For an answer (``inside_quiz``) the grouping starts with the quiz, then what
    the caller (a course) stored on the attempt; for the finish statement the
    quiz is the object, so the caller's parent and grouping apply directly.
    """
    stored_parent = activity_from_json(attempt.context_parent)
    stored_grouping = tuple(
        activity_from_json(item) for item in attempt.context_grouping or ()
    )
    if inside_quiz:
        grouping = (quiz_activity(attempt.quiz), *stored_grouping)
        if stored_parent is not None:
            grouping += (stored_parent,)
    else:
        parent, grouping = stored_parent, stored_grouping
    return Context(
        registration=attempt.registration,
        parent=parent,
        grouping=grouping,
        course_version=attempt.course_version,
    )


def record_answer(*, attempt, answer, question, step, offered, picked, duration):
    """Write the ``answered`` statement of one answer to the outbox."""
    if step is not None:
        activity = step_activity(question, step)
        parent = question_activity(question)
    else:
        activity = question_activity(question)
        parent = quiz_activity(attempt.quiz)
    interaction = Interaction(
        activity=activity,
        interaction_type="choice",
        choices=[(str(c.uuid), c.text) for c in offered],
        correct_responses=[str(c.uuid) for c in offered if c.is_correct],
    )
    statement = statements.question_answered(
        employee=attempt.employee,
        interaction=interaction,
        response=[str(c.uuid) for c in picked],
        success=answer.correct,
        context=attempt_context(attempt, parent=parent, inside_quiz=True),
        duration=duration,
        statement_id=answer.statement_id,
        timestamp=answer.answered_at,
    )
    return outbox.record(statement, employee=attempt.employee)


def record_finish(*, attempt, statement_id):
    statement = statements.quiz_finished(
        employee=attempt.employee,
        quiz=quiz_activity(attempt.quiz),
        passed=bool(attempt.passed),
        score_raw=float(attempt.score_points),
        score_max=float(attempt.max_points),
        context=attempt_context(attempt, parent=None, inside_quiz=False),
        duration=attempt.finished_at - attempt.started_at,
        statement_id=statement_id,
        timestamp=attempt.finished_at,
    )
    return outbox.record(statement, employee=attempt.employee)
