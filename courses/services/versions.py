"""A new version of a course: the trigger for recertification."""

import re

from django.db import transaction

from ..models import CoursePage


def next_version_label(label: str) -> str:
    """'1.0' -> '1.1', '2' -> '3', anything else gets '.1' appended."""
    match = re.fullmatch(r"(.*?)(\d+)", label.strip())
    if not match:
        return f"{label}.1" if label else "1.0"
    prefix, number = match.groups()
    return f"{prefix}{int(number) + 1}"


@transaction.atomic
def course_version_bump(*, course: CoursePage, user) -> CoursePage:
    """Save a draft of ``course`` with the next version label.

    It goes live through the "Policy review" workflow like any edit; publishing
    it asks everyone certified on an older version to recertify
    (:func:`courses.services.certificates.course_recertify_new_version`).
    """
    draft = course.get_latest_revision_as_object()
    draft.version_label = next_version_label(draft.version_label)
    draft.save_revision(user=user, log_action=True)
    return draft
