"""Selectors against the real database: the status rule and the query counts."""

from datetime import date, timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import now

from analytics import reports, selectors
from courses.models import Assignment
from courses.status import Status
from tests.analytics.utils import TODAY, assign, course, employees
from tests.courses.factories import CertificateFactory, WaiverFactory
from tests.lms.factories import DepartmentFactory, EmployeeFactory

pytestmark = pytest.mark.django_db


def test_the_status_of_every_case_on_three_days():
    """courses' one rule, as the dashboard counts it, case by case and at month
    ends (31 January + 1 month is 28 February)."""
    ed20 = course("ed20")
    recert = course("so40", requires_recertification=True, recertification_months=1)
    department = DepartmentFactory(code="LAPL")
    person = lambda **f: EmployeeFactory(department=department, **f)  # noqa: E731
    yesterday = TODAY - timedelta(days=1)
    certified = assign(person(), ed20, completed=yesterday)
    expired = assign(person(), ed20, completed=yesterday - timedelta(days=400))
    revoked = assign(person(), ed20, completed=yesterday)
    # Completed when the course asked for no recertification: never due again.
    open_ended = assign(person(), recert, completed=date(2025, 1, 1))
    open_ended.recertify_on = None
    open_ended.save()
    waived = assign(person(), ed20, due=yesterday)
    renewal = assign(person(), ed20, due=TODAY + timedelta(days=5))
    CertificateFactory(assignment=certified)
    CertificateFactory(assignment=expired, renewal=renewal)
    CertificateFactory(assignment=revoked, revoked_at=now())
    CertificateFactory(assignment=open_ended)
    WaiverFactory(assignment=waived)
    feb27, feb28 = date(2026, 2, 27), date(2026, 2, 28)
    S = Status
    # (assignment, status on TODAY, on 28 February, on 27 February)
    cases = [
        (assign(person(), ed20), S.NOT_STARTED, S.NOT_STARTED, S.NOT_STARTED),
        (
            assign(person(), ed20, launched=yesterday),
            S.IN_PROGRESS,
            S.IN_PROGRESS,
            S.IN_PROGRESS,
        ),
        # A module done without a launch still counts as started.
        (
            assign(person(), ed20, modules_done=1),
            S.IN_PROGRESS,
            S.IN_PROGRESS,
            S.IN_PROGRESS,
        ),
        (
            assign(person(), ed20, due=yesterday),
            S.OVERDUE,
            S.NOT_STARTED,
            S.NOT_STARTED,
        ),
        # Due today is not yet overdue.
        (
            assign(person(), ed20, due=TODAY),
            S.NOT_STARTED,
            S.NOT_STARTED,
            S.NOT_STARTED,
        ),
        # The employee left: not overdue.
        (
            assign(person(active=False), ed20, due=yesterday),
            S.NOT_STARTED,
            S.NOT_STARTED,
            S.NOT_STARTED,
        ),
        # An old cycle: not overdue.
        (
            assign(person(), ed20, due=yesterday, active=False),
            S.NOT_STARTED,
            S.NOT_STARTED,
            S.NOT_STARTED,
        ),
        (
            assign(person(), ed20, due=yesterday, completed=yesterday),
            S.COMPLETED,
            S.COMPLETED,
            S.COMPLETED,
        ),
        (
            assign(person(), recert, completed=yesterday),
            S.COMPLETED,
            S.COMPLETED,
            S.COMPLETED,
        ),
        (
            assign(person(), recert, completed=TODAY - timedelta(days=45)),
            S.RECERTIFICATION_DUE,
            S.RECERTIFICATION_DUE,
            S.COMPLETED,
        ),
        (
            assign(person(), recert, completed=date(2026, 1, 31)),
            S.RECERTIFICATION_DUE,
            S.RECERTIFICATION_DUE,
            S.COMPLETED,
        ),
        (
            assign(person(), recert, completed=date(2026, 2, 1)),
            S.RECERTIFICATION_DUE,
            S.COMPLETED,
            S.COMPLETED,
        ),
        (certified, S.CERTIFIED, S.CERTIFIED, S.CERTIFIED),
        (
            expired,
            S.RECERTIFICATION_DUE,
            S.RECERTIFICATION_DUE,
            S.RECERTIFICATION_DUE,
        ),
        (revoked, S.COMPLETED, S.COMPLETED, S.COMPLETED),
        (open_ended, S.CERTIFIED, S.CERTIFIED, S.CERTIFIED),
        (waived, S.WAIVED, S.WAIVED, S.WAIVED),
        (
            renewal,
            S.RECERTIFICATION_DUE,
            S.RECERTIFICATION_DUE,
            S.RECERTIFICATION_DUE,
        ),
    ]
    assert len(cases) == Assignment.objects.count()
    for column, today in enumerate((TODAY, feb28, feb27), start=1):
        annotated = dict(
            Assignment.objects.with_status(today).values_list("pk", "status")
        )
        expected = {case[0].pk: case[column].value for case in cases}
        assert annotated == expected, today
    # Every status the dashboard counts turned up.
    assert {case[1] for case in cases} == set(Status)


