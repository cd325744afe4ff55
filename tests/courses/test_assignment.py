"""Who gets which course: rules on roster changes and publishing, by hand."""

from datetime import date, timedelta

import pytest
import time_machine

from django.urls import reverse
from django.utils import timezone

from courses.models import Assignment, AssignmentSource
from courses.selectors import pages as selectors
from courses.services import assignments as services
from courses.status import Status
from lms import roles
from lms.signals import roster_imported
from tests.courses.factories import CoursePageFactory
from tests.lms.factories import DepartmentFactory, EmployeeFactory, make_user

pytestmark = pytest.mark.django_db


def assigned(course):
    return set(
        Assignment.objects.filter(course=course, active=True).values_list(
            "employee__employee_number", flat=True
        )
    )


def test_publishing_assigns_matching_active_employees_with_due_date():
    police = DepartmentFactory(code="LAPD")
    airport = DepartmentFactory(code="LAWA")
    airport_police = DepartmentFactory(code="LAXPD", parent=airport)
    library = DepartmentFactory(code="LAPL")
    officer = EmployeeFactory(department=police)
    airport_officer = EmployeeFactory(department=airport_police)
    librarian = EmployeeFactory(department=library)
    gone = EmployeeFactory(department=police, active=False)
    clerk = EmployeeFactory(department=library, job_class="Senior Administrative Clerk")

    with time_machine.travel("2026-03-02 12:00 -08:00", tick=False):
        course = CoursePageFactory(
            slug="so40",
            required_departments=[police, airport],
            required_job_classes="Senior Administrative Clerk\n",
            days_to_complete=30,
        )

    # Airport Police is a bureau of LAWA, so it is covered too.
    assert assigned(course) == {
        officer.employee_number,
        airport_officer.employee_number,
        clerk.employee_number,
    }
    assert librarian.employee_number not in assigned(course)
    assert gone.employee_number not in assigned(course)
    assignment = Assignment.objects.get(course=course, employee=officer)
    assert assignment.due_date == date(2026, 4, 1)
    assert assignment.source == AssignmentSource.RULE


def test_changing_the_rules_and_republishing_assigns_the_newcomers():
    library = DepartmentFactory(code="LAPL")
    librarian = EmployeeFactory(department=library)
    course = CoursePageFactory(slug="rules")
    assert assigned(course) == set()
    course.required_for_sworn = False
    course.required_for_all = True
    course.save_revision().publish()
    assert assigned(course) == {librarian.employee_number}
    # Publishing again duplicates nothing.
    course.save_revision().publish()
    assert Assignment.objects.filter(course=course).count() == 1


def test_roster_import_assigns_newcomers_and_pauses_leavers():
    course = CoursePageFactory(slug="everyone", required_for_all=True)
    leaver = EmployeeFactory()
    services.course_assign_by_rules(course=course)
    assert leaver.employee_number in assigned(course)

    newcomer = EmployeeFactory()
    leaver.active = False
    leaver.save()
    roster_imported.send(
        sender=None, employee_ids=[newcomer.pk], deactivated_ids=[leaver.pk]
    )

    assert newcomer.employee_number in assigned(course)
    paused = Assignment.objects.get(course=course, employee=leaver)
    assert paused.active is False

    # Back on the roster: the same cycle resumes, with its registration.
    leaver.active = True
    leaver.save()
    roster_imported.send(sender=None, employee_ids=[leaver.pk], deactivated_ids=[])
    resumed = Assignment.objects.get(course=course, employee=leaver)
    assert resumed.active is True
    assert resumed.registration == paused.registration


def _state(assignment, *, today):
    assignment = Assignment.objects.with_status(today).get(pk=assignment.pk)
    return selectors.assignment_state(assignment, done=0, total=2)


def test_deactivated_employee_is_not_overdue():
    course = CoursePageFactory(
        slug="overdue", required_for_all=True, days_to_complete=10
    )
    employee = EmployeeFactory()
    services.course_assign_by_rules(course=course)
    assignment = Assignment.objects.get(course=course, employee=employee)
    late = timezone.localdate() + timedelta(days=15)

    state = _state(assignment, today=late)
    assert state.status == Status.OVERDUE
    assert state.days_overdue == 5

    employee.active = False
    employee.save()
    roster_imported.send(sender=None, employee_ids=[], deactivated_ids=[employee.pk])
    assignment.refresh_from_db()
    state = _state(assignment, today=late)
    assert state.status != Status.OVERDUE


def test_administrator_assigns_by_hand_to_a_person_and_a_department(client):
    admin = make_user(roles.ADMINISTRATOR)
    course = CoursePageFactory(slug="manual")
    library = DepartmentFactory(code="LAPL")
    readers = [EmployeeFactory(department=library) for _ in range(3)]
    EmployeeFactory(department=library, active=False)
    person = EmployeeFactory(employee_number="E000777")
    client.force_login(admin)

    page = client.get(reverse("courses:assign"))
    assert page.status_code == 200
    assert '<label for="id_employee_number">' in page.text

    response = client.post(
        reverse("courses:assign"), {"course": course.pk, "employee_number": "e000777"}
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(course=course, employee=person)
    assert assignment.source == AssignmentSource.MANUAL
    assert assignment.assigned_by == admin

    client.post(
        reverse("courses:assign"), {"course": course.pk, "department": library.pk}
    )
    assert assigned(course) == {person.employee_number} | {
        r.employee_number for r in readers
    }


def test_manual_assignment_explains_bad_input_and_changes_nothing(client):
    admin = make_user(roles.ADMINISTRATOR)
    course = CoursePageFactory(slug="manual-bad")
    client.force_login(admin)
    response = client.post(
        reverse("courses:assign"), {"course": course.pk, "employee_number": "NOPE1"}
    )
    assert response.status_code == 200
    assert "No employee has the number NOPE1." in response.text
    response = client.post(reverse("courses:assign"), {"course": course.pk})
    assert "Give either an employee number or a department" in response.text
    assert not Assignment.objects.filter(course=course).exists()


def test_only_administrators_may_assign_by_hand(client):
    learner = make_user(roles.LEARNER)
    course = CoursePageFactory(slug="manual-denied")
    client.force_login(learner)
    response = client.post(
        reverse("courses:assign"),
        {"course": course.pk, "employee_number": learner.employee.employee_number},
    )
    assert response.status_code == 403
    assert not Assignment.objects.filter(course=course).exists()


def test_importing_the_roster_assigns_required_courses_and_pauses_leavers():
    from lms.roster import import_roster
    from tests.lms.roster_utils import person, roster

    police = DepartmentFactory(code="LAPD", name="Police")
    DepartmentFactory(code="LAPL", name="Library")
    everyone = CoursePageFactory(slug="all-staff", required_for_all=True)
    so40 = CoursePageFactory(slug="so40-roster", required_departments=[police])

    result = import_roster(
        roster(
            person("E000001"),
            person("E000002", department_code="LAPD", sworn="true"),
        )
    )
    assert result.ok, result.problems
    assert assigned(everyone) == {"E000001", "E000002"}
    assert assigned(so40) == {"E000002"}

    # E000002 leaves: the next full roster no longer lists them.
    result = import_roster(
        roster(person("E000001")), deactivate_missing=True, confirm_deactivation=True
    )
    assert result.deactivated == 1
    assert assigned(everyone) == {"E000001"}
    assert not Assignment.objects.filter(employee__employee_number="E000002").filter(
        active=True
    )
