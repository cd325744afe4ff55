import pytest

from django.db import transaction

from lms.xapi import constants
from lms.xapi.models import Statement
from lms.xapi.outbox import record
from lms.xapi.pseudonym import pseudonym_for
from tests.lms.factories import EmployeeFactory
from tests.xapi.utils import EVENTS, REGISTRATION, WHEN, build_event

pytestmark = pytest.mark.django_db

COURSE_IRI = "https://training.example.test/xapi/course/ed20"


@pytest.mark.parametrize("name", sorted(EVENTS))
def test_record_saves_a_pending_row_with_what_admins_filter_on(name):
    employee = EmployeeFactory()
    statement = build_event(name, employee)

    row = record(statement, employee=employee)

    row.refresh_from_db()
    assert row.status == Statement.Status.PENDING
    assert str(row.id) == str(statement.id)
    assert row.employee == employee
    assert row.pseudonym == pseudonym_for(employee.employee_number)
    assert row.verb == statement.verb.id
    assert row.object_iri == statement.object.id
    assert row.timestamp == WHEN.replace(microsecond=123000)
    assert row.payload["id"] == str(statement.id)
    assert "version" not in row.payload
    assert row.attempts == 0 and row.next_attempt_at is not None


def test_course_iri_comes_from_the_object_parent_or_grouping():
    employee = EmployeeFactory()
    rows = {
        name: record(build_event(name, employee, n), employee=employee)
        for n, name in enumerate(sorted(EVENTS), start=1)
    }
    course_iris = {name: row.course_iri for name, row in rows.items()}
    assert course_iris == dict.fromkeys(EVENTS, COURSE_IRI)
    assert rows["question_answered"].registration == REGISTRATION


def test_record_is_idempotent_on_the_statement_id():
    employee = EmployeeFactory()
    first = record(build_event("course_launched", employee), employee=employee)
    again = record(build_event("course_launched", employee), employee=employee)
    assert again.pk == first.pk
    assert Statement.objects.count() == 1


def test_record_rolls_back_with_the_callers_transaction():
    employee = EmployeeFactory()

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        record(build_event("course_completed", employee), employee=employee)
        raise Boom

    assert not Statement.objects.exists()


def test_deleting_the_employee_keeps_the_statement():
    employee = EmployeeFactory()
    row = record(build_event("quiz_passed", employee), employee=employee)
    employee.delete()
    row.refresh_from_db()
    assert row.employee is None
    assert row.pseudonym
    assert row.verb == constants.PASSED


def test_str_names_pseudonym_verb_and_status():
    employee = EmployeeFactory()
    row = record(build_event("quiz_passed", employee), employee=employee)
    assert str(row).startswith(row.pseudonym + " passed https://")
    assert str(row).endswith("(Pending)")
