"""A scenario as a map of steps and choices, for trainers (admin and preview).

Built from :func:`quizzes.grading.scenario_graph`, the reading the validator
uses, so the map marks exactly what the admin refuses: unreachable steps, dead
ends, steps without choices and choices leading to a step that does not exist.
Works on saved questions and on a revision's in-memory copy alike.
"""

from dataclasses import dataclass, field

from . import grading


@dataclass
class MapChoice:
    text: str
    is_correct: bool
    points: object
    leads_to: str  # a step key, or "" for an ending
    dead_end: bool = False
    broken: bool = False  # leads to a step that does not exist


@dataclass
class MapStep:
    key: str
    text: str
    is_start: bool
    reachable: bool
    choices: list[MapChoice] = field(default_factory=list)
    current: bool = False

    @property
    def no_choices(self):
        return not self.choices


@dataclass
class ScenarioMap:
    steps: list[MapStep]
    # Choices at a step that does not exist: shown apart, since no step has them.
    misplaced: list[MapChoice]

    @property
    def problem_count(self):
        return (
            sum(1 for s in self.steps if not s.reachable or s.no_choices)
            + sum(1 for s in self.steps for c in s.choices if c.dead_end or c.broken)
            + len(self.misplaced)
        )


def ordered(rows):
    return sorted(rows, key=lambda row: (row.sort_order is None, row.sort_order or 0))


def scenario_map(question, *, current_key: str = "") -> ScenarioMap | None:
    """The map of ``question``'s steps and choices, or None if not a scenario.

    ``current_key`` marks the step a preview is at.
    """
    if not question.is_scenario:
        return None
    steps = ordered(question.steps.all())
    choices = ordered(question.choices.all())
    graph = grading.scenario_graph([s.key for s in steps], choices)
    dead_ends = {id(c) for c in graph.dead_ends}
    broken = {id(c) for c in graph.broken}
    misplaced = {id(c) for c in graph.misplaced}

    def as_map(choice):
        return MapChoice(
            text=choice.text,
            is_correct=choice.is_correct,
            points=choice.points,
            leads_to=choice.next_step_key,
            dead_end=id(choice) in dead_ends,
            broken=id(choice) in broken,
        )

    return ScenarioMap(
        steps=[
            MapStep(
                key=step.key,
                text=step.text,
                is_start=index == 0,
                reachable=step.key in graph.reachable,
                choices=[as_map(c) for c in choices if c.step_key == step.key],
                current=step.key == current_key,
            )
            for index, step in enumerate(steps)
        ],
        misplaced=[as_map(c) for c in choices if id(c) in misplaced],
    )
