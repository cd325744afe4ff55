"""One builder per learning event, each returning a ``tincan.Statement``.

CONTRACT (callers in quizzes/ and courses/ rely on these signatures):
every builder is keyword-only, takes the ``lms.models.Employee`` who acted
(the actor becomes a pseudonymous account, never a name, email or employee
number), plain activity descriptions from :mod:`lms.xapi.activities`, and
optional ``statement_id`` (UUID) and ``timestamp`` (aware datetime), which
default to a new UUID and now. Persist the result with
:func:`lms.xapi.outbox.record` inside the caller's transaction.

:func:`to_payload` turns a built statement into the exact JSON the outbox
stores and the forwarder sends.
"""

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID

import tincan

from django.conf import settings
from django.utils import timezone

from . import constants
from .activities import Activity, Context, Interaction
from .pseudonym import actor_account

RESPONSE_SEPARATOR = "[,]"


# --- Pieces -----------------------------------------------------------------
def _language_map(text):
    return tincan.LanguageMap({constants.LANGUAGE: text})


def _actor(employee):
    account = actor_account(employee)
    return tincan.Agent(
        object_type="Agent",
        account=tincan.AgentAccount(
            home_page=account["homePage"], name=account["name"]
        ),
    )


def _verb(verb_iri):
    return tincan.Verb(
        id=verb_iri, display=_language_map(constants.VERB_DISPLAY[verb_iri])
    )


def _definition(activity: Activity, **extra):
    definition = tincan.ActivityDefinition(
        name=_language_map(activity.name), type=activity.type, **extra
    )
    if activity.description:
        definition.description = _language_map(activity.description)
    return definition


def _activity(activity: Activity):
    return tincan.Activity(
        object_type="Activity", id=activity.iri, definition=_definition(activity)
    )


def _interaction_activity(interaction: Interaction):
    definition = _definition(
        interaction.activity,
        interaction_type=interaction.interaction_type,
        correct_responses_pattern=[
            RESPONSE_SEPARATOR.join(interaction.correct_responses)
        ],
        choices=tincan.InteractionComponentList(
            tincan.InteractionComponent(id=choice_id, description=_language_map(text))
            for choice_id, text in interaction.choices
        ),
    )
    return tincan.Activity(
        object_type="Activity", id=interaction.activity.iri, definition=definition
    )


def _context(context: Context):
    built = tincan.Context(platform=settings.XAPI_PLATFORM, language=constants.LANGUAGE)
    if context.registration is not None:
        built.registration = context.registration
    activities = tincan.ContextActivities()
    if context.parent is not None:
        activities.parent = tincan.ActivityList([_activity(context.parent)])
    if context.grouping:
        activities.grouping = tincan.ActivityList(
            _activity(activity) for activity in context.grouping
        )
    if activities.parent or activities.grouping:
        built.context_activities = activities
    if context.course_version:
        built.extensions = tincan.Extensions(
            {constants.course_version_extension(): context.course_version}
        )
    return built


