"""The status of an assignment cycle: the values, the dates, the one decision.

The decision is made by the database, as one CASE over the assignment's own
columns (:func:`expression`, applied by ``Assignment.objects.with_status``), so
a learner's page and a City-wide count read the same rule. What the rule needs
is stored on the assignment when it happens: ``completed_at`` and
``recertify_on`` (the day the course is due again, fixed at completion by
:func:`recertify_on`, the same day the certificate is valid until).

This module imports no model, so models, services, selectors and analytics
can all build on it.
"""

import calendar
from datetime import date

from django.db import models
from django.db.models import Case, F, Func, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CERTIFIED = "certified", _("Certified")
    RECERTIFICATION_DUE = "recertification_due", _("Recertification due")
    OVERDUE = "overdue", _("Overdue")
    WAIVED = "waived", _("Waived")


class Delivery(models.TextChoices):
    """How a cycle was completed (stored on the assignment at completion)."""

    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")


class CourseDelivery(models.TextChoices):
    """How a course may be completed (chosen on the course page)."""

    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    EITHER = "either", _("Online or in person")


# Every cycle is in exactly one status; these are the ones whose holder
# completed the course in this cycle.
FINISHED = (Status.COMPLETED, Status.CERTIFIED, Status.RECERTIFICATION_DUE)

# Which cycles a question is about, as conditions on an assignment.
IN_FORCE = Q(active=True)  # the employee's cycle of the course (one at most)
COUNTED = Q(active=True, employee__active=True)  # ... of someone still employed
OPEN = Q(completed_at__isnull=True)  # not completed yet


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (Jan 31 -> Feb 28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def recertify_on(course, completed_on: date) -> date | None:
    """The day a cycle completed on ``completed_on`` is due again (None: never).

    Also the last day its certificate is valid.
    """
    if not course.requires_recertification:
        return None
    return add_months(completed_on, course.recertification_months)


def expression(*, today: date, waived, certified, renewal, started) -> Case:
    """The status of each assignment on ``today``, as one SQL CASE.

    ``waived``, ``certified`` (holds a certificate that is not revoked),
    ``renewal`` (the cycle renews a certificate) and ``started`` are
    conditions the caller builds from the related rows. The first rule that
    holds wins:

    1. waived: not completed, and waived;
    2. certified: completed, certificate not revoked, valid through today;
    3. recertification due: completed, and today is on or after the day it is
       due again;
    4. completed;
    5. overdue: a counted cycle past its due date (the due date itself is not
       late);
    6. recertification due: a renewal cycle not yet overdue;
    7. in progress: opened, or a module done;
    8. not started.
    """
    finished = Q(completed_at__isnull=False)
    still_valid = Q(recertify_on__isnull=True) | Q(recertify_on__gte=today)
    return Case(
        When(OPEN & waived, then=Value(Status.WAIVED.value)),
        When(finished & certified & still_valid, then=Value(Status.CERTIFIED.value)),
        When(
            finished & Q(recertify_on__lte=today),
            then=Value(Status.RECERTIFICATION_DUE.value),
        ),
        When(finished, then=Value(Status.COMPLETED.value)),
        When(COUNTED & Q(due_date__lt=today), then=Value(Status.OVERDUE.value)),
        When(renewal, then=Value(Status.RECERTIFICATION_DUE.value)),
        When(started, then=Value(Status.IN_PROGRESS.value)),
        default=Value(Status.NOT_STARTED.value),
        output_field=models.CharField(),
    )


class _DaysAfter(Func):
    """Whole days from the date ``column`` to ``day``, in the database's own math.

    Django's date subtraction calls back into Python on SQLite, row by row;
    julianday() is built in.
    """

    output_field = IntegerField()

    def __init__(self, column, day: date):
        super().__init__(Value(day, output_field=models.DateField()), F(column))

    def as_sql(self, compiler, connection, **extra):
        # PostgreSQL: date - date is an integer number of days.
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - "
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
        )


def days_overdue(today: date) -> Case:
    """How many days an overdue cycle is past its due date; 0 for any other.

    Reads the ``status`` annotation, so it goes after :func:`expression`.
    """
    return Case(
        When(status=Status.OVERDUE.value, then=_DaysAfter("due_date", today)),
        default=Value(0),
        output_field=IntegerField(),
    )
