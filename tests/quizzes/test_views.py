"""Taking a quiz over HTTP: the page, the answers, refusals, the result."""

import re

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse

from lms import roles
from lms.xapi.models import Statement
from quizzes import services
from quizzes.models import Answer, Attempt, Choice, FeedbackMode, Step
from tests.lms.factories import make_user
from tests.quizzes.utils import current_form, play

pytestmark = pytest.mark.django_db


def start(learner, quiz, **kwargs):
    return services.attempt_start(employee=learner.employee, quiz=quiz, **kwargs)


def snapshot(attempt):
    attempt.refresh_from_db()
    return (
        Answer.objects.count(),
        Statement.objects.count(),
        attempt.state,
        attempt.current_question_id,
        attempt.current_step_id,
        attempt.last_event_at,
    )


def message_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.find(class_="refusal-message").get_text(strip=True)


def assert_refused(response, status, message, before, attempt):
    assert response.status_code == status
    assert message_of(response) == message
    assert "Nothing was changed." in response.content.decode()
    assert snapshot(attempt) == before


def test_question_page_holds_no_sign_of_the_right_answer(learner_client, learner, quiz):
    attempt = start(learner, quiz)
    response = learner_client.get(attempt.get_absolute_url())
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    inputs = soup.find_all("input", {"name": "choice"})
    offered = Choice.objects.filter(question=quiz.questions.first())
    assert sorted(i["value"] for i in inputs) == sorted(str(c.uuid) for c in offered)
    # Every choice input looks the same apart from its UUID.
    assert {tuple(sorted(k for k in i.attrs)) for i in inputs} == {
        ("name", "required", "type", "value")
    }
    for choice in offered:
        assert choice.feedback not in html
        assert choice.citation not in html
    text = soup.get_text(" ").lower()
    for word in ("correct", "points", "feedback", "right answer", "citation"):
        assert word not in text
    assert not soup.select("[data-correct], [data-points], .correct")


def test_back_button_cannot_restore_a_question_with_a_choice_ticked(
    learner_client, learner, quiz
):
    """The browser neither keeps the page nor fills its form in again."""
    attempt = start(learner, quiz)
    response = learner_client.get(attempt.get_absolute_url())
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "must-revalidate"} <= cache_control
    form = BeautifulSoup(response.content, "html.parser").find(
        "form", class_="quiz-form"
    )
    assert form["autocomplete"] == "off"


def answer_data(client, attempt, pick=0):
    question, step, choices = current_form(client, attempt)
    data = {"question": question, "choice": [choices[pick]]}
    if step:
        data["step"] = step
    return data


def test_choice_of_another_question_is_refused(learner_client, learner, quiz):
    attempt = start(learner, quiz)
    data = answer_data(learner_client, attempt)
    other = Choice.objects.exclude(question=attempt.current_question).first()
    data["choice"] = [str(other.uuid)]
    before = snapshot(attempt)
    response = learner_client.post(attempt.get_absolute_url(), data)
    assert_refused(
        response,
        400,
        "One of the choices sent does not belong to this question.",
        before,
        attempt,
    )


def test_choice_of_another_step_is_refused(learner_client, learner, quiz):
    attempt = start(learner, quiz)
    play_until_scenario(learner_client, attempt)
    data = answer_data(learner_client, attempt)
    later = Choice.objects.get(
        question=attempt.current_question, text="Call the liaison"
    )
    data["choice"] = [str(later.uuid)]
    before = snapshot(attempt)
    response = learner_client.post(attempt.get_absolute_url(), data)
    assert_refused(
        response,
        400,
        "One of the choices sent does not belong to this step.",
        before,
        attempt,
    )


def play_until_scenario(client, attempt):
    for _ in range(2):
        client.post(attempt.get_absolute_url(), answer_data(client, attempt))
    attempt.refresh_from_db()
    assert attempt.current_step is not None


