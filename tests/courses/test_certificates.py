"""Completing a course issues a certificate the learner can see, print and download."""

import hashlib
import re
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
import time_machine
from pypdf import PdfReader

from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Acknowledgement, Certificate
from courses.services import certificates
from lms.xapi import constants
from lms.xapi.models import Statement
from tests.courses.factories import AssignmentFactory, CoursePageFactory, complete
from tests.lms.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

# 10:00 in Los Angeles on 31 January 2026.
COMPLETION = datetime(2026, 1, 31, 18, 0, tzinfo=UTC)


@pytest.fixture
def certified():
    with time_machine.travel(COMPLETION, tick=False):
        course = CoursePageFactory(
            slug="ed20",
            title="Executive Directive 20 basics",
            version_label="2.1",
            recertification_months=13,
        )
        assignment = complete(AssignmentFactory(course=course))
    return assignment


def test_completion_issues_a_certificate_with_dates_version_and_secret_code(
    certified,
):
    certificate = Certificate.objects.get(assignment=certified)
    assert certificate.employee == certified.employee
    assert certificate.course_title == "Executive Directive 20 basics"
    assert certificate.course_version == "2.1"
    assert certificate.issued_on == date(2026, 1, 31)
    # 13 months after 31 January is the last day of February of the next year.
    assert certificate.expires_on == date(2027, 2, 28)
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", certificate.code)


def test_codes_differ_between_certificates():
    course = CoursePageFactory(slug="ed20")
    codes = {
        complete(AssignmentFactory(course=course)).certificate.code for _ in range(5)
    }
    assert len(codes) == 5


def test_a_course_without_recertification_issues_a_certificate_without_expiry():
    course = CoursePageFactory(slug="once", requires_recertification=False)
    certificate = complete(AssignmentFactory(course=course)).certificate
    assert certificate.expires_on is None
    assert certificate.status(date(2040, 1, 1)) == "valid"


def test_issuing_twice_returns_the_same_certificate(certified):
    again = certificates.certificate_issue(assignment=certified)
    assert again.pk == certified.certificate.pk
    assert Certificate.objects.count() == 1


def test_certificate_issued_statement_names_the_course_not_the_code(certified):
    certificate = certified.certificate
    row = Statement.objects.get(verb=constants.EARNED)
    assert row.registration == certified.registration
    assert row.object_iri.endswith("/course/ed20/certificate")
    assert certificate.code not in str(row.payload)
    assert row.payload["object"]["definition"]["type"] == constants.CERTIFICATE


def test_my_training_shows_the_certificate_as_certified(client, certified):
    client.force_login(certified.employee.user)
    with time_machine.travel(datetime(2026, 6, 1, 18, tzinfo=UTC), tick=False):
        response = client.get(reverse("courses:my_training"))
    html = response.content.decode()
    assert "Certified" in html
    assert reverse("courses:certificate", args=[certified.certificate.code]) in html
    assert reverse("courses:certificate_pdf", args=[certified.certificate.code]) in html


def test_certificate_page_is_laid_out_for_one_printed_sheet(client, certified):
    client.force_login(certified.employee.user)
    code = certified.certificate.code
    response = client.get(reverse("courses:certificate", args=[code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<link rel="stylesheet" href="/static/courses/certificate.css">' in html
    sheet = finders.find("courses/certificate.css")
    css = open(sheet, encoding="utf-8").read()
    assert "@page" in css and "size: landscape" in css
    assert certified.employee.full_name in html
    assert "Executive Directive 20 basics" in html
    assert reverse("courses:verify", args=[code]) in html


def test_pdf_download_is_a_pdf_with_the_course_title(client, certified):
    client.force_login(certified.employee.user)
    response = client.get(
        reverse("courses:certificate_pdf", args=[certified.certificate.code])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (page.mediabox.width, page.mediabox.height) == (792, 612)  # Letter, wide
    text = page.extract_text()
    assert "Executive Directive 20 basics" in text
    assert certified.employee.last_name in text


def test_another_employee_cannot_open_someone_elses_certificate(client, certified):
    client.force_login(EmployeeFactory().user)
    code = certified.certificate.code
    assert client.get(reverse("courses:certificate", args=[code])).status_code == 404
    assert (
        client.get(reverse("courses:certificate_pdf", args=[code])).status_code == 404
    )


def test_each_attestation_keeps_time_revision_and_hash_of_the_wording(certified):
    acknowledgements = Acknowledgement.objects.filter(assignment=certified)
    assert acknowledgements.count() == 2  # one per module of the test course
    for acknowledgement in acknowledgements:
        module = acknowledgement.module.specific
        block = next(
            b
            for b in module.acknowledgement_blocks()
            if b.id == acknowledgement.block_id
        )
        expected = hashlib.sha256(
            block.value["statement"].strip().encode("utf-8")
        ).hexdigest()
        assert acknowledgement.text_sha256 == expected
        assert acknowledgement.revision_id == module.live_revision_id
        assert acknowledgement.ticked_at == COMPLETION


def test_my_training_queries_do_not_grow_with_certificates(
    client, django_assert_max_num_queries
):
    employee = EmployeeFactory()
    client.force_login(employee.user)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("courses:my_training")).status_code == 200
        return len(queries)

    complete(AssignmentFactory(course=CoursePageFactory(slug="one"), employee=employee))
    with_one = count_queries()
    for slug in ("two", "three", "four"):
        complete(
            AssignmentFactory(course=CoursePageFactory(slug=slug), employee=employee)
        )
    with django_assert_max_num_queries(with_one):
        client.get(reverse("courses:my_training"))


def test_a_revoked_certificate_is_explained_to_its_holder_on_the_card_and_by_email(
    client, certified, django_capture_on_commit_callbacks, mailoutbox
):
    from lms import roles
    from tests.lms.factories import make_user

    admin = make_user(roles.ADMINISTRATOR)
    with django_capture_on_commit_callbacks(execute=True):
        certificates.certificate_revoke(
            certificate=certified.certificate,
            revoked_by=admin,
            reason="Issued in error: the quiz was graded on an old key.",
        )
    [message] = mailoutbox
    assert message.to == [certified.employee.work_email]
    assert "Executive Directive 20 basics" in message.subject
    assert "graded on an old key" in message.body
    assert "take the course again" in message.body

    client.force_login(certified.employee.user)
    html = client.get(reverse("courses:my_training")).text
    card = html.split('class="card training-row"', 1)[1].split("</section>", 1)[0]
    assert "Certificate revoked" in card
    assert "Ask your supervisor" in card
    assert "Valid until" not in card and "Certified until" not in card
