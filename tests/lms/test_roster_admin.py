"""The roster upload page and the department/employee snippets in the Wagtail admin."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms import roles
from lms.models import Employee, RosterImport
from lms.roster_imports import roster_import_run
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
    assert response.redirect_chain[0][0].startswith(URL)
    problems = response.context["problems"]
    assert [(p["line"], p["column"], p["message"]) for p in problems] == [
        (2, "sworn", "'maybe' is not true/false, yes/no or 1/0"),
        (3, "department_code", "unknown department 'NOPE'"),
    ]
    content = response.content.decode()
    assert "The roster has 2 problems; nothing was imported." in content
    assert "<td>3</td><td>department_code</td>" in content
    assert "unknown department &#x27;NOPE&#x27;" in content
    assert Employee.objects.count() == 0
    row = RosterImport.objects.get()
    assert row.status == RosterImport.Status.REFUSED and row.finished
    assert row.data == b"" and row.file_size == len(data)


def test_file_that_is_not_utf8_is_a_problem_not_an_error_page(client, administrator):
    data = roster(person("E1", last_name="Zeller")).replace(b"Zeller", b"Z\xe9ller")
    response = upload(client, data)
    assert response.status_code == 200
    assert "is not UTF-8" in response.content.decode()
    assert Employee.objects.count() == 0


def test_good_file_is_imported_and_its_page_shows_the_counts(client, administrator):
    response = upload(client, roster(person("E1"), person("E2")))

    content = response.content.decode()
    assert 'data-status="done"' in content
    assert '<table class="listing" id="roster-counts">' in content
    assert "<td>2</td><td>0</td><td>0</td><td>0</td>" in content
    # A finished import's page no longer refreshes itself.
    assert "Refresh" not in response.headers
    assert set(Employee.objects.values_list("employee_number", flat=True)) == {
        "E1",
        "E2",
    }
    # The upload page lists it among the recent imports.
    assert b"roster.csv" in client.get(URL).content


def test_dry_run_and_deactivate_missing_checkboxes(client, administrator):
    leaver = EmployeeFactory(employee_number="OLD1")

    response = upload(
        client,
        roster(person("E1")),
        dry_run=True,
        deactivate_missing=True,
        confirm_deactivation=True,
    )
    content = response.content.decode()
    assert "Dry run, nothing was saved." in content
    assert "<td>1</td><td>0</td><td>0</td><td>1</td>" in content
    assert not Employee.objects.filter(employee_number="E1").exists()
    leaver.refresh_from_db()
    assert leaver.active

    upload(
        client,
        roster(person("E1")),
        deactivate_missing=True,
        confirm_deactivation=True,
    )
    leaver.refresh_from_db()
    assert not leaver.active
    assert Employee.objects.filter(employee_number="E1").exists()


def test_deactivating_too_many_is_refused_unless_confirmed(client, administrator):
    # Nine active employees; a file with only one of them would deactivate 8.
    for n in range(9):
        EmployeeFactory(employee_number=f"OLD{n}")
    data = roster(person("OLD0"))

    response = upload(client, data, deactivate_missing=True)

    content = response.content.decode()
    assert 'data-status="refused"' in content
    assert "would deactivate 8 of the 9 active employees (89 %)" in content
    assert "more than the 10 % allowed" in content
    assert Employee.objects.filter(active=True).count() == 9

    upload(client, data, deactivate_missing=True, confirm_deactivation=True)
    assert Employee.objects.filter(active=True).count() == 1


def test_a_second_upload_is_refused_while_one_is_unfinished(
    client, administrator, settings
):
    # No worker runs, so the first upload waits in the queue.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    first = upload(client, roster(person("E1")))
    assert 'data-status="queued"' in first.content.decode()
    assert first.headers["Refresh"] == "2"

    second = upload(client, roster(person("E2")))

    content = second.content.decode()
    assert second.redirect_chain == []
    assert "Another roster import is unfinished: roster.csv, queued" in content
    assert "Only one import runs at a time" in content
    assert RosterImport.objects.count() == 1
    assert Employee.objects.count() == 0


def test_a_queued_import_can_be_cancelled(client, administrator, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    upload(client, roster(person("E1")))
    row = RosterImport.objects.get()

    response = client.post(
        reverse("lms_roster_import_cancel", args=[row.pk]), follow=True
    )

    assert "The import was cancelled; nothing changed." in response.content.decode()
    row.refresh_from_db()
    assert row.status == RosterImport.Status.CANCELLED and row.finished
    # The worker that picks the job up later leaves it alone.
    assert roster_import_run(import_id=row.pk) == {
        "import": str(row.pk),
        "ran": False,
    }
    assert Employee.objects.count() == 0
    # And the next file may be uploaded.
    assert (
        'data-status="queued"' in upload(client, roster(person("E1"))).content.decode()
    )


def test_status_page_of_another_role_is_refused(client):
    row = RosterImport.objects.create(file_name="x.csv", file_sha256="0" * 64)
    client.force_login(make_user(roles.TRAINER))
    response = client.get(reverse("lms_roster_import_status", args=[row.pk]))
    assert response.status_code in (302, 403)
    assert b"x.csv" not in response.content


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
