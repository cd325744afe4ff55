"""Reads of certificates: the learner's own, and the public check by code."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from lms.access import employee_of

from ..models import Certificate, CertificateStatus


@dataclass
class MyCertificates:
    current: list[Certificate]
    past: list[Certificate]


def certificates_of(*, user, today: date | None = None) -> MyCertificates:
    """The learner's certificates: those of current cycles, and past ones."""
    employee = employee_of(user)
    if employee is None:
        return MyCertificates([], [])
    today = today or timezone.localdate()
    current, past = [], []
    for certificate in Certificate.objects.filter(employee=employee).select_related(
        "employee", "course", "assignment"
    ):
        status = certificate.status(today)
        certificate.display_status = certificate.status_label(today)
        if status == CertificateStatus.VALID and certificate.renewal_id is not None:
            certificate.display_status = _("Valid; the new version is due")
        is_current = certificate.assignment.active and status == CertificateStatus.VALID
        (current if is_current else past).append(certificate)
    return MyCertificates(current, past)


def certificate_of_user(*, user, code: str) -> Certificate | None:
    employee = employee_of(user)
    if employee is None:
        return None
    return (
        Certificate.objects.select_related("employee", "course")
        .filter(employee=employee, code=code)
        .first()
    )


def certificate_by_code(*, code: str) -> Certificate | None:
    return Certificate.objects.select_related("employee").filter(code=code).first()
