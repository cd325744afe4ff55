"""Read the seeded courses in ``courses/content/*.yaml`` (one file per course).

:func:`read` returns a course spec or raises
:class:`~lms.content_files.ContentError` with every problem as
``file:line: problem``. Each module block is checked by the block's own
``clean`` (:mod:`courses.blocks`), the validation the page editor applies:
citations resolve in the policy registry, excerpts are the source's exact
words, current rules cite a source in force and Council proposals a draft.
The format is documented in ``courses/content/README.md``.
"""

from pathlib import Path

from django.core.exceptions import ValidationError

from lms.content_files import Problems, load
from lms.policy.citations import CitationError, registry_map, resolve
from lms.policy.models import SourceDocument

from .blocks import ModuleBodyBlock

CONTENT = Path(__file__).resolve().parent / "content"

_COURSE_KEYS = {
    "slug",
    "title",
    "summary",
    "audience",
    "estimated_minutes",
    "required_for_all",
    "departments",
    "days_to_complete",
    "quiz",
    "version_label",
    "sources",
    "modules",
}
_MODULE_KEYS = {"slug", "title", "introduction", "body"}
# Each block type: the keys a file may give it, and which of them is rich text
# written as HTML. "cite" is a "<document> / <part>" reference.
BLOCK_FIELDS = {
    "rich_text": {"html"},
    "summary": {"heading", "summary", "cite"},
    "policy_excerpt": {"heading", "quote", "cite"},
    "key_rule": {"rule", "cite"},
    "do_dont": {"do", "dont", "cite"},
    "script": {"situation", "script", "cite"},
    "council_proposal": {"heading", "summary", "cite"},
    "city_practice": {"kind", "heading", "body"},
    "acknowledgement": {"statement"},
}


def files():
    return sorted(CONTENT.glob("*.yaml"))


def read(path, parts=None):
    parts = registry_map() if parts is None else parts
    data = load(path)
    problems = Problems(path)
    problems.unknown_keys(data, _COURSE_KEYS)
    spec = {
        key: problems.require(data, key) for key in ("slug", "title", "summary", "quiz")
    }
    spec.update(
        audience=problems.optional(data, "audience", default=""),
        estimated_minutes=problems.optional(data, "estimated_minutes", int, 20),
        required_for_all=problems.optional(data, "required_for_all", bool, False),
        departments=problems.optional(data, "departments", list, []),
        days_to_complete=problems.optional(data, "days_to_complete", int, 30),
        version_label=str(problems.optional(data, "version_label", default="1.0")),
        sources=[],
        modules=[],
    )
    documents = dict(SourceDocument.objects.values_list("slug", "pk"))
    for node in problems.optional(data, "sources", list, []):
        slug = problems.require(node, "document")
        if slug is not None and slug not in documents:
            problems.add(node, f"no source document “{slug}” in the policy registry")
            continue
        spec["sources"].append(
            {"document": documents.get(slug), "note": problems.optional(node, "note")}
        )
    body_block = ModuleBodyBlock()
    for node in problems.require(data, "modules", list) or []:
        problems.unknown_keys(node, _MODULE_KEYS)
        module = {
            "slug": problems.require(node, "slug"),
            "title": problems.require(node, "title"),
            "introduction": problems.optional(node, "introduction", default=""),
            "body": [],
        }
        for block in problems.require(node, "body", list) or []:
            checked = _block(block, problems, parts, body_block)
            if checked is not None:
                module["body"].append(checked)
        spec["modules"].append(module)
    problems.raise_if_any()
    return spec


def _block(node, problems, parts, body_block):
    """``(type, raw value)`` of one block, checked by the block itself."""
    block_type = problems.require(node, "type")
    if block_type is None:
        return None
    if block_type not in BLOCK_FIELDS:
        known = ", ".join(BLOCK_FIELDS)
        problems.add(node, f"unknown block type “{block_type}” (known: {known})")
        return None
    problems.unknown_keys(node, BLOCK_FIELDS[block_type] | {"type"})
    raw = {key: node[key] for key in BLOCK_FIELDS[block_type] if key in node}
    if "cite" in raw:
        try:
            raw["cite"] = resolve(raw["cite"], parts).pk
        except CitationError as error:
            problems.add(node, str(error), "cite")
            return None
    if block_type == "rich_text":
        raw = raw.get("html", "")
    child = body_block.child_blocks[block_type]
    try:
        child.clean(child.to_python(raw))
    except ValidationError as error:
        for message in _messages(error):
            problems.add(node, f"{block_type}: {message}")
        return None
    return block_type, raw


def _messages(error):
    """Flat messages of a (possibly nested) block validation error."""
    block_errors = getattr(error, "block_errors", None)
    if block_errors:
        out = []
        for name, sub in block_errors.items():
            out += [f"{name}: {message}" for message in _messages(sub)]
        return out
    messages = getattr(error, "messages", None) or [str(error)]
    return [str(message) for message in messages]