def test_days_overdue_count_only_for_overdue_rows():
    from tests.lms.factories import make_user

    admin = make_user("Administrator")
    ed20 = course("ed20")
    department = DepartmentFactory(code="LAPD", name="Police")
    late, done = employees(2, department)
    assign(late, ed20, due=TODAY - timedelta(days=10))
    assign(done, ed20, due=TODAY - timedelta(days=10), completed=TODAY)
    rows = selectors.department_rows(
        user=admin,
        department=department,
        filters=selectors.Filters(),
        today=TODAY,
        sort="-overdue",
    )
    assert rows["status"].tolist() == ["overdue", "completed"]
    assert rows["days_overdue"].tolist() == [10, 0]


def _dashboard_queries(user, count, ed20, department):
    for index, employee in enumerate(employees(count, department)):
        assign(employee, ed20, launched=TODAY if index % 2 else None, scores=[70])
    filters = selectors.Filters()
    user = type(user).objects.get(pk=user.pk)  # no permission cache either time
    with CaptureQueriesContext(connection) as queries:
        data = selectors.dashboard_data(
            selectors.assignments_in_scope(user, filters), filters, TODAY
        )
    return len(queries), data


def test_dashboard_queries_do_not_grow_with_the_number_of_employees():
    from tests.lms.factories import make_user

    admin = make_user("Administrator")
    ed20 = course("ed20")
    few, small = _dashboard_queries(admin, 5, ed20, DepartmentFactory(code="A"))
    many, large = _dashboard_queries(admin, 50, ed20, DepartmentFactory(code="B"))
    assert few == many
    assert small.counts["people"].sum() == 5
    assert large.counts["people"].sum() == 55


def test_drill_down_queries_do_not_grow_with_the_number_of_employees():
    from tests.lms.factories import make_user

    admin = make_user("Administrator")
    ed20 = course("ed20")
    sizes = {}
    for code, count in (("A", 5), ("B", 50)):
        department = DepartmentFactory(code=code)
        for employee in employees(count, department):
            assign(employee, ed20, modules_done=1, scores=[60, 90])
        admin = type(admin).objects.get(pk=admin.pk)
        with CaptureQueriesContext(connection) as queries:
            rows = selectors.department_rows(
                user=admin,
                department=department,
                filters=selectors.Filters(),
                today=TODAY,
            )
        sizes[count] = len(queries)
        assert len(rows) == count
        assert set(rows["best_score"]) == {90.0}
        assert set(rows["attempts"]) == {2}
        assert set(rows["modules_done"]) == {1}
        assert set(rows["modules_total"]) == {2}
    assert sizes[5] == sizes[50]


def test_counts_from_the_database_match_counts_from_the_rows():
    from tests.lms.factories import make_user

    admin = make_user("Administrator")
    ed20 = course("ed20")
    department = DepartmentFactory(code="LAPD", name="Police")
    staff = employees(6, department)
    assign(staff[0], ed20, completed=TODAY)
    assign(staff[1], ed20, due=TODAY - timedelta(days=3))
    assign(staff[2], ed20, launched=TODAY)
    for employee in staff[3:]:
        assign(employee, ed20)
    filters = selectors.Filters()
    data = selectors.dashboard_data(
        selectors.assignments_in_scope(admin, filters), filters, TODAY
    )
    rows = selectors.department_rows(
        user=admin, department=department, filters=filters, today=TODAY
    )
    from_db = reports.completion_summary(data.counts, None)
    from_rows = reports.completion_summary(reports.status_counts(rows), None)
    columns = reports.COUNT_COLUMNS
    assert from_db[columns].values.tolist() == from_rows[columns].values.tolist()
    assert from_db.iloc[0]["overdue"] == 1
