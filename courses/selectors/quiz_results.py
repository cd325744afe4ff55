"""What a course offers on the result page of a quiz attempt it started."""

from django.urls import reverse

from quizzes.signals import ResultLinks

from ..models import Assignment


def result_links(*, attempt) -> ResultLinks | None:
    """Another attempt in the same cycle and the certificate it led to (1 query).

    None for an attempt that no assignment of this learner started.
    """
    assignment = (
        Assignment.objects.filter(
            registration=attempt.registration, employee_id=attempt.employee_id
        )
        .values("course_id", "active", "certificate__code")
        .first()
    )
    if assignment is None:
        return None
    code = assignment["certificate__code"]
    return ResultLinks(
        # The course's own start: it checks the assignment is still active.
        retry_url=reverse("courses:quiz_start", args=[assignment["course_id"]])
        if assignment["active"]
        else "",
        certificate_url=reverse("courses:certificate", args=[code]) if code else "",
    )
