"""Scoring and scenario checks as pure functions: no database, HTTP or templates.

Every function takes plain objects with the attributes of
:class:`quizzes.models.Choice` (``uuid``, ``points``, ``is_correct``,
``step_key``, ``next_step_key``), so unsaved model instances or simple
namespaces both work, and the rules live in one place for the services, the
admin form and the seed.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ItemScore:
    points: Decimal
    max_points: Decimal
    correct: bool


def _d(value) -> Decimal:
    return Decimal(str(value))


def score_single(choices: Sequence, picked) -> ItemScore:
    """One choice picked: its points; the maximum is the best choice's points."""
    best = max((_d(c.points) for c in choices), default=Decimal(0))
    return ItemScore(_d(picked.points), max(best, Decimal(0)), bool(picked.is_correct))


def score_multiple(choices: Sequence, picked: Iterable) -> ItemScore:
    """Select all that apply: all or nothing.

    The maximum is the sum of the right choices' points, earned only for
    exactly the right set. Every "select all that apply" item asks for a
    complete answer (e.g. both exceptions of a rule), so half of it is not
    half right.
    """
    picked_ids = {c.uuid for c in picked}
    right_ids = {c.uuid for c in choices if c.is_correct}
    max_points = sum((_d(c.points) for c in choices if c.is_correct), Decimal(0))
    correct = picked_ids == right_ids
    return ItemScore(max_points if correct else Decimal(0), max_points, correct)


def score_item(kind: str, offered: Sequence, picked: Sequence) -> ItemScore:
    """One answer to a question of ``kind`` (or one scenario step)."""
    if kind == "multiple":
        return score_multiple(offered, picked)
    if kind == "single":
        return score_single(offered, picked[0])
    return score_step(offered, picked[0])


def choice_question_problems(kind: str, choices: Sequence) -> list[str]:
    """What is wrong with a single or multiple choice question."""
    problems = []
    if len(choices) < 2:
        problems.append(_("A question needs at least two choices."))
    if not any(c.is_correct for c in choices):
        problems.append(_("Mark at least one choice as the right answer."))
    if kind == "single" and sum(1 for c in choices if c.is_correct) > 1:
        problems.append(
            _("A single-choice question has one right answer; use multiple choice.")
        )
    for choice in choices:
        if choice.step_key or choice.next_step_key:
            problems.append(
                _(
                    "The choice “%(choice)s” names a step, but only branching "
                    "scenarios have steps."
                )
                % {"choice": short(choice.text)}
            )
    return problems


def score_step(choices: Sequence, picked) -> ItemScore:
    """One scenario step, scored on its own like a single choice question.

    ``choices`` are the step's choices. A scenario's points available are the
    sum of the maxima of the steps the learner went through, so a wrong turn
    costs that step's points and nothing more.
    """
    return score_single(choices, picked)


@dataclass(frozen=True)
class ScenarioGraph:
    """A scenario's steps and where their choices lead, with what is wrong.

    ``edges`` maps each step key to the keys its choices lead to ("" for an
    ending), in choice order. The lists of choices name the problems: at a step
    that does not exist (``misplaced``), leading to one that does not exist
    (``broken``, treated as an ending) and wrong choices that end the scenario
    where another choice of their step leads on (``dead_ends``).
    """

    step_keys: tuple[str, ...]
    edges: dict[str, list[str]]
    reachable: frozenset[str]
    misplaced: tuple
    broken: tuple
    dead_ends: tuple

    @property
    def start(self):
        return self.step_keys[0] if self.step_keys else None


def scenario_graph(step_keys: Sequence[str], choices: Sequence) -> ScenarioGraph:
    """The one reading of a scenario's structure: the validator, the admin's
    map and the trainer's preview all use it."""
    keys = set(step_keys)
    edges: dict[str, list[str]] = {key: [] for key in step_keys}
    misplaced, broken = [], []
    for choice in choices:
        if choice.step_key not in keys:
            misplaced.append(choice)
            continue
        if choice.next_step_key and choice.next_step_key not in keys:
            broken.append(choice)
            edges[choice.step_key].append("")
            continue
        edges[choice.step_key].append(choice.next_step_key)
    reachable, stack = set(), list(step_keys[:1])
    while stack:
        key = stack.pop()
        if key in reachable:
            continue
        reachable.add(key)
        stack.extend(n for n in edges.get(key, ()) if n)
    return ScenarioGraph(
        step_keys=tuple(step_keys),
        edges=edges,
        reachable=frozenset(reachable),
        misplaced=tuple(misplaced),
        broken=tuple(broken),
        dead_ends=tuple(_dead_ends(keys, choices)),
    )


