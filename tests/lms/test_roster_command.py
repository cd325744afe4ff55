"""``manage.py import_roster``: output, exit status and options."""

import io

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from lms.models import Employee, RosterImport
from tests.lms.factories import DepartmentFactory, EmployeeFactory
from tests.lms.roster_utils import person, roster

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def library():
    return DepartmentFactory(code="LAPL", name="Library")


@pytest.fixture
def write_file(tmp_path):
    def write(data, name="roster.csv"):
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return write


def run(*args, verbosity=1):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roster", *args, stdout=out, stderr=err, verbosity=verbosity)
    return out.getvalue(), err.getvalue()


def test_imports_and_prints_the_counts(write_file):
    path = write_file(roster(person("E1"), person("E2")))
    out, err = run(path)
    assert "Roster imported: 2 created, 0 updated, 0 unchanged, 0 deactivated." in out
    assert err == ""
    assert Employee.objects.count() == 2


def test_problems_go_to_stderr_and_the_command_fails(write_file):
    path = write_file(
        roster(person("E1", sworn="maybe"), person("E2", department_code="NOPE"))
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_roster", path, stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "line 2, column sworn: 'maybe' is not true/false, yes/no or 1/0",
        "line 3, column department_code: unknown department 'NOPE'",
    ]
    assert Employee.objects.count() == 0


def test_exit_status_is_non_zero_on_problems(write_file):
    path = write_file(roster(person("E1", hire_date="01/06/2020")))
    err = io.StringIO()
    # manage.py turns a CommandError into sys.exit(returncode).
    with pytest.raises(CommandError) as error:
        call_command("import_roster", path, stdout=io.StringIO(), stderr=err)
    assert error.value.returncode == 1
    assert "nothing was imported" in str(error.value)
    assert "line 2, column hire_date: '01/06/2020' is not a date" in err.getvalue()


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "absent.csv"))


def test_dry_run_writes_nothing(write_file):
    path = write_file(roster(person("E1")))
    out, _err = run(path, "--dry-run")
    assert "Dry run, nothing was written. Would be: 1 created" in out
    assert Employee.objects.count() == 0


def test_deactivate_missing(write_file):
    leaver = EmployeeFactory(employee_number="OLD1")
    path = write_file(roster(person("E1")))
    out, _err = run(path, "--deactivate-missing", "--confirm-deactivation")
    assert "1 created, 0 updated, 0 unchanged, 1 deactivated" in out
    leaver.refresh_from_db()
    assert leaver.active is False


def test_second_run_reports_everything_unchanged(write_file):
    path = write_file(roster(person("E1"), person("E2")))
    run(path)
    out, _err = run(path)
    assert "0 created, 0 updated, 2 unchanged, 0 deactivated" in out


def test_progress_for_big_files(write_file):
    rows = [person(f"P{n}") for n in range(10_001)]
    path = write_file(roster(*rows))
    out, _err = run(path)
    assert "10,000 rows validated" in out
    assert "10,000 rows written" in out
    assert Employee.objects.count() == 10_001
    quiet, _err = run(path, verbosity=0)
    assert "rows validated" not in quiet


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_terminal_gets_a_progress_bar(write_file):
    path = write_file(roster(*(person(f"P{n}") for n in range(10_001))))
    out = Terminal()
    call_command("import_roster", path, stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "\r  checking [------------------------------] 0/10,001 rows" in text
    assert "\r  checking [#############################-] 10,000/10,001 rows" in text
    assert "\r  writing  [------------------------------] 0/10,001 rows" in text
    assert "Roster imported: 10001 created" in text


def test_refused_while_another_import_is_unfinished(write_file):
    RosterImport.objects.create(file_name="hr.csv", file_sha256="0" * 64)
    path = write_file(roster(person("E1")))
    with pytest.raises(CommandError, match="Another roster import is unfinished: hr"):
        run(path)
    assert Employee.objects.count() == 0


def test_deactivating_too_many_needs_confirming(write_file):
    for n in range(5):
        EmployeeFactory(employee_number=f"OLD{n}")
    path = write_file(roster(person("OLD0")))
    with pytest.raises(CommandError, match="would deactivate 4 of the 5 active"):
        run(path, "--deactivate-missing")
    assert Employee.objects.filter(active=True).count() == 5
    out, _err = run(path, "--deactivate-missing", "--confirm-deactivation")
    assert "4 deactivated" in out
    # The command's imports are listed with the admin's, and each one ended.
    assert not RosterImport.objects.filter(unfinished=True).exists()
    assert RosterImport.objects.filter(source=RosterImport.Source.COMMAND).count() == 2


def test_course_assignments_are_reported(write_file):
    from tests.courses.factories import CoursePageFactory

    CoursePageFactory(slug="all-staff", required_for_all=True)
    out, _err = run(write_file(roster(person("E1"), person("E2"))))
    assert "  Course assignments made: 2" in out
