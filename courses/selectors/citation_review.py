"""What to review after a policy source changed: every module block and quiz
choice that cites a part whose document's status, or whose own text, changed
after that content was last approved (published)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from lms.policy.models import SourcePart
from quizzes.models import Choice

from ..blocks import cited_parts
from ..models import CoursePage, ModulePage


@dataclass
class ReviewItem:
    kind: str  # "module block" or "quiz choice"
    where: str
    text: str
    part: SourcePart
    change: str
    changed_at: datetime
    edit_url: str
    courses: list = field(default_factory=list)


def changed_parts() -> dict[int, tuple[datetime, str]]:
    """Parts whose text or document status ever changed: (when, what), by id."""
    changed = {}
    parts = SourcePart.objects.select_related("document").filter(
        Q(changed_at__isnull=False) | Q(document__status_changed_at__isnull=False)
    )
    for part in parts:
        events = []
        if part.changed_at:
            events.append((part.changed_at, _("text changed")))
        if part.document.status_changed_at:
            events.append(
                (
                    part.document.status_changed_at,
                    _("document now %(status)s")
                    % {"status": part.document.get_status_display().lower()},
                )
            )
        changed[part.pk] = max(events, key=lambda event: event[0])
    return changed


def _unreviewed(reviewed_at, changed_at):
    return reviewed_at is None or reviewed_at < changed_at


def citations_to_review() -> list[ReviewItem]:
    from django.urls import reverse

    changed = changed_parts()
    if not changed:
        return []
    items = []
    modules = ModulePage.objects.live().specific().order_by("path")
    courses = {course.path: course for course in CoursePage.objects.all()}
    for module in modules:
        course = courses.get(module.path[: -ModulePage.steplen])
        for block, part in cited_parts(module.body):
            if part.pk not in changed:
                continue
            changed_at, change = changed[part.pk]
            if not _unreviewed(module.last_published_at, changed_at):
                continue
            items.append(
                ReviewItem(
                    kind=_("module block"),
                    where=f"{course.title if course else ''} › {module.title}",
                    text=str(block.block.label),
                    part=part,
                    change=change,
                    changed_at=changed_at,
                    edit_url=reverse("wagtailadmin_pages:edit", args=[module.pk]),
                    courses=[course] if course else [],
                )
            )
    choices = (
        Choice.objects.filter(cites__in=list(changed))
        .select_related("question__quiz")
        .prefetch_related("cites__document")
        .distinct()
        .order_by("question__quiz__title", "question__sort_order", "sort_order")
    )
    by_quiz = {}
    for course in CoursePage.objects.filter(quiz__isnull=False):
        by_quiz.setdefault(course.quiz_id, []).append(course)
    for choice in choices:
        question = choice.question
        for part in choice.cites.all():
            if part.pk not in changed:
                continue
            changed_at, change = changed[part.pk]
            if not _unreviewed(question.last_published_at, changed_at):
                continue
            items.append(
                ReviewItem(
                    kind=_("quiz choice"),
                    where=f"{question.quiz.title} › {question.prompt[:80]}",
                    text=choice.text[:120],
                    part=part,
                    change=change,
                    changed_at=changed_at,
                    edit_url=reverse(
                        "wagtailsnippets_quizzes_question:edit", args=[question.pk]
                    ),
                    courses=by_quiz.get(question.quiz_id, []),
                )
            )
    return sorted(items, key=lambda item: item.changed_at, reverse=True)
