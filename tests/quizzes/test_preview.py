"""A trainer's "Preview as learner" and the scenario map, over HTTP.

The preview plays a question's latest revision (the draft a trainer saved or
sent to review) on the learner's own pages and records nothing.
"""

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse
from wagtail.models import WorkflowState

from lms import roles
from lms.review import attach_policy_review
from lms.xapi.models import Statement
from quizzes.models import (
    Answer,
    Attempt,
    AttemptItem,
    Choice,
    FeedbackMode,
    Question,
    Step,
)
from tests.lms.factories import make_user
from tests.quizzes.factories import ChoiceFactory, QuestionFactory, QuizFactory
from tests.quizzes.utils import question_edit_post

pytestmark = pytest.mark.django_db

DRAFT_TEXT = "Ask to see a judicial warrant signed by a judge (draft wording)"


def text_of(response):
    """The page's text as a reader sees it, without the markup."""
    text = BeautifulSoup(response.content, "html.parser").get_text(" ")
    return " ".join(text.split())


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def edit_url(question):
    return reverse("wagtailsnippets_quizzes_question:edit", args=[question.pk])


def preview_url(question):
    return reverse("quizzes:preview", args=[question.pk])


@pytest.fixture
def scenario():
    quiz = QuizFactory(slug="preview-quiz", feedback_mode=FeedbackMode.AT_END)
    return QuestionFactory(quiz=quiz, scenario=True)


@pytest.fixture
def trainer_client(client):
    client.force_login(make_user(roles.TRAINER))
    return client


def save_draft(client, question, **changes):
    response = client.post(edit_url(question), question_edit_post(question, **changes))
    assert response.status_code == 302, text_of(response)[:2000]


def recorded():
    return (
        Attempt.objects.count(),
        AttemptItem.objects.count(),
        Answer.objects.count(),
        Statement.objects.count(),
    )


def answer_on_page(client, response, text):
    """Pick the choice labelled ``text`` on the page shown and post it."""
    soup = soup_of(response)
    labels = {
        label.get_text(" ", strip=True): label.find("input")["value"]
        for label in soup.select(".choice label")
    }
    assert text in labels, labels
    data = {
        "question": soup.find("input", {"name": "question"})["value"],
        "choice": [labels[text]],
    }
    step = soup.find("input", {"name": "step"})
    if step:
        data["step"] = step["value"]
    # The learner's form has no action: it posts to the page's own address.
    return client.post(response.wsgi_request.get_full_path(), data)


def test_a_trainer_plays_the_draft_on_the_learners_pages_and_nothing_is_recorded(
    trainer_client, scenario
):
    warrant = scenario.choices.get(text="Ask for a judicial warrant")
    save_draft(
        trainer_client, scenario, choice_changes={warrant.pk: {"text": DRAFT_TEXT}}
    )
    scenario.refresh_from_db()
    assert scenario.has_unpublished_changes
    before = recorded()

    page = trainer_client.get(preview_url(scenario))
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    text = text_of(page)
    # The learner's question page, with the draft's wording, not the live one.
    assert "Question 1 of 1" in text
    assert "At the counter" in text and "What now?" in text
    assert DRAFT_TEXT in text
    assert "Ask for a judicial warrant" not in text.split("Scenario map")[0]
    assert "Trainer preview" in text and "Nothing is recorded" in text
    assert soup_of(page).select_one("form.quiz-form")["autocomplete"] == "off"

    response = answer_on_page(trainer_client, page, DRAFT_TEXT)
    assert response.status_code == 302
    follow_up = trainer_client.get(response["Location"])
    text = text_of(follow_up)
    assert "And then?" in text
    # The path so far, as a learner sees it, and the map marks where we are.
    assert f"What now? You chose: {DRAFT_TEXT}" in text
    here = soup_of(follow_up).select_one(".scenario-map-step.is-current")
    assert here["id"] == "map-step-follow-up"

    response = answer_on_page(trainer_client, follow_up, "Do nothing")
    result = trainer_client.get(response["Location"])
    text = text_of(result)
    assert "You did not pass this time" in text
    # 2 of the 3 points available: 67% against the pass mark of 80%.
    assert "Your score: 67%. The pass mark is 80%." in text
    assert (
        soup_of(result)
        .find("a", string="Try again")["href"]
        .startswith(preview_url(scenario))
    )
    assert recorded() == before
    # And the draft is still only a draft.
    assert Choice.objects.get(pk=warrant.pk).text == "Ask for a judicial warrant"


def test_feedback_after_each_answer_is_shown_as_learners_see_it(
    trainer_client, scenario
):
    scenario.quiz.feedback_mode = FeedbackMode.AFTER_EACH
    scenario.quiz.save()
    page = trainer_client.get(preview_url(scenario))
    response = answer_on_page(trainer_client, page, "Open the door")
    feedback = trainer_client.get(response["Location"])
    text = text_of(feedback)
    assert "Not the right call" in text
    assert "Because of Open the door." in text
    continue_url = soup_of(feedback).find("a", string="Continue")["href"]
    assert "And then?" in text_of(trainer_client.get(continue_url))
    assert Answer.objects.count() == 0


def test_a_single_choice_question_is_previewed_too(trainer_client):
    question = QuestionFactory(prompt="Which form?")
    page = trainer_client.get(preview_url(question))
    assert "Which form?" in text_of(page)
    assert "Scenario map" not in text_of(page)
    result = trainer_client.get(
        answer_on_page(trainer_client, page, "Right")["Location"]
    )
    assert "You passed" in text_of(result)


