"""Builders for analytics tests: assignments in every state, attempts, answers."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from courses import status
from courses.models import Assignment, ModuleProgress
from quizzes.models import Attempt, AttemptState
from tests.courses.utils import make_course, modules_of
from tests.lms.factories import EmployeeFactory
from tests.quizzes.utils import add_single, make_quiz

TODAY = date(2026, 3, 16)


def moment(day: date, hour=10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def course(slug="ed20", *, quiz=None, modules=2, **fields):
    """A published course with its own quiz (one single-choice question)."""
    if quiz is None:
        quiz = make_quiz(slug=f"{slug}-quiz", title=f"{slug.upper()} quiz")
        add_single(quiz, prompt=f"{slug}: may you ask about status?")
    return make_course(slug, quiz=quiz, modules=modules, title=slug.upper(), **fields)


def assign(
    employee,
    course_page,
    *,
    due=TODAY + timedelta(days=10),
    launched=None,
    completed=None,
    modules_done=0,
    scores=(),
    active=True,
):
    """An assignment of ``course_page`` with progress and finished attempts."""
    assignment = Assignment.objects.create(
        employee=employee,
        course=course_page,
        assigned_at=moment(due - timedelta(days=30)),
        due_date=due,
        launched_at=moment(launched) if launched else None,
        completed_at=moment(completed) if completed else None,
        recertify_on=status.recertify_on(course_page, completed) if completed else None,
        active=active,
    )
    for module in modules_of(course_page)[:modules_done]:
        ModuleProgress.objects.create(
            assignment=assignment,
            module=module,
            completed_at=moment(launched or due - timedelta(days=5)),
        )
    for number, score in enumerate(scores):
        when = moment((completed or launched or TODAY) - timedelta(days=1), 9 + number)
        Attempt.objects.create(
            quiz=course_page.quiz,
            employee=employee,
            registration=assignment.registration,
            state=AttemptState.FINISHED,
            started_at=when,
            last_event_at=when,
            finished_at=when,
            score_percent=Decimal(score),
            pass_mark=80,
            passed=score >= 80,
        )
    return assignment


def employees(count, department, **fields):
    return [EmployeeFactory(department=department, **fields) for _ in range(count)]
