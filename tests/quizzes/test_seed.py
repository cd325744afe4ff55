"""The scenario bank: complete, valid, cited, and idempotent to load."""

import re

import pytest

from quizzes import seed, selectors
from quizzes.models import Choice, Question, Quiz, Step

pytestmark = pytest.mark.django_db

REQUIRED = {
    "ed20-quiz": [
        "staff-door-no-warrant",
        "staff-door-judicial-warrant",
        "city-property-enforcement",
        "caller-asks-patron-status",
    ],
    "so40-quiz": [
        "detainer-no-probable-cause",
        "task-force-287g",
        "crime-victim-afraid",
    ],
    "data-quiz": [
        "citizenship-question-form",
        "agent-asks-address",
        "status-exchange-1373",
        "registry-religion",
    ],
}
CITATION = re.compile(
    r"^(Executive Directive 20, (preamble: |“)"
    r"|City Council resolution \(draft\), Section [1-4]([A-C](\(\d\))?)?)"
)


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


def test_bank_has_the_required_scenarios_and_is_valid():
    load()
    scenarios = Question.objects.filter(kind="scenario")
    assert scenarios.count() >= 15
    keys = {
        spec["slug"]: [q["key"] for q in spec["questions"]] for spec in seed.QUIZZES
    }
    for slug, required in REQUIRED.items():
        assert set(required) <= set(keys[slug])
    for quiz in Quiz.objects.all():
        questions = selectors.quiz_questions(quiz)
        assert selectors.quiz_problems(questions) == []
        kinds = {q.kind for q in questions}
        assert kinds == {"single", "multiple", "scenario"}
        for question in questions:
            if question.kind == "scenario":
                # A right path and at least one wrong turn at the start.
                start = [c for c in question.choices.all() if c.step_key == "start"]
                assert any(c.is_correct for c in start)
                assert any(not c.is_correct for c in start)


def test_every_choice_cites_a_document_and_section():
    load()
    for choice in Choice.objects.all():
        assert CITATION.match(choice.citation), choice.citation
        assert choice.feedback.strip()
    # The status-exchange scenario teaches the Section 2C nuance, not a blanket rule.
    exchange = Question.objects.get(prompt__startswith="Exchanging status")
    citations = set(exchange.choices.values_list("citation", flat=True))
    assert seed.RES_2C in citations
    assert seed.ED20_DATA_COLLECT in citations


def walk(question, *, right):
    """The steps met by a learner who always picks right (or always wrong)."""
    steps = {s.key: s for s in question.steps.all()}
    key, met = next(iter(steps)), []
    while key:
        met.append(key)
        at_step = [c for c in question.choices.all() if c.step_key == key]
        picked = next(c for c in at_step if c.is_correct == right)
        key = picked.next_step_key
    return met


def test_every_scenario_step_is_reachable_and_every_wrong_path_continues():
    load()
    scenarios = Question.objects.filter(kind="scenario").prefetch_related(
        "steps", "choices"
    )
    for question in scenarios:
        keys = [s.key for s in question.steps.all()]
        reached, todo = set(), [keys[0]]
        while todo:
            key = todo.pop()
            reached.add(key)
            todo += [
                c.next_step_key
                for c in question.choices.all()
                if c.step_key == key and c.next_step_key not in reached | {""}
            ]
        assert reached == set(keys), question.prompt
        for choice in question.choices.all():
            leads_on = any(
                c.next_step_key
                for c in question.choices.all()
                if c.step_key == choice.step_key
            )
            if leads_on:
                assert choice.next_step_key, (question.prompt, choice.text)
        # The learner who always errs meets as many steps as the one who never does.
        assert len(walk(question, right=False)) == len(walk(question, right=True))


def items_whose_longest_choice_is_right():
    """(items whose strictly longest choice is a right one, all items).

    An item is a single or multiple choice question or a scenario step: what a
    learner chooses among at once.
    """
    items = {}
    for choice in Choice.objects.all():
        items.setdefault((choice.question_id, choice.step_key), []).append(choice)
    longest_right = 0
    for choices in items.values():
        lengths = sorted((len(c.text) for c in choices), reverse=True)
        longest = max(choices, key=lambda c: len(c.text))
        if longest.is_correct and (len(lengths) == 1 or lengths[0] > lengths[1]):
            longest_right += 1
    return longest_right, len(items)


def test_the_right_choice_is_not_reliably_the_longest(request, record_property, capsys):
    load()
    longest_right, total = items_whose_longest_choice_is_right()
    share = longest_right / total
    record_property("longest_right_share", round(share, 3))
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    with capsys.disabled():
        reporter.write_line(
            f"\nSeeded bank: the right choice is the longest in {longest_right} of "
            f"{total} items ({share:.0%})."
        )
    # A test-wise learner who picks the longest choice must not pass.
    assert share < 1 / 3, f"{longest_right} of {total} items ({share:.0%})"