def test_skipping_a_question_is_refused(learner_client, learner, quiz):
    attempt = start(learner, quiz)
    later = quiz.questions.order_by("sort_order")[1]
    data = {"question": str(later.uuid), "choice": [str(later.choices.first().uuid)]}
    before = snapshot(attempt)
    response = learner_client.post(attempt.get_absolute_url(), data)
    assert_refused(
        response,
        409,
        "That is not the question you are on. Answer the questions in order.",
        before,
        attempt,
    )


def test_skipping_a_step_is_refused(learner_client, learner, quiz):
    attempt = start(learner, quiz)
    play_until_scenario(learner_client, attempt)
    follow_up = Step.objects.get(question=attempt.current_question, key="follow-up")
    choice = Choice.objects.get(question=follow_up.question, text="Call the liaison")
    data = {
        "question": str(follow_up.question.uuid),
        "step": str(follow_up.uuid),
        "choice": [str(choice.uuid)],
    }
    before = snapshot(attempt)
    response = learner_client.post(attempt.get_absolute_url(), data)
    assert_refused(
        response,
        409,
        "That is not the step you are on. Follow the scenario from where you are.",
        before,
        attempt,
    )


def test_replayed_answer_is_refused(learner_client, learner, quiz):
    attempt = start(learner, quiz)
    data = answer_data(learner_client, attempt)
    assert learner_client.post(attempt.get_absolute_url(), data).status_code == 302
    before = snapshot(attempt)
    response = learner_client.post(attempt.get_absolute_url(), data)
    assert_refused(
        response,
        409,
        "You have already answered that question; answers cannot be changed.",
        before,
        attempt,
    )


def test_answer_to_a_finished_attempt_is_refused(learner_client, learner, quiz):
    attempt = start(learner, quiz)
    data = answer_data(learner_client, attempt)
    play(learner_client, attempt)
    before = snapshot(attempt)
    response = learner_client.post(attempt.get_absolute_url(), data)
    assert_refused(
        response,
        409,
        "This attempt is finished, so its answers can no longer change.",
        before,
        attempt,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"question": None}, "The form did not say which question it answers."),
        ({"question": "12"}, "The question id sent is not valid."),
        ({"choice": None}, "Choose an answer before continuing."),
        ({"choice": ["not-a-uuid"]}, "A choice id sent is not valid."),
        ({"step": "abc"}, "The scenario step id sent is not valid."),
    ],
)
def test_malformed_ids_are_refused(learner_client, learner, quiz, change, message):
    attempt = start(learner, quiz)
    data = answer_data(learner_client, attempt)
    for key, value in change.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    before = snapshot(attempt)
    response = learner_client.post(attempt.get_absolute_url(), data)
    assert_refused(response, 400, message, before, attempt)


def test_two_choices_for_a_single_choice_question_are_refused(
    learner_client, learner, quiz
):
    attempt = start(learner, quiz)
    question, _step, choices = current_form(learner_client, attempt)
    before = snapshot(attempt)
    response = learner_client.post(
        attempt.get_absolute_url(), {"question": question, "choice": choices[:2]}
    )
    assert_refused(response, 400, "Choose only one answer.", before, attempt)


def test_someone_elses_attempt_is_not_found(client, learner, quiz):
    attempt = start(learner, quiz)
    data = answer_data_for(attempt)
    intruder = make_user(roles.LEARNER)
    client.force_login(intruder)
    before = snapshot(attempt)
    response = client.get(attempt.get_absolute_url())
    assert response.status_code == 404
    assert message_of(response) == "You have no quiz attempt at this address."
    response = client.post(attempt.get_absolute_url(), data)
    assert_refused(
        response, 404, "You have no quiz attempt at this address.", before, attempt
    )


def answer_data_for(attempt):
    question = attempt.current_question
    return {
        "question": str(question.uuid),
        "choice": [str(question.choices.first().uuid)],
    }


