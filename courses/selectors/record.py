"""A learner's whole record ("My record"): every course and cycle, with its
attempts, certificate, acknowledgements and waiver. The page and its PDF read
the same rows, in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from quizzes.models import Attempt

from ..models import Acknowledgement, Assignment
from ..status import Status


@dataclass
class Cycle:
    assignment: Assignment
    status_label: str
    attempts: list = field(default_factory=list)
    acknowledgements: list = field(default_factory=list)

    @property
    def certificate(self):
        return getattr(self.assignment, "certificate", None)

    @property
    def waiver(self):
        return getattr(self.assignment, "waiver", None)


@dataclass
class CourseRecord:
    title: str
    cycles: list[Cycle]


def learner_record(*, employee, today: date | None = None) -> list[CourseRecord]:
    today = today or timezone.localdate()
    assignments = list(
        Assignment.objects.filter(employee=employee)
        .with_status(today)
        .select_related("course", "certificate", "waiver")
        .order_by("course__title", "-assigned_at")
    )
    registrations = {a.registration: a.pk for a in assignments}
    attempts = defaultdict(list)
    for attempt in (
        Attempt.objects.filter(employee=employee, registration__in=registrations)
        .select_related("quiz")
        .order_by("started_at")
    ):
        attempts[registrations[attempt.registration]].append(attempt)
    acknowledgements = defaultdict(list)
    for ack in (
        Acknowledgement.objects.filter(assignment__in=assignments)
        .select_related("module")
        .order_by("ticked_at")
    ):
        acknowledgements[ack.assignment_id].append(ack)
    courses = {}
    for assignment in assignments:
        cycle = Cycle(
            assignment=assignment,
            status_label=Status(assignment.status).label,
            attempts=attempts[assignment.pk],
            acknowledgements=acknowledgements[assignment.pk],
        )
        title = assignment.course.title
        courses.setdefault(title, CourseRecord(title=title, cycles=[])).cycles.append(
            cycle
        )
    return list(courses.values())