def _timestamp(timestamp):
    """UTC, cut to the milliseconds xAPI LRSs keep."""
    moment = timestamp or timezone.now()
    if timezone.is_naive(moment):
        raise ValueError("xAPI timestamps must be timezone-aware.")
    moment = moment.astimezone(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _score(*, raw, minimum, maximum):
    span = maximum - minimum
    scaled = (raw - minimum) / span if span > 0 else 0
    return tincan.Score(
        raw=_number(raw),
        min=_number(minimum),
        max=_number(maximum),
        scaled=round(float(scaled), 4),
    )


def _number(value):
    """Whole numbers as int, so 3.0 serialises as 3."""
    if isinstance(value, Decimal):
        value = float(value)
    return int(value) if float(value).is_integer() else value


def _build(
    *,
    employee,
    verb,
    obj,
    context: Context,
    statement_id,
    timestamp,
    result=None,
):
    statement = tincan.Statement(
        id=statement_id or uuid.uuid4(),
        actor=_actor(employee),
        verb=_verb(verb),
        object=obj,
        context=_context(context),
        timestamp=_timestamp(timestamp),
    )
    if result is not None:
        statement.result = result
    return statement


# --- Serialisation ----------------------------------------------------------
def iso_duration(value: timedelta) -> str:
    """An ISO 8601 duration with at most hundredths of a second, e.g. PT1M5.25S."""
    hundredths = round(value.total_seconds() * 100)
    hours, rest = divmod(hundredths, 360000)
    minutes, rest = divmod(rest, 6000)
    seconds = Decimal(rest) / 100
    text = "PT"
    if hours:
        text += f"{hours}H"
    if minutes:
        text += f"{minutes}M"
    if seconds or text == "PT":
        text += f"{seconds.normalize():f}S"
    return text


def _iso_timestamp(value: datetime) -> str:
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _prune(value):
    """Drop null and empty members, which some LRSs reject."""
    if isinstance(value, dict):
        pruned = {key: _prune(item) for key, item in value.items()}
        return {
            key: item for key, item in pruned.items() if item not in (None, "", [], {})
        }
    if isinstance(value, list):
        return [_prune(item) for item in value]
    return value


def to_payload(statement: tincan.Statement) -> dict:
    """The statement as the JSON object stored in the outbox and sent to the LRS.

    tincan adds ``version``; the LRS sets it, so it is dropped. Timestamps are
    written in UTC with milliseconds and durations in ISO 8601.
    """
    payload = statement.as_version()
    payload.pop("version", None)
    payload["timestamp"] = _iso_timestamp(statement.timestamp)
    if statement.result is not None and statement.result.duration is not None:
        payload["result"]["duration"] = iso_duration(statement.result.duration)
    return _prune(payload)


# --- Builders ---------------------------------------------------------------
def course_launched(
    *,
    employee,
    course: Activity,
    context: Context,
    statement_id: UUID | None = None,
    timestamp: datetime | None = None,
):
    return _build(
        employee=employee,
        verb=constants.LAUNCHED,
        obj=_activity(course),
        context=context,
        statement_id=statement_id,
        timestamp=timestamp,
    )


def module_experienced(
    *,
    employee,
    module: Activity,
    context: Context,
    statement_id: UUID | None = None,
    timestamp: datetime | None = None,
):
    return _build(
        employee=employee,
        verb=constants.EXPERIENCED,
        obj=_activity(module),
        context=context,
        statement_id=statement_id,
        timestamp=timestamp,
    )


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
    result = tincan.Result(success=success, response=RESPONSE_SEPARATOR.join(response))
    if duration is not None:
        result.duration = duration
    return _build(
        employee=employee,
        verb=constants.ANSWERED,
        obj=_interaction_activity(interaction),
        context=context,
        statement_id=statement_id,
        timestamp=timestamp,
        result=result,
    )


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
    result = tincan.Result(
        score=_score(raw=score_raw, minimum=score_min, maximum=score_max),
        success=passed,
        completion=True,
    )
    if duration is not None:
        result.duration = duration
    return _build(
        employee=employee,
        verb=constants.PASSED if passed else constants.FAILED,
        obj=_activity(quiz),
        context=context,
        statement_id=statement_id,
        timestamp=timestamp,
        result=result,
    )


def course_completed(
    *,
    employee,
    course: Activity,
    context: Context,
    duration: timedelta | None = None,
    statement_id: UUID | None = None,
    timestamp: datetime | None = None,
):
    result = tincan.Result(completion=True)
    if duration is not None:
        result.duration = duration
    return _build(
        employee=employee,
        verb=constants.COMPLETED,
        obj=_activity(course),
        context=context,
        statement_id=statement_id,
        timestamp=timestamp,
        result=result,
    )


def policy_acknowledged(
    *,
    employee,
    acknowledgement: Activity,
    context: Context,
    statement_id: UUID | None = None,
    timestamp: datetime | None = None,
):
    return _build(
        employee=employee,
        verb=constants.ACKNOWLEDGED,
        obj=_activity(acknowledgement),
        context=context,
        statement_id=statement_id,
        timestamp=timestamp,
    )


def certificate_issued(
    *,
    employee,
    certificate: Activity,
    context: Context,
    statement_id: UUID | None = None,
    timestamp: datetime | None = None,
):
    return _build(
        employee=employee,
        verb=constants.EARNED,
        obj=_activity(certificate),
        context=context,
        statement_id=statement_id,
        timestamp=timestamp,
    )


def recertification_assigned(
    *,
    employee,
    course: Activity,
    context: Context,
    statement_id: UUID | None = None,
    timestamp: datetime | None = None,
):
    return _build(
        employee=employee,
        verb=constants.ASSIGNED,
        obj=_activity(course),
        context=context,
        statement_id=statement_id,
        timestamp=timestamp,
    )


def session_attended(
    *,
    employee,
    session: Activity,
    attended_fully: bool,
    context: Context,
    statement_id: UUID | None = None,
    timestamp: datetime | None = None,
):
    """An in-person session attended; ``completion`` says whether in full (a
    partial attendance is attended but does not complete the course)."""
    return _build(
        employee=employee,
        verb=constants.ATTENDED,
        obj=_activity(session),
        context=context,
        statement_id=statement_id,
        timestamp=timestamp,
        result=tincan.Result(completion=attended_fully),
    )