def test_a_tampered_address_or_form_is_refused_and_changes_nothing(
    trainer_client, scenario
):
    other = QuestionFactory(scenario=True)
    foreign = other.choices.first()
    response = trainer_client.get(preview_url(scenario) + f"?answer={foreign.uuid}")
    assert response.status_code == 400
    assert "does not belong to this step" in text_of(response)
    response = trainer_client.get(preview_url(scenario) + "?answer=not-a-uuid")
    assert response.status_code == 400
    assert "A choice id in the address is not valid." in text_of(response)

    page = trainer_client.get(preview_url(scenario))
    start = scenario.steps.get(key="start")
    later = scenario.steps.get(key="follow-up")
    response = trainer_client.post(
        preview_url(scenario),
        {
            "question": str(scenario.uuid),
            "step": str(later.uuid),
            "choice": [str(scenario.choices.get(text="Do nothing").uuid)],
        },
    )
    assert response.status_code == 409
    assert "That is not the step you are on" in text_of(response)
    response = trainer_client.post(
        preview_url(scenario), {"question": str(scenario.uuid), "step": str(start.uuid)}
    )
    assert response.status_code == 400
    assert "Choose an answer before continuing." in text_of(response)
    assert page.status_code == 200
    assert recorded() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (roles.LEARNER, 403),
        (roles.MANAGER, 403),
        (roles.OVERSIGHT, 403),
        (roles.TRAINER, 200),
        (roles.ADMINISTRATOR, 200),
    ],
)
def test_only_those_who_write_or_review_questions_may_preview(
    client, scenario, role, status
):
    client.force_login(make_user(role, employee=role != roles.OVERSIGHT))
    assert client.get(preview_url(scenario)).status_code == status


def test_a_missing_question_is_not_found(trainer_client):
    assert (
        trainer_client.get(reverse("quizzes:preview", args=[987654])).status_code == 404
    )


def test_the_reviewer_previews_the_version_under_review(client, scenario):
    attach_policy_review(Question)
    warrant = scenario.choices.get(text="Ask for a judicial warrant")
    client.force_login(make_user(roles.TRAINER))
    data = question_edit_post(
        scenario, choice_changes={warrant.pk: {"text": DRAFT_TEXT}}
    )
    data["action-submit"] = "Submit to Policy review"
    assert client.post(edit_url(scenario), data).status_code == 302
    assert WorkflowState.objects.active().filter(object_id=str(scenario.pk)).exists()

    client.force_login(make_user(roles.ADMINISTRATOR, employee=False))
    review = client.get(edit_url(scenario))
    assert review.status_code == 200
    link = soup_of(review).find("a", string="Preview as learner")
    assert link["href"] == preview_url(scenario)
    assert DRAFT_TEXT in text_of(client.get(link["href"]))


def test_the_editor_shows_the_map_with_unreachable_steps_and_dead_ends(
    trainer_client,
):
    # Stored before the admin refused such scenarios (e.g. an old content file).
    question = QuestionFactory(scenario=True)
    Step.objects.create(question=question, key="orphan", text="Nobody gets here.")
    dead_end = question.choices.get(text="Open the door")
    dead_end.next_step_key = ""
    dead_end.save()
    ChoiceFactory(question=question, step_key="orphan", text="Leave", sort_order=9)

    page = trainer_client.get(edit_url(question))
    assert page.status_code == 200
    soup = soup_of(page)
    tree = soup.select_one(".scenario-map")
    assert "2 problems are marked below" in tree.get_text(" ", strip=True)
    steps = {
        li["id"]: " ".join(li.get_text(" ").split()) for li in tree.select("li[id]")
    }
    assert list(steps) == ["map-step-start", "map-step-follow-up", "map-step-orphan"]
    assert "Start" in steps["map-step-start"]
    assert "→ follow-up" in steps["map-step-start"]
    assert "Dead end" in steps["map-step-start"]
    assert "ends the scenario" in steps["map-step-follow-up"]
    assert "Unreachable" in steps["map-step-orphan"]
    assert "Unreachable" not in steps["map-step-follow-up"]
    assert soup.find("a", string="Preview as learner")["href"] == preview_url(question)


def test_a_sound_scenario_map_says_so(trainer_client, scenario):
    text = text_of(trainer_client.get(edit_url(scenario)))
    assert (
        "Every step can be reached from the start and every path reaches an ending."
        in text
    )


def test_the_questions_list_offers_the_preview(trainer_client, scenario):
    page = trainer_client.get(reverse("wagtailsnippets_quizzes_question:list"))
    assert preview_url(scenario) in page.content.decode()


def test_a_draft_moved_to_another_quiz_is_previewed_by_that_quizs_rules(
    trainer_client, scenario
):
    other = QuizFactory(slug="other-quiz", pass_mark=50)
    save_draft(trainer_client, scenario, question_changes={"quiz": other.pk})
    page = trainer_client.get(preview_url(scenario))
    response = answer_on_page(trainer_client, page, "Ask for a judicial warrant")
    follow_up = trainer_client.get(response["Location"])
    result = trainer_client.get(
        answer_on_page(trainer_client, follow_up, "Do nothing")["Location"]
    )
    assert "Your score: 67%. The pass mark is 50%." in text_of(result)
    assert "You passed" in text_of(result)
