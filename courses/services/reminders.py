"""Reminder emails: learners before a due date, managers once a week, and
the reminders a manager sends now from the dashboard.

A learner hears 14 days and 3 days before a due date and on the day; a manager
gets one email a week listing the overdue items of their team. Every email sent
leaves a ReminderLog row whose unique key makes a second run (the same day, or
two servers' crons at once) send nothing twice. A missed day is caught up: the
latest milestone reached and not yet sent goes out.

A reminder sent now is one email per learner listing their open items, and
never a second email to the same learner on the same day (a scheduled one
included); its ReminderLog row, keyed by the learner and the day, makes that
hold for two clicks at once too.

Who is on a manager's team is decided by :mod:`lms.access`, nowhere else.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lms import access
from lms.models import Employee

from ..models import Assignment, ReminderKind, ReminderLog
from ..status import Status
from . import mail

logger = logging.getLogger(__name__)

# (days before the due date, kind), latest first: the first one reached wins.
LEARNER_SCHEDULE = (
    (0, ReminderKind.DUE_TODAY),
    (3, ReminderKind.DUE_IN_3),
    (14, ReminderKind.DUE_IN_14),
)
FIRST_REMINDER_DAYS = max(days for days, _kind in LEARNER_SCHEDULE)


@dataclass
class ReminderRun:
    learner_emails: int = 0
    manager_emails: int = 0
    failures: list[str] = field(default_factory=list)


def learner_reminder_kind(*, due_date: date, today: date) -> str | None:
    """Which reminder is due today for an assignment due on ``due_date``."""
    days_left = (due_date - today).days
    if days_left < 0:
        return None
    for days, kind in LEARNER_SCHEDULE:
        if days_left <= days:
            return kind
    return None


def week_key(today: date) -> str:
    year, week, _weekday = today.isocalendar()
    return f"{year}-W{week:02d}"


def _deliver_once(*, log: ReminderLog, send) -> bool:
    """Save the log row and send in one transaction; False if already sent.

    The row goes in first: if another run holds the same key the insert fails
    and nothing is sent; if sending fails the row is rolled back and the next
    run tries again.
    """
    try:
        with transaction.atomic():
            log.full_clean(validate_constraints=False)
            log.save()
            send()
    except IntegrityError:
        return False
    return True


def _email_once(*, log, to, subject, template, context, who, failures) -> bool | None:
    """Email a reminder unless ``log``'s key says it went already.

    True if sent, False if it had been sent, None if sending failed: the failure
    is logged and listed in ``failures`` as ``who: error``, and the caller goes
    on, since one bad address must not stop the run.
    """
    try:
        return _deliver_once(
            log=log,
            send=lambda: mail.send(
                subject=subject, to=to, template=template, context=context
            ),
        )
    except Exception as error:
        logger.exception("Reminder to %s failed", who)
        failures.append(f"{who}: {error}")
        return None


def send_learner_reminders(*, today: date, run: ReminderRun) -> None:
    window = Assignment.objects.chaseable().select_related("employee", "course")
    window = window.filter(
        due_date__gte=today, due_date__lte=today + timedelta(days=FIRST_REMINDER_DAYS)
    )
    candidates = []
    for assignment in window:
        kind = learner_reminder_kind(due_date=assignment.due_date, today=today)
        if kind is not None:
            candidates.append((assignment, kind))
    sent = set(
        ReminderLog.objects.filter(
            assignment__in=[assignment for assignment, _kind in candidates]
        ).values_list("assignment_id", "kind", "key")
    )
    url = mail.site_url(reverse("courses:my_training"))
    for assignment, kind in candidates:
        key = assignment.due_date.isoformat()
        if (assignment.pk, kind, key) in sent:
            continue
        employee = assignment.employee
        context = {
            "employee": employee,
            "course": assignment.course,
            "assignment": assignment,
            "days_left": (assignment.due_date - today).days,
            "url": url,
        }
        subject = (
            _("Due today: %(course)s")
            if kind == ReminderKind.DUE_TODAY
            else _("Reminder: %(course)s is due on %(date)s")
        ) % {
            "course": assignment.course.title,
            "date": date_format(assignment.due_date, "DATE_FORMAT"),
        }
        delivered = _email_once(
            log=ReminderLog(kind=kind, assignment=assignment, key=key),
            to=employee.work_email,
            subject=subject,
            template="learner_reminder",
            context=context,
            who=f"assignment {assignment.pk}",
            failures=run.failures,
        )
        if delivered:
            run.learner_emails += 1


def team_overdue(*, manager: Employee, today: date):
    """The overdue cycles of the employees this manager may see, but not their own."""
    team = access.visible_employees(manager.user).exclude(pk=manager.pk)
    return (
        Assignment.objects.chaseable()
        .with_status(today)
        .filter(employee__in=team, status=Status.OVERDUE)
        .select_related("employee__department", "course")
        .order_by("due_date", "employee__last_name", "course__title")
    )


def send_manager_escalations(*, today: date, run: ReminderRun) -> None:
    key = week_key(today)
    already = set(
        ReminderLog.objects.filter(kind=ReminderKind.TEAM_OVERDUE, key=key).values_list(
            "manager_id", flat=True
        )
    )
    url = mail.site_url("/")
    for manager in access.managers():
        if manager.pk in already:
            continue
        items = [
            {
                "employee": assignment.employee,
                "course": assignment.course,
                "due_date": assignment.due_date,
                "days_overdue": assignment.days_overdue,
            }
            for assignment in team_overdue(manager=manager, today=today)
        ]
        if not items:
            continue
        context = {"manager": manager, "items": items, "url": url, "today": today}
        subject = _("Overdue training in your team: %(count)d items") % {
            "count": len(items)
        }
        delivered = _email_once(
            log=ReminderLog(
                kind=ReminderKind.TEAM_OVERDUE,
                manager=manager,
                key=key,
                item_count=len(items),
            ),
            to=manager.work_email,
            subject=subject,
            template="manager_overdue",
            context=context,
            who=f"manager {manager.pk}",
            failures=run.failures,
        )
        if delivered:
            run.manager_emails += 1


def reminders_send(*, today: date | None = None) -> ReminderRun:
    """Send every reminder due today; safe to run as often as you like."""
    today = today or timezone.localdate()
    run = ReminderRun()
    send_learner_reminders(today=today, run=run)
    send_manager_escalations(today=today, run=run)
    logger.info(
        "Reminders: %d to learners, %d to managers, %d failed",
        run.learner_emails,
        run.manager_emails,
        len(run.failures),
    )
    return run


@dataclass
class ChaseResult:
    sent: int = 0  # learners emailed
    already_today: int = 0  # learners who had a reminder today already
    failures: list[str] = field(default_factory=list)


def _reminded_on(day: date) -> set[int]:
    """Employees who were sent any reminder on ``day`` (local time)."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    logs = ReminderLog.objects.filter(
        sent_at__gte=start, sent_at__lt=start + timedelta(days=1)
    )
    return set(
        logs.filter(employee__isnull=False).values_list("employee_id", flat=True)
    ) | set(
        logs.filter(assignment__isnull=False).values_list(
            "assignment__employee_id", flat=True
        )
    )


