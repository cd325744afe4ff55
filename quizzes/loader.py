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
from lms.models import Department
from lms.policy.citations import CitationError, registry_map, resolve

from . import validation
from .models import FeedbackMode, QuestionKind, Quiz

CONTENT = Path(__file__).resolve().parent / "content"

_QUIZ_KEYS = {
    "slug",
    "title",
    "introduction",
    "feedback_mode",
    "shuffle_choices",
    "pass_mark",
    "attempts_allowed",
    "attempts_contact",
    "draw_count",
    "questions",
}
_QUESTION_KEYS = {
    "key",
    "kind",
    "prompt",
    "role",
    "situation",
    "audience",
    "always_asked",
    "steps",
    "choices",
}
_AUDIENCE_KEYS = {"departments", "job_classes"}
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
        "attempts_contact": problems.optional(data, "attempts_contact", default=""),
        "draw_count": problems.optional(data, "draw_count", int, 0),
        "questions": [],
    }
    settings = ("attempts_allowed", "attempts_contact", "draw_count")
    checked = {name: spec[name] for name in settings}
    for name, messages in validation.field_problems(Quiz, checked).items():
        for message in messages:
            problems.add(data, f"{name}: {message}", name)
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


def _departments(node, problems):
    """The departments named by code under ``audience: departments:``."""
    codes = problems.optional(node, "departments", list, []) or []
    found = Department.objects.in_bulk(
        [code for code in codes if isinstance(code, str)], field_name="code"
    )
    departments = []
    for index, code in enumerate(codes):
        if isinstance(code, str) and code in found:
            departments.append(found[code])
        else:
            problems.add(codes, f"no department has the code “{code}”", index)
    return departments


def _audience(node, problems):
    """Who the question is for: ``departments`` (codes) and ``job_classes``
    (exactly as in the HR roster); neither means everyone."""
    audience = problems.optional(node, "audience", dict, None)
    if audience is None:
        return [], ""
    problems.unknown_keys(audience, _AUDIENCE_KEYS)
    job_classes = problems.optional(audience, "job_classes", list, []) or []
    for index, job_class in enumerate(job_classes):
        if not isinstance(job_class, str) or not job_class.strip():
            problems.add(job_classes, "a job class must be a line of text", index)
    lines = "\n".join(j.strip() for j in job_classes if isinstance(j, str))
    return _departments(audience, problems), lines


def _leads_to(choices):
    """A wrong choice without ``to`` goes where its step's right choice goes, so
    a learner who errs sees its feedback and still meets the steps that follow."""
    onward = {}
    for choice in choices:
        if choice["is_correct"]:
            onward.setdefault(choice["step_key"], choice["next_step_key"])
    for choice in choices:
        if not choice["is_correct"] and not choice["next_step_key"]:
            choice["next_step_key"] = onward.get(choice["step_key"], "")


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
        "always_asked": problems.optional(node, "always_asked", bool, False),
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
        _leads_to(question["choices"])
    else:
        if "steps" in node:
            problems.add(node, "only branching scenarios have steps", "steps")
        for choice in problems.require(node, "choices", list) or []:
            question["choices"].append(_choice(choice, problems, parts, step_key=""))
    departments, job_classes = _audience(node, problems)
    question["audience_departments"] = departments
    question["audience_job_classes"] = job_classes
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
