"""Item pools: who gets which questions, and how each attempt draws its own."""

import pytest

from django.urls import reverse

from analytics import reports
from analytics import selectors as analytics_selectors
from quizzes import audience, draw, selectors, services
from quizzes.models import AttemptItem
from tests.lms.factories import DepartmentFactory, EmployeeFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.test_services import answer_all

pytestmark = pytest.mark.django_db


def drawn(attempt):
    return list(
        AttemptItem.objects.filter(attempt=attempt)
        .order_by("position")
        .values_list("question__prompt", flat=True)
    )


@pytest.fixture
def city():
    fire = DepartmentFactory(code="LAFD", name="Fire Department")
    library = DepartmentFactory(code="LAPL", name="Public Library")
    police = DepartmentFactory(code="LAPD", name="Police Department")
    return fire, library, police


@pytest.fixture
def pooled_quiz(city):
    """Two questions for everyone (one always asked), three for Fire, three for
    the Library, two on jail procedure for Police and detention officers; four
    drawn per attempt."""
    fire, library, police = city
    quiz = QuizFactory(slug="pooled", pass_mark=80, draw_count=4)
    QuestionFactory(quiz=quiz, prompt="Everyone: always", always_asked=True)
    QuestionFactory(quiz=quiz, prompt="Everyone: sometimes")
    for n in range(3):
        QuestionFactory(quiz=quiz, prompt=f"Fire {n}", audience_departments=[fire])
        QuestionFactory(
            quiz=quiz, prompt=f"Library {n}", audience_departments=[library]
        )
    for n in range(2):
        QuestionFactory(
            quiz=quiz,
            prompt=f"Jail {n}",
            audience_departments=[police],
            audience_job_classes="Detention Officer\n",
        )
    return quiz


def test_a_firefighter_and_a_librarian_draw_their_own_items_at_the_same_pass_mark(
    pooled_quiz, city
):
    fire, library, _police = city
    firefighter = EmployeeFactory(department=fire, job_class="Firefighter")
    librarian = EmployeeFactory(department=library, job_class="Librarian")
    attempts = {}
    for name, employee in (("fire", firefighter), ("library", librarian)):
        attempt = services.attempt_start(employee=employee, quiz=pooled_quiz)
        attempts[name] = (attempt, drawn(attempt))
        answer_all(attempt)
    fire_items, library_items = attempts["fire"][1], attempts["library"][1]
    assert len(fire_items) == len(library_items) == 4
    assert "Everyone: always" in fire_items and "Everyone: always" in library_items
    assert all(p.startswith(("Everyone", "Fire")) for p in fire_items)
    assert all(p.startswith(("Everyone", "Library")) for p in library_items)
    assert not any(p.startswith("Jail") for p in fire_items + library_items)
    for attempt, _items in attempts.values():
        attempt.refresh_from_db()
        # Graded by the same mark, out of the points of the items drawn.
        assert (attempt.pass_mark, attempt.max_points, attempt.passed) == (80, 4, True)


def test_departments_include_their_bureaus_and_job_classes_cross_departments(
    pooled_quiz, city
):
    fire, library, police = city
    questions = list(pooled_quiz.questions.prefetch_related("audience_departments"))
    station = DepartmentFactory(code="LAFD-EMS", name="EMS Bureau", parent=fire)
    paramedic = EmployeeFactory(department=station, job_class="Paramedic")
    officer = EmployeeFactory(department=library, job_class="Detention Officer")
    assert [q.prompt for q in audience.questions_for(paramedic, questions)] == [
        "Everyone: always",
        "Everyone: sometimes",
        "Fire 0",
        "Fire 1",
        "Fire 2",
    ]
    for_officer = [q.prompt for q in audience.questions_for(officer, questions)]
    assert "Jail 0" in for_officer and "Library 0" in for_officer


def test_the_rules_announce_as_many_questions_as_the_attempt_asks(pooled_quiz, city):
    """Without a draw, each learner is asked every question meant for them:
    the number the quiz's rules announce is the number the attempt asks."""
    fire, library, police = city
    pooled_quiz.draw_count = 0
    pooled_quiz.save()
    station = DepartmentFactory(code="LAFD-EMS", name="EMS Bureau", parent=fire)
    learners = {
        "paramedic in a fire bureau": EmployeeFactory(
            department=station, job_class="Paramedic"
        ),
        "detention officer of the library": EmployeeFactory(
            department=library, job_class=" Detention Officer "
        ),
        "police clerk": EmployeeFactory(department=police, job_class="Clerk"),
        "public works": EmployeeFactory(
            department=DepartmentFactory(code="BPW", name="Public Works"),
            job_class="Maintenance Laborer",
        ),
    }
    announced = {
        name: selectors.items_per_attempt(quiz=pooled_quiz, employee=employee)
        for name, employee in learners.items()
    }
    asked = {
        name: len(drawn(services.attempt_start(employee=employee, quiz=pooled_quiz)))
        for name, employee in learners.items()
    }
    assert (
        announced
        == asked
        == {
            "paramedic in a fire bureau": 5,
            "detention officer of the library": 7,
            "police clerk": 4,
            "public works": 2,
        }
    )
    assert selectors.items_per_attempt(quiz=pooled_quiz, employee=None) == 10


