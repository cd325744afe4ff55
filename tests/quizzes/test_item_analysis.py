"""Item analysis (analytics.selectors.item_frames): counts by item and department."""

import pytest

from analytics import selectors
from quizzes import services
from quizzes.models import Choice, Question
from tests.lms.factories import DepartmentFactory, EmployeeFactory
from tests.quizzes.test_services import answer_all

pytestmark = pytest.mark.django_db


def answer_first(quiz, employee, *, right):
    """Answer only the first (single-choice) question."""
    attempt = services.attempt_start(employee=employee, quiz=quiz)
    question = attempt.current_question
    choice = Choice.objects.get(question=question, is_correct=right)
    services.answer_submit(
        employee=attempt.employee,
        attempt_uuid=attempt.uuid,
        question_uuid=question.uuid,
        step_uuid=None,
        choice_uuids=[choice.uuid],
    )
    return choice


def row(frame, **where):
    selected = frame
    for column, value in where.items():
        selected = selected[selected[column] == value]
    assert len(selected) == 1, selected
    return selected.iloc[0]


def test_counts_by_item_and_department(quiz):
    library = DepartmentFactory(code="LAPL")
    police = DepartmentFactory(code="LAPD")
    right = answer_first(quiz, EmployeeFactory(department=library), right=True)
    answer_first(quiz, EmployeeFactory(department=library), right=True)
    wrong = answer_first(quiz, EmployeeFactory(department=police), right=False)
    answer_all(
        services.attempt_start(employee=EmployeeFactory(department=police), quiz=quiz),
        right=True,
    )
    frame, _flags = selectors.item_frames()
    first = str(right.question.uuid)
    question_row = row(
        frame,
        level="question",
        question_uuid=str(right.question.uuid),
        department="LAPL",
    )
    assert (question_row.times_chosen, question_row.times_right) == (2, 2)
    police_row = row(
        frame,
        level="question",
        question_uuid=str(right.question.uuid),
        department="LAPD",
    )
    # One wrong answer, one right one (from the full attempt).
    assert (police_row.times_chosen, police_row.times_right) == (2, 1)
    chosen_right = row(
        frame, level="choice", choice_uuid=str(right.uuid), department="LAPL"
    )
    assert (chosen_right.times_chosen, chosen_right.times_right) == (2, 2)
    chosen_wrong = row(
        frame, level="choice", choice_uuid=str(wrong.uuid), department="LAPD"
    )
    assert (chosen_wrong.times_chosen, chosen_wrong.times_right) == (1, 0)
    scenario = Question.objects.get(quiz=quiz, kind="scenario")
    steps = frame[(frame.level == "step") & (frame.question_uuid == str(scenario.uuid))]
    assert sorted(steps.step) == ["1. What now?", "2. And then?"]
    assert set(steps.times_right) == {1}
    assert first in set(frame.question_uuid)


def test_fixed_number_of_queries(quiz, django_assert_num_queries):
    department = DepartmentFactory(code="LAPL")
    answer_first(quiz, EmployeeFactory(department=department), right=True)
    with django_assert_num_queries(5):
        small, _flags = selectors.item_frames()
    for _ in range(5):
        answer_all(
            services.attempt_start(
                employee=EmployeeFactory(department=department), quiz=quiz
            ),
            right=False,
        )
    with django_assert_num_queries(5):
        large, _flags = selectors.item_frames()
    assert large.times_chosen.sum() > small.times_chosen.sum()


def test_with_no_answers_every_choice_is_listed_at_zero(quiz):
    frame, _flags = selectors.item_frames()
    assert set(frame.level) == {"choice"}
    assert len(frame) == Choice.objects.filter(question__quiz=quiz).count()
    assert frame.times_chosen.sum() == 0
