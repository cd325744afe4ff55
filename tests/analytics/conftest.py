from datetime import timedelta

import pytest
import time_machine

from tests.analytics.utils import TODAY, assign, course, employees, moment
from tests.lms.factories import DepartmentFactory, make_user


@pytest.fixture(autouse=True)
def _hosts(settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]


@pytest.fixture
def today():
    with time_machine.travel(moment(TODAY, 12), tick=False):
        yield TODAY


@pytest.fixture
def city(db, today):
    """Two departments with assignments in several states, and one user per role.

    Library (LAPL): 12 people; Police (LAPD): 7 people, 3 of them overdue.
    """
    library = DepartmentFactory(code="LAPL", name="Library")
    police = DepartmentFactory(code="LAPD", name="Police")
    ed20 = course("ed20")
    yesterday = today - timedelta(days=1)
    staff = employees(12, library)
    for index, employee in enumerate(staff):
        if index < 6:
            assign(employee, ed20, completed=yesterday, scores=[90])
        elif index < 9:
            assign(employee, ed20, launched=yesterday, modules_done=1, scores=[40])
        else:
            assign(employee, ed20)
    officers = employees(7, police, last_name="Officer")
    for index, employee in enumerate(officers):
        if index < 3:
            assign(employee, ed20, due=today - timedelta(days=5 + index))
        else:
            assign(employee, ed20, completed=yesterday, scores=[100])
    manager = make_user("Manager", department=library)
    manager.employee.managed_departments.add(library)
    return {
        "library": library,
        "police": police,
        "ed20": ed20,
        "officers": officers,
        "staff": staff,
        "manager": manager,
        "admin": make_user("Administrator", department=library),
        "oversight": make_user("Oversight", employee=False),
        "trainer": make_user("Trainer", department=library),
        "learner": make_user("Learner", department=police),
    }