def test_attempt_beyond_the_allowed_number_is_refused(learner_client, learner, quiz):
    quiz.attempts_allowed = 1
    quiz.save()
    start_url = reverse("quizzes:start", args=[quiz.slug])
    response = learner_client.post(start_url)
    attempt = Attempt.objects.get()
    assert response["Location"] == attempt.get_absolute_url()
    # Starting again resumes the unfinished attempt.
    assert learner_client.post(start_url)["Location"] == attempt.get_absolute_url()
    play(learner_client, attempt)
    response = learner_client.post(start_url)
    assert response.status_code == 403
    assert message_of(response) == (
        "You have used the 1 practice attempt allowed for “Test quiz”. "
        "To ask for another, contact your supervisor."
    )
    assert Attempt.objects.count() == 1


def test_start_needs_post_and_an_employee(client, quiz):
    start_url = reverse("quizzes:start", args=[quiz.slug])
    client.force_login(make_user(roles.OVERSIGHT, employee=False))
    assert client.get(start_url).status_code == 405
    response = client.post(start_url)
    assert response.status_code == 403
    assert message_of(response) == (
        "Only City employees with a training record take quizzes."
    )
    assert Attempt.objects.count() == 0


def test_feedback_after_each_answer(learner_client, learner, quiz):
    quiz.feedback_mode = FeedbackMode.AFTER_EACH
    quiz.save()
    attempt = start(learner, quiz)
    question, _step, _choices = current_form(learner_client, attempt)
    wrong = Choice.objects.get(question__uuid=question, is_correct=False)
    response = learner_client.post(
        attempt.get_absolute_url(), {"question": question, "choice": [str(wrong.uuid)]}
    )
    answer = Answer.objects.get()
    assert (
        response["Location"] == f"{attempt.get_absolute_url()}?answered={answer.uuid}"
    )
    page = learner_client.get(response["Location"]).content.decode()
    assert "Not the right call" in page
    assert wrong.feedback in page and wrong.citation in page
    assert "Continue" in page
    # Continue shows the next question.
    _question, _step, offered = current_form(learner_client, attempt)
    assert set(offered) == {
        str(u)
        for u in Choice.objects.filter(question__sort_order=1).values_list(
            "uuid", flat=True
        )
    }


def test_feedback_at_the_end_shows_nothing_until_the_result(
    learner_client, learner, quiz
):
    attempt = start(learner, quiz)
    data = answer_data(learner_client, attempt)
    response = learner_client.post(attempt.get_absolute_url(), data)
    assert response["Location"] == attempt.get_absolute_url()
    answer = Answer.objects.get()
    page = learner_client.get(f"{attempt.get_absolute_url()}?answered={answer.uuid}")
    for choice in Choice.objects.all():
        assert choice.feedback not in page.content.decode()


def test_result_links_back_only_to_a_safe_return_url(learner_client, learner, quiz):
    attempt = start(learner, quiz, return_url="/training/ed20/")
    play(learner_client, attempt)
    soup = BeautifulSoup(
        learner_client.get(attempt.get_absolute_url()).content, "html.parser"
    )
    assert soup.find("a", string="Back")["href"] == "/training/ed20/"

    other = services.attempt_start(
        employee=learner.employee,
        quiz=quiz,
        registration=None,
        return_url="https://evil.example/phish",
    )
    play(learner_client, other)
    soup = BeautifulSoup(
        learner_client.get(other.get_absolute_url()).content, "html.parser"
    )
    assert soup.find("a", string="Back")["href"] == reverse(
        "quizzes:detail", args=[quiz.slug]
    )


@pytest.fixture
def seeded(db):
    from quizzes import seed

    seed.run(password="unused-password", log=lambda msg: None)


@pytest.mark.parametrize("slug", ["ed20-quiz", "so40-quiz", "data-quiz"])
def test_learner_passes_a_seeded_quiz(learner_client, learner, seeded, slug):
    response = learner_client.post(reverse("quizzes:start", args=[slug]))
    attempt = Attempt.objects.get()
    assert response["Location"] == attempt.get_absolute_url()
    play(learner_client, attempt, right=True)
    page = learner_client.get(attempt.get_absolute_url())
    html = page.content.decode()
    assert "You passed" in html
    assert "Your score: 100%" in html
    attempt.refresh_from_db()
    assert attempt.passed is True
    # The review explains every answer with its citation.
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.select("ol.review > li")) == attempt.answers.count()
    citations = [c.get_text() for c in soup.select(".citation")]
    assert citations and all(
        re.search(r"Executive Directive 20|City Council resolution \(draft\)", c)
        for c in citations
    )


