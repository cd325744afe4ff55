"""Reads for the administrators' forms: what may be assigned, what waived."""

from ..models import Assignment, CoursePage


def assignable_courses():
    return CoursePage.objects.live().specific().order_by("title")


def waivable_assignments():
    return (
        Assignment.objects.open()
        .filter(waiver__isnull=True)
        .select_related("employee", "course")
        .order_by("employee__last_name", "course__title")
    )
