"""The one citation format and the checks every citing app shares.

Content files cite a part as ``<document slug> / <part key>``, e.g.
``ed20 / Keeping immigrant Angelenos safe`` or ``council-resolution /
Section 2A(1)``. In the database a citation is a reference to a
:class:`~lms.policy.models.SourcePart`, chosen in the admin, so it cannot name
a part that does not exist.
"""

import difflib
import html
import re

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from .models import SourcePart, SourceStatus

SEPARATOR = " / "

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})
_SPACE = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*")


class CitationError(ValueError):
    """A reference that names no part of the registry; the message says why."""


def resolve(reference: str, parts=None) -> SourcePart:
    """The part a reference names, or :class:`CitationError` saying what exists.

    ``parts`` may be a pre-loaded ``{(slug, key): part}`` map (a loader checks
    hundreds of references).
    """
    slug, sep, key = (reference or "").partition(SEPARATOR)
    slug, key = slug.strip(), key.strip()
    if not sep or not slug or not key:
        raise CitationError(
            _(
                "“%(ref)s” is not a citation: write “<document> / <part>”, "
                "e.g. “%(ex)s”."
            )
            % {"ref": reference, "ex": "ed20 / Keeping immigrant Angelenos safe"}
        )
    if parts is None:
        parts = registry_map()
    part = parts.get((slug, key))
    if part is not None:
        return part
    keys = [k for s, k in parts if s == slug]
    if not keys:
        documents = sorted({s for s, _k in parts})
        raise CitationError(
            _(
                "No source document “%(slug)s” in the policy registry "
                "(it has: %(docs)s)."
            )
            % {"slug": slug, "docs": ", ".join(documents) or "-"}
        )
    close = difflib.get_close_matches(key, keys, n=3, cutoff=0.5)
    hint = _(" Did you mean: %(close)s?") % {"close": "; ".join(close)} if close else ""
    raise CitationError(
        _("“%(key)s” is not a part of “%(slug)s” in the policy registry.%(hint)s")
        % {"key": key, "slug": slug, "hint": hint}
    )


def registry_map():
    return {
        (part.document.slug, part.key): part
        for part in SourcePart.objects.select_related("document")
    }


def normalise(text: str) -> str:
    """Text as compared for a verbatim quote: tags and entities removed,
    curly quotes straightened, runs of whitespace made one space."""
    text = html.unescape(strip_tags(text or ""))
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def quote_problem(quote: str, part: SourcePart) -> str | None:
    """Why ``quote`` is not the part's own words, or None if it is.

    A quote may leave words out with an ellipsis (…); each piece must then
    appear in the part, in order. Surrounding quotation marks are ignored.
    """
    source = normalise(part.text)
    quote = normalise(quote).strip('"')
    position = 0
    for piece in _ELLIPSIS.split(quote):
        piece = piece.strip(' "')
        if not piece:
            continue
        found = source.find(piece, position)
        if found < 0:
            return _(
                "This is not the exact wording of %(part)s: “%(piece)s” is not in "
                "its text. Quote the words exactly, or use a plain-words summary."
            ) % {"part": part.citation_text, "piece": piece[:120]}
        position = found + len(piece)
    return None


def status_problem(part: SourcePart, *, wanted: str) -> str | None:
    """Why ``part`` may not be cited where a source of status ``wanted`` is
    needed (a current rule needs one in force; a Council proposal a draft)."""
    if part.document.status == wanted:
        return None
    if wanted == SourceStatus.IN_FORCE:
        return _(
            "%(part)s is from a document that is not in force (%(status)s). A "
            "current rule or a graded answer must rest on a source in force; "
            "teach a draft in a Council proposal block."
        ) % {"part": part.citation_text, "status": part.document.get_status_display()}
    return _(
        "%(part)s is not from a draft (%(status)s); a Council proposal block cites "
        "a draft's provisions only."
    ) % {"part": part.citation_text, "status": part.document.get_status_display()}
