"""The roster import service: every kind of bad file, and the upsert."""

from datetime import date

import pytest

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms import demo_data
from lms.models import Employee
from lms.roster import COLUMNS, import_roster
from lms.signals import roster_imported
from tests.lms.factories import DepartmentFactory, EmployeeFactory, UserFactory
from tests.lms.roster_utils import person, raw_roster, roster

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def departments():
    return {
        "LAPL": DepartmentFactory(code="LAPL", name="Library"),
        "LAPD": DepartmentFactory(code="LAPD", name="Police"),
    }


def counts():
    return Employee.objects.count(), User.objects.count()


def snapshot():
    return (
        list(Employee.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values()),
    )


def refused(data, **options):
    """Import a bad file; assert it wrote nothing; return the problem strings."""
    # Someone already on the roster, so an update would show too.
    EmployeeFactory(employee_number="K1")
    before, before_counts = snapshot(), counts()
    result = import_roster(data, **options)
    assert not result.ok
    assert counts() == before_counts
    assert snapshot() == before
    assert (result.created, result.updated, result.deactivated) == (0, 0, 0)
    return [str(problem) for problem in result.problems]


# --- One test per kind of bad file or row ------------------------------------


def test_missing_column_is_named_on_line_1():
    columns = [c for c in COLUMNS if c != "hire_date"]
    problems = refused(roster(person(), columns=columns))
    assert problems == ["line 1, column hire_date: the column is missing"]


def test_unknown_column_is_named_on_line_1():
    problems = refused(roster(person(), columns=[*COLUMNS, "shoe_size"]))
    assert len(problems) == 1
    assert problems[0].startswith("line 1, column shoe_size: unknown column")


def test_unknown_department():
    problems = refused(
        roster(person("E1"), person("E2", department_code="NOPE"), person("E3"))
    )
    assert problems == ["line 3, column department_code: unknown department 'NOPE'"]


def test_duplicate_employee_number_names_the_first_line():
    problems = refused(roster(person("E1"), person("E2"), person("E1")))
    assert problems == [
        "line 4, column employee_number: employee number E1 is already on line 2"
    ]


def test_duplicate_employee_number_in_another_case():
    problems = refused(roster(person("E1"), person("e1")))
    assert problems == [
        "line 3, column employee_number: employee number e1 is already on line 2"
    ]


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "two@@lacity.example"])
def test_malformed_email(email):
    problems = refused(roster(person("E1"), person("E2", work_email=email)))
    assert problems == ["line 3, column work_email: Enter a valid email address."]


@pytest.mark.parametrize(
    "column",
    [
        "employee_number",
        "first_name",
        "last_name",
        "work_email",
        "department_code",
        "sworn",
        "hire_date",
    ],
)
def test_required_value_blank(column):
    problems = refused(roster(person("E1"), person("E2", **{column: "  "})))
    assert problems == [f"line 3, column {column}: a value is required"]


def test_manager_and_job_class_may_be_blank():
    result = import_roster(
        roster(person("E1", manager_employee_number="", job_class=""))
    )
    assert result.ok, result.problems
    employee = Employee.objects.get(employee_number="E1")
    assert (employee.manager, employee.job_class) == (None, "")


def test_manager_neither_in_file_nor_in_database():
    problems = refused(roster(person("E1", manager_employee_number="E404")))
    assert problems == [
        "line 2, column manager_employee_number: manager E404 is neither in this "
        "file nor in the system"
    ]


def test_manager_cycle_in_the_file_names_the_employees():
    problems = refused(
        roster(
            person("E0"),
            person("E1", manager_employee_number="E2"),
            person("E2", manager_employee_number="E3"),
            person("E3", manager_employee_number="E1"),
        )
    )
    assert problems == [
        "line 3, column manager_employee_number: these employees would manage each "
        "other in a circle: E1 (line 3) → E2 (line 4) → E3 (line 5) → E1"
    ]


def test_manager_cycle_through_an_employee_already_in_the_database():
    boss = EmployeeFactory(employee_number="E1")
    EmployeeFactory(employee_number="M9", manager=boss)
    problems = refused(roster(person("E1", manager_employee_number="M9")))
    assert problems == [
        "line 2, column manager_employee_number: these employees would manage each "
        "other in a circle: E1 (line 2) → M9 (already in the system) → E1"
    ]


def test_cycle_is_reported_from_its_first_line_in_the_file():
    boss = EmployeeFactory(employee_number="E2")
    EmployeeFactory(employee_number="M9", manager=boss)
    problems = refused(
        roster(
            # E0 reaches the circle through M9, who is not in the file.
            person("E0", manager_employee_number="M9"),
            person("E1"),
            person("E2", manager_employee_number="M9"),
        )
    )
    assert problems == [
        "line 4, column manager_employee_number: these employees would manage each "
        "other in a circle: E2 (line 4) → M9 (already in the system) → E2"
    ]


