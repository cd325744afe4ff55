"""The synthetic City generator, on a small run."""

import io

import pytest

from django.core.management import CommandError, call_command

from courses.models import Assignment
from lms.models import Employee
from lms.xapi.models import Statement
from quizzes.models import Answer, Attempt

pytestmark = pytest.mark.django_db


def test_a_small_city_has_people_in_every_state_and_the_statements_asked_for():
    out = io.StringIO()
    call_command("generate_city_data", employees=300, statements=2_500, stdout=out)
    synthetic = Employee.objects.filter(employee_number__startswith="SYN")
    assert synthetic.count() == 300
    assert synthetic.values("department").distinct().count() >= 40
    police = synthetic.filter(department__code="LAPD").count()
    assert 55 <= police <= 75  # about 13,000 of 60,000
    assignments = Assignment.objects.filter(employee__in=synthetic)
    assert assignments.filter(completed_at__isnull=False).exists()
    assert assignments.filter(completed_at__isnull=True, launched_at__isnull=False)
    assert assignments.filter(launched_at__isnull=True).exists()
    # Every completion has a passed attempt in its cycle.
    completed = assignments.filter(completed_at__isnull=False)
    passed = set(
        Attempt.objects.filter(passed=True).values_list("registration", flat=True)
    )
    assert set(completed.values_list("registration", flat=True)) <= passed
    assert Answer.objects.filter(attempt__employee__in=synthetic).exists()
    assert Statement.objects.count() == 2_500
    statement = Statement.objects.first()
    assert statement.payload["actor"]["account"]["name"] == statement.pseudonym
    assert "statements: 2,500 / 2,500" in out.getvalue()

    with pytest.raises(CommandError, match="already exists"):
        call_command("generate_city_data", employees=10, statements=0, stdout=out)


def test_nonsense_sizes_are_refused():
    with pytest.raises(CommandError, match="at least"):
        call_command("generate_city_data", employees=0, stdout=io.StringIO())
