"""A learner's whole journey through a course over HTTP."""

import pytest

from django.urls import reverse

from courses.models import Acknowledgement, Assignment, ModuleProgress
from lms import roles
from lms.xapi import constants
from lms.xapi.models import Statement
from quizzes.models import Question
from tests.courses.factories import CoursePageFactory, modules_of
from tests.lms.factories import make_user
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    return make_user(roles.LEARNER)


def test_learner_completes_a_course_end_to_end(client, learner):
    quiz = QuizFactory(slug="journey-quiz", pass_mark=50)
    QuestionFactory(quiz=quiz, prompt="Who may open a staff-only area to an agent?")
    course = CoursePageFactory(
        slug="journey", modules=2, quiz=quiz, required_for_all=True
    )
    assignment = Assignment.objects.get(employee=learner.employee, course=course)
    first, second = modules_of(course)
    client.force_login(learner)

    page = client.get(reverse("courses:my_training"))
    assert "Not started" in page.text
    assert first.url in page.text  # the Start button opens the first module

    response = client.get(first.url)
    assert response.status_code == 200
    assert "Module 1 of 2" in response.text
    assert second.url in response.text  # a "next" link

    refused = client.post(reverse("courses:module_done", args=[first.pk]))
    assert refused.status_code == 400
    assert "Please tick: I have read and understood part 1 of module 1." in (
        refused.text
    )
    assert 'href="#ack-journey-m1-ack1"' in refused.text  # the error links to the box
    assert not ModuleProgress.objects.filter(assignment=assignment).exists()

    done = client.post(
        reverse("courses:module_done", args=[first.pk]),
        {"acknowledged": ["journey-m1-ack1"]},
    )
    assert done.status_code == 302
    assert done["Location"] == second.url
    record = Acknowledgement.objects.get(assignment=assignment, module=first)
    assert record.block_id == "journey-m1-ack1"
    assert len(record.text_sha256) == 64
    assert record.revision_id == first.live_revision_id

    page = client.get(reverse("courses:my_training"))
    assert "In progress" in page.text
    assert "1 of 2 modules" in page.text
    assert second.url in page.text  # Resume opens the first unfinished module

    client.post(
        reverse("courses:module_done", args=[second.pk]),
        {"acknowledged": ["journey-m2-ack1"]},
    )
    assignment.refresh_from_db()
    assert assignment.completed_at is None  # the quiz is still to pass
    assert "Take the quiz" in client.get(reverse("courses:my_training")).text

    started = client.post(reverse("courses:quiz_start", args=[course.pk]))
    assert started.status_code == 302
    attempt_url = started["Location"]
    question = Question.objects.get(quiz=quiz)
    right = question.choices.get(is_correct=True)
    client.post(attempt_url, {"question": question.uuid, "choice": [right.uuid]})

    assignment.refresh_from_db()
    assert assignment.quiz_passed_at is not None
    assert assignment.completed_at is not None
    page = client.get(reverse("courses:my_training"))
    assert "Completed" in page.text

    verbs = list(
        Statement.objects.filter(registration=assignment.registration).values_list(
            "verb", flat=True
        )
    )
    assert verbs.count(constants.LAUNCHED) == 1
    assert verbs.count(constants.EXPERIENCED) == 2
    assert verbs.count(constants.ACKNOWLEDGED) == 2
    assert verbs.count(constants.COMPLETED) == 1


def test_quiz_passed_first_completes_course_on_last_module(client, learner):
    quiz = QuizFactory(slug="early-quiz", pass_mark=50)
    QuestionFactory(quiz=quiz)
    course = CoursePageFactory(
        slug="early", modules=1, quiz=quiz, required_for_all=True
    )
    (module,) = modules_of(course)
    client.force_login(learner)
    attempt_url = client.post(reverse("courses:quiz_start", args=[course.pk]))[
        "Location"
    ]
    question = Question.objects.get(quiz=quiz)
    right = question.choices.get(is_correct=True)
    client.post(attempt_url, {"question": question.uuid, "choice": [right.uuid]})
    assignment = Assignment.objects.get(employee=learner.employee, course=course)
    assert assignment.quiz_passed_at is not None
    assert assignment.completed_at is None

    client.post(
        reverse("courses:module_done", args=[module.pk]),
        {"acknowledged": ["early-m1-ack1"]},
    )
    assignment.refresh_from_db()
    assert assignment.completed_at is not None


