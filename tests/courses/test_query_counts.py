"""Every learner page's queries, pinned: a page that starts querying per row, or
a service that writes its rows one by one again, fails here.

The content is a realistic course: five modules of three acknowledgements each,
the learner on the third, and an end-of-course quiz of a single-choice, a
multiple-choice and a two-step scenario question with feedback after each
answer. The learner signs in with the learner role (permissions through a
group), as in production. Module bodies and quiz choices cite the policy
registry: reading them costs one query for the cited parts with their documents
(more parts do not cost more). Counts include the savepoints of the services'
transactions (pytest-django runs each test inside a transaction).
"""

import contextlib

import pytest

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from courses.models import Assignment, Certificate
from courses.services import progress
from lms import roles
from quizzes.models import Attempt, Choice, FeedbackMode
from tests.courses.factories import CoursePageFactory, complete, modules_of
from tests.lms.factories import make_user
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.utils import current_form

pytestmark = pytest.mark.django_db

MODULES = 5
ACKS = 3


@pytest.fixture
def learner():
    return make_user(roles.LEARNER)


@pytest.fixture
def quiz():
    quiz = QuizFactory(
        slug="counted-quiz", feedback_mode=FeedbackMode.AFTER_EACH, pass_mark=50
    )
    QuestionFactory(quiz=quiz, sort_order=0)
    QuestionFactory(quiz=quiz, multiple=True, sort_order=1)
    QuestionFactory(quiz=quiz, scenario=True, sort_order=2)
    return quiz


@pytest.fixture
def course(quiz):
    # Two more courses, so My training lists three rows.
    CoursePageFactory(slug="other-a", modules=3, required_for_all=True)
    CoursePageFactory(slug="other-b", modules=3, required_for_all=True)
    return CoursePageFactory(
        slug="counted",
        modules=MODULES,
        acks_per_module=ACKS,
        quiz=quiz,
        required_for_all=True,
    )


@pytest.fixture
def assignment(course, learner):
    """The learner's cycle of the course, two modules done, opened before."""
    assignment = Assignment.objects.get(employee=learner.employee, course=course)
    for module in modules_of(course)[:2]:
        progress.module_complete(
            assignment=assignment, module=module, acknowledged_ids=acks_of(module)
        )
    return assignment


@pytest.fixture
def learner_client(client, learner, assignment, course):
    """Signed in, on a server that has served pages before: Wagtail's site
    root paths are in the cache (which each test starts without) and the
    content types in Django's (which other tests may have filled or not)."""
    client.force_login(learner)
    assert client.get(course.url).status_code == 200
    ContentType.objects.get_for_models(*apps.get_models())
    return client


def acks_of(module):
    return [block.id for block in module.specific.acknowledgement_blocks()]


def test_my_training(learner_client, django_assert_num_queries):
    with django_assert_num_queries(7):
        response = learner_client.get(reverse("courses:my_training"))
    assert response.text.count("training-row") == 3


def test_course_page(learner_client, course, django_assert_num_queries):
    # With the quiz's rules for the learner (quizzes.selectors.quiz_rules).
    with django_assert_num_queries(10):
        response = learner_client.get(course.url)
    assert "2 of 5 modules done" in response.text


def test_module_page(learner_client, course, django_assert_num_queries):
    third = modules_of(course)[2]
    with django_assert_num_queries(10):
        response = learner_client.get(third.url)
    assert response.status_code == 200
    assert "Module 3 of 5" in response.text
    assert response.text.count('name="acknowledged"') == ACKS


def test_a_done_module_page(learner_client, course, django_assert_num_queries):
    first = modules_of(course)[0]
    with django_assert_num_queries(10):
        response = learner_client.get(first.url)
    assert "You have finished this module." in response.text
    assert 'name="acknowledged"' not in response.text


def test_mark_as_done(learner_client, course, assignment, django_assert_num_queries):
    third = modules_of(course)[2]
    url = reverse("courses:module_done", args=[third.pk])
    # Lock, acknowledgements (read, one INSERT), progress (read, INSERT), the
    # four statements in one INSERT, the completion check (on the row already
    # locked), the next module.
    with django_assert_num_queries(13):
        response = learner_client.post(url, {"acknowledged": acks_of(third)})
    assert response.status_code == 302
    assert assignment.acknowledgements.filter(module=third).count() == ACKS


def test_mark_as_done_refused(learner_client, course, django_assert_num_queries):
    third = modules_of(course)[2]
    url = reverse("courses:module_done", args=[third.pk])
    with django_assert_num_queries(13):
        response = learner_client.post(url, {"acknowledged": acks_of(third)[:1]})
    assert response.status_code == 400


def _start(client, course):
    response = client.post(reverse("courses:quiz_start", args=[course.pk]))
    assert response.status_code == 302
    return Attempt.objects.get()