def test_learner_fails_a_seeded_quiz(learner_client, learner, seeded):
    learner_client.post(reverse("quizzes:start", args=["ed20-quiz"]))
    attempt = Attempt.objects.get()
    play(learner_client, attempt, right=False)
    html = learner_client.get(attempt.get_absolute_url()).content.decode()
    assert "You did not pass this time" in html
    assert "Your score: 0%" in html
    assert "The right answer:" in html
    attempt.refresh_from_db()
    assert attempt.passed is False


def test_result_page_queries_do_not_grow_with_answers(
    learner_client, learner, seeded, django_assert_max_num_queries
):
    learner_client.post(reverse("quizzes:start", args=["data-quiz"]))
    attempt = Attempt.objects.get()
    play(learner_client, attempt, right=False)
    assert attempt.answers.count() >= 7
    with django_assert_max_num_queries(14):
        page = learner_client.get(attempt.get_absolute_url())
    # A wrong scenario step shows the right choice at that step (the first item
    # drawn, which differs from attempt to attempt).
    question = attempt.items.order_by("position").first().question
    assert question.kind == "scenario"
    start_step = question.steps.order_by("sort_order").first()
    right = question.choices.get(step_key=start_step.key, is_correct=True)
    soup = BeautifulSoup(page.content, "html.parser")
    first = " ".join(soup.select("ol.review > li")[0].get_text(" ").split())
    assert "The right answer:" in first
    assert " ".join(right.text.split()) in first


def test_time_taken_runs_from_when_the_question_was_shown(
    learner_client, learner, quiz
):
    from datetime import UTC, datetime, timedelta

    import time_machine

    with time_machine.travel(datetime(2026, 5, 4, 9, 0, tzinfo=UTC), tick=False) as t:
        attempt = start(learner, quiz)
        t.shift(timedelta(minutes=5))  # the learner reads the course first
        data = answer_data(learner_client, attempt)
        t.shift(timedelta(seconds=20))
        learner_client.get(attempt.get_absolute_url())  # a reload moves nothing
        t.shift(timedelta(seconds=10))
        learner_client.post(attempt.get_absolute_url(), data)
    assert Answer.objects.get().time_taken == timedelta(seconds=30)


def test_a_refused_answer_leads_back_to_the_question(learner_client, learner, quiz):
    attempt = start(learner, quiz)
    question, _step, _choices = current_form(learner_client, attempt)
    response = learner_client.post(attempt.get_absolute_url(), {"question": question})
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    back = soup.find("a", string="Back to where you are in the quiz")
    assert back["href"] == attempt.get_absolute_url()
    # The question is still there to answer.
    assert current_form(learner_client, attempt)[0] == question


def test_an_attempt_whose_question_was_removed_can_be_started_again(
    learner_client, learner, quiz
):
    quiz.attempts_allowed = 1
    quiz.save()
    start_url = reverse("quizzes:start", args=[quiz.slug])
    learner_client.post(start_url)
    stale = Attempt.objects.get()
    stale.current_question.delete()  # an author removes it before anyone answers
    response = learner_client.get(stale.get_absolute_url())
    assert response.status_code == 409
    assert message_of(response) == (
        "This quiz was changed while you were taking it. Start it again."
    )
    response = learner_client.post(start_url)
    fresh = Attempt.objects.exclude(pk=stale.pk).get()
    assert response["Location"] == fresh.get_absolute_url()
    stale.refresh_from_db()
    assert stale.state == "abandoned"
    # The abandoned attempt does not use up the single attempt allowed.
    play(learner_client, fresh)
    fresh.refresh_from_db()
    assert fresh.is_finished


