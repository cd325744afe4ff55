"""The learner's own record ("My record"), on screen and as a PDF."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lms.access import employee_of

from ..pdf import render_pdf
from ..selectors.record import learner_record


def _context(request):
    employee = employee_of(request.user)
    return {
        "employee": employee,
        "courses": learner_record(employee=employee) if employee else [],
        "today": timezone.localdate(),
    }


@require_GET
def my_record(request):
    return render(request, "courses/my_record.html", _context(request))


@require_GET
def my_record_pdf(request):
    context = _context(request)
    if context["employee"] is None:
        raise Http404(_("Only City employees have a training record."))
    response = HttpResponse(
        render_pdf("courses/my_record_pdf.html", context),
        content_type="application/pdf",
    )
    filename = f"training-record-{context['today'].isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
