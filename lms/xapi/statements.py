"""One builder per learning event, each returning a ``tincan.Statement``.

CONTRACT (callers in quizzes/ and courses/ rely on these signatures):
every builder is keyword-only, takes the ``lms.models.Employee`` who acted
(the actor becomes a pseudonymous account, never a name, email or employee
number), plain activity descriptions from :mod:`lms.xapi.activities`, and
optional ``statement_id`` (UUID) and ``timestamp`` (aware datetime), which
default to a new UUID and now. Persist the result with
:func:`lms.xapi.outbox.record` inside the caller's transaction.
"""

from datetime import datetime, timedelta
from uuid import UUID

from .activities import Activity, Context, Interaction


def course_launched(
    *,
    employee,
    course: Activity,
    context: Context,
    statement_id: UUID | None = None,
    timestamp: datetime | None = None,
):
    raise NotImplementedError


def module_experienced(
    *,
    employee,
    module: Activity,
    context: Context,
    statement_id: UUID | None = None,
    timestamp: datetime | None = None,
):
    raise NotImplementedError


def question_answered(
    *,
    employee,
    interaction: Interaction,
    response: list[str],
    success: bool,
    context: Context,
    duration: timedelta | None = None,
    statement_id: UUID | None = None,
    timestamp: datetime | None = None,
):
    """A question or scenario step answered; ``response`` holds choice ids."""
    raise NotImplementedError


def quiz_finished(
    *,
    employee,
    quiz: Activity,
    passed: bool,
    score_raw: float,
    score_max: float,
    context: Context,
    score_min: float = 0,
    duration: timedelta | None = None,
    statement_id: UUID | None = None,
    timestamp: datetime | None = None,
):
    """Verb ``passed`` or ``failed``; the scaled score is raw / max."""
    raise NotImplementedError


def course_completed(
    *,
    employee,
    course: Activity,
    context: Context,
    duration: timedelta | None = None,
    statement_id: UUID | None = None,
    timestamp: datetime | None = None,
):
    raise NotImplementedError


def policy_acknowledged(
    *,
    employee,
    acknowledgement: Activity,
    context: Context,
    statement_id: UUID | None = None,
    timestamp: datetime | None = None,
):
    raise NotImplementedError


def certificate_issued(
    *,
    employee,
    certificate: Activity,
    context: Context,
    statement_id: UUID | None = None,
    timestamp: datetime | None = None,
):
    raise NotImplementedError


def recertification_assigned(
    *,
    employee,
    course: Activity,
    context: Context,
    statement_id: UUID | None = None,
    timestamp: datetime | None = None,
):
    raise NotImplementedError