def test_two_attempts_draw_different_items(city):
    quiz = QuizFactory(slug="retake", draw_count=3)
    for n in range(6):
        QuestionFactory(quiz=quiz, prompt=f"Item {n}")
    employee = EmployeeFactory()
    first = services.attempt_start(employee=employee, quiz=quiz)
    first_items = drawn(first)
    # Stable for the attempt: starting again resumes it with the same draw.
    assert services.attempt_start(employee=employee, quiz=quiz).pk == first.pk
    assert drawn(first) == first_items
    answer_all(first, right=False)
    second = services.attempt_start(employee=employee, quiz=quiz)
    second_items = drawn(second)
    assert len(first_items) == len(second_items) == 3
    # The items not seen last time come first.
    assert not set(first_items) & set(second_items)
    # Drawn items keep the quiz's order.
    assert second_items == sorted(second_items)


def test_the_draw_is_seeded_by_the_attempt(city):
    quiz = QuizFactory(slug="seeded-draw", draw_count=2)
    for n in range(5):
        QuestionFactory(quiz=quiz, prompt=f"Item {n}")
    attempt = services.attempt_start(employee=EmployeeFactory(), quiz=quiz)
    pool = list(quiz.questions.order_by("sort_order"))
    assert draw.draw(attempt=attempt, pool=pool) == draw.draw(
        attempt=attempt, pool=pool
    )


def test_a_learner_with_no_item_meant_for_them_is_told(city):
    fire, library, _police = city
    quiz = QuizFactory(slug="fire-only", title="Fire scenes")
    QuestionFactory(quiz=quiz, audience_departments=[fire])
    with pytest.raises(services.QuizNotReady) as refused:
        services.attempt_start(employee=EmployeeFactory(department=library), quiz=quiz)
    assert refused.value.messages == [
        "“Fire scenes” has no questions for your department and job class yet. "
        "Please tell your trainer."
    ]


def test_item_analysis_groups_answers_by_item_across_pools(pooled_quiz, city):
    fire, library, _police = city
    for department in (fire, fire, library):
        employee = EmployeeFactory(department=department)
        answer_all(services.attempt_start(employee=employee, quiz=pooled_quiz))
    stats, flags = analytics_selectors.item_frames()
    table = reports.item_table(stats, flags)
    # One row per item, whichever learners' pools it was drawn from.
    assert table["question_uuid"].is_unique
    answered = dict(zip(table["question"], table["answered"], strict=True))
    assert answered["Everyone: always"] == 3
    assert sum(answered.values()) == 3 * 4
    # Two firefighters and one librarian could draw each of their items.
    assert all(v <= 2 for k, v in answered.items() if k.startswith("Fire"))
    assert all(v <= 1 for k, v in answered.items() if k.startswith("Library"))
    # By department, the shared item has one row per department that drew it.
    shared = stats[
        (stats["level"] == "question") & (stats["question"] == "Everyone: always")
    ]
    assert dict(zip(shared["department"], shared["times_chosen"], strict=True)) == {
        "LAFD": 2,
        "LAPL": 1,
    }


def test_the_quiz_page_tells_learners_about_the_draw_and_the_limit(
    learner_client, learner, pooled_quiz, city
):
    fire, _library, _police = city
    learner.employee.department = fire
    learner.employee.save()
    pooled_quiz.attempts_allowed = 3
    pooled_quiz.save()
    page = learner_client.get(reverse("quizzes:detail", args=[pooled_quiz.slug]))
    text = " ".join(page.content.decode().split())
    assert (
        "Each attempt asks 4 questions chosen for your department and job, drawn "
        "afresh every time." in text
    )
    assert "You may make 3 practice attempts. You have 3 left." in text


def test_the_quiz_page_counts_the_questions_meant_for_the_learner(
    learner_client, learner, pooled_quiz
):
    """A learner outside Fire, the Library and the jails has only the two
    questions for everyone, whatever the quiz draws for others."""
    page = learner_client.get(reverse("quizzes:detail", args=[pooled_quiz.slug]))
    text = " ".join(page.content.decode().split())
    assert "Each attempt asks 2 questions chosen for your department" in text
