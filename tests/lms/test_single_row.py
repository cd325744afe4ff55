"""lms.single_row.one_or_none: a lookup by a unique key, without ordering."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.models import Department
from lms.single_row import one_or_none

pytestmark = pytest.mark.django_db


def test_the_row_found_or_none():
    parks = Department.objects.create(code="RAP", name="Recreation and Parks")
    assert one_or_none(Department.objects.filter(code="RAP")) == parks
    assert one_or_none(Department.objects.filter(code="NONE")) is None


def test_no_order_by_is_built_though_the_model_has_an_ordering():
    Department.objects.create(code="RAP", name="Recreation and Parks")
    with CaptureQueriesContext(connection) as queries:
        one_or_none(Department.objects.filter(code="RAP"))
    assert "ORDER BY" not in queries[0]["sql"]
    with CaptureQueriesContext(connection) as queries:
        Department.objects.filter(code="RAP").first()
    assert "ORDER BY" in queries[0]["sql"]
