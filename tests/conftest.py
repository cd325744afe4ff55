import pytest

from tests.lms.factories import DepartmentFactory, EmployeeFactory  # noqa: F401


@pytest.fixture
def password():
    return "a-long-test-password-1"
