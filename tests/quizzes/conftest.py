import pytest

from lms import roles
from tests.lms.factories import make_user
from tests.quizzes.factories import QuestionFactory, QuizFactory


@pytest.fixture
def quiz(db):
    """Single, then multiple, then a two-step scenario; feedback at the end."""
    quiz = QuizFactory(slug="test-quiz")
    QuestionFactory(quiz=quiz, sort_order=0)
    QuestionFactory(quiz=quiz, multiple=True, sort_order=1)
    QuestionFactory(quiz=quiz, scenario=True, sort_order=2)
    return quiz


@pytest.fixture
def learner(db):
    return make_user(roles.LEARNER)


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client