def test_quiz_start(learner_client, course, django_assert_num_queries):
    with django_assert_num_queries(15):
        response = learner_client.post(reverse("courses:quiz_start", args=[course.pk]))
    assert response.status_code == 302


def test_quiz_step(learner_client, course, django_assert_num_queries):
    attempt = _start(learner_client, course)
    with django_assert_num_queries(7):
        response = learner_client.get(attempt.get_absolute_url())
    assert 'name="question"' in response.text
    # Shown once: a reload does not write the time it was first shown again.
    with django_assert_num_queries(6):
        learner_client.get(attempt.get_absolute_url())


def _answer_right(client, attempt, num_queries=None):
    """Answer the current item rightly; ``num_queries``, a context such as
    ``django_assert_num_queries(n)``, counts the answer's POST alone."""
    question, step, offered = current_form(client, attempt)
    right = [
        str(c.uuid) for c in Choice.objects.filter(uuid__in=offered, is_correct=True)
    ]
    data = {"question": question, "choice": right}
    if step:
        data["step"] = step
    with num_queries or contextlib.nullcontext():
        return client.post(attempt.get_absolute_url(), data)


def test_answer_and_feedback(learner_client, course, django_assert_num_queries):
    attempt = _start(learner_client, course)
    question, _step, offered = current_form(learner_client, attempt)
    right = Choice.objects.get(uuid__in=offered, is_correct=True)
    with django_assert_num_queries(11):
        response = learner_client.post(
            attempt.get_absolute_url(),
            {"question": question, "choice": [str(right.uuid)]},
        )
    assert response.status_code == 302
    with django_assert_num_queries(7):
        feedback = learner_client.get(response["Location"])
    assert "Because of Right." in feedback.text


def test_scenario_step_page(learner_client, course, django_assert_num_queries):
    attempt = _start(learner_client, course)
    _answer_right(learner_client, attempt)
    _answer_right(learner_client, attempt)
    # The answer that moves on to the scenario's next step reads that step.
    _answer_right(learner_client, attempt, django_assert_num_queries(12))
    # The step page also shows the learner's way through the scenario so far.
    with django_assert_num_queries(8):
        response = learner_client.get(attempt.get_absolute_url())
    assert 'name="step"' in response.text
    path = response.text[
        response.text.index("So far") : response.text.index("And then?")
    ]
    assert "What now?" in path
    assert "You chose: Ask for a judicial warrant" in path


def test_finish_completes_the_course(
    learner_client, course, assignment, django_assert_num_queries
):
    complete(assignment)
    attempt = _start(learner_client, course)
    for _ in range(3):
        assert _answer_right(learner_client, attempt).status_code == 302
    question, step, offered = current_form(learner_client, attempt)
    right = Choice.objects.get(uuid__in=offered, is_correct=True)
    # The last answer scores the attempt and, through the course, completes it
    # and issues the certificate: each row and statement one INSERT, the
    # learner's assignment read (locked) once.
    with django_assert_num_queries(31):
        response = learner_client.post(
            attempt.get_absolute_url(),
            {"question": question, "step": step, "choice": [str(right.uuid)]},
        )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.completed_at is not None
    # The quiz's result page, and the course's link to the certificate.
    with django_assert_num_queries(10):
        result = learner_client.get(attempt.get_absolute_url())
    assert 'class="result"' in result.text
    code = Certificate.objects.get(assignment=assignment).code
    assert reverse("courses:certificate", args=[code]) in result.text


def test_certificate(learner_client, assignment, django_assert_num_queries):
    Assignment.objects.filter(pk=assignment.pk).update(quiz_passed_at=timezone.now())
    complete(assignment)
    certificate = Certificate.objects.get(assignment=assignment)
    url = reverse("courses:certificate", args=[certificate.code])
    learner_client.get(url)  # the site's certificate design row, made once
    # Session, user with employee, the certificate, the site and its design.
    with django_assert_num_queries(6):
        response = learner_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("restricted", ["course", "module"])
def test_a_view_restriction_still_guards_the_page_and_those_below(
    learner_client, course, restricted
):
    """The route tells the page whether a restriction applies (on it or an
    ancestor); when one does, Wagtail's check still runs and refuses."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    third = modules_of(course)[2]
    restriction = PageViewRestriction.objects.create(
        page=course if restricted == "course" else third,
        restriction_type=PageViewRestriction.GROUPS,
    )
    restriction.groups.set([Group.objects.get(name=roles.TRAINER)])
    assert learner_client.get(third.url).status_code in (302, 403)
    if restricted == "course":
        assert learner_client.get(course.url).status_code in (302, 403)
    else:
        assert learner_client.get(course.url).status_code == 200
    restriction.delete()
    assert learner_client.get(third.url).status_code == 200
