"""Who a change to a published course concerns: its current certificate holders.

Read through the course's own relations, so this module imports no model and the
page editor's panel may use it.
"""


def _holders(*, course, module):
    """Current certificates of the course whose cycle did not include the module.

    A cycle completed while the module was live has it done (completion needs
    every live module), so those holders learned it already, however often the
    module is published again.
    """
    course = course.specific
    certificates = course.certificates.filter(
        assignment__in=course.assignments.counted(),
        renewal__isnull=True,
        revoked_at__isnull=True,
    )
    if module.pk is not None:
        done_it = course.assignments.filter(module_progress__module=module)
        certificates = certificates.exclude(assignment__in=done_it)
    return certificates


def certified_holders(*, course, module) -> int:
    return _holders(course=course, module=module).count()


def holders_to_renew(*, course, module):
    return _holders(course=course, module=module).select_related(
        "assignment", "course", "employee"
    )
