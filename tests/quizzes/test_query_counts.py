"""How many queries each quiz page takes, pinned so a change that adds some
shows up here. The quiz is the conftest one: a single choice question, a
multiple choice question and a two-step scenario, feedback after each answer.
"""

import pytest

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from quizzes.models import Attempt, FeedbackMode
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.utils import current_form, play

pytestmark = pytest.mark.django_db


@pytest.fixture
def after_each(quiz):
    quiz.feedback_mode = FeedbackMode.AFTER_EACH
    quiz.save()
    return quiz


def first_answer(client, attempt):
    question, step, choices = current_form(client, attempt)
    data = {"question": question, "choice": [choices[0]]}
    if step:
        data["step"] = step
    return data


# Page: queries (SQLite and PostgreSQL alike).
QUERIES = {
    # With the questions meant for the learner and the attempts left.
    "detail": 7,
    "start": 14,
    "question": 7,
    "answer": 11,
    "feedback": 7,
    "result": 9,
    # A failed attempt's result also counts the attempts left.
    "result_failed": 10,
}


def test_quiz_pages_take_a_fixed_number_of_queries(
    learner_client, learner, after_each, django_assert_num_queries
):
    quiz = after_each
    # Content types are cached per process: start cold, whatever ran before.
    ContentType.objects.clear_cache()
    with django_assert_num_queries(QUERIES["detail"]):
        learner_client.get(reverse("quizzes:detail", args=[quiz.slug]))
    with django_assert_num_queries(QUERIES["start"]):
        learner_client.post(reverse("quizzes:start", args=[quiz.slug]))
    attempt = Attempt.objects.get()
    with django_assert_num_queries(QUERIES["question"]):
        learner_client.get(attempt.get_absolute_url())
    data = first_answer(learner_client, attempt)
    with django_assert_num_queries(QUERIES["answer"]):
        response = learner_client.post(attempt.get_absolute_url(), data)
    with django_assert_num_queries(QUERIES["feedback"]):
        learner_client.get(response["Location"])
    play(learner_client, attempt)
    with django_assert_num_queries(QUERIES["result"]):
        learner_client.get(attempt.get_absolute_url())


def test_a_failed_result_with_attempts_left_takes_one_query_more(
    learner_client, learner, quiz, django_assert_num_queries
):
    quiz.attempts_allowed = 3
    quiz.save()
    learner_client.post(reverse("quizzes:start", args=[quiz.slug]))
    attempt = Attempt.objects.get()
    play(learner_client, attempt, right=False)
    ContentType.objects.clear_cache()
    with django_assert_num_queries(QUERIES["result_failed"]):
        response = learner_client.get(attempt.get_absolute_url())
    assert "You have 2 attempts left." in response.content.decode()


def test_a_drawn_retake_starts_in_a_fixed_number_of_queries(
    learner_client, learner, django_assert_num_queries
):
    """A pool with a department's items and a previous attempt to avoid: two
    more queries than a quiz that asks everything (the department tree and the
    previous attempt's items), however many items the pool holds."""
    quiz = QuizFactory(slug="pooled", draw_count=2)
    department = learner.employee.department
    for n in range(6):
        QuestionFactory(quiz=quiz, audience_departments=[department] if n % 2 else None)
    start_url = reverse("quizzes:start", args=[quiz.slug])
    learner_client.post(start_url)
    play(learner_client, Attempt.objects.get())
    ContentType.objects.clear_cache()
    with django_assert_num_queries(QUERIES["start"] + 2):
        learner_client.post(start_url)
    assert Attempt.objects.count() == 2