def test_employee_who_is_their_own_manager():
    problems = refused(roster(person("E1", manager_employee_number="E1")))
    assert problems == [
        "line 2, column manager_employee_number: an employee cannot be their own "
        "manager"
    ]


@pytest.mark.parametrize("value", ["2024-02-30", "02/01/2024", "2024-1-5", "soon"])
def test_bad_hire_date(value):
    problems = refused(roster(person("E1", hire_date=value)))
    assert problems == [
        f"line 2, column hire_date: '{value}' is not a date written YYYY-MM-DD"
    ]


@pytest.mark.parametrize("value", ["maybe", "y", "2", "t"])
def test_bad_boolean(value):
    problems = refused(roster(person("E1", sworn=value)))
    assert problems == [
        f"line 2, column sworn: '{value}' is not true/false, yes/no or 1/0"
    ]


@pytest.mark.parametrize(
    "value,expected",
    [("TRUE", True), ("Yes", True), ("1", True), ("False", False), ("NO", False)],
)
def test_sworn_spellings(value, expected):
    assert import_roster(roster(person("E1", sworn=value))).ok
    assert Employee.objects.get(employee_number="E1").sworn is expected


def test_row_with_the_wrong_number_of_fields():
    good = ",".join(person("E1").values())
    problems = refused(raw_roster(good, "E2,Alex,Abbott,e2@lacity.example,LAPL"))
    assert problems == ["line 3, column -: the row has 5 fields but the header has 9"]


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\n\n  \n"])
def test_empty_file(data):
    assert refused(data) == ["line 1, column -: the file is empty"]


def test_file_without_a_header():
    data = b"\n".join(roster(person("E1"), person("E2")).splitlines()[1:])
    assert refused(data) == [
        "line 1, column -: the first line must be the header: " + ",".join(COLUMNS)
    ]


def test_header_without_rows():
    assert refused(raw_roster()) == [
        "line 2, column -: the file has a header but no employees"
    ]


def test_file_that_is_not_utf8_reports_the_line_of_the_bad_byte():
    text = raw_roster(
        ",".join(person("E1").values()),
        ",".join(person("E2", last_name="Zeller").values()),
    )
    data = text.replace(b"Zeller", "Zéller".encode("latin-1"))
    problems = refused(data)
    assert problems == [
        "line 3, column -: byte 0xE9 at position 10 of the line is not UTF-8; save "
        "the file as UTF-8 (in Excel: CSV UTF-8)"
    ]


def test_line_numbers_are_physical_lines_with_multiline_fields():
    data = roster(
        person("E1", job_class="Librarian\nsecond line"),
        person("E2", work_email="broken"),
    )
    problems = refused(data)
    assert problems == [
        "line 2, column job_class: the value contains a control character",
        "line 4, column work_email: Enter a valid email address.",
    ]


def test_every_problem_is_reported_sorted_by_line():
    data = roster(
        person("E1", hire_date="yesterday", sworn="perhaps"),
        person("E2", department_code="NOPE"),
        person("E3", work_email="nope", manager_employee_number="E404"),
        person("E1"),
        person("E5"),
    )
    problems = refused(data)
    assert [p.split(":")[0] for p in problems] == [
        "line 2, column sworn",
        "line 2, column hire_date",
        "line 3, column department_code",
        "line 4, column work_email",
        "line 4, column manager_employee_number",
        "line 5, column employee_number",
    ]


def test_value_longer_than_the_model_allows():
    problems = refused(roster(person("E1", first_name="x" * 101)))
    assert problems == [
        "line 2, column first_name: Ensure this value has at most 100 characters "
        "(it has 101)."
    ]


def test_employee_number_that_cannot_be_a_login_name():
    problems = refused(roster(person("E 1", work_email="e1@lacity.example")))
    assert problems == [
        "line 2, column employee_number: 'E 1' cannot be a login name; use letters, "
        "digits and @ . + - _ only"
    ]


def test_login_name_already_taken_by_someone_else():
    UserFactory(username="e1")
    problems = refused(roster(person("E1")))
    assert problems == [
        "line 2, column employee_number: a login named e1 already exists and is not "
        "this employee's; rename that login first"
    ]


# --- Valid files ---------------------------------------------------------------