def test_failed_quiz_does_not_complete(client, learner):
    quiz = QuizFactory(slug="fail-quiz", pass_mark=100)
    QuestionFactory(quiz=quiz)
    course = CoursePageFactory(
        slug="failing", modules=1, quiz=quiz, required_for_all=True
    )
    (module,) = modules_of(course)
    client.force_login(learner)
    client.post(
        reverse("courses:module_done", args=[module.pk]),
        {"acknowledged": ["failing-m1-ack1"]},
    )
    attempt_url = client.post(reverse("courses:quiz_start", args=[course.pk]))[
        "Location"
    ]
    question = Question.objects.get(quiz=quiz)
    wrong = question.choices.get(is_correct=False)
    client.post(attempt_url, {"question": question.uuid, "choice": [wrong.uuid]})
    assignment = Assignment.objects.get(employee=learner.employee, course=course)
    assert assignment.completed_at is None
    assert assignment.quiz_passed_at is None


def test_unassigned_module_is_forbidden_and_unpublished_not_found(client, learner):
    course = CoursePageFactory(slug="restricted", modules=1)  # no rule: nobody assigned
    (module,) = modules_of(course)
    client.force_login(learner)
    assert client.get(module.url).status_code == 403
    assert (
        client.post(reverse("courses:module_done", args=[module.pk])).status_code == 403
    )
    url = module.url
    module.unpublish()
    assert client.get(url).status_code == 404
    assert (
        client.post(reverse("courses:module_done", args=[module.pk])).status_code == 404
    )


def test_empty_state_when_nothing_is_assigned(client, learner):
    client.force_login(learner)
    response = client.get(reverse("courses:my_training"))
    assert response.status_code == 200
    assert "No training is assigned to you right now." in response.text


def test_forms_are_plain_post_forms_with_labels(client, learner):
    """The journey needs no JavaScript: real forms, labelled boxes, no scripts."""
    course = CoursePageFactory(
        slug="plain", modules=2, acks_per_module=2, required_for_all=True
    )
    first, _second = modules_of(course)
    client.force_login(learner)
    html = client.get(first.url).text
    done_url = reverse("courses:module_done", args=[first.pk])
    assert f'<form method="post" action="{done_url}">' in html
    for block_id in ("plain-m1-ack1", "plain-m1-ack2"):
        assert f'id="ack-{block_id}"' in html
        assert f'<label for="ack-{block_id}"' in html
    assert "<script" not in html
    assert 'name="viewport" content="width=device-width' in html
    assert '<progress class="progress" max="100" value="0"' in html


def test_no_attempts_left_is_explained_on_the_course_page(client, learner):
    quiz = QuizFactory(slug="once-quiz", pass_mark=100, attempts_allowed=1)
    QuestionFactory(quiz=quiz)
    course = CoursePageFactory(slug="once", modules=1, quiz=quiz, required_for_all=True)
    client.force_login(learner)
    attempt_url = client.post(reverse("courses:quiz_start", args=[course.pk]))[
        "Location"
    ]
    question = Question.objects.get(quiz=quiz)
    wrong = question.choices.get(is_correct=False)
    client.post(attempt_url, {"question": question.uuid, "choice": [wrong.uuid]})

    again = client.post(reverse("courses:quiz_start", args=[course.pk]), follow=True)
    assert again.status_code == 200
    assert again.redirect_chain[-1][0] == course.url
    messages = [str(m) for m in again.context["messages"]]
    assert messages and "attempt" in messages[0].lower()


def test_embedded_scenario_links_to_practice(client, learner):
    quiz = QuizFactory(slug="practice-quiz", title="Counter scenario")
    course = CoursePageFactory(slug="embedded", modules=1, required_for_all=True)
    (module,) = modules_of(course)
    module.body.append(("scenario_quiz", {"quiz": quiz, "introduction": "Try it."}))
    module.save_revision().publish()
    client.force_login(learner)
    html = client.get(module.url).text
    assert "Scenario: Counter scenario" in html
    assert reverse("quizzes:detail", args=["practice-quiz"]) in html


def test_the_course_pass_mark_grades_attempts_started_from_the_course(learner):
    """A course may ask more of its quiz than the quiz's own pass mark."""
    from courses.services import progress
    from quizzes import services as quiz_services

    quiz = QuizFactory(slug="strict-quiz", pass_mark=50)
    QuestionFactory(quiz=quiz, prompt="Who may open a staff-only area to an agent?")
    course = CoursePageFactory(
        slug="strict", modules=1, quiz=quiz, pass_mark=95, required_for_all=True
    )
    assignment = Assignment.objects.get(employee=learner.employee, course=course)

    from_course = progress.quiz_start(assignment=assignment, return_url="/my-training/")
    practice = quiz_services.attempt_start(employee=learner.employee, quiz=quiz)

    assert from_course.pass_mark == 95
    assert practice.pass_mark == 50


