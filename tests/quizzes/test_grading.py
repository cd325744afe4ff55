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


def test_multiple_choice_is_all_or_nothing():
    def score(*ids):
        picked = [c for c in MULTI if c.uuid in ids]
        return grading.score_multiple(MULTI, picked)

    assert score("a", "b") == grading.ItemScore(Decimal(2), Decimal(2), True)
    # Half the answer, or the whole answer and a wrong one, earns nothing.
    assert score("a") == grading.ItemScore(Decimal(0), Decimal(2), False)
    assert score("a", "b", "c").points == 0
    assert score().points == 0


@given(st.sets(st.sampled_from("abcd")))
def test_multiple_choice_earns_all_only_for_exactly_the_right_set(ids):
    picked = [c for c in MULTI if c.uuid in ids]
    score = grading.score_multiple(MULTI, picked)
    assert score.correct == (ids == {"a", "b"})
    assert score.points == (score.max_points if score.correct else 0)


# start -> (a: 2 pts, right, to mid) | (b: 0, wrong, to mid)
# mid   -> (c: 2 pts, right, ending) | (d: 0, wrong, to last)
# last  -> (e: 1 pt, right, ending) | (f: 0, wrong, ending)
BRANCHING = [
    ch("a", 2, True, "start", "mid"),
    ch("b", 0, False, "start", "mid"),
    ch("c", 2, True, "mid"),
    ch("d", 0, False, "mid", "last"),
    ch("e", 1, True, "last"),
    ch("f", 0, False, "last"),
]
KEYS = ["start", "mid", "last"]


def at(step):
    return [c for c in BRANCHING if c.step_key == step]


def test_each_step_is_scored_on_its_own():
    # Wrong at the start, then right: the second step's points still count,
    # out of the two steps' maxima along the path taken.
    path = [BRANCHING[1], BRANCHING[2]]
    scores = [grading.score_step(at(c.step_key), c) for c in path]
    assert [(s.points, s.max_points, s.correct) for s in scores] == [
        (0, 2, False),
        (2, 2, True),
    ]
    # A wrong turn into a further step adds that step's points to earn.
    path = [BRANCHING[0], BRANCHING[3], BRANCHING[4]]
    scores = [grading.score_step(at(c.step_key), c) for c in path]
    assert sum(s.points for s in scores) == 3
    assert sum(s.max_points for s in scores) == 5
    assert grading.item_max_points("scenario", at("mid")) == 2
    assert grading.item_max_points("multiple", MULTI) == 2


def test_valid_scenario_has_no_problems():
    assert grading.scenario_problems(KEYS, BRANCHING) == []


def test_a_wrong_choice_that_ends_the_scenario_early_is_named():
    choices = [
        *BRANCHING[:1],
        ch("b", 0, False, "start", text="Open up"),
        *BRANCHING[2:],
    ]
    assert grading.scenario_problems(KEYS, choices) == [
        "The wrong choice “Open up” at step “start” ends the scenario while "
        "another choice there leads on. Make it lead on to a step too, so a "
        "learner who errs still sees the rest with its feedback."
    ]


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
    """Random scenarios: steps only lead forward, so no loops."""
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
                    correct=draw(st.booleans()),
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
def test_in_a_valid_scenario_no_wrong_choice_cuts_the_path_short(scenario):
    """A scenario passes the checks only if, on every path, a wrong choice that
    ends it is at a step where every choice ends it."""
    keys, choices = scenario
    dead_end = any(
        not last.is_correct
        and any(c.next_step_key for c in choices if c.step_key == last.step_key)
        for *_, last in all_paths(keys, choices)
    )
    problems = grading.scenario_problems(keys, choices)
    flagged = any("ends the scenario while" in p for p in problems)
    # (Flagged without a path: a dead end at a step that cannot be reached.)
    assert flagged or not dead_end
    assert grading._find_loop(keys, _edges(choices, keys)) is None


def _edges(choices, keys):
    edges = {key: [] for key in keys}
    for choice in choices:
        edges[choice.step_key].append(choice.next_step_key)
    return edges


def test_the_scenario_graph_is_what_the_checks_and_the_map_read():
    choices = [
        ch("a", 2, True, step="start", to="next"),
        ch("b", 0, False, step="start"),  # a dead end: "a" leads on
        ch("c", 1, True, step="next", to="nowhere"),  # no such step
        ch("d", 0, False, step="orphan"),
        ch("e", 0, False, step="gone"),  # at no step
    ]
    graph = grading.scenario_graph(["start", "next", "orphan"], choices)
    assert graph.start == "start"
    assert graph.edges == {"start": ["next", ""], "next": [""], "orphan": [""]}
    assert graph.reachable == {"start", "next"}
    assert [c.uuid for c in graph.dead_ends] == ["b"]
    assert [c.uuid for c in graph.broken] == ["c"]
    assert [c.uuid for c in graph.misplaced] == ["e"]
    problems = grading.scenario_problems(["start", "next", "orphan"], choices)
    assert len(problems) == 4
    assert any("“orphan” cannot be reached" in p for p in problems)