@pytest.mark.parametrize("bom", [False, True])
def test_creates_employees_and_their_logins(bom, departments):
    result = import_roster(
        roster(
            person("E1", first_name="Jordan", last_name="Baker"),
            person("E2", manager_employee_number="E1", sworn="yes"),
            bom=bom,
        )
    )
    assert result.ok, result.problems
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    boss = Employee.objects.get(employee_number="E1")
    assert (boss.first_name, boss.last_name, boss.department) == (
        "Jordan",
        "Baker",
        departments["LAPL"],
    )
    assert boss.hire_date == date(2020, 1, 6)
    assert boss.user.username == "e1"
    assert boss.user.email == "e1@lacity.example"
    assert (boss.user.first_name, boss.user.last_name) == ("Jordan", "Baker")
    assert not boss.user.has_usable_password()
    report = Employee.objects.get(employee_number="E2")
    assert report.manager == boss
    assert report.sworn is True


def test_columns_may_come_in_any_order():
    columns = list(reversed(COLUMNS))
    assert import_roster(roster(person("E1"), columns=columns)).ok
    employee = Employee.objects.get(employee_number="E1")
    assert employee.work_email == "e1@lacity.example"
    assert employee.hire_date == date(2020, 1, 6)


def test_windows_line_endings_and_spaces_around_values():
    data = roster(person("E1")).replace(b"\n", b"\r\n").replace(b"Alex", b" Alex ")
    assert import_roster(data).ok
    assert Employee.objects.get(employee_number="E1").first_name == "Alex"


def test_managers_may_come_after_their_reports_in_the_file():
    data = roster(
        person("E3", manager_employee_number="E2"),
        person("E2", manager_employee_number="E1"),
        person("E1"),
    )
    assert import_roster(data).ok
    assert Employee.objects.get(employee_number="E3").manager.manager.employee_number
    assert (
        Employee.objects.get(employee_number="E3").manager.manager.employee_number
        == "E1"
    )


def test_reimporting_the_same_file_changes_nothing():
    data = roster(person("E1"), person("E2", manager_employee_number="E1"))
    import_roster(data)
    stamps = dict(Employee.objects.values_list("employee_number", "updated_at"))

    result = import_roster(data)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert dict(Employee.objects.values_list("employee_number", "updated_at")) == (
        stamps
    )


def test_changed_rows_are_updated_with_their_login():
    import_roster(roster(person("E1"), person("E2"), person("E3")))
    before = Employee.objects.get(employee_number="E2").updated_at

    result = import_roster(
        roster(
            person("E1"),
            person("E2", last_name="Carver", work_email="carver@lacity.example"),
            person("E3", department_code="LAPD", manager_employee_number="E1"),
        )
    )

    assert (result.created, result.updated, result.unchanged) == (0, 2, 1)
    changed = Employee.objects.get(employee_number="E2")
    assert changed.last_name == "Carver"
    assert changed.updated_at > before
    assert changed.user.last_name == "Carver"
    assert changed.user.email == "carver@lacity.example"
    moved = Employee.objects.get(employee_number="E3")
    assert moved.department.code == "LAPD"
    assert moved.manager.employee_number == "E1"


def test_existing_login_name_is_kept_on_update():
    employee = EmployeeFactory(employee_number="E1", user__username="learner")
    assert import_roster(roster(person("E1", first_name="Robin"))).updated == 1
    employee.user.refresh_from_db()
    assert (employee.user.username, employee.user.first_name) == ("learner", "Robin")


def test_inactive_employee_in_the_file_is_reactivated():
    employee = EmployeeFactory(employee_number="E1", active=False)
    employee.user.is_active = False
    employee.user.save()
    data = roster(
        person(
            "E1",
            first_name=employee.first_name,
            last_name=employee.last_name,
            work_email=employee.work_email,
            department_code=employee.department.code,
            job_class=employee.job_class,
        )
    )

    result = import_roster(data)

    assert (result.updated, result.unchanged) == (1, 0)
    employee.refresh_from_db()
    employee.user.refresh_from_db()
    assert employee.active and employee.user.is_active


def test_deactivate_missing_keeps_the_rows():
    leaver = EmployeeFactory(employee_number="OLD1")
    already_gone = EmployeeFactory(employee_number="OLD2", active=False)

    result = import_roster(
        roster(person("E1")), deactivate_missing=True, confirm_deactivation=True
    )

    assert (result.created, result.deactivated) == (1, 1)
    leaver.refresh_from_db()
    leaver.user.refresh_from_db()
    assert leaver.active is False
    assert leaver.user.is_active is False
    assert Employee.objects.filter(pk=already_gone.pk).exists()


