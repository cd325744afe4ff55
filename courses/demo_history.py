"""A past for the demo City: a year of training, played through the real services.

Every event goes through the service a learner's click would call (opening a
course, marking modules done, answering the quiz, the expiry job, the reminder
run, an administrator's waiver), with the clock set to the day it happened, so
the progress rows, attempts, answers, certificates, reminder logs and xAPI
statements are exactly what production would have written. Only the cycles'
assignment and due dates are set directly: the demo's courses were published
long before today, and no service moves a cycle's start into the past.

Deterministic (a fixed seed) and written once: a City where somebody already
has progress or an attempt is left alone, so ``bootstrap_demo`` stays safe to
run again. The reminders of the past go through Django's dummy mail backend:
they are logged, not mailed to the invented addresses.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from lms import demo_data
from quizzes import services as quiz_services
from quizzes.models import Attempt, QuestionKind
from quizzes.selectors import choices_at

from .models import Assignment, Certificate, ModuleProgress, WaiverReason
from .services import assignments as assignment_services
from .services import certificates, progress, reminders

SEED = 20260401
# Days before today on which each course was first published (everyone then
# employed was assigned it); later hires got it when they joined.
PUBLISHED_DAYS_AGO = {"ed20": 395, "data": 150, "so40": 100}
# Playing a learner's year through the services costs about a second, so the
# demo plays the Library (the demo manager's team) and a sample of the rest of
# the City; everyone else was assigned their courses in the last few weeks.
SAMPLE_SHARE = 0.05
RECENT_DAYS = 25
# The demo logins' own training is left for the person trying the demo.
UNTOUCHED = {demo_data.DEMO_LEARNER_NUMBER, demo_data.DEMO_TRAINER_NUMBER}
REMINDER_DAYS = 21  # the reminder runs of the last three weeks are in the log


@dataclass
class History:
    completed: int = 0
    in_progress: int = 0
    attempts: int = 0
    renewals: int = 0
    waivers: int = 0
    reminders: int = 0
    skipped: bool = False
    problems: list[str] = field(default_factory=list)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class _Clock:
    """The time_machine traveller, moved forward event by event."""

    def __init__(self, traveller):
        self._traveller = traveller

    def at(self, moment: datetime):
        self._traveller.move_to(moment)


def history_make(*, today: date | None = None, log=print) -> History:
    """Write the demo City's past up to ``today`` (default: the local date)."""
    import time_machine  # a dev and demo tool: imported only when a demo is made

    today = today or timezone.localdate()
    history = History()
    if ModuleProgress.objects.exists() or Attempt.objects.exists():
        history.skipped = True
        return history
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    with (
        transaction.atomic(),
        time_machine.travel(_at(today, 6), tick=False) as traveller,
    ):
        clock = _Clock(traveller)
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"
        ):
            _first_cycles(clock=clock, rng=rng, today=today, history=history)
            _expiries(clock=clock, today=today, history=history)
            _renewal_cycles(clock=clock, rng=rng, today=today, history=history)
            _waiver(clock=clock, today=today, history=history)
            _reminder_runs(clock=clock, today=today, history=history)
    return history


def _fresh_cycles():
    return (
        Assignment.objects.counted()
        .filter(course__live=True, completed_at__isnull=True, launched_at__isnull=True)
        .exclude(employee__employee_number__in=UNTOUCHED)
        .select_related("course", "employee__department")
        .order_by("course__slug", "employee__employee_number")
    )


def _first_cycles(*, clock, rng, today, history):
    for assignment in _fresh_cycles():
        published = PUBLISHED_DAYS_AGO.get(assignment.course.slug)
        if published is None:
            continue
        employee = assignment.employee
        sampled = _sampled(employee)
        if not sampled:
            _recent(assignment, clock=clock, rng=rng, today=today, history=history)
            continue
        # Most were employed at publication; the rest joined since, month by month.
        joined = 0 if rng.random() < 0.7 else rng.randrange(0, published - 10, 30)
        assigned = today - timedelta(days=published - joined)
        _start(assignment, assigned=assigned)
        _play(assignment, clock=clock, rng=rng, today=today, history=history)


def _recent(assignment, *, clock, rng, today, history):
    """Assigned in the last weeks; some have opened it and read a module."""
    assigned = today - timedelta(days=rng.randint(1, RECENT_DAYS))
    _start(assignment, assigned=assigned)
    if rng.random() < 0.3:
        clock.at(_at(assigned + timedelta(days=rng.randint(0, 1)), 13))
        progress.assignment_launch(assignment=assignment)
        if rng.random() < 0.5:
            _module_done(assignment, _modules(assignment)[0])
        history.in_progress += 1


def _sampled(employee) -> bool:
    """The Library, and the same few people elsewhere on every run."""
    if employee.department.code == demo_data.DEMO_DEPARTMENT:
        return True
    return random.Random(employee.employee_number).random() < SAMPLE_SHARE  # noqa: S311


def _start(assignment, *, assigned: date):
    """The cycle as it was assigned: on ``assigned``, due after the course's days."""
    assignment.assigned_at = _at(assigned, 8)
    assignment.due_date = assigned + timedelta(days=assignment.course.days_to_complete)
    Assignment.objects.filter(pk=assignment.pk).update(
        assigned_at=assignment.assigned_at, due_date=assignment.due_date
    )


