"""lms.access decides who sees which employee and department, for every role."""

import pytest

from lms import access, roles
from tests.lms.factories import DepartmentFactory, EmployeeFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    """Two departments; A has a bureau; a manager of A with a report in B."""
    dept_a = DepartmentFactory(code="A", name="Department A")
    bureau_a = DepartmentFactory(code="A-BUR", name="Bureau of A", parent=dept_a)
    dept_b = DepartmentFactory(code="B", name="Department B")
    manager = make_user(roles.MANAGER, department=dept_a)
    manager.employee.managed_departments.add(dept_a)
    in_a = EmployeeFactory(department=dept_a)
    in_bureau = EmployeeFactory(department=bureau_a)
    in_b = EmployeeFactory(department=dept_b)
    # A direct report working in B, and that person's own report (indirect).
    report_in_b = EmployeeFactory(department=dept_b, manager=manager.employee)
    indirect_in_b = EmployeeFactory(department=dept_b, manager=report_in_b)
    return {
        "A": dept_a,
        "bureau": bureau_a,
        "B": dept_b,
        "manager": manager,
        "in_a": in_a,
        "in_bureau": in_bureau,
        "in_b": in_b,
        "report_in_b": report_in_b,
        "indirect_in_b": indirect_in_b,
    }


def test_administrator_sees_every_employee_and_department(city):
    admin = make_user(roles.ADMINISTRATOR, employee=False)
    assert set(access.visible_employees(admin)) >= {city["in_a"], city["in_b"]}
    assert access.can_view_department(admin, city["B"])
    assert access.can_see_names(admin)
    assert access.can_see_city_aggregates(admin)


def test_manager_sees_managed_department_its_bureaus_and_all_reports(city):
    manager = city["manager"]
    visible = set(access.visible_employees(manager))
    assert city["in_a"] in visible
    assert city["in_bureau"] in visible
    assert city["report_in_b"] in visible
    assert city["indirect_in_b"] in visible
    assert manager.employee in visible
    assert city["in_b"] not in visible
    assert set(access.visible_departments(manager)) == {city["A"], city["bureau"]}
    assert access.can_view_department(manager, city["bureau"])
    assert not access.can_view_department(manager, city["B"])
    assert not access.can_view_employee(manager, city["in_b"])
    assert not access.can_see_city_aggregates(manager)


def test_manager_of_another_department_sees_none_of_department_a(city):
    other = make_user(roles.MANAGER, department=city["B"])
    other.employee.managed_departments.add(city["B"])
    visible = set(access.visible_employees(other))
    assert city["in_a"] not in visible
    assert city["in_bureau"] not in visible
    assert city["in_b"] in visible
    assert not access.can_view_department(other, city["A"])


def test_learner_sees_only_their_own_record(city):
    learner = make_user(roles.LEARNER, department=city["A"])
    assert list(access.visible_employees(learner)) == [learner.employee]
    assert not access.visible_departments(learner).exists()
    assert not access.can_view_employee(learner, city["in_a"])
    assert not access.can_see_names(learner)


def test_trainer_authors_but_sees_no_other_employee(city):
    trainer = make_user(roles.TRAINER, department=city["A"])
    assert trainer.has_perm("wagtailadmin.access_admin")
    assert list(access.visible_employees(trainer)) == [trainer.employee]
    assert not access.can_view_department(trainer, city["A"])


def test_oversight_sees_aggregates_but_never_names(city):
    commissioner = make_user(roles.OVERSIGHT, employee=False)
    assert access.can_see_city_aggregates(commissioner)
    assert not access.can_see_names(commissioner)
    assert not access.visible_employees(commissioner).exists()
    assert not access.visible_departments(commissioner).exists()


def test_a_reporting_cycle_does_not_hang_the_lookup(city):
    # Bad HR data: the manager reports to their own indirect report.
    manager = city["manager"]
    manager.employee.manager = city["indirect_in_b"]
    manager.employee.save()
    visible = set(access.visible_employees(manager))
    assert city["indirect_in_b"] in visible


def test_inactive_user_loses_every_role(city):
    manager = city["manager"]
    manager.is_active = False
    manager.save()
    assert not access.is_manager(manager)
    assert not access.visible_departments(manager).exists()


def test_roles_exist_after_migrate_with_their_permissions():
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ROLES) <= names
    admin_perms = set(
        Group.objects.get(name=roles.ADMINISTRATOR).permissions.values_list(
            "codename", flat=True
        )
    )
    assert {"view_all_employees", "import_roster"} <= admin_perms
    oversight_perms = set(
        Group.objects.get(name=roles.OVERSIGHT).permissions.values_list(
            "codename", flat=True
        )
    )
    assert oversight_perms == {"view_city_aggregates"}


def test_navigation_shows_each_role_its_own_links_in_order(city):
    learner_links = [link["label"] for link in access.navigation_links(city["manager"])]
    assert learner_links[0] == "My training"
    commissioner = make_user(roles.OVERSIGHT, employee=False)
    labels = [link["label"] for link in access.navigation_links(commissioner)]
    assert "My training" not in labels
    assert "Author training" not in labels
    trainer = make_user(roles.TRAINER, department=city["A"])
    labels = [link["label"] for link in access.navigation_links(trainer)]
    assert labels[0] == "My training"
    assert labels[-1] == "Author training"


def test_header_links_follow_the_script_prefix_of_the_request(city):
    """Behind a proxy that mounts the LMS under a path, every link keeps it."""
    from django.urls import get_script_prefix, set_script_prefix

    before = get_script_prefix()
    plain = {
        link["label"]: link["url"] for link in access.navigation_links(city["manager"])
    }
    try:
        set_script_prefix("/lms/")
        mounted = access.navigation_links(city["manager"])
        search = access.site_search_url()
    finally:
        set_script_prefix(before)
    assert {link["label"]: link["url"] for link in mounted} == {
        label: "/lms" + url for label, url in plain.items()
    }
    assert search.startswith("/lms/")
