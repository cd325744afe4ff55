"""Certificates worth printing: a QR code to the check page, the City's name
block or seal, and the signatory an administrator sets."""

import base64
from io import BytesIO

import pytest
import zxingcpp
from PIL import Image as PILImage
from pypdf import PdfReader

from django.core.files.images import ImageFile
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.models import Site

from courses.models import CertificateDesign
from lms import roles
from tests.courses.factories import AssignmentFactory, CoursePageFactory, complete
from tests.lms.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified():
    course = CoursePageFactory(slug="ed20", title="Executive Directive 20 basics")
    return complete(AssignmentFactory(course=course))


def decoded(image):
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, "one readable QR code"
    return found[0].text


def qr_in_page(html):
    marker = 'class="qr" src="data:image/png;base64,'
    start = html.index(marker) + len(marker)
    data = base64.b64decode(html[start : html.index('"', start)])
    return PILImage.open(BytesIO(data))


def test_the_print_page_qr_code_leads_to_the_public_check(client, certified):
    code = certified.certificate.code
    client.force_login(certified.employee.user)
    html = client.get(reverse("courses:certificate", args=[code])).text
    url = decoded(qr_in_page(html))
    assert url == "http://testserver" + reverse("courses:verify", args=[code])
    client.logout()
    check = client.get(url.removeprefix("http://testserver"))
    assert check.status_code == 200
    assert "Executive Directive 20 basics" in check.text
    assert "Valid" in check.text


def test_the_pdf_carries_the_same_qr_code(client, certified):
    code = certified.certificate.code
    client.force_login(certified.employee.user)
    pdf = client.get(reverse("courses:certificate_pdf", args=[code])).content
    images = [image.image for image in PdfReader(BytesIO(pdf)).pages[0].images]
    urls = [found.text for image in images for found in zxingcpp.read_barcodes(image)]
    assert urls == ["http://testserver" + reverse("courses:verify", args=[code])]


def test_without_a_seal_the_name_block_and_no_empty_signature(client, certified):
    client.force_login(certified.employee.user)
    html = client.get(
        reverse("courses:certificate", args=[certified.certificate.code])
    ).text
    assert '<p class="name-block">City of Los Angeles</p>' in html
    assert "City Policy Training" in html
    assert "signature-line" not in html


def png_image(title):
    buffer = BytesIO()
    PILImage.new("RGB", (64, 64), (11, 61, 110)).save(buffer, format="PNG")
    return Image.objects.create(
        title=title, file=ImageFile(BytesIO(buffer.getvalue()), name="seal.png")
    )


def test_administrator_sets_seal_and_signatory_and_both_are_printed(client, certified):
    site = Site.objects.get(is_default_site=True)
    seal = png_image("City seal")
    admin = make_user(roles.ADMINISTRATOR)
    client.force_login(admin)
    edit_url = reverse(
        "wagtailsettings:edit", args=["courses", "certificatedesign", site.pk]
    )
    assert client.get(edit_url).status_code == 200
    response = client.post(
        edit_url,
        {
            "issuer": "City of Los Angeles",
            "program": "City Policy Training",
            "seal": seal.pk,
            "signatory_name": "Jordan Ellis",
            "signatory_title": "Citywide Training Coordinator",
        },
    )
    assert response.status_code == 302, response.content[:500]
    design = CertificateDesign.for_site(site)
    assert design.signatory_name == "Jordan Ellis"

    client.force_login(certified.employee.user)
    code = certified.certificate.code
    html = client.get(reverse("courses:certificate", args=[code])).text
    assert 'class="seal" src="data:image/png;base64,' in html
    assert "Seal of the City of Los Angeles" in html
    assert "Jordan Ellis" in html and "Citywide Training Coordinator" in html
    pdf = client.get(reverse("courses:certificate_pdf", args=[code])).content
    page = PdfReader(BytesIO(pdf)).pages[0]
    assert "Jordan Ellis" in page.extract_text()
    assert len(page.images) == 2  # the seal and the QR code


def test_trainers_cannot_change_what_certificates_say(client):
    site = Site.objects.get(is_default_site=True)
    client.force_login(make_user(roles.TRAINER))
    edit_url = reverse(
        "wagtailsettings:edit", args=["courses", "certificatedesign", site.pk]
    )
    response = client.post(edit_url, {"issuer": "Someone else", "program": "x"})
    assert response.status_code in (302, 403)
    assert CertificateDesign.for_site(site).issuer == "City of Los Angeles"
