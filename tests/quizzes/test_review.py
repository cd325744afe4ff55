"""Policy review: trainers' quiz edits reach learners only once approved.

Everything goes through the Wagtail admin and the learner's quiz pages, as the
people involved would use them.
"""

import html

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse
from wagtail.models import WorkflowState

from lms import roles
from lms.policy.models import SourcePart
from lms.review import TASK_NAME, WORKFLOW_NAME, policy_review_workflow
from quizzes import audience, grading, loader, seed
from quizzes.models import Choice, Question, Quiz
from tests.lms.factories import DepartmentFactory, make_user
from tests.quizzes.utils import current_form, question_edit_post

pytestmark = pytest.mark.django_db

# The first question of the ED20 quiz (feedback after each answer).
SCENARIO_UUID = seed._uuid("ed20-quiz", "staff-door-no-warrant")
DATA_PART = "Protecting the security of immigrant Angelenos' data and information"
NEW_FEEDBACK = (
    "Right. Keep the staff area closed: a badge is not a legal requirement for "
    "access (reviewed wording)."
)


@pytest.fixture
def seeded(db):
    seed.run(password="unused-password", log=lambda message: None)


@pytest.fixture
def scenario(seeded):
    return Question.objects.get(uuid=SCENARIO_UUID)


@pytest.fixture
def right_first_choice(scenario):
    return scenario.choices.get(step_key="start", is_correct=True)


def edit_url(question):
    return reverse("wagtailsnippets_quizzes_question:edit", args=[question.pk])


def as_user(client, role):
    client.force_login(make_user(role))
    return client


def page_text(response):
    return html.unescape(response.content.decode())


def feedback_seen_by_a_learner(client, choice):
    """A new learner starts the ED20 quiz, picks ``choice`` first and reads."""
    client.force_login(make_user(roles.LEARNER))
    response = client.post(reverse("quizzes:start", args=["ed20-quiz"]))
    assert response.status_code == 302
    attempt_url = response["Location"]
    page = client.get(attempt_url)
    soup = BeautifulSoup(page.content, "html.parser")
    offered = [i["value"] for i in soup.find_all("input", {"name": "choice"})]
    assert str(choice.uuid) in offered
    data = {
        "question": soup.find("input", {"name": "question"})["value"],
        "step": soup.find("input", {"name": "step"})["value"],
        "choice": [str(choice.uuid)],
    }
    response = client.post(attempt_url, data)
    assert response.status_code == 302
    feedback_page = client.get(response["Location"])
    assert feedback_page.status_code == 200
    return page_text(feedback_page)


def submit_for_review(client, question, **post_changes):
    data = question_edit_post(question, **post_changes)
    data["action-submit"] = "Submit to Policy review"
    return client.post(edit_url(question), data)


def approve_as_administrator(client, question):
    state = WorkflowState.objects.active().get(
        base_content_type__model="question", object_id=str(question.pk)
    )
    task_state = state.current_task_state
    url = reverse(
        "wagtailsnippets_quizzes_question:workflow_action",
        args=[question.pk, "approve", task_state.pk],
    )
    as_user(client, roles.ADMINISTRATOR)
    return client.post(url, {"comment": "Checked against ED20."})


def test_seed_attaches_both_snippets_to_one_policy_review_workflow(seeded):
    workflow = policy_review_workflow()
    assert workflow.name == WORKFLOW_NAME
    assert [t.name for t in workflow.tasks] == [TASK_NAME]
    task = workflow.tasks.first().specific
    assert [g.name for g in task.groups.all()] == [roles.ADMINISTRATOR]
    seed.run(password="unused-password", log=lambda message: None)
    assert workflow.tasks.count() == 1
    assert Question.objects.first().get_workflow() == workflow
    assert Quiz.objects.first().get_workflow() == workflow


def test_feedback_edit_reaches_learners_only_after_approval(
    client, scenario, right_first_choice
):
    old_feedback = right_first_choice.feedback
    assert old_feedback in feedback_seen_by_a_learner(client, right_first_choice)

    as_user(client, roles.TRAINER)
    response = submit_for_review(
        client,
        scenario,
        choice_changes={right_first_choice.pk: {"feedback": NEW_FEEDBACK}},
    )
    assert response.status_code == 302, page_text(response)[:3000]
    scenario.refresh_from_db()
    assert scenario.workflow_in_progress
    assert scenario.has_unpublished_changes

    # In review: learners still get the published wording.
    seen = feedback_seen_by_a_learner(client, right_first_choice)
    assert old_feedback in seen
    assert NEW_FEEDBACK not in seen

    response = approve_as_administrator(client, scenario)
    assert response.status_code == 302
    scenario.refresh_from_db()
    assert not scenario.workflow_in_progress
    assert not scenario.has_unpublished_changes

    seen = feedback_seen_by_a_learner(client, right_first_choice)
    assert NEW_FEEDBACK in seen
    assert old_feedback not in seen
    # Same choice row (and UUID), so answers and xAPI history stay attached.
    assert Choice.objects.get(uuid=right_first_choice.uuid).feedback == NEW_FEEDBACK