def result_page(client, attempt_url):
    from bs4 import BeautifulSoup

    response = client.get(attempt_url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def answer_once(client, attempt_url, quiz, *, right):
    question = Question.objects.get(quiz=quiz)
    choice = question.choices.get(is_correct=right)
    client.post(attempt_url, {"question": question.uuid, "choice": [choice.uuid]})


def test_the_result_page_offers_another_try_then_the_certificate(client, learner):
    quiz = QuizFactory(slug="retry-quiz", pass_mark=100, attempts_allowed=2)
    QuestionFactory(quiz=quiz)
    course = CoursePageFactory(
        slug="retry", modules=1, quiz=quiz, required_for_all=True
    )
    (module,) = modules_of(course)
    client.force_login(learner)
    client.post(
        reverse("courses:module_done", args=[module.pk]),
        {"acknowledged": ["retry-m1-ack1"]},
    )
    start_url = reverse("courses:quiz_start", args=[course.pk])
    first = client.post(start_url)["Location"]
    answer_once(client, first, quiz, right=False)

    soup = result_page(client, first)
    assert soup.find("h1").get_text(strip=True) == "You did not pass this time"
    assert soup.select_one(".attempts-left").get_text(strip=True) == (
        "You have 1 attempt left."
    )
    retry = soup.find("button", string="Try again").find_parent("form")
    assert (retry["method"], retry["action"]) == ("post", start_url)
    assert soup.find("a", string="View and print your certificate") is None

    second = client.post(retry["action"])["Location"]
    assert second != first
    answer_once(client, second, quiz, right=True)
    soup = result_page(client, second)
    assert soup.find("h1").get_text(strip=True) == "You passed"
    assert soup.find("button", string="Try again") is None
    certificate = Assignment.objects.get(
        employee=learner.employee, course=course
    ).certificate
    link = soup.find("a", string="View and print your certificate")
    assert link["href"] == reverse("courses:certificate", args=[certificate.code])
    assert client.get(link["href"]).status_code == 200


def test_no_attempt_left_on_the_result_page_names_whom_to_ask(client, learner):
    quiz = QuizFactory(
        slug="last-quiz",
        pass_mark=100,
        attempts_allowed=1,
        attempts_contact="the training unit (training@example.gov)",
    )
    QuestionFactory(quiz=quiz)
    course = CoursePageFactory(slug="last", modules=1, quiz=quiz, required_for_all=True)
    client.force_login(learner)
    attempt_url = client.post(reverse("courses:quiz_start", args=[course.pk]))[
        "Location"
    ]
    answer_once(client, attempt_url, quiz, right=False)
    soup = result_page(client, attempt_url)
    assert soup.find("button", string="Try again") is None
    assert soup.select_one(".attempts-used-up").get_text(strip=True) == (
        "You have used the 1 attempt allowed for “Test quiz” in this assignment of "
        "the course. To ask for another, contact the training unit "
        "(training@example.gov)."
    )


def test_the_course_page_gives_the_quiz_rules_until_it_is_passed(client, learner):
    from bs4 import BeautifulSoup

    quiz = QuizFactory(slug="rules-quiz", attempts_allowed=3)
    QuestionFactory(quiz=quiz)
    QuestionFactory(quiz=quiz, multiple=True)
    course = CoursePageFactory(
        slug="rules", modules=1, quiz=quiz, required_for_all=True, pass_mark=70
    )
    client.force_login(learner)

    def rules():
        soup = BeautifulSoup(client.get(course.url).content, "html.parser")
        return [" ".join(li.get_text().split()) for li in soup.select(".quiz-rules li")]

    assert rules() == [
        "2 questions.",
        "You pass with 70% of the points.",
        "You see the reasoning at the end.",
        "You may make 3 attempts in this assignment of the course. You have 3 left.",
    ]
    attempt_url = client.post(reverse("courses:quiz_start", args=[course.pk]))[
        "Location"
    ]
    for question in Question.objects.filter(quiz=quiz).order_by("sort_order"):
        right = [c.uuid for c in question.choices.filter(is_correct=True)]
        client.post(attempt_url, {"question": question.uuid, "choice": right})
    assert rules() == []
