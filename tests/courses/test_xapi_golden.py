"""What production records in the xAPI outbox, event by event, compared with
golden files: a learner goes through a course over HTTP and the services
(launch, module, acknowledgement, a failed and a passed quiz, completion,
certificate, recertification), on a frozen clock and with fixed ids.

Regenerate after an intended change with
``XAPI_UPDATE_GOLDEN=1 pytest tests/courses/test_xapi_golden.py`` and review
the diff.
"""

import json
import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from django.urls import reverse

from courses.models import Assignment
from courses.services import certificates, progress
from lms import roles
from lms.xapi import constants
from lms.xapi.models import Statement
from quizzes.models import Answer, Attempt
from tests.courses.factories import AssignmentFactory, CoursePageFactory
from tests.lms.factories import make_user
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.utils import play

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"
START = datetime(2026, 3, 9, 16, 45, 30, 123000, tzinfo=UTC)
REGISTRATION = uuid.UUID("5f0c8a51-2a4e-4d36-9c1b-0d6f4a7b9e01")
QUIZ = uuid.UUID("0b6f8f9e-3c7d-4f0e-8a55-4c8f6c2d9a10")
QUESTION = uuid.UUID("7d1e5a2b-90f3-4b8c-a6e2-1f3b5c7d9e11")
NAMES = {
    constants.LAUNCHED: "course_launched",
    constants.ACKNOWLEDGED: "policy_acknowledged",
    constants.EXPERIENCED: "module_experienced",
    constants.FAILED: "quiz_failed",
    constants.PASSED: "quiz_passed",
    constants.COMPLETED: "course_completed",
    constants.EARNED: "certificate_issued",
    constants.ASSIGNED: "recertification_assigned",
}


@pytest.fixture
def journey(client):
    """Every statement of one learner's cycle and of its recertification."""
    with time_machine.travel(START, tick=False) as clock:
        learner = make_user(
            roles.LEARNER,
            employee_number="E000123",
            first_name="Ana",
            last_name="Reyes",
        )
        quiz = QuizFactory(
            slug="ed20-quiz", title="ED20 scenarios", uuid=QUIZ, pass_mark=100
        )
        QuestionFactory(
            quiz=quiz,
            uuid=QUESTION,
            prompt="A caller asks for a resident's address. What do you do?",
            choices__right="Refer the request to the records unit",
            choices__wrong=("Give the address",),
        )
        course = CoursePageFactory(
            slug="ed20",
            title="Executive Directive 20",
            summary="What ED20 asks of every City employee.",
            version_label="2",
            modules=1,
            quiz=quiz,
        )
        assignment = AssignmentFactory(
            employee=learner.employee, course=course, registration=REGISTRATION
        )
        client.force_login(learner)
        clock.shift(timedelta(minutes=1))
        assert client.get(course.url).status_code == 200
        clock.shift(timedelta(minutes=7))
        module = course.live_modules().get().specific
        progress.module_complete(
            assignment=assignment, module=module, acknowledged_ids=["ed20-m1-ack1"]
        )
        clock.shift(timedelta(minutes=2))
        attempts = []
        for right in (False, True):
            response = client.post(reverse("courses:quiz_start", args=[course.pk]))
            attempt = Attempt.objects.get(uuid=response.url.split("/")[-2])
            attempts.append(attempt)
            clock.shift(timedelta(seconds=42))
            play(client, attempt, right=right)
            clock.shift(timedelta(minutes=3))
        assignment.refresh_from_db()
        assert assignment.completed_at is not None
        # A year later the certificate has expired: a new cycle opens.
        clock.shift(timedelta(days=370))
        assert certificates.certificates_expire() == 1
    renewal = Assignment.objects.get(employee=learner.employee, active=True)
    return {
        "assignment": assignment,
        "attempts": attempts,
        "renewal": renewal,
        "rows": list(Statement.objects.order_by("timestamp", "verb")),
    }


def _named(journey):
    """Each row's payload by event name, with the ids chosen at random (the
    attempts', the answers', the renewal's registration) replaced by what
    they stand for, after checking that they are the event's own."""
    failed, passed = journey["attempts"]
    answers = {
        answer.attempt_id: answer
        for answer in Answer.objects.filter(attempt__in=[failed, passed])
    }
    renewal = journey["renewal"]
    placeholders = {
        str(failed.uuid): "<failed attempt>",
        str(passed.uuid): "<passed attempt>",
        str(renewal.registration): "<renewal registration>",
    }
    named = {}
    for row in journey["rows"]:
        if row.verb == constants.ANSWERED:
            answer = next(a for a in answers.values() if a.statement_id == row.id)
            right = "right" if answer.correct else "wrong"
            name, own_id = f"question_answered_{right}", answer.statement_id
        elif row.verb in (constants.FAILED, constants.PASSED):
            attempt = failed if row.verb == constants.FAILED else passed
            name, own_id = NAMES[row.verb], uuid.uuid5(attempt.uuid, "finished")
        elif row.verb == constants.ASSIGNED:
            name, own_id = NAMES[row.verb], uuid.uuid5(renewal.registration, "assigned")
        else:
            name, own_id = NAMES[row.verb], row.id
        assert row.id == own_id, name
        assert row.payload["id"] == str(row.id), name
        text = json.dumps(row.payload, sort_keys=True)
        if row.verb in (
            constants.ANSWERED,
            constants.FAILED,
            constants.PASSED,
            constants.ASSIGNED,
        ):
            text = text.replace(str(row.id), "<statement id>")
        for value, placeholder in placeholders.items():
            text = text.replace(value, placeholder)
        assert name not in named, name
        named[name] = json.loads(text)
    return named


def test_every_event_records_the_statement_in_its_golden_file(journey):
    named = _named(journey)
    assert set(named) == {
        *NAMES.values(),
        "question_answered_wrong",
        "question_answered_right",
    }
    for name, payload in named.items():
        golden = GOLDEN / f"{name}.json"
        if os.environ.get("XAPI_UPDATE_GOLDEN"):
            golden.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")
        assert payload == json.loads(golden.read_text()), name


def test_course_events_have_ids_fixed_by_the_event(journey):
    """Recording an event again keeps its one row: the id comes from the cycle."""
    assignment = journey["assignment"]
    ids = {row.verb: row.id for row in journey["rows"]}
    assert ids[constants.LAUNCHED] == uuid.uuid5(REGISTRATION, "launched")
    assert ids[constants.COMPLETED] == uuid.uuid5(REGISTRATION, "completed")
    assert ids[constants.EARNED] == uuid.uuid5(REGISTRATION, "certificate")
    count = Statement.objects.count()
    from courses import xapi

    xapi.record_course_launched(assignment, timestamp=START)
    xapi.record_course_completed(assignment, timestamp=START)
    xapi.record_certificate_issued(assignment.certificate, timestamp=START)
    assert Statement.objects.count() == count


def test_the_certificate_is_the_course_s_certificate_activity(journey):
    """The IRI production emits: the course's certificate, never the secret code."""
    (earned,) = [row for row in journey["rows"] if row.verb == constants.EARNED]
    assert (
        earned.object_iri
        == "https://training.example.test/xapi/course/ed20/certificate"
    )
    assert journey["assignment"].certificate.code not in json.dumps(earned.payload)