def test_a_narrowed_audience_reaches_the_draw_only_after_approval(client, scenario):
    fire = DepartmentFactory(code="LAFD", name="Fire Department")
    as_user(client, roles.TRAINER)
    response = submit_for_review(
        client,
        scenario,
        question_changes={
            "audience_departments": [fire.pk],
            "audience_job_classes": "Librarian\nLibrary Assistant\n",
            # The seeded core item is always asked; the trainer unticks it.
            "always_asked": "",
        },
    )
    assert response.status_code == 302, page_text(response)[:3000]
    scenario.refresh_from_db()
    # In review: the live question is still for everyone, in every attempt.
    assert (list(scenario.audience_departments.all()), scenario.always_asked) == (
        [],
        True,
    )
    approve_as_administrator(client, scenario)
    scenario.refresh_from_db()
    assert list(scenario.audience_departments.all()) == [fire]
    assert audience.job_classes(scenario) == {"Librarian", "Library Assistant"}
    assert scenario.always_asked is False


def test_trainer_cannot_publish(client, scenario, right_first_choice):
    as_user(client, roles.TRAINER)
    editor = page_text(client.get(edit_url(scenario)))
    assert 'name="action-submit"' in editor
    assert 'name="action-publish"' not in editor

    data = question_edit_post(
        scenario, choice_changes={right_first_choice.pk: {"feedback": NEW_FEEDBACK}}
    )
    data["action-publish"] = "Publish"
    response = client.post(edit_url(scenario), data)
    # Wagtail keeps the edit as a draft instead of publishing it.
    assert response.status_code == 302
    scenario.refresh_from_db()
    assert scenario.has_unpublished_changes
    assert scenario.live_revision is None

    right_first_choice.refresh_from_db()
    assert right_first_choice.feedback != NEW_FEEDBACK
    assert NEW_FEEDBACK not in feedback_seen_by_a_learner(client, right_first_choice)


def test_trainer_draft_is_not_live(client, scenario, right_first_choice):
    as_user(client, roles.TRAINER)
    data = question_edit_post(
        scenario, choice_changes={right_first_choice.pk: {"feedback": NEW_FEEDBACK}}
    )
    response = client.post(edit_url(scenario), data)
    assert response.status_code == 302, page_text(response)[:3000]
    scenario.refresh_from_db()
    assert scenario.has_unpublished_changes
    assert not scenario.workflow_in_progress
    # The draft is kept for the author...
    assert NEW_FEEDBACK in page_text(client.get(edit_url(scenario)))
    # ...but learners see the published wording.
    assert NEW_FEEDBACK not in feedback_seen_by_a_learner(client, right_first_choice)


@pytest.mark.parametrize("action", [None, "action-submit"])
def test_broken_scenario_is_refused_as_draft_or_for_review(client, scenario, action):
    as_user(client, roles.TRAINER)
    wrong_turn = scenario.choices.filter(step_key="start", is_correct=False).first()
    data = question_edit_post(
        scenario, choice_changes={wrong_turn.pk: {"next_step_key": "nowhere"}}
    )
    if action:
        data[action] = "1"
    response = client.post(edit_url(scenario), data)
    assert response.status_code == 200
    assert (
        f"The choice “{grading.short(wrong_turn.text)}” leads to step "
        "“nowhere”, which is not a step of this scenario." in page_text(response)
    )
    scenario.refresh_from_db()
    assert not scenario.revisions.exists()
    assert not scenario.workflow_in_progress
    assert not scenario.has_unpublished_changes


def test_unpublished_question_is_not_shown_until_published(client, seeded):
    quiz = Quiz.objects.get(slug="data-quiz")
    prompt = "Draft: may a counter clerk ask a caller's status?"
    data = {
        "quiz": quiz.pk,
        "kind": "single",
        "prompt": prompt,
        "situation": "",
        "role": "",
        "steps-TOTAL_FORMS": 0,
        "steps-INITIAL_FORMS": 0,
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
        "choices-TOTAL_FORMS": 2,
        "choices-INITIAL_FORMS": 0,
        "choices-MIN_NUM_FORMS": 1,
        "choices-MAX_NUM_FORMS": 1000,
    }
    for i, (text, right) in enumerate([("No", True), ("Yes", False)]):
        data.update(
            {
                f"choices-{i}-text": text,
                f"choices-{i}-points": 1 if right else 0,
                f"choices-{i}-feedback": f"{text}: see the data section.",
                f"choices-{i}-cites": [SourcePart.objects.get(key=DATA_PART).pk],
                f"choices-{i}-step_key": "",
                f"choices-{i}-next_step_key": "",
                f"choices-{i}-id": "",
                f"choices-{i}-ORDER": i + 1,
                f"choices-{i}-DELETE": "",
            }
        )
        if right:
            data[f"choices-{i}-is_correct"] = "on"
    as_user(client, roles.TRAINER)
    add_url = reverse("wagtailsnippets_quizzes_question:add")
    response = client.post(add_url, {**data, "action-submit": "1"})
    assert response.status_code == 302, page_text(response)[:3000]
    question = Question.objects.get(prompt=prompt)
    assert not question.live

    def prompts_a_learner_meets():
        client.force_login(make_user(roles.LEARNER))
        response = client.post(reverse("quizzes:start", args=[quiz.slug]))
        assert response.status_code == 302
        attempt = quiz.attempts.latest("started_at")
        seen = []
        for _ in range(50):
            attempt.refresh_from_db()
            if attempt.is_finished:
                return seen
            question_uuid, _, _ = current_form(client, attempt)
            seen.append(Question.objects.get(uuid=question_uuid).prompt)
            _answer_current(client, attempt)
        raise AssertionError("The attempt did not finish.")

    met = prompts_a_learner_meets()
    assert prompt not in met
    # Each published question once (a scenario's steps share its prompt).
    assert len(set(met)) == len(
        loader.read(loader.CONTENT / "data-quiz.yaml")["questions"]
    )

    approve_as_administrator(client, question)
    question.refresh_from_db()
    assert question.live
    assert prompt in prompts_a_learner_meets()


