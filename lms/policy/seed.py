"""Seed the policy registry from ``content/*.yaml``, loaded by ``bootstrap_demo``.

Idempotent and additive: a document is found by slug and a part by its key,
and only what is missing is created. What exists is never overwritten, so an
administrator's correction of a text or change of status survives a re-run.
"""

import datetime
from pathlib import Path

from django.db import transaction

from lms.content_files import Problems, load

from .models import SourceDocument, SourcePart, SourceStatus

CONTENT = Path(__file__).resolve().parent / "content"
_DOCUMENT_KEYS = {
    "slug",
    "title",
    "short_name",
    "issuer",
    "issued_on",
    "status",
    "handling_note",
    "superseded_by",
    "parts",
}
_PART_KEYS = {"key", "heading", "text"}


def read(path):
    """The document spec in ``path``; :class:`ContentError` lists every problem."""
    data = load(path)
    problems = Problems(path)
    problems.unknown_keys(data, _DOCUMENT_KEYS)
    spec = {
        key: problems.require(data, key)
        for key in ("slug", "title", "short_name", "issuer", "status")
    }
    spec["handling_note"] = problems.optional(data, "handling_note", default="")
    spec["superseded_by"] = problems.optional(data, "superseded_by", default="")
    if spec["status"] and spec["status"] not in SourceStatus.values:
        problems.add(
            data,
            f"status must be one of {', '.join(SourceStatus.values)}",
            "status",
        )
    issued = problems.optional(data, "issued_on", (str, datetime.date))
    spec["issued_on"] = None
    if isinstance(issued, datetime.date):
        spec["issued_on"] = issued
    elif issued:
        try:
            spec["issued_on"] = datetime.date.fromisoformat(issued)
        except ValueError:
            problems.add(data, "issued_on must be a date, e.g. 2017-03-21", "issued_on")
    spec["parts"] = []
    parts = problems.require(data, "parts", list) or []
    seen = set()
    for index, node in enumerate(parts):
        problems.unknown_keys(node, _PART_KEYS)
        key = problems.require(node, "key")
        text = problems.require(node, "text")
        if key in seen:
            problems.add(parts, f"two parts share the key “{key}”", index)
        seen.add(key)
        spec["parts"].append(
            {
                "key": key,
                "is_heading": bool(problems.optional(node, "heading", bool, False)),
                "text": text,
            }
        )
    problems.raise_if_any()
    return spec


def files():
    return sorted(CONTENT.glob("*.yaml"))


@transaction.atomic
def seed_document(spec):
    document, created = SourceDocument.objects.get_or_create(
        slug=spec["slug"],
        defaults={
            key: spec[key]
            for key in (
                "title",
                "short_name",
                "issuer",
                "issued_on",
                "status",
                "handling_note",
            )
        },
    )
    existing = set(document.parts.values_list("key", flat=True))
    added = 0
    for order, part in enumerate(spec["parts"]):
        if part["key"] in existing:
            continue
        SourcePart.objects.create(document=document, sort_order=order, **part)
        added += 1
    return document, created, added


def run(*, password, log):
    specs = [read(path) for path in files()]
    for spec in specs:
        document, created, added = seed_document(spec)
        log(
            f"Source {document.slug}: {'created' if created else 'kept'}, "
            f"{added} parts added, status {document.get_status_display()}"
        )
    for spec in specs:
        if spec["superseded_by"]:
            SourceDocument.objects.filter(
                slug=spec["slug"], superseded_by__isnull=True
            ).update(
                superseded_by=SourceDocument.objects.filter(
                    slug=spec["superseded_by"]
                ).first()
            )
