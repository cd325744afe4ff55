"""Plain descriptions of xAPI activities and context, free of any model.

The xAPI package sits on the lowest floor, so it cannot import courses or
quizzes. Callers describe their objects with these dataclasses instead.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings


@dataclass(frozen=True)
class Activity:
    """An xAPI activity.

    ``path`` is built from slugs or UUIDs, never database ids, e.g.
    ``"course/ed20"``, ``"course/ed20/module/what-the-directive-says"``,
    ``"quiz/3f0c…"``, ``"quiz/3f0c…/question/9ab1…"``.
    """

    path: str
    name: str
    type: str  # an activity type IRI from lms.xapi.constants
    description: str = ""

    @property
    def iri(self):
        return f"{settings.XAPI_ACTIVITY_BASE.rstrip('/')}/{self.path.strip('/')}"


@dataclass(frozen=True)
class Interaction:
    """A question or scenario step as a cmi.interaction activity."""

    activity: Activity
    interaction_type: str  # "choice" for single and multiple choice and steps
    choices: Sequence[tuple[str, str]]  # (choice id, choice text) in display order
    correct_responses: Sequence[str]  # ids of the right choice(s)


@dataclass(frozen=True)
class Context:
    """What surrounds an event: the assignment cycle and the activity tree."""

    registration: uuid.UUID | None = None
    parent: Activity | None = None
    grouping: tuple[Activity, ...] = field(default_factory=tuple)
    course_version: str = ""