def test_without_deactivate_missing_absent_employees_stay_active():
    stayer = EmployeeFactory(employee_number="OLD1")
    result = import_roster(roster(person("E1")))
    assert result.deactivated == 0
    stayer.refresh_from_db()
    assert stayer.active


def test_dry_run_counts_but_writes_nothing():
    EmployeeFactory(employee_number="OLD1")
    import_roster(roster(person("E1")))
    before = counts()
    stamps = list(Employee.objects.values_list("updated_at", "active"))

    result = import_roster(
        roster(person("E1", last_name="Changed"), person("E2")),
        dry_run=True,
        deactivate_missing=True,
        confirm_deactivation=True,
    )

    assert result.ok and result.dry_run
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert result.deactivated == 1
    assert counts() == before
    assert list(Employee.objects.values_list("updated_at", "active")) == stamps
    assert Employee.objects.get(employee_number="E1").last_name == "Abbott"


def test_dry_run_reports_problems_too():
    problems = refused(roster(person("E1", sworn="maybe")), dry_run=True)
    assert problems == [
        "line 2, column sworn: 'maybe' is not true/false, yes/no or 1/0"
    ]


# --- The signal ------------------------------------------------------------------


@pytest.fixture
def signals_received():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    roster_imported.connect(receiver)
    yield received
    roster_imported.disconnect(receiver)


def test_signal_names_created_updated_reactivated_and_deactivated(signals_received):
    import_roster(roster(person("E1"), person("E2"), person("E3"), person("E4")))
    signals_received.clear()
    Employee.objects.filter(employee_number="E3").update(active=False)

    import_roster(
        roster(
            person("E1"),
            person("E2", last_name="Changed"),
            person("E3"),
            person("E5"),
        ),
        deactivate_missing=True,
        confirm_deactivation=True,
    )

    ids = dict(Employee.objects.values_list("employee_number", "id"))
    assert signals_received == [
        {
            "signal": roster_imported,
            "employee_ids": sorted([ids["E2"], ids["E3"], ids["E5"]]),
            "deactivated_ids": [ids["E4"]],
        }
    ]


def test_no_signal_for_dry_run_or_problems_or_no_change(signals_received):
    data = roster(person("E1"))
    import_roster(data, dry_run=True)
    import_roster(roster(person("E1", sworn="maybe")))
    assert signals_received == []
    import_roster(data)
    assert len(signals_received) == 1
    import_roster(data)
    assert len(signals_received) == 1


def test_signal_is_sent_inside_the_import_transaction():
    seen = []

    def assign_training(sender, employee_ids, deactivated_ids, **kwargs):
        seen.append(Employee.objects.filter(pk__in=employee_ids).count())
        raise RuntimeError("the listener failed")

    roster_imported.connect(assign_training)
    try:
        with pytest.raises(RuntimeError):
            import_roster(roster(person("E1"), person("E2")))
    finally:
        roster_imported.disconnect(assign_training)
    # The listener saw the new rows, and its failure undid the whole import.
    assert seen == [2]
    assert counts() == (0, 0)


# --- Scale -----------------------------------------------------------------------


def _big_roster(size):
    rows = [person("B0")]
    rows += [
        person(f"B{n}", manager_employee_number=f"B{n // 10}") for n in range(1, size)
    ]
    return roster(*rows)


def test_query_count_does_not_grow_with_the_file():
    with CaptureQueriesContext(connection) as small:
        assert import_roster(_big_roster(40)).ok
    with CaptureQueriesContext(connection) as small_again:
        assert import_roster(_big_roster(40)).unchanged == 40
    Employee.objects.all().delete()
    User.objects.all().delete()
    with CaptureQueriesContext(connection) as large:
        assert import_roster(_big_roster(400)).ok
    with CaptureQueriesContext(connection) as large_again:
        assert import_roster(_big_roster(400)).unchanged == 400
    # Writes go in batches (SQLite binds at most 999 values per statement), so
    # ten times the rows is a few more INSERTs, never a query per row.
    extra_rows = 400 - 40
    extra_queries = len(large.captured_queries) - len(small.captured_queries)
    assert extra_queries < extra_rows / 20
    assert len(large_again.captured_queries) == len(small_again.captured_queries)


def test_the_demo_roster_imports_and_reimports():
    for code, name, _parent in demo_data.DEPARTMENTS:
        DepartmentFactory(code=code, name=name)
    data = demo_data.rows_to_csv(demo_data.demo_roster_rows())
    first = import_roster(data)
    assert first.ok, first.problems[:3]
    assert first.created == 300
    assert import_roster(data).unchanged == 300


def test_roster_header_matches_the_demo_data():
    assert tuple(demo_data.ROSTER_HEADER) == COLUMNS
