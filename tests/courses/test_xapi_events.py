"""Course events land in the xAPI outbox with slug-based IRIs and the cycle."""

import pytest

from django.core.exceptions import ValidationError

from courses.models import Assignment
from courses.services import progress
from lms import roles
from lms.xapi import constants
from lms.xapi.models import Statement
from tests.courses.factories import CoursePageFactory, modules_of
from tests.lms.factories import make_user

pytestmark = pytest.mark.django_db

BASE = "https://training.example.test/xapi"


def test_statements_carry_paths_registration_grouping_and_version():
    learner = make_user(roles.LEARNER)
    course = CoursePageFactory(
        slug="evt", modules=1, required_for_all=True, version_label="2.1"
    )
    (module,) = modules_of(course)
    assignment = Assignment.objects.get(employee=learner.employee, course=course)

    progress.module_complete(
        assignment=assignment, module=module, acknowledged_ids=["evt-m1-ack1"]
    )

    rows = {row.verb: row for row in Statement.objects.all()}
    assert set(rows) == {
        constants.LAUNCHED,
        constants.ACKNOWLEDGED,
        constants.EXPERIENCED,
        constants.COMPLETED,  # no quiz, one module: done
        constants.EARNED,  # the certificate comes with the completion
    }
    assert rows[constants.LAUNCHED].object_iri == f"{BASE}/course/evt"
    assert rows[constants.EXPERIENCED].object_iri == f"{BASE}/course/evt/module/m1"
    assert rows[constants.ACKNOWLEDGED].object_iri == (
        f"{BASE}/course/evt/module/m1/acknowledgement/evt-m1-ack1"
    )
    for row in rows.values():
        context = row.payload["context"]
        assert context["registration"] == str(assignment.registration)
        grouping = context["contextActivities"]["grouping"]
        assert [activity["id"] for activity in grouping] == [f"{BASE}/course/evt"]
        assert "2.1" in str(context.get("extensions", {}))
        assert row.payload["actor"]["account"]["name"] != learner.username


def test_refused_module_completion_records_nothing():
    learner = make_user(roles.LEARNER)
    course = CoursePageFactory(
        slug="quiet", modules=1, acks_per_module=2, required_for_all=True
    )
    (module,) = modules_of(course)
    assignment = Assignment.objects.get(employee=learner.employee, course=course)
    with pytest.raises(ValidationError) as error:
        progress.module_complete(
            assignment=assignment, module=module, acknowledged_ids=["quiet-m1-ack1"]
        )
    assert error.value.messages == [
        "Please tick: I have read and understood part 2 of module 1."
    ]
    assert not Statement.objects.exists()
    assert not assignment.acknowledgements.exists()
