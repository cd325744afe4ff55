import pytest

from lms import roles
from tests.lms.factories import make_user
from tests.quizzes.utils import add_multiple, add_scenario, add_single, make_quiz


@pytest.fixture
def quiz(db):
    """Single, then multiple, then a two-step scenario; feedback at the end."""
    quiz = make_quiz()
    add_single(quiz, order=0)
    add_multiple(quiz, order=1)
    add_scenario(quiz, order=2)
    return quiz


@pytest.fixture
def learner(db):
    return make_user(roles.LEARNER)


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client