def reminders_send_now(*, sender, assignments, today: date | None = None):
    """Remind the learners of the given cycles now, one email each.

    Only the open, chaseable cycles of employees ``sender`` may act for
    (lms.access) count; the rest of ``assignments`` is ignored. A learner
    already reminded today is skipped and counted in ``already_today``.
    """
    today = today or timezone.localdate()
    items = (
        assignments.chaseable()
        .filter(employee__in=access.team_to_act_for(sender))
        .with_status(today)
        .select_related("employee", "course")
        .order_by("employee_id", "due_date", "course__title")
    )
    by_learner: dict[int, list] = {}
    for assignment in items:
        by_learner.setdefault(assignment.employee_id, []).append(assignment)
    result = ChaseResult()
    reminded = _reminded_on(today)
    url = mail.site_url(reverse("courses:my_training"))
    for employee_id, cycles in by_learner.items():
        if employee_id in reminded:
            result.already_today += 1
            continue
        employee = cycles[0].employee
        context = {"employee": employee, "items": cycles, "url": url, "today": today}
        subject = _("Please complete your training: %(count)d items") % {
            "count": len(cycles)
        }
        delivered = _email_once(
            log=ReminderLog(
                kind=ReminderKind.CHASE,
                employee=employee,
                key=today.isoformat(),
                item_count=len(cycles),
                sent_by=sender,
            ),
            to=employee.work_email,
            subject=subject,
            template="learner_chase",
            context=context,
            who=employee.full_name,
            failures=result.failures,
        )
        if delivered:
            result.sent += 1
        elif delivered is False:
            result.already_today += 1
    logger.info(
        "Reminders sent now by user %s: %d sent, %d already reminded today",
        sender.pk,
        result.sent,
        result.already_today,
    )
    return result
