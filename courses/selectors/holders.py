"""Who a change to a published course concerns: its current certificate holders."""

from ..models import Assignment, Certificate, ModuleProgress


def _holders(*, course, module):
    """Current certificates of the course whose cycle did not include the module.

    A cycle completed while the module was live has it done (completion needs
    every live module), so those holders learned it already, however often the
    module is published again.
    """
    certificates = Certificate.objects.filter(
        course_id=course.pk,
        assignment__in=Assignment.objects.counted(),
        renewal__isnull=True,
        revoked_at__isnull=True,
    )
    if module.pk is not None:
        certificates = certificates.exclude(
            assignment__in=ModuleProgress.objects.filter(module=module).values(
                "assignment"
            )
        )
    return certificates


def certified_holders(*, course, module) -> int:
    return _holders(course=course, module=module).count()


def holders_to_renew(*, course, module):
    return _holders(course=course, module=module).select_related(
        "assignment", "course", "employee"
    )
