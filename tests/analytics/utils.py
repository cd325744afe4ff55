"""Analytics test data by the day: a course with its quiz, and assignments in
every state with their finished attempts, built with the factories."""

from datetime import date, timedelta

from tests.courses.factories import AssignmentFactory, CoursePageFactory, moment
from tests.lms.factories import EmployeeFactory
from tests.quizzes.factories import AttemptFactory, QuestionFactory

TODAY = date(2026, 3, 16)

__all__ = ["TODAY", "assign", "course", "employees", "moment"]


def course(slug="ed20", *, quiz=None, modules=2, **fields):
    """A published course with its own quiz (one single-choice question)."""
    if quiz is None:
        quiz = QuestionFactory(
            quiz__slug=f"{slug}-quiz",
            quiz__title=f"{slug.upper()} quiz",
            prompt=f"{slug}: may you ask about status?",
        ).quiz
    return CoursePageFactory(
        slug=slug, quiz=quiz, modules=modules, title=slug.upper(), **fields
    )


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
    """An assignment of ``course_page`` due on ``due``, opened on ``launched``
    and completed on ``completed`` (days), with ``modules_done`` modules done
    and one finished attempt per score."""
    fields = {}
    if launched:
        fields["launched_at"] = moment(launched)
    if completed:
        fields.update(completed=True, completed_at=moment(completed))
        fields.setdefault("launched_at", None)
    assignment = AssignmentFactory(
        employee=employee,
        course=course_page,
        assigned_at=moment(due - timedelta(days=30)),
        due_date=due,
        active=active,
        **fields,
    )
    if modules_done:
        # Done on the launch day, or five days before the due date.
        when = moment(launched or due - timedelta(days=5))
        for module in course_page.live_modules()[:modules_done]:
            assignment.module_progress.create(module=module, completed_at=when)
    for number, score in enumerate(scores):
        when = moment((completed or launched or TODAY) - timedelta(days=1), 9 + number)
        AttemptFactory(
            quiz=course_page.quiz,
            employee=employee,
            registration=assignment.registration,
            finished_at=when,
            started_at=when,
            score=score,
        )
    return assignment


def employees(count, department, **fields):
    return EmployeeFactory.create_batch(count, department=department, **fields)