def _answer_current(client, attempt):
    question_uuid, step_uuid, offered = current_form(client, attempt)
    data = {"question": question_uuid, "choice": offered[:1]}
    if step_uuid:
        data["step"] = step_uuid
    assert client.post(attempt.get_absolute_url(), data).status_code == 302


def test_unpublished_quiz_is_not_offered_until_published(client):
    from django.test import Client

    from tests.quizzes.factories import QuestionFactory

    fields = {
        "title": "Draft quiz",
        "slug": "draft-quiz",
        "introduction": "",
        "pass_mark": 80,
        "attempts_allowed": 0,
        "draw_count": 0,
        "feedback_mode": "at_end",
    }
    as_user(client, roles.TRAINER)
    response = client.post(reverse("wagtailsnippets_quizzes_quiz:add"), fields)
    assert response.status_code == 302
    quiz = Quiz.objects.get(slug="draft-quiz")
    assert not quiz.live
    # Even with a published question in it, the quiz itself awaits approval.
    QuestionFactory(quiz=quiz)

    learner = Client()
    learner.force_login(make_user(roles.LEARNER))
    detail_url = reverse("quizzes:detail", args=["draft-quiz"])
    assert "Draft quiz" not in page_text(learner.get(reverse("quizzes:index")))
    assert learner.get(detail_url).status_code == 404
    assert learner.post(reverse("quizzes:start", args=["draft-quiz"])).status_code == (
        404
    )

    as_user(client, roles.ADMINISTRATOR)
    response = client.post(
        reverse("wagtailsnippets_quizzes_quiz:edit", args=[quiz.pk]),
        {**fields, "action-publish": "Publish"},
    )
    assert response.status_code == 302
    assert "Draft quiz" in page_text(learner.get(reverse("quizzes:index")))
    assert learner.get(detail_url).status_code == 200


def test_starting_an_unpublished_quiz_is_refused_with_a_reason(quiz):
    from quizzes import services
    from tests.lms.factories import EmployeeFactory

    quiz.live = False
    quiz.save()
    with pytest.raises(services.QuizNotReady) as refused:
        services.attempt_start(employee=EmployeeFactory(), quiz=quiz)
    assert "“Test quiz” has not been published yet." in refused.value.messages


def test_unpublishing_the_current_question_restarts_without_it(client, quiz):
    from quizzes import services

    client.force_login(make_user(roles.LEARNER))
    client.post(reverse("quizzes:start", args=[quiz.slug]))
    attempt = quiz.attempts.get()
    first = attempt.current_question
    as_user(client, roles.ADMINISTRATOR)
    response = client.post(
        reverse("wagtailsnippets_quizzes_question:unpublish", args=[first.pk])
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert not first.live

    client.force_login(attempt.employee.user)
    refused = client.get(attempt.get_absolute_url())
    assert refused.status_code == 409
    assert "This quiz was changed while you were taking it" in page_text(refused)
    restarted = services.attempt_start(employee=attempt.employee, quiz=quiz)
    assert restarted.pk != attempt.pk
    assert restarted.current_question != first


def test_only_administrators_reorder_questions(client, quiz):
    from quizzes import selectors

    scenario = Question.objects.get(quiz=quiz, kind="scenario")
    url = reverse("wagtailsnippets_quizzes_question:reorder", args=[scenario.pk])
    # Reordering is live at once, so Wagtail asks for the publish permission.
    as_user(client, roles.TRAINER)
    client.post(f"{url}?position=0")
    order = [q.kind for q in selectors.quiz_questions(quiz)]
    assert order == ["single", "multiple", "scenario"]

    as_user(client, roles.ADMINISTRATOR)
    assert client.post(f"{url}?position=0").status_code == 200
    order = [q.kind for q in selectors.quiz_questions(quiz)]
    assert order == ["scenario", "single", "multiple"]
