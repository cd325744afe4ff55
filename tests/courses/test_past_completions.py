"""Importing past completions: dated completions and certificates with the
implied expiry, marked as imported; bad lines named, nothing written;
importing again changes nothing."""

from datetime import date, timedelta

import pytest

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from courses import status
from courses.models import Assignment, Certificate
from courses.services.past_completions import past_completions_import
from lms import roles
from tests.courses.factories import AssignmentFactory, CoursePageFactory
from tests.lms.factories import EmployeeFactory, make_user

pytestmark = pytest.mark.django_db

HEADER = "employee_number,course,completion_date,delivery,source_note"


def csv(*lines):
    return ("\n".join([HEADER, *lines]) + "\n").encode()


@pytest.fixture
def admin():
    return make_user(roles.ADMINISTRATOR, employee=False)


def test_a_past_completion_completes_on_its_date_with_the_implied_expiry(admin):
    course = CoursePageFactory(slug="ed20", recertification_months=12)
    assigned = AssignmentFactory(course=course)
    unassigned = EmployeeFactory()
    day = timezone.localdate() - timedelta(days=100)
    data = csv(
        f"{assigned.employee.employee_number},ed20,{day},in person,Paper sheets 2026",
        f"{unassigned.employee_number.lower()},ed20,{day},online,Old LMS export",
    )
    result = past_completions_import(data=data, imported_by=admin)
    assert result.ok and (result.completed, result.assigned) == (2, 1)
    assigned.refresh_from_db()
    assert timezone.localdate(assigned.completed_at) == day
    assert assigned.delivery == status.Delivery.IN_PERSON
    assert assigned.imported_from == "Paper sheets 2026"
    certificate = Certificate.objects.get(assignment=assigned)
    assert certificate.issued_on == day
    assert certificate.expires_on == status.add_months(day, 12)
    new = Assignment.objects.get(employee=unassigned, course=course)
    assert new.active and new.delivery == status.Delivery.ONLINE
    assert (
        Assignment.objects.with_status(timezone.localdate()).get(pk=new.pk).status
        == status.Status.CERTIFIED
    )


def test_an_old_completion_is_due_again_at_once(admin):
    course = CoursePageFactory(slug="ed20", recertification_months=12)
    assignment = AssignmentFactory(course=course)
    data = csv(f"{assignment.employee.employee_number},ed20,2024-03-01,online,Paper")
    assert past_completions_import(data=data, imported_by=admin).ok
    annotated = Assignment.objects.with_status(timezone.localdate()).get(
        pk=assignment.pk
    )
    assert annotated.recertify_on == date(2025, 3, 1)
    assert annotated.status == status.Status.RECERTIFICATION_DUE


def test_importing_the_same_file_again_changes_nothing(admin):
    course = CoursePageFactory(slug="ed20")
    assignment = AssignmentFactory(course=course)
    data = csv(f"{assignment.employee.employee_number},ed20,2026-01-15,online,Paper")
    past_completions_import(data=data, imported_by=admin)
    again = past_completions_import(data=data, imported_by=admin)
    assert (again.completed, again.unchanged) == (0, 1)
    assert Certificate.objects.filter(employee=assignment.employee).count() == 1
    assert Assignment.objects.filter(employee=assignment.employee).count() == 1


def test_bad_lines_are_named_and_nothing_is_imported(admin):
    CoursePageFactory(slug="ed20")
    good = AssignmentFactory(course__slug="other")
    tomorrow = timezone.localdate() + timedelta(days=1)
    number = good.employee.employee_number
    data = csv(
        f"{number},other,2026-01-15,online,Paper",
        "X404,ed20,2026-01-15,online,Paper",
        f"{number},nope,01/15/2026,by mail,Paper",
        f"{number},other,{tomorrow},online,Paper",
        f"{number},other,2026-01-16,online,",
        f"{number},other,2026-01-17,online,Paper",
    )
    result = past_completions_import(data=data, imported_by=admin)
    assert [str(problem) for problem in result.problems] == [
        "line 3, column employee_number: no employee has the number X404",
        "line 4, column course: no published course has the slug 'nope'",
        "line 4, column completion_date: '01/15/2026' is not a date written YYYY-MM-DD",
        "line 4, column delivery: 'by mail' is not online or in person",
        f"line 5, column employee_number: {number} and other are already on line 2",
        "line 5, column completion_date: the date is in the future",
        "line 6, column source_note: a value is required",
        f"line 7, column employee_number: {number} and other are already on line 2",
    ]
    good.refresh_from_db()
    assert good.completed_at is None
    assert not Certificate.objects.exists()


def test_only_who_may_assign_imports(client):
    with pytest.raises(PermissionDenied):
        past_completions_import(data=csv(), imported_by=make_user(roles.MANAGER))
    client.force_login(make_user(roles.MANAGER))
    assert client.get(reverse("courses:past_completions")).status_code == 403


def test_the_upload_page_reports_problems_then_imports(admin, client):
    CoursePageFactory(slug="ed20")
    assignment = AssignmentFactory(course__slug="ed20-b")
    client.force_login(admin)
    url = reverse("courses:past_completions")
    bad = SimpleUploadedFile("past.csv", csv("X404,ed20,2026-01-15,online,Paper"))
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert "Nothing was imported: 1 problem to fix." in response.text
    good = SimpleUploadedFile(
        "past.csv",
        csv(f"{assignment.employee.employee_number},ed20-b,2026-01-15,online,Paper"),
    )
    response = client.post(url, {"file": good}, follow=True)
    assert "Imported: 1 completions recorded (0 new cycles), 0 already on record." in (
        response.text
    )
