"""My record: every course and cycle with attempts, certificates, acknowledgements
and waivers, on screen and as a PDF."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from django.urls import reverse

from courses.models import WaiverReason
from courses.services import assignments, certificates
from lms import roles
from quizzes import services as quiz_services
from tests.courses.factories import AssignmentFactory, CoursePageFactory, complete
from tests.lms.factories import EmployeeFactory, make_user
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.utils import play

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(client):
    user = make_user(roles.LEARNER, first_name="Rosa", last_name="Marin")
    employee = user.employee
    quiz = QuizFactory(slug="ed20-quiz", title="ED20 check", pass_mark=100)
    QuestionFactory(quiz=quiz)
    ed20 = CoursePageFactory(slug="ed20", title="ED20 basics", modules=1, quiz=quiz)
    data = CoursePageFactory(slug="data", title="Personal data at work", modules=1)
    revoked = CoursePageFactory(slug="so40", title="Special Order 40", modules=1)
    first = AssignmentFactory(course=ed20, employee=employee)
    waived = AssignmentFactory(course=data, employee=employee)
    admin = make_user(roles.ADMINISTRATOR, employee=False)
    assignments.assignment_waive(
        assignment=waived, waived_by=admin, reason=WaiverReason.LEAVE
    )
    gone = complete(AssignmentFactory(course=revoked, employee=employee))
    certificates.certificate_revoke(
        certificate=gone.certificate, revoked_by=admin, reason="Issued in error."
    )
    client.force_login(user)
    for right in (False, True):
        attempt = quiz_services.attempt_start(
            employee=employee, quiz=quiz, registration=first.registration
        )
        play(client, attempt, right=right)
    complete(first)
    return user


def test_the_record_lists_every_course_with_what_happened(client, record):
    html = client.get(reverse("courses:my_record")).text
    for text in (
        "ED20 basics",
        "Personal data at work",
        "Special Order 40",
        "Not passed",
        "Passed",
        "Long leave",
        "Revoked",
        "Acknowledged:",
    ):
        assert text in html, text
    assert "Rosa Marin" in html
    assert "My record" in html.split("</header>", 1)[0]  # in the navigation


def test_the_record_downloads_as_a_pdf_with_the_same_facts(client, record):
    response = client.get(reverse("courses:my_record_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        page.extract_text() for page in PdfReader(BytesIO(response.content)).pages
    )
    for fact in (
        "Rosa Marin",
        "ED20 basics",
        "Special Order 40",
        "Not passed",
        "Passed",
    ):
        assert fact in text, fact


def test_someone_with_no_assignment_sees_an_empty_record_not_an_error(client):
    client.force_login(make_user(roles.LEARNER))
    html = client.get(reverse("courses:my_record")).text
    assert "Nothing is on your record yet" in html


def test_the_record_shows_only_ones_own(client, record):
    other = EmployeeFactory(last_name="Someone-Else")
    AssignmentFactory(
        course=CoursePageFactory(slug="x", title="Other course"), employee=other
    )
    html = client.get(reverse("courses:my_record")).text
    assert "Other course" not in html
