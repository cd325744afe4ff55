"""An administrator waives an assignment: shown as waived, never overdue."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Acknowledgement, Waiver, WaiverReason
from courses.selectors.training import my_training
from courses.services import assignments
from courses.services.reminders import team_overdue
from courses.status import Status
from lms import roles
from tests.courses.factories import AssignmentFactory, CoursePageFactory, complete
from tests.lms.factories import EmployeeFactory, make_user

pytestmark = pytest.mark.django_db

DUE = date(2026, 3, 20)


@pytest.fixture
def course():
    return CoursePageFactory(slug="ed20", title="ED20 basics", modules=1)


@pytest.fixture
def admin():
    return make_user(roles.ADMINISTRATOR)


def waive_url():
    return reverse("waiver:add")


def test_administrator_waives_from_the_admin_and_who_when_why_are_kept(
    client, course, admin
):
    employee = EmployeeFactory(employee_number="W000042")
    assignment = AssignmentFactory(course=course, employee=employee, due_date=DUE)
    client.force_login(admin)
    assert client.get(waive_url()).status_code == 200
    moment = datetime(2026, 3, 1, 18, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        response = client.post(
            waive_url(),
            {
                "employee_number": "W000042",
                "course": course.pk,
                "reason": WaiverReason.EQUIVALENT,
                "note": "Took the County's course in 2025.",
            },
        )
    assert response.status_code == 302
    waiver = Waiver.objects.get(assignment=assignment)
    assert waiver.waived_by == admin
    assert waiver.waived_at == moment
    assert waiver.reason == WaiverReason.EQUIVALENT
    assert waiver.note == "Took the County's course in 2025."


def test_employee_number_typed_in_lower_case_finds_the_employee(client, course, admin):
    employee = EmployeeFactory(employee_number="W000043")
    assignment = AssignmentFactory(course=course, employee=employee, due_date=DUE)
    client.force_login(admin)
    response = client.post(
        waive_url(),
        {"employee_number": " w000043 ", "course": course.pk, "reason": "leave"},
    )
    assert response.status_code == 302
    assert Waiver.objects.filter(assignment=assignment).exists()


def test_a_waived_assignment_is_shown_as_waived_and_never_overdue(
    client, course, admin
):
    assignment = AssignmentFactory(course=course, due_date=DUE)
    assignments.assignment_waive(
        assignment=assignment, waived_by=admin, reason=WaiverReason.LEAVE
    )
    user = assignment.employee.user
    [row] = my_training(user=user, today=DUE + timedelta(days=90))
    assert row.state.status == Status.WAIVED
    assert row.state.days_overdue == 0
    manager = make_user(roles.MANAGER).employee
    assignment.employee.manager = manager
    assignment.employee.save()
    assert not team_overdue(manager=manager, today=DUE + timedelta(days=90)).exists()
    client.force_login(user)
    html = client.get(reverse("courses:my_training")).content.decode()
    assert "Waived" in html
    assert "Long leave" in html
    assert "overdue" not in html.lower().split("<main", 1)[1].split("</main>")[0]


def test_unknown_employee_number_is_a_clear_error_and_changes_nothing(
    client, course, admin
):
    AssignmentFactory(course=course, due_date=DUE)
    client.force_login(admin)
    response = client.post(
        waive_url(),
        {"employee_number": "NOPE1", "course": course.pk, "reason": "leave"},
    )
    assert response.status_code == 200
    assert "No employee has the number NOPE1." in response.content.decode()
    assert not Waiver.objects.exists()


def test_nothing_to_waive_is_a_clear_error(client, course, admin):
    done = complete(
        AssignmentFactory(course=course, employee=EmployeeFactory(employee_number="D1"))
    )
    client.force_login(admin)
    response = client.post(
        waive_url(), {"employee_number": "D1", "course": course.pk, "reason": "leave"}
    )
    assert response.status_code == 200
    assert "no open assignment of ED20 basics to waive" in response.content.decode()
    assert not Waiver.objects.filter(assignment=done).exists()


def test_other_reason_needs_a_note(course, admin):
    assignment = AssignmentFactory(course=course, due_date=DUE)
    with pytest.raises(ValidationError) as error:
        assignments.assignment_waive(
            assignment=assignment, waived_by=admin, reason=WaiverReason.OTHER
        )
    assert "Explain the reason in the note." in str(error.value)
    assert not Waiver.objects.exists()


@pytest.mark.parametrize("role", [roles.MANAGER, roles.TRAINER, roles.LEARNER])
def test_only_administrators_may_waive(client, course, role):
    user = make_user(role)
    assignment = AssignmentFactory(course=course, due_date=DUE)
    with pytest.raises(PermissionDenied):
        assignments.assignment_waive(
            assignment=assignment, waived_by=user, reason=WaiverReason.LEAVE
        )
    user.is_staff = True
    user.save()
    client.force_login(user)
    response = client.post(
        waive_url(),
        {
            "employee_number": assignment.employee.employee_number,
            "course": course.pk,
            "reason": "leave",
        },
    )
    assert response.status_code in (302, 403)
    assert not Waiver.objects.exists()


def test_attestations_register_lists_what_each_person_acknowledged(
    client, course, admin
):
    assignment = complete(
        AssignmentFactory(course=course, employee=EmployeeFactory(last_name="Attester"))
    )
    acknowledgement = assignment.acknowledgements.get()
    client.force_login(admin)
    html = client.get(reverse("attestation:index")).content.decode()
    assert acknowledgement.text_sha256 in html
    assert "Attester" in html
    inspect = client.get(reverse("attestation:inspect", args=[acknowledgement.pk]))
    assert acknowledgement.text_sha256 in inspect.content.decode()
    # A register of evidence: no editing or deleting it in the admin.
    edit_url = reverse("attestation:edit", args=[acknowledgement.pk])
    delete_url = reverse("attestation:delete", args=[acknowledgement.pk])
    assert client.get(edit_url).status_code in (302, 403)
    assert client.post(delete_url).status_code in (302, 403)
    assert Acknowledgement.objects.filter(pk=acknowledgement.pk).exists()


def test_attestations_register_costs_the_same_queries_for_more_rows(
    client, admin, django_assert_max_num_queries
):
    course = CoursePageFactory(slug="many", modules=1)
    complete(AssignmentFactory(course=course))
    client.force_login(admin)
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse("attestation:index"))
    for _ in range(5):
        complete(AssignmentFactory(course=course))
    with django_assert_max_num_queries(len(one_row)):
        response = client.get(reverse("attestation:index"))
    assert response.content.decode().count("<tr") >= 6


def test_waivers_register_lists_waivers_and_offers_the_waive_form(
    client, course, admin
):
    assignment = AssignmentFactory(
        course=course, employee=EmployeeFactory(last_name="Onleave"), due_date=DUE
    )
    assignments.assignment_waive(
        assignment=assignment, waived_by=admin, reason=WaiverReason.LEAVE
    )
    client.force_login(admin)
    html = client.get(reverse("waiver:index")).content.decode()
    assert "Onleave" in html
    assert "Long leave" in html
    assert waive_url() in html
    assert client.get(reverse("reminderlog:index")).status_code == 200


def test_registers_show_yes_no_and_missing_values_in_words(client, course, admin):
    """Not "True", "False" or "None": a tick or cross, and a dash when unset."""
    AssignmentFactory(course=course, employee=EmployeeFactory(last_name="Listed"))
    complete(AssignmentFactory(course=course, employee=EmployeeFactory()))
    client.force_login(admin)
    pages = [
        reverse("certificate:index"),
        reverse("wagtailsnippets_lms_employee:list"),
        reverse("wagtailsnippets_quizzes_quiz:list"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        cells = [
            cell.strip()
            for cell in response.text.split("<td")[1:]
            for cell in [cell.split(">", 1)[1].split("</td>")[0]]
        ]
        shown = {" ".join(cell.split()) for cell in cells}
        assert not shown & {"True", "False", "None"}, (url, shown & {"True", "False"})
