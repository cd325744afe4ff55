"""Whatever bytes arrive, the import never raises and is all or nothing."""

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from django.contrib.auth import get_user_model
from django.db import transaction

from lms.models import Employee
from lms.roster import COLUMNS, import_roster
from tests.lms.factories import DepartmentFactory, EmployeeFactory
from tests.lms.roster_utils import roster

pytestmark = pytest.mark.django_db
User = get_user_model()

SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# Any text a spreadsheet could hold (surrogates cannot be written as UTF-8).
any_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30)
numbers = st.sampled_from(["E1", "E2", "E3", "e1", "X9", ""])
# Each column is either a plausible value or arbitrary text, so some files are
# valid and some are wrong in every way the checks know of.
column_values = {
    "employee_number": numbers | any_text,
    "first_name": st.sampled_from(["Alex", "Sam"]) | any_text,
    "last_name": st.sampled_from(["Baker", "Ó Súilleabháin"]) | any_text,
    "work_email": st.sampled_from(["a@lacity.example", "b@x.org"]) | any_text,
    "department_code": st.sampled_from(["LAPL", "LAPD", "NOPE"]) | any_text,
    "manager_employee_number": numbers | any_text,
    "job_class": st.sampled_from(["", "Librarian"]) | any_text,
    "sworn": st.sampled_from(["true", "No", "1", "maybe"]) | any_text,
    "hire_date": st.sampled_from(["2020-01-06", "2020-02-30"]) | any_text,
}
rows = st.lists(st.fixed_dictionaries(column_values), min_size=0, max_size=6)
headers = st.permutations(COLUMNS) | st.lists(
    st.sampled_from([*COLUMNS, "extra"]), min_size=1, max_size=10
)


@pytest.fixture
def organisation():
    DepartmentFactory(code="LAPL", name="Library")
    DepartmentFactory(code="LAPD", name="Police")
    boss = EmployeeFactory(employee_number="X9")
    EmployeeFactory(employee_number="X8", manager=boss)


def state():
    return (
        list(Employee.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values()),
    )


def check_all_or_nothing(data, **options):
    """Import inside a savepoint that is rolled back, so examples stay independent."""
    with transaction.atomic():
        before = state()
        result = import_roster(data, **options)
        if result.ok:
            assert not result.dry_run or state() == before
        elif result.problems:
            assert state() == before
            assert result.problems == sorted(result.problems, key=lambda p: p.line)
            assert (result.created, result.updated, result.deactivated) == (0, 0, 0)
        else:  # refused by the deactivation guard: counted, not written
            assert result.refusal and state() == before
        transaction.set_rollback(True)
    return result


@SETTINGS
@given(
    header=headers,
    body=rows,
    bom=st.booleans(),
    dry_run=st.booleans(),
    deactivate=st.booleans(),
)
def test_random_rows_are_all_or_nothing(
    organisation, header, body, bom, dry_run, deactivate
):
    data = roster(*body, columns=header, bom=bom)
    options = {"dry_run": dry_run, "deactivate_missing": deactivate}
    with transaction.atomic():
        result = import_roster(data, **options)
        event("imported" if result.ok else "refused")
        if result.ok and not dry_run:
            numbers = {row["employee_number"].strip() for row in body}
            written = set(
                Employee.objects.filter(employee_number__in=numbers).values_list(
                    "employee_number", flat=True
                )
            )
            assert written == numbers
            assert result.created + result.updated + result.unchanged == len(body)
        transaction.set_rollback(True)
    check_all_or_nothing(data, **options)


@SETTINGS
@given(data=st.binary(max_size=300))
@example(data=b"\x00\n\x80")  # once reported its two problems out of order
def test_random_bytes_never_raise(organisation, data):
    check_all_or_nothing(data)


@SETTINGS
@given(body=rows, noise=st.binary(min_size=1, max_size=20), at=st.integers(0, 400))
def test_valid_looking_files_with_random_bytes_spliced_in(
    organisation, body, noise, at
):
    data = roster(*body)
    at = min(at, len(data))
    check_all_or_nothing(data[:at] + noise + data[at:])
