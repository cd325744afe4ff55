"""Whatever a browser (or an attacker) posts to a quiz, no 500 and no half write.

Hypothesis mixes real ids (the item on screen, other questions' steps and
choices) with random UUIDs, junk strings and missing fields. A rejected post
changes nothing (answers, attempt position and state, xAPI outbox); an
accepted one adds exactly one answer.
"""

import uuid

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from django.db import transaction

from lms import roles
from lms.xapi.models import Statement
from quizzes import services
from quizzes.models import Answer, Attempt, AttemptState, Choice, Question, Step
from tests.lms.factories import make_user
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

junk = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
# Which id to send, decided per example once the attempt's position is known.
# Real ids are favoured so that a good share of posts is accepted.
id_kinds = st.just("current") | st.sampled_from(
    ["current", "other", "random", "junk", "missing"]
)
choice_kinds = st.sampled_from([["offered"], ["right"]]) | st.lists(
    st.sampled_from(["offered", "right", "other", "random", "junk", "empty"]),
    max_size=4,
)


@pytest.fixture
def quiz_world(client):
    quiz = QuizFactory(slug="prop-quiz")
    QuestionFactory(quiz=quiz)
    QuestionFactory(quiz=quiz, scenario=True)
    QuestionFactory(quiz=quiz, multiple=True)
    user = make_user(roles.LEARNER)
    client.force_login(user)
    return quiz, user.employee


def attempt_at(quiz, employee, answered):
    """A fresh attempt after ``answered`` right answers (fewer if it ends first)."""
    attempt = services.attempt_start(employee=employee, quiz=quiz)
    for _ in range(answered):
        attempt.refresh_from_db()
        if attempt.is_finished:
            break
        step = attempt.current_step
        right = Choice.objects.filter(
            question=attempt.current_question,
            step_key=step.key if step else "",
            is_correct=True,
        )
        services.answer_submit(
            employee=attempt.employee,
            attempt_uuid=attempt.uuid,
            question_uuid=attempt.current_question.uuid,
            step_uuid=step.uuid if step else None,
            choice_uuids=[c.uuid for c in right],
        )
    attempt.refresh_from_db()
    return attempt


def snapshot(attempt):
    attempt.refresh_from_db()
    return (
        Answer.objects.filter(attempt=attempt).count(),
        attempt.state,
        attempt.current_question_id,
        attempt.current_step_id,
        Statement.objects.count(),
    )


def pick_id(kind, current, others, data):
    if kind == "current" and current is not None:
        return str(current)
    if kind == "other" and others:
        return str(data.draw(st.sampled_from(others)))
    if kind == "random":
        return str(uuid.uuid4())
    if kind == "junk":
        return data.draw(junk)
    return None


@SETTINGS
@given(
    answered=st.integers(min_value=0, max_value=4),
    question_kind=id_kinds,
    step_kind=id_kinds,
    choices=choice_kinds,
    data=st.data(),
)
def test_any_answer_post_is_refused_cleanly_or_adds_one_answer(
    client, quiz_world, answered, question_kind, step_kind, choices, data
):
    # Each example runs in a savepoint rolled back at its end, so every example
    # starts from the same database and Hypothesis can replay and shrink it.
    with transaction.atomic():
        check_one_post(
            client, quiz_world, answered, question_kind, step_kind, choices, data
        )
        transaction.set_rollback(True)


def check_one_post(
    client, quiz_world, answered, question_kind, step_kind, choices, data
):
    quiz, employee = quiz_world
    attempt = attempt_at(quiz, employee, answered)
    finished = attempt.is_finished
    question = attempt.current_question or Question.objects.filter(quiz=quiz).first()
    step = attempt.current_step
    offered = list(
        Choice.objects.filter(question=question, step_key=step.key if step else "")
    )
    post = {}
    question_id = pick_id(
        question_kind,
        question.uuid,
        list(Question.objects.exclude(pk=question.pk).values_list("uuid", flat=True)),
        data,
    )
    if question_id is not None:
        post["question"] = question_id
    step_id = pick_id(
        step_kind,
        step.uuid if step else None,
        list(Step.objects.values_list("uuid", flat=True)),
        data,
    )
    if step_id is not None:
        post["step"] = step_id
    sent = []
    for kind in choices:
        if kind == "offered" and offered:
            sent.append(str(data.draw(st.sampled_from(offered)).uuid))
        elif kind == "right":
            sent += [str(c.uuid) for c in offered if c.is_correct]
        elif kind == "other":
            sent.append(str(Choice.objects.exclude(question=question).first().uuid))
        elif kind == "random":
            sent.append(str(uuid.uuid4()))
        elif kind == "junk":
            sent.append(data.draw(junk))
        elif kind == "empty":
            sent.append("")
    if sent:
        post["choice"] = sent

    before = snapshot(attempt)
    response = client.post(attempt.get_absolute_url(), post)
    after = snapshot(attempt)

    assert response.status_code < 500
    if response.status_code == 302:
        event("accepted")
        assert not finished
        assert after[0] == before[0] + 1
        assert Statement.objects.count() > before[4]
    else:
        event(f"refused {response.status_code}")
        assert response.status_code in (400, 404, 409)
        assert after == before
        assert "Nothing was changed." in response.text


@SETTINGS
@given(
    slug=st.sampled_from(["prop-quiz", "no-such-quiz"]) | junk,
    body=st.dictionaries(junk, junk, max_size=3),
)
def test_any_start_post_is_refused_or_starts_at_most_one_attempt(
    client, quiz_world, slug, body
):
    with transaction.atomic():
        check_one_start(client, quiz_world, slug, body)
        transaction.set_rollback(True)


def check_one_start(client, quiz_world, slug, body):
    quiz, employee = quiz_world
    before = Attempt.objects.filter(employee=employee).count()
    unfinished_before = Attempt.objects.filter(
        employee=employee, state=AttemptState.IN_PROGRESS
    ).count()
    try:
        url = f"/quizzes/{slug}/start/"
        response = client.post(url, body)
    except ValueError:
        # A slug the test client cannot even put in a request line.
        return
    after = Attempt.objects.filter(employee=employee).count()
    assert response.status_code < 500
    assert after - before in (0, 1)
    if slug != quiz.slug:
        assert after == before
    else:
        assert response.status_code == 302
        assert unfinished_before or after == before + 1
