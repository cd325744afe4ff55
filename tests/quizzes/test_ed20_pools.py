"""The seeded ED20 bank drawn by department: a firefighter and a librarian each
get items from their own job, enough of them, at the same pass mark."""

import pytest

from lms.models import Department
from quizzes import audience, seed, selectors, services
from quizzes.models import AttemptItem, Quiz
from tests.lms.factories import EmployeeFactory
from tests.quizzes.test_services import answer_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def ed20(db):
    seed.run(password="unused-password", log=lambda message: None)
    return Quiz.objects.get(slug="ed20-quiz")


def codes(question):
    return {department.code for department in question.audience_departments.all()}


def items_for(code, quiz):
    """The prompts of the items whose audience names department ``code``."""
    return {q.prompt for q in selectors.quiz_questions(quiz) if code in codes(q)}


def drawn(attempt):
    return [
        item.question
        for item in AttemptItem.objects.filter(attempt=attempt)
        .select_related("question")
        .prefetch_related("question__audience_departments")
        .order_by("position")
    ]


def two_attempts(employee, quiz):
    """Two finished attempts, answered right (``answer_all`` picks at most two
    choices of a "select all" item, so that one may score nothing)."""
    attempts = []
    for _ in range(2):
        attempt = services.attempt_start(employee=employee, quiz=quiz)
        answer_all(attempt)
        attempt.refresh_from_db()
        attempts.append(attempt)
    return attempts


def test_every_department_draws_a_full_attempt(ed20):
    questions = selectors.quiz_questions(ed20)
    assert ed20.draw_count == 10
    assert 1 <= sum(q.always_asked for q in questions) <= 3
    short = {}
    for department in Department.objects.all():
        employee = EmployeeFactory.build(department=department, job_class="")
        pool = audience.questions_for(employee, questions)
        if len(pool) < ed20.draw_count:
            short[department.code] = len(pool)
    assert short == {}


def test_a_firefighter_and_a_librarian_draw_their_own_items(ed20):
    fire = Department.objects.get(code="LAFD")
    library = Department.objects.get(code="LAPL")
    fire_items, library_items = items_for("LAFD", ed20), items_for("LAPL", ed20)
    assert len(fire_items) >= 2 and len(library_items) >= 2
    firefighter = EmployeeFactory(department=fire, job_class="Firefighter III")
    librarian = EmployeeFactory(department=library, job_class="Librarian")

    seen = {}
    for name, employee in (("fire", firefighter), ("library", librarian)):
        attempts = two_attempts(employee, ed20)
        for attempt in attempts:
            # The same number of items and the same pass mark for both, graded
            # out of the points of the items each one drew.
            assert len(drawn(attempt)) == ed20.draw_count
            assert (attempt.pass_mark, attempt.passed) == (80, True)
        seen[name] = [question for a in attempts for question in drawn(a)]

    fire_prompts = {q.prompt for q in seen["fire"]}
    library_prompts = {q.prompt for q in seen["library"]}
    # Two attempts meet every item of the learner's own department ...
    assert fire_items <= fire_prompts
    assert library_items <= library_prompts
    # ... and never one of the other's.
    assert not fire_prompts & library_items
    assert not library_prompts & fire_items
    for question in seen["fire"]:
        text = f"{question.prompt} {question.role} {question.situation}".lower()
        assert "librar" not in text, question.prompt
    for question in seen["library"]:
        text = f"{question.prompt} {question.role} {question.situation}".lower()
        assert "fire" not in text and "paramedic" not in text, question.prompt
