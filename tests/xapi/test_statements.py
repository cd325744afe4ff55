import json
import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aniso8601
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from lms.xapi import constants, statements
from lms.xapi.pseudonym import pseudonym_for
from tests.xapi.utils import (
    COURSE,
    EVENTS,
    IN_COURSE,
    IN_QUIZ,
    QUESTION,
    QUIZ,
    build_event,
    sample_employee,
)

GOLDEN = Path(__file__).parent / "golden"


def _payload(name):
    return statements.to_payload(build_event(name, sample_employee()))


@pytest.mark.parametrize("name", sorted(EVENTS))
def test_builder_output_matches_its_golden_file(name):
    payload = _payload(name)
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("XAPI_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")
    assert payload == json.loads(golden.read_text())


@pytest.mark.parametrize("name", sorted(EVENTS))
def test_payload_has_no_version_and_no_empty_members(name):
    payload = _payload(name)
    assert "version" not in payload

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                assert item not in (None, "", [], {}), key
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(payload)


@pytest.mark.parametrize("name", sorted(EVENTS))
def test_actor_is_a_pseudonymous_account(name):
    employee = sample_employee()
    text = json.dumps(_payload(name))
    assert employee.employee_number not in text
    assert employee.first_name not in text
    assert employee.last_name not in text
    assert _payload(name)["actor"] == {
        "objectType": "Agent",
        "account": {
            "homePage": "https://training.example.test",
            "name": pseudonym_for("E000123"),
        },
    }


def test_pseudonym_depends_on_the_key_read_at_call_time(settings):
    first = pseudonym_for("E000123")
    assert len(first) == 32
    assert pseudonym_for("E000124") != first
    settings.XAPI_PSEUDONYM_KEY = "another-key"
    assert pseudonym_for("E000123") != first


def test_empty_pseudonym_key_is_refused(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.XAPI_PSEUDONYM_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="XAPI_PSEUDONYM_KEY"):
        pseudonym_for("E000123")


def test_activity_iris_follow_the_activity_base_setting(settings):
    settings.XAPI_ACTIVITY_BASE = "https://lms.example.org/x/"
    payload = statements.to_payload(
        statements.course_launched(
            employee=sample_employee(), course=COURSE, context=IN_COURSE
        )
    )
    assert payload["object"]["id"] == "https://lms.example.org/x/course/ed20"
    assert payload["context"]["extensions"] == {
        "https://lms.example.org/x/extensions/course-version": "2"
    }


def test_id_and_timestamp_default_to_a_new_uuid_and_now():
    before = datetime.now(UTC) - timedelta(seconds=1)
    one = statements.to_payload(
        statements.course_launched(
            employee=sample_employee(), course=COURSE, context=IN_COURSE
        )
    )
    two = statements.to_payload(
        statements.course_launched(
            employee=sample_employee(), course=COURSE, context=IN_COURSE
        )
    )
    assert one["id"] != two["id"]
    assert uuid.UUID(one["id"]).version == 4
    stamp = datetime.fromisoformat(one["timestamp"])
    assert before <= stamp <= datetime.now(UTC)
    assert one["timestamp"].endswith("Z") and len(one["timestamp"]) == 24


def test_timestamp_is_converted_to_utc_with_milliseconds():
    from zoneinfo import ZoneInfo

    los_angeles = ZoneInfo("America/Los_Angeles")
    local = datetime(2026, 3, 9, 9, 0, 0, 987654, tzinfo=los_angeles)
    payload = statements.to_payload(
        statements.course_launched(
            employee=sample_employee(),
            course=COURSE,
            context=IN_COURSE,
            timestamp=local,
        )
    )
    assert payload["timestamp"] == "2026-03-09T16:00:00.987Z"


def test_naive_timestamp_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        statements.course_launched(
            employee=sample_employee(),
            course=COURSE,
            context=IN_COURSE,
            timestamp=datetime(2026, 3, 9, 9, 0),
        )


def test_failed_quiz_has_verb_failed_and_scaled_score():
    payload = _payload("quiz_failed")
    assert payload["verb"]["id"] == constants.FAILED
    assert payload["result"]["score"]["scaled"] == 0.4
    assert payload["result"]["success"] is False


def test_score_scaled_uses_the_minimum():
    payload = statements.to_payload(
        statements.quiz_finished(
            employee=sample_employee(),
            quiz=QUIZ,
            passed=True,
            score_raw=7,
            score_min=2,
            score_max=12,
            context=IN_COURSE,
        )
    )
    assert payload["result"]["score"]["scaled"] == 0.5


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        (timedelta(0), "PT0S"),
        (timedelta(seconds=42.5), "PT42.5S"),
        (timedelta(minutes=12, seconds=3), "PT12M3S"),
        (timedelta(hours=26, seconds=0.25), "PT26H0.25S"),
    ],
)
def test_iso_duration(duration, expected):
    assert statements.iso_duration(duration) == expected


# No deadline: the machine is shared, and a slow example is not a wrong one.
@hypothesis_settings(deadline=None)
@given(
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)).map(
        lambda value: timedelta(milliseconds=round(value.total_seconds() * 100) * 10)
    )
)
def test_iso_duration_round_trips_to_the_hundredth(duration):
    text = statements.iso_duration(duration)
    assert aniso8601.parse_duration(text) == duration


@hypothesis_settings(deadline=None)
@given(st.lists(st.sampled_from(["verify", "refer", "share"]), min_size=1, unique=True))
def test_response_lists_the_chosen_ids_in_order(chosen):
    payload = statements.to_payload(
        statements.question_answered(
            employee=sample_employee(),
            interaction=QUESTION,
            response=chosen,
            success=False,
            context=IN_QUIZ,
        )
    )
    assert payload["result"]["response"].split("[,]") == chosen
