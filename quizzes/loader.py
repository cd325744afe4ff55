"""Read the scenario banks in ``quizzes/content/*.yaml`` (one file per quiz).

:func:`read` returns a quiz spec or raises
:class:`~lms.content_files.ContentError` with every problem as
``file:line: problem``. Each question is checked by
:func:`quizzes.validation.question_problems`, the validator the admin form
uses, after its citations are resolved in the policy registry. The format is
documented in ``quizzes/content/README.md``.
"""

from pathlib import Path
from types import SimpleNamespace

from lms.content_files import Problems, load
from lms.policy.citations import CitationError, registry_map, resolve

from . import validation
from .models import FeedbackMode, QuestionKind

CONTENT = Path(__file__).resolve().parent / "content"

_QUIZ_KEYS = {
    "slug",
    "title",
    "introduction",
    "feedback_mode",
    "shuffle_choices",
    "pass_mark",
    "attempts_allowed",
    "draw_count",
    "questions",
}
# Keys passed to the model as they are, if the model has such a field; so a
# file can carry settings that only some versions of the quiz model know.
PASS_THROUGH = {"quiz": ("draw_count",), "question": ("audience", "multiple_scoring")}
_QUESTION_KEYS = {"key", "kind", "prompt", "role", "situation", "steps", "choices"}
_QUESTION_KEYS |= set(PASS_THROUGH["question"])
_STEP_KEYS = {"key", "text", "choices"}
_CHOICE_KEYS = {"text", "points", "right", "to", "feedback", "cites"}


def files():
    return sorted(CONTENT.glob("*.yaml"))


def read(path, parts=None):
    """The quiz in ``path`` as a spec dict, every citation resolved."""
    parts = registry_map() if parts is None else parts
    data = load(path)
    problems = Problems(path)
    problems.unknown_keys(data, _QUIZ_KEYS)
    spec = {
        "slug": problems.require(data, "slug"),
        "title": problems.require(data, "title"),
        "introduction": problems.optional(data, "introduction", default=""),
        "feedback_mode": problems.optional(
            data, "feedback_mode", default=FeedbackMode.AFTER_EACH
        ),
        "shuffle_choices": problems.optional(data, "shuffle_choices", bool, False),
        "pass_mark": problems.optional(data, "pass_mark", int, 80),
        "attempts_allowed": problems.optional(data, "attempts_allowed", int, 0),
        "extra": _pass_through(data, "quiz", problems),
        "questions": [],
    }
    if spec["feedback_mode"] not in FeedbackMode.values:
        problems.add(
            data,
            f"feedback_mode must be one of {', '.join(FeedbackMode.values)}",
            "feedback_mode",
        )
    if not 0 <= spec["pass_mark"] <= 100:
        problems.add(data, "pass_mark must be from 0 to 100", "pass_mark")
    questions = problems.require(data, "questions", list) or []
    keys = set()
    for node in questions:
        question = _question(node, problems, parts)
        if question is None:
            continue
        if question["key"] in keys:
            problems.add(node, f"two questions share the key “{question['key']}”")
        keys.add(question["key"])
        spec["questions"].append(question)
    problems.raise_if_any()
    return spec


def _pass_through(node, level, problems):
    return {
        key: node[key]
        for key in PASS_THROUGH[level]
        if isinstance(node, dict) and key in node
    }


def _question(node, problems, parts):
    problems.unknown_keys(node, _QUESTION_KEYS)
    key = problems.require(node, "key")
    kind = problems.require(node, "kind")
    prompt = problems.require(node, "prompt")
    if kind is not None and kind not in QuestionKind.values:
        problems.add(
            node, f"kind must be one of {', '.join(QuestionKind.values)}", "kind"
        )
        return None
    if key is None or kind is None or prompt is None:
        return None
    question = {
        "key": key,
        "kind": kind,
        "prompt": prompt,
        "role": problems.optional(node, "role", default=""),
        "situation": problems.optional(node, "situation", default=""),
        "extra": _pass_through(node, "question", problems),
        "steps": [],
        "choices": [],
    }
    if kind == QuestionKind.SCENARIO:
        if not question["situation"]:
            problems.add(node, "a branching scenario needs its “situation”")
        for step in problems.require(node, "steps", list) or []:
            problems.unknown_keys(step, _STEP_KEYS)
            step_key = problems.require(step, "key")
            text = problems.require(step, "text")
            question["steps"].append({"key": step_key or "", "text": text or ""})
            for choice in problems.require(step, "choices", list) or []:
                question["choices"].append(
                    _choice(choice, problems, parts, step_key=step_key or "")
                )
    else:
        if "steps" in node:
            problems.add(node, "only branching scenarios have steps", "steps")
        for choice in problems.require(node, "choices", list) or []:
            question["choices"].append(_choice(choice, problems, parts, step_key=""))
    rows = [SimpleNamespace(uuid=i, **row) for i, row in enumerate(question["choices"])]
    for problem in validation.question_problems(
        kind=kind, step_keys=[s["key"] for s in question["steps"]], choices=rows
    ):
        problems.add(node, f"question “{key}”: {problem}")
    return question


def _choice(node, problems, parts, *, step_key):
    problems.unknown_keys(node, _CHOICE_KEYS)
    cites = []
    references = problems.require(node, "cites", list) or []
    for index, reference in enumerate(references):
        try:
            cites.append(resolve(reference, parts))
        except CitationError as error:
            problems.add(references, str(error), index)
    return {
        "text": problems.require(node, "text") or "",
        "points": problems.optional(node, "points", int, 0),
        "is_correct": problems.optional(node, "right", bool, False),
        "feedback": problems.require(node, "feedback") or "",
        "step_key": step_key,
        "next_step_key": problems.optional(node, "to", default=""),
        "cites": cites,
    }
