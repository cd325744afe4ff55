"""The roster upload page and the department/employee snippets in the Wagtail admin."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms import roles
from lms.models import Employee
from tests.lms.factories import DepartmentFactory, EmployeeFactory, make_user
from tests.lms.roster_utils import person, roster

pytestmark = pytest.mark.django_db

URL = "/admin/roster/import/"


@pytest.fixture(autouse=True)
def library():
    return DepartmentFactory(code="LAPL", name="Library")


@pytest.fixture
def administrator(client):
    user = make_user(roles.ADMINISTRATOR, employee=False)
    client.force_login(user)
    return user


def upload(client, data, **options):
    payload = {"file": SimpleUploadedFile("roster.csv", data, "text/csv")}
    payload.update({name: "on" for name, value in options.items() if value})
    return client.post(URL, payload, follow=True)


def test_url_is_registered_in_the_admin():
    assert reverse("lms_roster_import") == URL


def test_learner_is_refused(client):
    client.force_login(make_user(roles.LEARNER))
    before = Employee.objects.count()

    assert client.get(URL).status_code == 302
    response = upload(client, roster(person("E1")))

    assert b"Check and import" not in response.content
    assert Employee.objects.count() == before


def test_trainer_with_admin_access_is_refused_and_has_no_menu_item(client):
    client.force_login(make_user(roles.TRAINER))
    before = Employee.objects.count()

    response = upload(client, roster(person("E1")))

    assert b"Check and import" not in response.content
    assert b"permission" in response.content
    assert Employee.objects.count() == before
    assert URL.encode() not in client.get("/admin/").content


def test_administrator_sees_the_menu_item_and_the_form(client, administrator):
    assert URL.encode() in client.get("/admin/").content
    response = client.get(URL)
    assert response.status_code == 200
    assert b"Check and import" in response.content
    for name in (b'name="file"', b'name="dry_run"', b'name="deactivate_missing"'):
        assert name in response.content


def test_bad_file_shows_every_problem_and_imports_nothing(client, administrator):
    data = roster(
        person("E1", sworn="maybe"), person("E2", department_code="NOPE"), person("E3")
    )
    response = upload(client, data)

    assert response.status_code == 200
    problems = response.context["problems"]
    assert [str(p) for p in problems] == [
        "line 2, column sworn: 'maybe' is not true/false, yes/no or 1/0",
        "line 3, column department_code: unknown department 'NOPE'",
    ]
    content = response.content.decode()
    assert "The roster has 2 problems; nothing was imported." in content
    assert "<td>3</td><td>department_code</td>" in content
    assert "unknown department &#x27;NOPE&#x27;" in content
    assert Employee.objects.count() == 0


def test_file_that_is_not_utf8_is_a_problem_not_an_error_page(client, administrator):
    data = roster(person("E1", last_name="Zeller")).replace(b"Zeller", b"Z\xe9ller")
    response = upload(client, data)
    assert response.status_code == 200
    assert "is not UTF-8" in response.content.decode()
    assert Employee.objects.count() == 0


def test_good_file_is_imported_with_a_success_message(client, administrator):
    response = upload(client, roster(person("E1"), person("E2")))

    content = response.content.decode()
    assert (
        "Roster imported: 2 created, 0 updated, 0 unchanged, 0 deactivated." in content
    )
    assert '<table class="listing" id="roster-counts">' in content
    assert set(Employee.objects.values_list("employee_number", flat=True)) == {
        "E1",
        "E2",
    }


def test_dry_run_and_deactivate_missing_checkboxes(client, administrator):
    leaver = EmployeeFactory(employee_number="OLD1")

    response = upload(
        client, roster(person("E1")), dry_run=True, deactivate_missing=True
    )
    assert "would create 1, update 0, leave 0 unchanged and deactivate 1" in (
        response.content.decode()
    )
    assert not Employee.objects.filter(employee_number="E1").exists()
    leaver.refresh_from_db()
    assert leaver.active

    upload(client, roster(person("E1")), deactivate_missing=True)
    leaver.refresh_from_db()
    assert not leaver.active
    assert Employee.objects.filter(employee_number="E1").exists()


def test_missing_file_is_a_form_error(client, administrator):
    response = client.post(URL, {})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


# --- Snippets ------------------------------------------------------------------


def test_administrator_browses_searches_and_filters_employees(client, administrator):
    police = DepartmentFactory(code="LAPD", name="Police")
    EmployeeFactory(employee_number="E100", last_name="Keller")
    EmployeeFactory(employee_number="E200", last_name="Porter", department=police)
    url = reverse("wagtailsnippets_lms_employee:list")

    everyone = client.get(url).content.decode()
    assert "E100" in everyone and "E200" in everyone

    found = client.get(url, {"q": "Keller"}).content.decode()
    assert "E100" in found and "E200" not in found

    filtered = client.get(url, {"department": police.pk}).content.decode()
    assert "E200" in filtered and "E100" not in filtered


def test_administrator_edits_but_never_adds_or_deletes_employees(client, administrator):
    employee = EmployeeFactory(employee_number="E100")
    edit = reverse("wagtailsnippets_lms_employee:edit", args=[employee.pk])
    delete = reverse("wagtailsnippets_lms_employee:delete", args=[employee.pk])
    add = reverse("wagtailsnippets_lms_employee:add")

    assert client.get(edit).status_code == 200
    assert client.post(delete).status_code == 302
    assert client.get(add).status_code == 302
    assert Employee.objects.filter(pk=employee.pk).exists()


def test_administrator_browses_departments(client, administrator):
    DepartmentFactory(code="BOE", name="Bureau of Engineering")
    url = reverse("wagtailsnippets_lms_department:list")
    response = client.get(url, {"q": "BOE"})
    assert [str(d) for d in response.context["object_list"]] == [
        "Bureau of Engineering"
    ]
    assert "Bureau of Engineering" in response.content.decode()


def test_learner_cannot_browse_employees(client):
    client.force_login(make_user(roles.LEARNER))
    response = client.get(reverse("wagtailsnippets_lms_employee:list"))
    assert response.status_code == 302


def test_administrator_fixes_a_record_in_the_snippet_form(client, administrator):
    employee = EmployeeFactory(employee_number="E100", job_class="Clerk")
    edit = reverse("wagtailsnippets_lms_employee:edit", args=[employee.pk])
    response = client.post(
        edit,
        {
            "employee_number": "CHANGED",
            "first_name": employee.first_name,
            "last_name": employee.last_name,
            "work_email": employee.work_email,
            "department": employee.department.pk,
            "manager": "",
            "job_class": "Senior Clerk",
            "hire_date": "2020-01-06",
            "active": "on",
        },
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.job_class == "Senior Clerk"
    # The number links the record to the HR roster, so the form cannot change it.
    assert employee.employee_number == "E100"
