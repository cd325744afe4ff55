"""Authoring in the Wagtail admin: trainers build quizzes; broken scenarios refused."""

import html

import pytest

from django.urls import reverse

from lms import roles
from quizzes.models import Choice, Question, QuestionKind, Quiz, Step
from tests.lms.factories import (
    DepartmentFactory,
    SourceDocumentFactory,
    SourcePartFactory,
    make_user,
)
from tests.quizzes.factories import QuestionFactory

pytestmark = pytest.mark.django_db

ADD_QUESTION = "wagtailsnippets_quizzes_question:add"


@pytest.fixture
def trainer_client(client):
    client.force_login(make_user(roles.TRAINER))
    return client


def scenario_post(quiz, steps, choices, cites=None):
    """The admin form's POST for a scenario: steps as (key, text), choices as
    (step_key, text, points, right, next_step_key)."""
    data = {
        "quiz": quiz.pk,
        "kind": QuestionKind.SCENARIO,
        "prompt": "An agent at the door",
        "situation": "An agent asks to come in.",
        "role": "You staff the front counter of a branch library",
        "steps-TOTAL_FORMS": len(steps),
        "steps-INITIAL_FORMS": 0,
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
        "choices-TOTAL_FORMS": len(choices),
        "choices-INITIAL_FORMS": 0,
        "choices-MIN_NUM_FORMS": 1,
        "choices-MAX_NUM_FORMS": 1000,
    }
    for i, (key, text) in enumerate(steps):
        data.update(
            {
                f"steps-{i}-key": key,
                f"steps-{i}-text": text,
                f"steps-{i}-ORDER": i + 1,
                f"steps-{i}-id": "",
                f"steps-{i}-DELETE": "",
            }
        )
    for i, (step_key, text, points, right, next_key) in enumerate(choices):
        data.update(
            {
                f"choices-{i}-step_key": step_key,
                f"choices-{i}-next_step_key": next_key,
                f"choices-{i}-text": text,
                f"choices-{i}-points": points,
                f"choices-{i}-feedback": f"Why: {text}",
                f"choices-{i}-cites": cites
                if cites is not None
                else [SourcePartFactory(key="preamble").pk],
                f"choices-{i}-id": "",
                f"choices-{i}-ORDER": i + 1,
                f"choices-{i}-DELETE": "",
            }
        )
        if right:
            data[f"choices-{i}-is_correct"] = "on"
    return data


def refused_with(response, message):
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert Question.objects.filter(prompt="An agent at the door").count() == 0
    # Only the fixture scenario's two steps: nothing of the refused one was saved.
    assert Step.objects.count() == 2


