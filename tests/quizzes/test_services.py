"""Attempt services: resuming, limits, the finish signal and xAPI in the outbox."""

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine

from lms.xapi import constants
from lms.xapi.activities import Activity
from lms.xapi.models import Statement
from quizzes import services, signals
from quizzes.models import Answer, Attempt, AttemptState, Choice, Quiz
from tests.lms.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

COURSE = Activity(path="course/ed20", name="ED20", type=constants.COURSE)
MODULE = Activity(
    path="course/ed20/module/quiz", name="Check your knowledge", type=constants.MODULE
)
REGISTRATION = uuid.UUID("5f0c8a51-2a4e-4d36-9c1b-0d6f4a7b9e01")


def answer_all(attempt, *, right=True):
    """Answer every remaining item through the service."""
    while True:
        attempt.refresh_from_db()
        if attempt.is_finished:
            return attempt
        question, step = attempt.current_question, attempt.current_step
        choices = Choice.objects.filter(question=question)
        if step is not None:
            choices = choices.filter(step_key=step.key)
        picked = [c.uuid for c in choices if c.is_correct == right][:2]
        if question.kind != "multiple":
            picked = picked[:1]
        services.answer_submit(
            employee=attempt.employee,
            attempt_uuid=attempt.uuid,
            question_uuid=question.uuid,
            step_uuid=step.uuid if step else None,
            choice_uuids=picked,
        )


def test_an_unfinished_attempt_is_resumed_not_duplicated(quiz):
    employee = EmployeeFactory()
    first = services.attempt_start(employee=employee, quiz=quiz)
    again = services.attempt_start(employee=employee, quiz=quiz)
    assert again.pk == first.pk
    # A different registration (another course cycle) is a different attempt.
    other = services.attempt_start(
        employee=employee, quiz=quiz, registration=REGISTRATION
    )
    assert other.pk != first.pk
    assert Attempt.objects.count() == 2


def test_attempts_allowed_counts_per_registration(quiz):
    quiz.attempts_allowed = 2
    quiz.save()
    employee = EmployeeFactory()
    for _ in range(2):
        answer_all(
            services.attempt_start(
                employee=employee, quiz=quiz, registration=REGISTRATION
            ),
            right=False,
        )
    with pytest.raises(services.AttemptNotAllowed) as refused:
        services.attempt_start(employee=employee, quiz=quiz, registration=REGISTRATION)
    assert refused.value.messages == [
        "You have used all 2 attempts allowed for “Test quiz” in this assignment "
        "of the course. To ask for another, contact your supervisor."
    ]
    assert Attempt.objects.count() == 2
    # A new cycle (a recertification's new registration) starts a new count.
    services.attempt_start(employee=employee, quiz=quiz, registration=uuid.uuid4())
    assert Attempt.objects.count() == 3
    # Unlimited when set to 0.
    quiz.attempts_allowed = 0
    quiz.save()
    services.attempt_start(employee=employee, quiz=quiz, registration=REGISTRATION)
    assert Attempt.objects.count() == 4


def test_the_used_up_message_names_whom_to_ask(quiz):
    quiz.attempts_allowed = 1
    quiz.save()
    manager = EmployeeFactory(first_name="Dana", last_name="Reyes")
    employee = EmployeeFactory(manager=manager)
    answer_all(services.attempt_start(employee=employee, quiz=quiz))
    with pytest.raises(services.AttemptNotAllowed) as refused:
        services.attempt_start(employee=employee, quiz=quiz)
    assert refused.value.messages == [
        "You have used the 1 practice attempt allowed for “Test quiz”. "
        "To ask for another, contact your manager, Dana Reyes."
    ]
    quiz.attempts_contact = "the Personnel Department training unit (ext. 4-2100)"
    quiz.save()
    with pytest.raises(services.AttemptNotAllowed) as refused:
        services.attempt_start(employee=employee, quiz=quiz)
    assert refused.value.messages[0].endswith(
        "contact the Personnel Department training unit (ext. 4-2100)."
    )


def test_a_quiz_with_a_broken_question_cannot_be_started():
    quiz = Quiz.objects.create(title="Empty", slug="empty")
    with pytest.raises(services.QuizNotReady) as refused:
        services.attempt_start(employee=EmployeeFactory(), quiz=quiz)
    assert "This quiz has no questions yet." in refused.value.messages[0]
    assert Attempt.objects.count() == 0


def test_finish_sends_the_signal_with_the_attempt(quiz):
    received = []

    def receiver(sender, attempt, **kwargs):
        # Inside the finishing transaction: the row is already saved finished.
        received.append(
            (attempt, Attempt.objects.get(pk=attempt.pk).state, attempt.passed)
        )

    signals.attempt_finished.connect(receiver)
    try:
        employee = EmployeeFactory()
        start = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
        with time_machine.travel(start, tick=False) as clock:
            attempt = services.attempt_start(
                employee=employee, quiz=quiz, registration=REGISTRATION
            )
            clock.shift(timedelta(minutes=3))
            answer_all(attempt)
    finally:
        signals.attempt_finished.disconnect(receiver)
    assert len(received) == 1
    sent, state_in_db, passed = received[0]
    assert state_in_db == AttemptState.FINISHED
    assert passed is True
    assert sent.employee == employee
    assert sent.quiz == quiz
    assert sent.registration == REGISTRATION
    assert sent.score_percent == 100
    assert sent.started_at == start
    assert sent.finished_at == start + timedelta(minutes=3)


