import pytest

from django.core.cache import cache

from tests.lms.factories import DepartmentFactory, EmployeeFactory  # noqa: F401

# The real OpenID Providers the sign-in tests start (tests/oidc_op).
pytest_plugins = ["tests.oidc_op.fixtures"]


@pytest.fixture
def password():
    return "a-long-test-password-1"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: sign-in rate limits count in it."""
    cache.clear()
    yield
    cache.clear()
