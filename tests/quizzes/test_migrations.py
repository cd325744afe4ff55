"""The data step of the item-pool migration: attempts from before draws."""

import importlib

import pytest

from django.apps import apps

from quizzes import services
from quizzes.models import AttemptItem
from tests.lms.factories import EmployeeFactory
from tests.quizzes.test_services import answer_all

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "quizzes.migrations.0007_audience_draws_attempt_items"
)


def test_attempts_from_before_draws_get_the_questions_they_asked(quiz):
    finished = answer_all(services.attempt_start(employee=EmployeeFactory(), quiz=quiz))
    ongoing = services.attempt_start(employee=EmployeeFactory(), quiz=quiz)
    AttemptItem.objects.all().delete()
    migration.draw_existing_attempts(apps, None)
    order = list(quiz.questions.order_by("sort_order").values_list("pk", flat=True))
    for attempt in (finished, ongoing):
        assert (
            list(
                attempt.items.order_by("position").values_list("question_id", flat=True)
            )
            == order
        )
