import pytest

from tests.courses.cert_utils import add_module, assign, complete, make_course

pytestmark = pytest.mark.django_db


def test_smoke():
    course = make_course()
    add_module(course)
    assignment = complete(assign(course))
    assert assignment.completed_at is not None
    assert assignment.certificate.code
