"""Scoring and scenario checks, pure: no database."""

from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from quizzes import grading


def ch(uid, points=0, correct=False, step="", to="", text=None):
    return SimpleNamespace(
        uuid=uid,
        points=points,
        is_correct=correct,
        step_key=step,
        next_step_key=to,
        text=text or f"choice {uid}",
    )


SINGLE = [ch("a", 1, True), ch("b", 0), ch("c", 0)]
MULTI = [ch("a", 1, True), ch("b", 1, True), ch("c", 0), ch("d", 0)]


def test_single_choice_right_and_wrong():
    right = grading.score_single(SINGLE, SINGLE[0])
    wrong = grading.score_single(SINGLE, SINGLE[1])
    assert (right.points, right.max_points, right.correct) == (1, 1, True)
    assert (wrong.points, wrong.max_points, wrong.correct) == (0, 1, False)


def test_multiple_partial_credit_subtracts_wrong_picks():
    def score(*ids):
        picked = [c for c in MULTI if c.uuid in ids]
        return grading.score_multiple(MULTI, picked, grading.PARTIAL)

    assert score("a", "b") == grading.ItemScore(Decimal(2), Decimal(2), True)
    assert score("a").points == Decimal("1.00")
    assert score("a").correct is False
    assert score("a", "b", "c").points == Decimal("1.00")
    assert score("a", "c").points == Decimal("0.00")
    # More wrong than right picks never goes below zero.
    assert score("a", "c", "d").points == Decimal("0.00")
    assert score().points == Decimal("0.00")


def test_multiple_all_or_nothing():
    def score(*ids):
        picked = [c for c in MULTI if c.uuid in ids]
        return grading.score_multiple(MULTI, picked, grading.ALL_OR_NOTHING)

    assert score("a", "b").points == 2
    assert score("a").points == 0
    assert score("a", "b", "c").points == 0


@given(st.sets(st.sampled_from("abcd")))
def test_partial_credit_stays_between_zero_and_max(ids):
    picked = [c for c in MULTI if c.uuid in ids]
    score = grading.score_multiple(MULTI, picked, grading.PARTIAL)
    assert 0 <= score.points <= score.max_points
    assert score.correct == (ids == {"a", "b"})


# start -> (a: 1 pt, to mid) | (b: 3 pts, ending)
# mid   -> (c: 5 pts, ending) | (d: 0, to last)
# last  -> (e: 1 pt, ending)
BRANCHING = [
    ch("a", 1, True, "start", "mid"),
    ch("b", 3, False, "start"),
    ch("c", 5, True, "mid"),
    ch("d", 0, False, "mid", "last"),
    ch("e", 1, True, "last"),
]
KEYS = ["start", "mid", "last"]


def test_scenario_max_is_the_best_path():
    # a + c = 6 beats b = 3 and a + d + e = 2.
    assert grading.scenario_max_points(KEYS, BRANCHING) == 6


def test_scenario_path_points_add_up():
    path = [BRANCHING[0], BRANCHING[3], BRANCHING[4]]
    assert sum(grading.score_step(c).points for c in path) == 2
    assert [grading.score_step(c).correct for c in path] == [True, False, True]


def test_valid_scenario_has_no_problems():
    assert grading.scenario_problems(KEYS, BRANCHING) == []


def test_unreachable_step_is_named():
    choices = [*BRANCHING, ch("z", 0, False, "orphan")]
    problems = grading.scenario_problems([*KEYS, "orphan"], choices)
    assert problems == ["Step “orphan” cannot be reached from the start step “start”."]


def test_loop_is_refused():
    choices = [ch("a", 1, True, "start", "mid"), ch("b", 0, False, "mid", "start")]
    problems = grading.scenario_problems(["start", "mid"], choices)
    assert any("loop" in p and "start → mid → start" in p for p in problems)


def test_step_without_choices_is_named():
    problems = grading.scenario_problems(
        ["start", "mid"], [ch("a", 1, True, "start", "mid")]
    )
    assert problems == ["Step “mid” has no choices."]


def test_choice_pointing_outside_the_scenario_is_named():
    problems = grading.scenario_problems(
        ["start"],
        [ch("a", 1, True, "start", "elsewhere", text="Go on")],
    )
    assert problems == [
        "The choice “Go on” leads to step “elsewhere”, which is not a step of "
        "this scenario."
    ]


def test_duplicate_and_missing_steps():
    assert grading.scenario_problems([], []) == [
        "A branching scenario needs at least one step."
    ]
    problems = grading.scenario_problems(["s", "s"], [ch("a", 1, True, "s")])
    assert "Two steps share the key “s”." in problems


def test_choice_question_problems():
    assert grading.choice_question_problems("single", SINGLE) == []
    assert grading.choice_question_problems("single", [ch("a", 1, True)]) == [
        "A question needs at least two choices."
    ]
    two_right = [ch("a", 1, True), ch("b", 1, True)]
    assert grading.choice_question_problems("single", two_right) == [
        "A single-choice question has one right answer; use multiple choice."
    ]
    assert grading.choice_question_problems("multiple", two_right) == []


def test_percent_and_pass_mark():
    assert grading.percent(8, 10) == Decimal("80.00")
    assert grading.passed(grading.percent(8, 10), 80)
    assert not grading.passed(grading.percent(Decimal("7.99"), 10), 80)
    assert grading.percent(0, 0) == 100
    assert grading.percent(2, 3) == Decimal("66.67")


@st.composite
def acyclic_scenarios(draw):
    """Random valid scenarios: steps only lead forward, so no loops."""
    size = draw(st.integers(min_value=1, max_value=6))
    keys = [f"s{i}" for i in range(size)]
    choices = []
    for index, key in enumerate(keys):
        for n in range(draw(st.integers(min_value=1, max_value=3))):
            later = keys[index + 1 :]
            target = draw(st.sampled_from(["", *later])) if later else ""
            choices.append(
                ch(
                    f"{key}-{n}",
                    draw(st.integers(min_value=-2, max_value=5)),
                    step=key,
                    to=target,
                )
            )
    return keys, choices


def all_paths(keys, choices, key=None):
    key = key or keys[0]
    for choice in (c for c in choices if c.step_key == key):
        if not choice.next_step_key:
            yield [choice]
        else:
            for rest in all_paths(keys, choices, choice.next_step_key):
                yield [choice, *rest]


@given(acyclic_scenarios())
def test_best_path_matches_brute_force(scenario):
    keys, choices = scenario
    best = max(sum(c.points for c in path) for path in all_paths(keys, choices))
    assert grading.scenario_max_points(keys, choices) == best
    assert grading._find_loop(keys, _edges(choices, keys)) is None


def _edges(choices, keys):
    edges = {key: [] for key in keys}
    for choice in choices:
        edges[choice.step_key].append(choice.next_step_key)
    return edges