def test_trainer_saves_a_valid_scenario(trainer_client, quiz):
    data = scenario_post(
        quiz,
        [("start", "What now?"), ("next", "And then?")],
        [
            ("start", "Ask for a warrant", 2, True, "next"),
            ("start", "Open the door", 0, False, "next"),
            ("next", "Tell your supervisor", 1, True, ""),
        ],
    )
    response = trainer_client.post(reverse(ADD_QUESTION), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get(prompt="An agent at the door")
    assert [s.key for s in question.steps.order_by("sort_order")] == ["start", "next"]
    assert Choice.objects.filter(question=question).count() == 3
    # Added outside the quiz's list, it goes after the existing questions.
    assert question.sort_order == 3
    # A trainer's new question is a draft until an administrator publishes it.
    assert question.live is False


def test_unreachable_step_is_refused(trainer_client, quiz):
    data = scenario_post(
        quiz,
        [("start", "What now?"), ("orphan", "Never shown")],
        [
            ("start", "Ask for a warrant", 2, True, ""),
            ("orphan", "Anything", 0, False, ""),
        ],
    )
    response = trainer_client.post(reverse(ADD_QUESTION), data)
    refused_with(
        response, "Step “orphan” cannot be reached from the start step “start”."
    )


def test_a_wrong_choice_that_ends_the_scenario_early_is_refused(trainer_client, quiz):
    data = scenario_post(
        quiz,
        [("start", "What now?"), ("next", "And then?")],
        [
            ("start", "Ask for a warrant", 2, True, "next"),
            ("start", "Open the door", 0, False, ""),
            ("next", "Tell your supervisor", 1, True, ""),
        ],
    )
    response = trainer_client.post(reverse(ADD_QUESTION), data)
    refused_with(
        response,
        "The wrong choice “Open the door” at step “start” ends the scenario while "
        "another choice there leads on. Make it lead on to a step too, so a "
        "learner who errs still sees the rest with its feedback.",
    )


def test_loop_is_refused(trainer_client, quiz):
    data = scenario_post(
        quiz,
        [("start", "What now?"), ("again", "Round we go")],
        [
            ("start", "Go on", 1, True, "again"),
            ("again", "Go back", 0, False, "start"),
        ],
    )
    response = trainer_client.post(reverse(ADD_QUESTION), data)
    refused_with(response, "The steps loop: start → again → start.")


def test_step_without_choices_is_refused(trainer_client, quiz):
    data = scenario_post(
        quiz,
        [("start", "What now?"), ("empty", "Nothing to choose")],
        [("start", "Go on", 1, True, "empty")],
    )
    response = trainer_client.post(reverse(ADD_QUESTION), data)
    refused_with(response, "Step “empty” has no choices.")


def test_choice_leading_to_another_questions_step_is_refused(trainer_client, quiz):
    # "follow-up" is a step of the quiz's other scenario, not of this one.
    assert Step.objects.filter(key="follow-up").exists()
    steps_before = Step.objects.count()
    data = scenario_post(
        quiz,
        [("start", "What now?")],
        [("start", "Go on", 1, True, "follow-up")],
    )
    response = trainer_client.post(reverse(ADD_QUESTION), data)
    assert response.status_code == 200
    assert (
        "The choice “Go on” leads to step “follow-up”, which is not a step of this "
        "scenario." in html.unescape(response.content.decode())
    )
    assert Step.objects.count() == steps_before


def test_trainer_creates_a_quiz_with_its_rules(trainer_client):
    response = trainer_client.post(
        reverse("wagtailsnippets_quizzes_quiz:add"),
        {
            "title": "Practice",
            "slug": "practice",
            "introduction": "",
            "pass_mark": 70,
            "attempts_allowed": 2,
            "attempts_contact": "the Personnel Department training unit",
            "draw_count": 12,
            "feedback_mode": "at_end",
            "shuffle_choices": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    quiz = Quiz.objects.get(slug="practice")
    assert (
        quiz.pass_mark,
        quiz.attempts_allowed,
        quiz.attempts_contact,
        quiz.draw_count,
        quiz.shuffle_choices,
    ) == (70, 2, "the Personnel Department training unit", 12, True)
    # Saved as a draft: learners do not see it until it is published.
    assert quiz.live is False


def test_pass_mark_above_100_is_refused(trainer_client):
    response = trainer_client.post(
        reverse("wagtailsnippets_quizzes_quiz:add"),
        {
            "title": "Practice",
            "slug": "practice",
            "pass_mark": 120,
            "attempts_allowed": 0,
            "draw_count": 0,
            "feedback_mode": "at_end",
        },
    )
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 100." in html.unescape(
        response.content.decode()
    )
    assert not Quiz.objects.filter(slug="practice").exists()


def test_role_permissions():
    trainer = make_user(roles.TRAINER)
    admin = make_user(roles.ADMINISTRATOR)
    for model in ("quiz", "question", "step", "choice"):
        for action in ("add", "change", "view"):
            assert trainer.has_perm(f"quizzes.{action}_{model}")
        assert not trainer.has_perm(f"quizzes.delete_{model}")
        assert admin.has_perm(f"quizzes.delete_{model}")
    # Trainers submit for review; only administrators publish.
    for model in ("quiz", "question"):
        assert not trainer.has_perm(f"quizzes.publish_{model}")
        assert admin.has_perm(f"quizzes.publish_{model}")
    assert admin.has_perm("quizzes.view_attempt")
    assert not admin.has_perm("quizzes.change_attempt")
    assert not make_user(roles.LEARNER).has_perm("quizzes.add_quiz")


def test_an_answered_choice_cannot_be_removed(trainer_client, quiz):
    from quizzes import services
    from tests.lms.factories import EmployeeFactory
    from tests.quizzes.test_services import answer_all
    from tests.quizzes.utils import question_edit_post

    answer_all(services.attempt_start(employee=EmployeeFactory(), quiz=quiz))
    question = Question.objects.get(quiz=quiz, kind=QuestionKind.SINGLE)
    answered = question.choices.filter(answers__isnull=False).first()
    data = question_edit_post(question, delete_choice=answered.pk)
    response = trainer_client.post(
        reverse("wagtailsnippets_quizzes_question:edit", args=[question.pk]), data
    )
    assert response.status_code == 200
    assert "has already been answered by learners, so it cannot be removed" in (
        html.unescape(response.content.decode())
    )
    assert Choice.objects.filter(pk=answered.pk).exists()
    assert not question.revisions.exists()


SCENARIO_CHOICES = [
    ("start", "Ask for a warrant", 2, True, "next"),
    ("start", "Open the door", 0, False, "next"),
    ("next", "Tell your supervisor", 1, True, ""),
]
STEPS = [("start", "What now?"), ("next", "And then?")]


def test_choice_citations_are_saved_and_carried_by_the_revision(trainer_client, quiz):
    part = SourcePartFactory(key="Keeping immigrant Angelenos safe")
    data = scenario_post(quiz, STEPS, SCENARIO_CHOICES, cites=[part.pk])
    response = trainer_client.post(reverse(ADD_QUESTION), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get(prompt="An agent at the door")
    for choice in question.choices.all():
        assert list(choice.cites.all()) == [part]
    revision = question.latest_revision.as_object()
    assert [list(c.cites.all()) for c in revision.choices.all()] == [[part]] * 3


def test_a_citation_to_a_part_that_does_not_exist_is_refused(trainer_client, quiz):
    data = scenario_post(quiz, STEPS, SCENARIO_CHOICES, cites=[999999])
    response = trainer_client.post(reverse(ADD_QUESTION), data)
    refused_with(response, "Select a valid choice. 999999 is not one of")


def test_a_choice_graded_on_a_draft_or_on_nothing_is_refused(trainer_client, quiz):
    draft = SourceDocumentFactory(slug="draft-resolution", status="draft")
    part = SourcePartFactory(document=draft, key="Section 2A(2)")
    data = scenario_post(quiz, STEPS, SCENARIO_CHOICES, cites=[part.pk])
    response = trainer_client.post(reverse(ADD_QUESTION), data)
    refused_with(response, "is from a document that is not in force (Draft / proposal)")
    data = scenario_post(quiz, STEPS, SCENARIO_CHOICES, cites=[])
    response = trainer_client.post(reverse(ADD_QUESTION), data)
    refused_with(response, "This field is required.")


def test_trainer_lists_questions_by_audience(trainer_client, quiz):
    fire = DepartmentFactory(code="LAFD", name="Fire Department")
    QuestionFactory(quiz=quiz, prompt="At a fire scene", audience_departments=[fire])
    listing = reverse("wagtailsnippets_quizzes_question:list")
    response = trainer_client.get(listing, {"audience_departments": fire.pk})
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "At a fire scene" in text
    assert "Which one?" not in text


def step_select(soup, name):
    select = soup.find("select", {"name": name})
    assert select is not None, f"no select {name}"
    return select


def options_of(select):
    return [(o["value"], o.get_text(strip=True)) for o in select.find_all("option")]


def test_a_choice_picks_its_steps_from_the_scenario_steps(trainer_client, quiz):
    from bs4 import BeautifulSoup

    scenario = quiz.questions.get(kind=QuestionKind.SCENARIO)
    page = trainer_client.get(
        reverse("wagtailsnippets_quizzes_question:edit", args=[scenario.pk])
    )
    soup = BeautifulSoup(page.content, "html.parser")
    first = step_select(soup, "choices-0-next_step_key")
    assert first["data-step-select"] == "to"
    assert options_of(first) == [
        ("", "(ends the scenario)"),
        ("start", "start"),
        ("follow-up", "follow-up"),
    ]
    assert first.find("option", selected=True)["value"] == "follow-up"
    at = step_select(soup, "choices-2-step_key")
    assert at.find("option", selected=True)["value"] == "follow-up"
    # The row a new choice is copied from offers the same steps.
    template = page.content.decode().split('id="id_choices-EMPTY_FORM_TEMPLATE"')[1]
    assert 'name="choices-__prefix__-next_step_key"' in template
    assert "follow-up" in template.split("</template>")[0]
    # The script that follows keys typed before saving is on the page.
    assert "quizzes/step_select.js" in page.content.decode()


def test_a_step_added_in_the_same_form_is_offered_when_the_form_comes_back(
    trainer_client, quiz
):
    """A refused form shows the steps as typed, new ones included, and keeps a
    choice's stored value even when it names no step."""
    from bs4 import BeautifulSoup

    data = scenario_post(
        quiz,
        [("start", "What now?"), ("liaison", "The liaison answers.")],
        [
            ("start", "Ask for a warrant", 2, True, "liaison"),
            ("start", "Open the door", 0, False, "typo-step"),
            ("liaison", "Tell your supervisor", 1, True, ""),
        ],
    )
    response = trainer_client.post(reverse(ADD_QUESTION), data)
    refused_with(
        response,
        "The choice “Open the door” leads to step “typo-step”, which is not a step "
        "of this scenario.",
    )
    soup = BeautifulSoup(response.content, "html.parser")
    select = step_select(soup, "choices-1-next_step_key")
    assert options_of(select) == [
        ("", "(ends the scenario)"),
        ("start", "start"),
        ("liaison", "liaison"),
        ("typo-step", "“typo-step” (not a step of this scenario)"),
    ]
    assert select.find("option", selected=True)["value"] == "typo-step"