def test_a_failing_receiver_rolls_the_finish_back(quiz):
    def receiver(sender, attempt, **kwargs):
        raise RuntimeError("course could not be completed")

    employee = EmployeeFactory()
    attempt = services.attempt_start(employee=employee, quiz=quiz)
    signals.attempt_finished.connect(receiver)
    try:
        with pytest.raises(RuntimeError):
            answer_all(attempt)
    finally:
        signals.attempt_finished.disconnect(receiver)
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS
    # The last answer was rolled back with the finish.
    assert Answer.objects.filter(attempt=attempt).count() == 3


def test_scores_follow_the_kinds(quiz):
    attempt = services.attempt_start(employee=EmployeeFactory(), quiz=quiz)
    answer_all(attempt, right=False)
    attempt.refresh_from_db()
    # single 1 + multiple 2 + scenario steps 2 and 1 available; none earned.
    assert attempt.max_points == 6
    assert attempt.score_points == 0
    assert attempt.passed is False
    # The wrong path goes on to the scenario's second step.
    assert attempt.answers.count() == 4


def answer(attempt, *texts):
    attempt.refresh_from_db()
    choices = Choice.objects.filter(question=attempt.current_question, text__in=texts)
    step = attempt.current_step
    return services.answer_submit(
        employee=attempt.employee,
        attempt_uuid=attempt.uuid,
        question_uuid=attempt.current_question.uuid,
        step_uuid=step.uuid if step else None,
        choice_uuids=[c.uuid for c in choices],
    )


def test_a_wrong_first_step_leads_on_and_each_step_scores_on_its_own(quiz):
    attempt = services.attempt_start(employee=EmployeeFactory(), quiz=quiz)
    answer(attempt, "Right")
    answer(attempt, "Right A", "Right B")
    wrong = answer(attempt, "Open the door")
    assert (wrong.correct, wrong.points) == (False, 0)
    attempt.refresh_from_db()
    # The learner who erred meets the follow-up step rather than an ending.
    assert attempt.current_step.key == "follow-up"
    right = answer(attempt, "Call the liaison")
    assert (right.correct, right.points) == (True, 1)
    attempt.refresh_from_db()
    # 1 + 2 + 0 + 1 of 1 + 2 + 2 + 1: the second step's point counts.
    assert (attempt.score_points, attempt.max_points) == (4, 6)
    assert attempt.score_percent == Decimal("66.67")


def test_multiple_choice_half_right_earns_nothing(quiz):
    attempt = services.attempt_start(employee=EmployeeFactory(), quiz=quiz)
    answer(attempt, "Right")
    half = answer(attempt, "Right A")
    assert (half.correct, half.points) == (False, 0)


def test_answers_record_time_taken_and_statements(quiz):
    employee = EmployeeFactory()
    start = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        attempt = services.attempt_start(
            employee=employee,
            quiz=quiz,
            registration=REGISTRATION,
            context_parent=MODULE,
            context_grouping=(COURSE,),
            course_version="3",
        )
        question = attempt.current_question
        clock.shift(timedelta(seconds=40))
        services.answer_submit(
            employee=attempt.employee,
            attempt_uuid=attempt.uuid,
            question_uuid=question.uuid,
            step_uuid=None,
            choice_uuids=[Choice.objects.get(question=question, is_correct=True).uuid],
        )
        clock.shift(timedelta(seconds=25))
        answer_all(attempt)
    answers = list(Answer.objects.filter(attempt=attempt))
    assert answers[0].time_taken == timedelta(seconds=40)
    assert answers[1].time_taken == timedelta(seconds=25)
    statements = Statement.objects.filter(employee=employee).order_by("timestamp")
    assert statements.count() == len(answers) + 1
    first = statements.first().payload
    assert first["verb"]["id"] == constants.ANSWERED
    assert first["id"] == str(answers[0].statement_id)
    assert first["object"]["id"].endswith(f"quiz/{quiz.uuid}/question/{question.uuid}")
    assert first["result"]["success"] is True
    activities = first["context"]["contextActivities"]
    assert activities["parent"][0]["id"].endswith(f"quiz/{quiz.uuid}")
    assert [a["id"].rsplit("/xapi/", 1)[1] for a in activities["grouping"]] == [
        f"quiz/{quiz.uuid}",
        "course/ed20",
        "course/ed20/module/quiz",
    ]
    assert first["context"]["registration"] == str(REGISTRATION)
    step_statement = next(
        s.payload for s in statements if "/step/" in s.payload["object"]["id"]
    )
    assert step_statement["context"]["contextActivities"]["parent"][0]["id"].endswith(
        f"question/{answers[2].question.uuid}"
    )
    finish = statements.get(verb=constants.PASSED).payload
    assert finish["object"]["id"].endswith(f"quiz/{quiz.uuid}")
    assert finish["context"]["contextActivities"]["parent"][0]["id"].endswith(
        "course/ed20/module/quiz"
    )
    assert finish["result"]["score"]["raw"] == 6


def test_a_racing_second_answer_is_refused_by_the_database(quiz):
    """If another request stored the answer first, the unique constraint wins."""
    from django.utils import timezone

    attempt = services.attempt_start(employee=EmployeeFactory(), quiz=quiz)
    question = attempt.current_question
    right = Choice.objects.get(question=question, is_correct=True)
    # What a concurrent request would have written a moment earlier.
    Answer.objects.create(
        attempt=attempt,
        question=question,
        correct=True,
        points=1,
        answered_at=timezone.now(),
        time_taken=timedelta(seconds=1),
    )
    with pytest.raises(services.AnswerConflict) as refused:
        services.answer_submit(
            employee=attempt.employee,
            attempt_uuid=attempt.uuid,
            question_uuid=question.uuid,
            step_uuid=None,
            choice_uuids=[right.uuid],
        )
    assert refused.value.messages == ["You have already answered this question."]
    assert Answer.objects.count() == 1
    assert Statement.objects.count() == 0
    attempt.refresh_from_db()
    assert attempt.current_question == question
