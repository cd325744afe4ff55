"""The learner's certificate (print and PDF) and the public verification page."""

import base64

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms import qr

from ..models import CertificateDesign
from ..pdf import render_pdf
from ..selectors import certificates as selectors


def _own_certificate(request, code):
    certificate = selectors.certificate_of_user(user=request.user, code=code)
    if certificate is None:
        raise Http404(_("You hold no certificate with this code."))
    return certificate


def _seal_data_uri(design):
    """The seal inline, so the PDF renderer needs no file path or URL."""
    if design.seal is None:
        return None
    rendition = design.seal.get_rendition("max-300x300|format-png")
    with rendition.file.open("rb") as image:
        return "data:image/png;base64," + base64.b64encode(image.read()).decode()


def _context(request, certificate):
    design = CertificateDesign.for_request(request)
    verify_url = request.build_absolute_uri(
        reverse("courses:verify", args=[certificate.code])
    )
    return {
        "certificate": certificate,
        "status": certificate.status(),
        "verify_url": verify_url,
        "verify_qr": qr.png_data_uri(verify_url),
        "design": design,
        "seal_uri": _seal_data_uri(design),
    }


@require_GET
def certificate_detail(request, code):
    certificate = _own_certificate(request, code)
    return render(request, "courses/certificate.html", _context(request, certificate))


def render_certificate_pdf(context) -> bytes:
    return render_pdf("courses/certificate_pdf.html", context)


@require_GET
def certificate_pdf(request, code):
    certificate = _own_certificate(request, code)
    pdf = render_certificate_pdf(_context(request, certificate))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"certificate-{certificate.course.slug}-{certificate.issued_on}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_not_required
@never_cache
@require_GET
def verify(request, code):
    """Public: anyone holding the code may check it, and learns only what they need."""
    certificate = selectors.certificate_by_code(code=code)
    if certificate is None:
        response = render(request, "courses/verify.html", {"code": code}, status=404)
    else:
        response = render(
            request,
            "courses/verify.html",
            {"certificate": certificate, "status": certificate.status()},
        )
    # The code is the secret: keep it out of search engines and Referer headers.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
