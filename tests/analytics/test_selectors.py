"""Selectors against the real database: the status rule and the query counts."""

from datetime import date, timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import now

from analytics import reports, selectors
from courses.models import Assignment, Certificate, Waiver, WaiverReason
from courses.selectors import assignment_state
from tests.analytics.utils import TODAY, assign, course, employees
from tests.lms.factories import DepartmentFactory, EmployeeFactory

pytestmark = pytest.mark.django_db


def test_database_status_agrees_with_the_courses_rule_in_every_case():
    """analytics counts with SQL; courses decides one by one. They must agree."""
    ed20 = course("ed20")
    recert = course("so40", requires_recertification=True, recertification_months=1)
    department = DepartmentFactory(code="LAPL")
    person = lambda **f: EmployeeFactory(department=department, **f)  # noqa: E731
    yesterday = TODAY - timedelta(days=1)
    cases = [
        assign(person(), ed20),  # not started
        assign(person(), ed20, launched=yesterday),  # in progress
        assign(person(), ed20, modules_done=1),  # in progress without a launch
        assign(person(), ed20, due=yesterday),  # overdue
        assign(person(), ed20, due=TODAY),  # due today is not yet overdue
        assign(person(active=False), ed20, due=yesterday),  # left: not overdue
        assign(person(), ed20, due=yesterday, active=False),  # old cycle
        assign(person(), ed20, due=yesterday, completed=yesterday),  # completed
        assign(person(), recert, completed=yesterday),  # completed, still valid
        assign(person(), recert, completed=TODAY - timedelta(days=45)),  # recert due
        # Month ends: 31 January + 1 month is 28 February.
        assign(person(), recert, completed=date(2026, 1, 31)),
        assign(person(), recert, completed=date(2026, 2, 1)),
    ]
    # Certification: valid, expired, revoked and open-ended certificates, a
    # waiver, and a renewal cycle.
    certified = assign(person(), ed20, completed=yesterday)
    expired = assign(person(), ed20, completed=yesterday - timedelta(days=400))
    revoked = assign(person(), ed20, completed=yesterday)
    open_ended = assign(person(), recert, completed=date(2025, 1, 1))
    waived = assign(person(), ed20, due=yesterday)
    renewal = assign(person(), ed20, due=TODAY + timedelta(days=5))
    issue = {"issued_on": yesterday}
    for assignment, fields in (
        (certified, {"expires_on": TODAY + timedelta(days=300)}),
        (expired, {"expires_on": TODAY - timedelta(days=30), "renewal": renewal}),
        (revoked, {"expires_on": TODAY + timedelta(days=300), "revoked_at": now()}),
        (open_ended, {"expires_on": None}),
    ):
        Certificate.objects.create(
            employee=assignment.employee,
            course=assignment.course,
            assignment=assignment,
            course_title=assignment.course.title,
            **issue,
            **fields,
        )
    Waiver.objects.create(
        assignment=waived, reason=WaiverReason.choices[0][0], waived_at=now()
    )
    cases += [certified, expired, revoked, open_ended, waived, renewal]
    for today in (TODAY, date(2026, 2, 28), date(2026, 2, 27)):
        annotated = dict(
            Assignment.objects.annotate(
                status=selectors.status_expression(today)
            ).values_list("pk", "status")
        )
        expected = {}
        for assignment in Assignment.objects.select_related(
            "employee", "course", "certificate", "waiver", "renews"
        ):
            done = assignment.module_progress.count()
            state = assignment_state(assignment, done=done, total=2, today=today)
            expected[assignment.pk] = state.status
        assert annotated == expected, today
    # Every status the dashboard counts turned up at least once.
    seen = set(
        Assignment.objects.annotate(status=selectors.status_expression(TODAY))
        .values_list("status", flat=True)
        .distinct()
    )
    assert {"not_started", "in_progress", "overdue", "completed"} <= seen
    assert {"recertification_due", "certified", "waived"} <= seen
    assert len(cases) == Assignment.objects.count()


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
