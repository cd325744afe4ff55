"""Certificates: issuing, revoking, and recertifying when one expires or the
course changes.

Issued by the completion service in the same transaction as the completion, so a
completed course and its certificate (and their xAPI statements) never disagree.
Recertification opens a new assignment cycle (a new registration) and keeps the
old one, inactive, with its certificate, which then counts as a past certificate.
"""

import logging
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.validation import check_fields

from .. import xapi
from ..models import Assignment, Certificate, CoursePage
from ..selectors.holders import holders_to_renew
from . import mail

logger = logging.getLogger(__name__)


@transaction.atomic
def certificate_issue(*, assignment: Assignment) -> Certificate:
    """Issue the certificate of a completed assignment (once; later calls return it)."""
    if assignment.completed_at is None:
        raise ValidationError(_("Only a completed course earns a certificate."))
    existing = Certificate.objects.filter(assignment=assignment).first()
    if existing is not None:
        return existing
    course = assignment.course
    issued_on = timezone.localdate(assignment.completed_at)
    certificate = Certificate(
        employee=assignment.employee,
        course=course,
        assignment=assignment,
        course_title=course.title,
        course_version=course.version_label,
        issued_on=issued_on,
        # Valid until the cycle is due again, a day fixed at completion.
        expires_on=assignment.recertify_on,
    )
    check_fields(certificate)
    certificate.save()
    xapi.record_certificate_issued(certificate, timestamp=assignment.completed_at)
    logger.info("Issued certificate %s for course %s", certificate.pk, course.slug)
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, revoked_by, reason: str):
    """Withdraw a certificate; the verification page then says it is revoked."""
    if not revoked_by.has_perm("courses.revoke_certificate"):
        raise PermissionDenied(_("You may not revoke certificates."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise ValidationError(_("This certificate is already revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = revoked_by
    certificate.revoke_reason = reason
    certificate.full_clean()
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    logger.info("Certificate %s revoked by user %s", certificate.pk, revoked_by.pk)
    transaction.on_commit(lambda: _tell_holder_of_revocation(certificate.pk))
    return certificate


def _tell_holder_of_revocation(certificate_id):
    certificate = Certificate.objects.select_related("employee").get(pk=certificate_id)
    employee = certificate.employee
    if not employee.work_email:
        return
    mail.send(
        subject=_("Your certificate for %(course)s was revoked")
        % {"course": certificate.course_title},
        to=employee.work_email,
        template="certificate_revoked",
        context={
            "employee": employee,
            "certificate": certificate,
            "url": mail.site_url(reverse("courses:my_training")),
        },
    )


def _open_renewal(*, certificate: Certificate, due: date) -> Assignment | None:
    """Close the certified cycle and open a new one with a fresh registration."""
    old = certificate.assignment
    other_open = (
        Assignment.objects.current()
        .filter(employee_id=certificate.employee_id, course_id=certificate.course_id)
        .exclude(pk=old.pk)
        .exists()
    )
    if other_open:
        return None
    now = timezone.now()
    if old.active:
        old.active = False
        old.save(update_fields=["active"])
    renewal = Assignment(
        employee_id=certificate.employee_id,
        course_id=certificate.course_id,
        source=old.source,
        assigned_at=now,
        due_date=due,
    )
    renewal.full_clean(validate_constraints=False)
    renewal.save()
    certificate.renewal = renewal
    certificate.save(update_fields=["renewal"])
    xapi.record_recertification_assigned(renewal, timestamp=now)
    return renewal


def _renewable():
    """Certificates of current cycles that have no renewal yet."""
    return Certificate.objects.filter(
        assignment__in=Assignment.objects.counted(),
        renewal__isnull=True,
        revoked_at__isnull=True,
        course__live=True,
    ).select_related("assignment", "course", "employee")


@transaction.atomic
def certificates_expire(*, today: date | None = None) -> int:
    """Open a recertification cycle for every certificate that has expired."""
    today = today or timezone.localdate()
    made = 0
    for certificate in _renewable().filter(expires_on__lt=today):
        due = today + timedelta(days=certificate.course.days_to_complete)
        if _open_renewal(certificate=certificate, due=due) is not None:
            made += 1
    if made:
        logger.info("Opened %d recertification cycles for expired certificates", made)
    return made


@transaction.atomic
def module_recertify_holders(*, module, today: date | None = None) -> int:
    """On publishing a module marked "requires recertification", open a new
    cycle for everyone whose certificate of the course predates the module."""
    if not (module.live and module.recertify_holders):
        return 0
    course = module.get_parent().specific
    if not course.live:
        return 0
    today = today or timezone.localdate()
    due = today + timedelta(days=course.days_to_complete)
    made = 0
    for certificate in holders_to_renew(course=course, module=module):
        if _open_renewal(certificate=certificate, due=due) is not None:
            made += 1
    if made:
        logger.info(
            "Module %s of %s: %d recertifications", module.pk, course.slug, made
        )
    return made


@transaction.atomic
def course_recertify_new_version(*, course: CoursePage, today: date | None = None):
    """On publishing a new version of a course that requires recertification,
    ask everyone certified on an older version to take it again."""
    if not (course.live and course.requires_recertification):
        return 0
    today = today or timezone.localdate()
    due = today + timedelta(days=course.days_to_complete)
    made = 0
    for certificate in (
        _renewable().filter(course=course).exclude(course_version=course.version_label)
    ):
        if _open_renewal(certificate=certificate, due=due) is not None:
            made += 1
    if made:
        logger.info(
            "Version %s of course %s: %d recertifications",
            course.version_label,
            course.slug,
            made,
        )
    return made
