"""The synthetic City generator (bench/synthetic), on a small run."""

import pytest

from django.utils import timezone

from bench.synthetic.__main__ import main
from courses.models import Assignment
from courses.status import Status
from courses.xapi import course_activity
from lms.models import Employee
from lms.xapi import constants
from lms.xapi.models import Statement
from quizzes.models import Answer, Attempt

pytestmark = pytest.mark.django_db


def test_a_small_city_has_people_in_every_state_and_the_statements_asked_for():
    lines = []
    main(["--employees=300", "--statements=2500"], log=lines.append)
    synthetic = Employee.objects.filter(employee_number__startswith="SYN")
    assert synthetic.count() == 300
    assert synthetic.values("department").distinct().count() >= 40
    police = synthetic.filter(department__code="LAPD").count()
    assert 55 <= police <= 75  # about 13,000 of 60,000
    assignments = Assignment.objects.filter(employee__in=synthetic)
    assert assignments.filter(completed_at__isnull=False).exists()
    assert assignments.filter(completed_at__isnull=True, launched_at__isnull=False)
    assert assignments.filter(launched_at__isnull=True).exists()
    # Every completion has a passed attempt in its cycle, and its due-again
    # date as the completion service stores it.
    completed = assignments.filter(completed_at__isnull=False)
    passed = set(
        Attempt.objects.filter(passed=True).values_list("registration", flat=True)
    )
    assert set(completed.values_list("registration", flat=True)) <= passed
    assert not completed.filter(recertify_on__isnull=True).exists()
    statuses = set(
        assignments.with_status(timezone.localdate()).values_list("status", flat=True)
    )
    assert {Status.COMPLETED, Status.OVERDUE, Status.IN_PROGRESS} <= statuses
    assert Answer.objects.filter(attempt__employee__in=synthetic).exists()
    assert Statement.objects.count() == 2_500
    assert "xAPI statements: 2,500 / 2,500" in "\n".join(lines)


def test_statements_are_the_ones_the_lms_records():
    main(["--employees=60", "--statements=400"], log=lambda line: None)
    verbs = set(Statement.objects.values_list("verb", flat=True))
    assert verbs == {
        constants.LAUNCHED,
        constants.EXPERIENCED,
        constants.ANSWERED,
        constants.ACKNOWLEDGED,
        constants.PASSED,
        constants.FAILED,
        constants.COMPLETED,
    }
    for statement in Statement.objects.select_related("employee"):
        payload = statement.payload
        assert payload["id"] == str(statement.id)
        assert payload["actor"]["account"]["name"] == statement.pseudonym
        assert payload["verb"]["id"] == statement.verb
        assert payload["object"]["id"] == statement.object_iri
        assert payload["context"]["registration"] == str(statement.registration)
        assignment = Assignment.objects.get(registration=statement.registration)
        assert assignment.employee_id == statement.employee_id
        assert statement.course_iri == course_activity(assignment.course).iri
        assert payload["timestamp"].endswith("Z")


def test_a_second_city_needs_reset(capsys):
    main(["--employees=10", "--statements=0"], log=lambda line: None)
    with pytest.raises(SystemExit):
        main(["--employees=10", "--statements=0"], log=lambda line: None)
    assert "already exists" in capsys.readouterr().err


def test_nonsense_sizes_are_refused(capsys):
    with pytest.raises(SystemExit):
        main(["--employees=0"], log=lambda line: None)
    assert "at least" in capsys.readouterr().err