def test_a_later_step_shows_the_path_so_far_without_its_feedback(
    learner_client, learner, quiz
):
    attempt = start(learner, quiz)
    play_until_scenario(learner_client, attempt)
    warrant = Choice.objects.get(text="Ask for a judicial warrant")
    question, step, _choices = current_form(learner_client, attempt)
    learner_client.post(
        attempt.get_absolute_url(),
        {"question": question, "step": step, "choice": [str(warrant.uuid)]},
    )
    soup = BeautifulSoup(
        learner_client.get(attempt.get_absolute_url()).content, "html.parser"
    )
    so_far = soup.select_one(".path-so-far").get_text(" ")
    assert "What now?" in so_far and "Ask for a judicial warrant" in so_far
    assert warrant.feedback not in str(soup)
    assert "And then?" in soup.select_one(".step-text").get_text()


def test_result_says_1_point_not_1_points(learner_client, learner):
    from tests.quizzes.factories import QuestionFactory, QuizFactory

    quiz = QuizFactory(slug="one-scenario")
    QuestionFactory(quiz=quiz, scenario=True)  # the follow-up step is worth 1 point
    attempt = start(learner, quiz)
    play(learner_client, attempt, right=True)
    html = learner_client.get(attempt.get_absolute_url()).text
    text = " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
    assert "1 point" in text
    assert "1 points" not in text
    assert "2 points" in text


def test_a_failed_practice_result_offers_another_try_with_the_attempts_left(
    learner_client, learner, quiz
):
    quiz.attempts_allowed = 2
    quiz.save()
    start_url = reverse("quizzes:start", args=[quiz.slug])
    learner_client.post(start_url)
    attempt = Attempt.objects.get()
    play(learner_client, attempt, right=False)
    soup = BeautifulSoup(
        learner_client.get(attempt.get_absolute_url()).content, "html.parser"
    )
    assert soup.select_one(".attempts-left").get_text(strip=True) == (
        "You have 1 attempt left."
    )
    form = soup.find("button", string="Try again").find_parent("form")
    assert (form["method"], form["action"]) == ("post", start_url)
    # No certificate for practice.
    assert "certificate" not in soup.get_text().lower()

    retry = learner_client.post(form["action"])
    second = Attempt.objects.exclude(pk=attempt.pk).get()
    assert retry["Location"] == second.get_absolute_url()
    play(learner_client, second, right=False)
    soup = BeautifulSoup(
        learner_client.get(second.get_absolute_url()).content, "html.parser"
    )
    assert soup.find("button", string="Try again") is None
    assert soup.select_one(".attempts-used-up").get_text(strip=True) == (
        "You have used all 2 practice attempts allowed for “Test quiz”. "
        "To ask for another, contact your supervisor."
    )


def test_unlimited_practice_offers_another_try_without_a_count(
    learner_client, learner, quiz
):
    learner_client.post(reverse("quizzes:start", args=[quiz.slug]))
    attempt = Attempt.objects.get()
    play(learner_client, attempt, right=False)
    soup = BeautifulSoup(
        learner_client.get(attempt.get_absolute_url()).content, "html.parser"
    )
    assert soup.find("button", string="Try again") is not None
    assert soup.select_one(".attempts-left") is None


def test_the_quiz_intro_says_items_pass_mark_feedback_and_attempts_left(
    learner_client, learner, quiz
):
    quiz.attempts_allowed = 2
    quiz.save()
    detail_url = reverse("quizzes:detail", args=[quiz.slug])
    rules = [
        " ".join(li.get_text().split())
        for li in BeautifulSoup(
            learner_client.get(detail_url).content, "html.parser"
        ).select(".quiz-rules li")
    ]
    assert rules == [
        "3 questions.",
        "You pass with 80% of the points.",
        "You see the reasoning at the end.",
        "You may make 2 practice attempts. You have 2 left.",
    ]
    for _ in range(2):
        learner_client.post(reverse("quizzes:start", args=[quiz.slug]))
        play(learner_client, Attempt.objects.filter(state="in_progress").get())
    soup = BeautifulSoup(learner_client.get(detail_url).content, "html.parser")
    assert "You have 0 left." in soup.select(".quiz-rules li")[-1].get_text()
    assert soup.find("button", string="Start practice") is None
    assert "To ask for another, contact your supervisor." in soup.get_text()
