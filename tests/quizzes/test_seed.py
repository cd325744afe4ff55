"""The scenario bank: complete, valid, cited to the directive in force, loaded
from its content files, and idempotent to load."""

import pytest

from lms.content_files import ContentError
from lms.policy.models import SourceStatus
from quizzes import loader, seed, selectors
from quizzes.models import Choice, Question, Quiz, Step
from tests.lms.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

REQUIRED = {
    "ed20-quiz": [
        "staff-door-no-warrant",
        "staff-door-judicial-warrant",
        "administrative-warrant",
        "city-property-enforcement",
        "caller-asks-patron-status",
    ],
    "so40-quiz": [
        "detainer-no-probable-cause",
        "task-force-287g",
        "criminal-task-force",
        "crime-victim-afraid",
    ],
    "data-quiz": [
        "citizenship-question-form",
        "agent-asks-address",
        "status-exchange-1373",
        "registry-religion",
    ],
}


def load():
    messages = []
    seed.run(password="unused-password", log=messages.append)
    return messages


def counts():
    return (
        Quiz.objects.count(),
        Question.objects.count(),
        Step.objects.count(),
        Choice.objects.count(),
    )


def test_seed_is_idempotent():
    messages = load()
    first = counts()
    assert first[0] == 3
    assert any("ed20-quiz" in m and "branching scenarios" in m for m in messages)
    load()
    assert counts() == first


def test_seed_never_overwrites_an_approved_edit():
    load()
    choice = Choice.objects.filter(question__quiz__slug="ed20-quiz").first()
    choice.feedback = "Reviewed and approved wording."
    choice.save()
    load()
    choice.refresh_from_db()
    assert choice.feedback == "Reviewed and approved wording."


def test_bank_has_the_required_scenarios_and_is_valid():
    load()
    assert Question.objects.filter(kind="scenario").count() >= 15
    for slug, required in REQUIRED.items():
        keys = [
            q["key"] for q in loader.read(loader.CONTENT / f"{slug}.yaml")["questions"]
        ]
        assert set(required) <= set(keys)
    for quiz in Quiz.objects.all():
        questions = selectors.quiz_questions(quiz)
        assert selectors.quiz_problems(questions) == []
        assert {q.kind for q in questions} == {"single", "multiple", "scenario"}
        for question in questions:
            if question.kind == "scenario":
                start = [c for c in question.choices.all() if c.step_key == "start"]
                assert any(c.is_correct for c in start)
                assert any(not c.is_correct for c in start)


def test_every_graded_choice_cites_a_part_in_force_and_no_draft():
    load()
    for choice in Choice.objects.prefetch_related("cites__document"):
        statuses = {part.document.status for part in choice.cites.all()}
        assert statuses == {SourceStatus.IN_FORCE}, (choice.text, statuses)
        assert choice.feedback.strip()
        assert choice.citation.startswith("Executive Directive 20, ")


def test_a_scenario_teaches_that_cooperation_is_allowed_for_another_purpose():
    load()
    task_force = Question.objects.get(
        uuid=seed._uuid("so40-quiz", "criminal-task-force")
    )
    right = task_force.choices.get(step_key="start", is_correct=True)
    assert right.text.startswith("Yes")
    assert "primary purpose" in right.feedback


def test_loader_reports_a_broken_file_with_its_line(tmp_path):
    seed.policy_seed.run(password="unused", log=lambda m: None)
    path = tmp_path / "broken.yaml"
    path.write_text(
        "slug: broken\n"
        "title: Broken\n"
        "questions:\n"
        "  - key: one\n"
        "    kind: single\n"
        "    prompt: Which?\n"
        "    choices:\n"
        "      - text: A\n"
        "        right: true\n"
        "        feedback: Because.\n"
        "        cites: ['ed20 / Section 4, Z']\n"
        "      - text: B\n"
        "        feedback: Because not.\n"
        "        cites: [council-resolution / Section 2C]\n"
    )
    with pytest.raises(ContentError) as error:
        loader.read(path)
    problems = error.value.problems
    assert any(
        p.endswith(
            ":11: “Section 4, Z” is not a part of “ed20” in the policy registry."
        )
        for p in problems
    ), problems
    assert any(":4: question “one”" in p and "not in force" in p for p in problems)


def test_loader_reports_invalid_yaml_with_its_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("slug: bad\ntitle: [unclosed\nquestions: []\n")
    with pytest.raises(ContentError) as error:
        loader.read(path, parts={})
    assert error.value.problems[0].startswith(f"{path}:")
    assert "not valid YAML" in error.value.problems[0]


def test_a_broken_file_stops_the_seed_before_any_quiz_is_written(tmp_path, monkeypatch):
    broken = tmp_path / "zz-broken.yaml"
    broken.write_text(
        "slug: zz\ntitle: Broken\nquestions:\n  - key: q\n    kind: odd\n"
    )
    files = [*loader.files(), broken]
    monkeypatch.setattr(loader, "files", lambda: files)
    with pytest.raises(ContentError) as error:
        load()
    assert any(
        "zz-broken.yaml:5: kind must be one of" in p for p in error.value.problems
    )
    assert Quiz.objects.count() == 0


SCENARIO_FILE = """\
slug: branching
title: Branching
draw_count: {draw_count}
questions:
  - key: door
    kind: scenario
    prompt: At the door
    situation: An agent is at the staff door.
    audience:
      departments: [{department}]
      job_classes: [Librarian]
    always_asked: true
    steps:
      - key: start
        text: What now?
        choices:
          - text: Decline and call your supervisor
            points: 1
            right: true
            to: report
            feedback: Right.
            cites: [ed20 / Keeping immigrant Angelenos safe]
          - text: Open the door
            feedback: Not right.
            cites: [ed20 / Keeping immigrant Angelenos safe]
      - key: report
        text: And then?
        choices:
          - text: Report it
            points: 1
            right: true
            feedback: Right.
            cites: [ed20 / Keeping immigrant Angelenos safe]
"""


def test_loader_leads_a_wrong_choice_on_and_reads_audience_and_draws(tmp_path):
    seed.policy_seed.run(password="unused", log=lambda m: None)
    DepartmentFactory(code="LAPL")
    path = tmp_path / "branching.yaml"
    path.write_text(SCENARIO_FILE.format(draw_count=2, department="LAPL"))
    spec = loader.read(path)
    assert spec["draw_count"] == 2
    question = spec["questions"][0]
    wrong = next(c for c in question["choices"] if not c["is_correct"])
    assert wrong["next_step_key"] == "report"
    assert [d.code for d in question["audience_departments"]] == ["LAPL"]
    assert question["audience_job_classes"] == "Librarian"
    assert question["always_asked"] is True


def test_loader_refuses_bad_settings_audience_and_scoring_keys(tmp_path):
    seed.policy_seed.run(password="unused", log=lambda m: None)
    path = tmp_path / "bad.yaml"
    text = SCENARIO_FILE.format(draw_count=-1, department="NOPE")
    path.write_text(
        text.replace("    always_asked", "    multiple_scoring: x\n    always_asked")
    )
    with pytest.raises(ContentError) as error:
        loader.read(path)
    problems = error.value.problems
    assert any(
        p.endswith(":3: draw_count: Ensure this value is greater than or equal to 0.")
        for p in problems
    ), problems
    assert any(":10: no department has the code “NOPE”" in p for p in problems), (
        problems
    )
    assert any(":12:" in p and "multiple_scoring" in p for p in problems), problems