def _play(assignment, *, clock, rng, today, history):
    """Decide how far this learner got, and play it through the services."""
    assigned = timezone.localdate(assignment.assigned_at)
    due = assignment.due_date
    roll = rng.random()
    past_due = due < today
    finish_share = 0.72 if past_due else 0.35
    if roll < finish_share:
        # Most finish before the due date, some a little late.
        latest = min(due + timedelta(days=20), today - timedelta(days=1))
        span = max((latest - assigned).days, 1)
        finished = assigned + timedelta(
            days=min(int(rng.triangular(1, span, span * 0.6)), span)
        )
        if finished >= today:
            finished = today - timedelta(days=1)
        _complete(
            assignment,
            day=max(finished, assigned),
            today=today,
            clock=clock,
            rng=rng,
            history=history,
        )
    elif roll < finish_share + 0.12:
        opened = assigned + timedelta(
            days=rng.randint(0, max((min(due, today) - assigned).days - 1, 0))
        )
        _begin(
            assignment,
            day=min(opened, today - timedelta(days=1)),
            clock=clock,
            rng=rng,
            history=history,
        )
    # Otherwise the learner has not opened it: not started, or overdue.


def _modules(assignment):
    return list(assignment.course.live_modules())


def _begin(assignment, *, day, clock, rng, history):
    """Opened the course, read the first module, and maybe failed the quiz once."""
    clock.at(_at(day, 9, rng.randint(0, 59)))
    progress.assignment_launch(assignment=assignment)
    module = _modules(assignment)[0]
    _module_done(assignment, module)
    if assignment.course.quiz_id and rng.random() < 0.4:
        clock.at(_at(day, 10, rng.randint(0, 59)))
        _attempt(assignment, skill=0.5, clock=clock, rng=rng, history=history)
    history.in_progress += 1


def _module_done(assignment, module):
    progress.module_complete(
        assignment=assignment,
        module=module,
        acknowledged_ids=[block.id for block in module.acknowledgement_blocks()],
    )


def _complete(assignment, *, day, today, clock, rng, history):
    """Every module on ``day``, then the quiz until passed (a day apart)."""
    clock.at(_at(day, 9, rng.randint(0, 59)))
    progress.assignment_launch(assignment=assignment)
    for module in _modules(assignment):
        _module_done(assignment, module)
    if assignment.course.quiz_id is None:
        history.completed += 1
        return
    skill = rng.uniform(0.6, 1.0)
    yesterday = today - timedelta(days=1)
    for tries in range(4):
        # A day apart, but never today: today's 11:00 may still be ahead of the
        # real clock. Retakes that would fall today are yesterday's, an hour apart.
        retake = day + timedelta(days=tries)
        hour = 11 if retake <= yesterday else 11 + tries
        clock.at(_at(min(retake, yesterday), hour, rng.randint(0, 59)))
        attempt = _attempt(
            assignment, skill=skill, clock=clock, rng=rng, history=history
        )
        if attempt.passed:
            history.completed += 1
            return
        skill = min(1.0, skill + 0.2)
    history.problems.append(f"assignment {assignment.pk}: never passed")


def _attempt(assignment, *, skill, clock, rng, history):
    """One attempt, each item answered rightly with probability ``skill``."""
    attempt = progress.quiz_start(assignment=assignment, return_url="")
    history.attempts += 1
    for _item in range(100):
        attempt.refresh_from_db()
        if attempt.is_finished:
            return attempt
        question, step = attempt.current_question, attempt.current_step
        offered = choices_at(question, step)
        right = [c for c in offered if c.is_correct]
        wrong = [c for c in offered if not c.is_correct]
        if rng.random() < skill or not wrong:
            picked = right
        elif question.kind == QuestionKind.MULTIPLE:
            picked = right[:-1] + wrong[:1]
        else:
            picked = [rng.choice(wrong)]
        clock.at(timezone.now() + timedelta(seconds=rng.randint(20, 90)))
        quiz_services.answer_submit(
            employee=attempt.employee,
            attempt_uuid=attempt.uuid,
            question_uuid=question.uuid,
            step_uuid=step.uuid if step else None,
            choice_uuids=[c.uuid for c in picked],
        )
    raise RuntimeError(f"The demo attempt {attempt.pk} never finished.")


def _expiries(*, clock, today, history):
    """The daily expiry job on each day after a certificate ran out, today's
    06:00 run included (a certificate valid through yesterday is due today)."""
    expired = sorted(
        set(
            Certificate.objects.filter(expires_on__lt=today).values_list(
                "expires_on", flat=True
            )
        )
    )
    for last_day in expired:
        day = last_day + timedelta(days=1)
        clock.at(_at(day, 6))
        history.renewals += certificates.certificates_expire(today=day)


def _renewal_cycles(*, clock, rng, today, history):
    renewals = _fresh_cycles().filter(renews__isnull=False)
    for assignment in renewals:
        _play(assignment, clock=clock, rng=rng, today=today, history=history)


def _waiver(*, clock, today, history):
    """An administrator excuses one Library employee on long leave."""
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    assignment = (
        _fresh_cycles()
        .filter(employee__department__code=demo_data.DEMO_DEPARTMENT)
        .exclude(employee__employee_number=demo_data.DEMO_MANAGER_NUMBER)
        .filter(waiver__isnull=True)
        .first()
    )
    if admin is None or assignment is None:
        history.problems.append("no administrator or Library cycle to waive")
        return
    clock.at(_at(today - timedelta(days=12), 14))
    assignment_services.assignment_waive(
        assignment=assignment,
        waived_by=admin,
        reason=WaiverReason.LEAVE,
        note="On long leave until next quarter; to be reassigned on return.",
    )
    history.waivers += 1


def _reminder_runs(*, clock, today, history):
    """The morning reminder job of each of the last weeks."""
    for days_ago in range(REMINDER_DAYS, 0, -1):
        day = today - timedelta(days=days_ago)
        clock.at(_at(day, 7))
        run = reminders.reminders_send(today=day)
        history.reminders += run.learner_emails + run.manager_emails
        history.problems += run.failures