def scenario_problems(step_keys: Sequence[str], choices: Sequence) -> list[str]:
    """What is wrong with a branching scenario, as messages naming the step.

    ``step_keys`` are in order (the first is the start). Refused: no steps,
    duplicate keys, a choice at or leading to a step that does not exist in this
    scenario, a step without choices, a wrong choice that ends the scenario
    where another choice of its step leads on (a dead end: the learner who errs
    would miss the teaching that follows), a step that cannot be reached from
    the start, and a loop (the scenario must always come to an end).
    """
    problems = []
    if not step_keys:
        return [_("A branching scenario needs at least one step.")]
    seen = set()
    for key in step_keys:
        if key in seen:
            problems.append(_("Two steps share the key “%(key)s”.") % {"key": key})
        seen.add(key)
    graph = scenario_graph(step_keys, choices)
    for choice in graph.misplaced:
        problems.append(
            _(
                "The choice “%(choice)s” is at step “%(key)s”, which is not a "
                "step of this scenario."
            )
            % {"choice": short(choice.text), "key": choice.step_key or "-"}
        )
    for choice in graph.broken:
        problems.append(
            _(
                "The choice “%(choice)s” leads to step “%(key)s”, which is not "
                "a step of this scenario."
            )
            % {"choice": short(choice.text), "key": choice.next_step_key}
        )
    for key in step_keys:
        if not graph.edges[key]:
            problems.append(_("Step “%(key)s” has no choices.") % {"key": key})
    problems += [
        _(
            "The wrong choice “%(choice)s” at step “%(key)s” ends the scenario "
            "while another choice there leads on. Make it lead on to a step too, "
            "so a learner who errs still sees the rest with its feedback."
        )
        % {"choice": short(choice.text), "key": choice.step_key}
        for choice in graph.dead_ends
    ]
    for key in step_keys:
        if key not in graph.reachable:
            problems.append(
                _("Step “%(key)s” cannot be reached from the start step “%(start)s”.")
                % {"key": key, "start": graph.start}
            )
    loop = _find_loop(step_keys, graph.edges)
    if loop:
        problems.append(
            _("The steps loop: %(path)s. Every path must reach an ending.")
            % {"path": " → ".join(loop)}
        )
    return problems


def _dead_ends(keys, choices):
    """Wrong choices that end the scenario at a step where another leads on."""
    leads_on = {c.step_key for c in choices if c.step_key in keys and c.next_step_key}
    return [
        choice
        for choice in choices
        if choice.step_key in leads_on
        and not choice.is_correct
        and not choice.next_step_key
    ]


def short(text, length=40):
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _find_loop(step_keys, edges):
    """A list of keys forming a cycle, or None (iterative depth-first search)."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(step_keys, white)
    for root in step_keys:
        if colour[root] != white:
            continue
        path = [root]
        colour[root] = grey
        iterators = [iter(edges[root])]
        while iterators:
            nxt = next(iterators[-1], None)
            if nxt is None:
                colour[path.pop()] = black
                iterators.pop()
                continue
            if not nxt or nxt not in colour:
                continue
            if colour[nxt] == grey:
                return path[path.index(nxt) :] + [nxt]
            if colour[nxt] == white:
                colour[nxt] = grey
                path.append(nxt)
                iterators.append(iter(edges[nxt]))
    return None


def item_max_points(kind, choices: Sequence) -> Decimal:
    """The points one answer can earn: ``choices`` are those offered.

    For a scenario step (``kind`` "scenario") or a single choice question, the
    best choice's points; for multiple choice, the right choices' together.
    """
    if kind == "multiple":
        return score_multiple(choices, []).max_points
    return max((_d(c.points) for c in choices), default=Decimal(0)).max(Decimal(0))


def percent(points, max_points) -> Decimal:
    """Score as a percentage with two decimals; an empty quiz scores 100."""
    points, max_points = _d(points), _d(max_points)
    if max_points <= 0:
        return Decimal(100)
    value = max(Decimal(0), min(Decimal(100), points * 100 / max_points))
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


def passed(score_percent, pass_mark) -> bool:
    return _d(score_percent) >= _d(pass_mark)
