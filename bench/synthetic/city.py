"""A synthetic City for load tests: employees, training records, xAPI rows.

Run by ``python -m bench.synthetic`` (see ``__main__``) and by
bench/analytics_bench.py; it is benchmark tooling, not part of any app.
Everything is invented and deterministic for a given seed. Departments come
from the demo seed, courses from the courses seed and assignments from the
courses' own rules. Rows go in with bulk inserts in large batches; the xAPI
outbox, by far the largest table, is written with COPY on PostgreSQL and
executemany on SQLite, each row a statement the LMS's own recorders built.
"""

import copy
import json
import os
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import numpy as np

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection, transaction
from django.utils import timezone

from courses import seed as courses_seed
from courses import status
from courses import xapi as courses_xapi
from courses.models import Assignment, CoursePage, ModuleProgress
from courses.services.assignments import required_employees
from lms.demo_data import SWORN_DEPARTMENTS, civilian_jobs
from lms.models import Employee
from lms.seed import seed_departments
from lms.xapi.models import Statement
from lms.xapi.pseudonym import pseudonym_for
from quizzes import statements as quizzes_xapi
from quizzes.models import (
    Answer,
    Attempt,
    AttemptState,
    Choice,
    Question,
    QuestionKind,
    Quiz,
)

PREFIX = "SYN"  # employee numbers and usernames of synthetic people
COURSE_SLUGS = ("ed20", "so40", "data")
# Share of the City's staff by department (about 60,000 people in all); the
# departments not named share what is left.
SIZES = {
    "LAPD": 13_000,
    "LADWP": 9_000,
    "LAFD": 3_400,
    "LAWA": 3_000,
    "LASAN": 3_000,
    "RAP": 2_400,
    "LADOT": 1_800,
    "STREETS": 1_300,
    "GSD": 1_200,
    "LAPL": 1_100,
    "POLA": 900,
    "LADBS": 900,
    "BOE": 800,
    "LAXPD": 500,
    "PORTPD": 200,
}
TOTAL = 60_000


class Progress:
    """Prints how far a long step has got, with its rate."""

    def __init__(self, log, label, total):
        self.log, self.label, self.total = log, label, total
        self.started = time.perf_counter()
        self.done = 0

    def add(self, count):
        self.done += count
        elapsed = time.perf_counter() - self.started
        rate = self.done / elapsed if elapsed else 0
        self.log(
            f"  {self.label}: {self.done:,} / {self.total:,} "
            f"({100 * self.done / max(self.total, 1):.0f}%, {rate:,.0f} rows/s)"
        )


def existing(log) -> int:
    return Employee.objects.filter(employee_number__startswith=PREFIX).count()


@transaction.atomic
def remove(log):
    """Delete a previous synthetic City (and everything that hangs off it)."""
    employees = Employee.objects.filter(employee_number__startswith=PREFIX)
    ids = list(employees.values_list("id", flat=True))
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        Statement.objects.filter(employee_id__in=chunk).delete()
        Answer.objects.filter(attempt__employee_id__in=chunk).delete()
        Attempt.objects.filter(employee_id__in=chunk).delete()
        Assignment.objects.filter(employee_id__in=chunk).delete()
    get_user_model().objects.filter(username__startswith=PREFIX.lower()).delete()
    log(f"Removed {len(ids):,} synthetic employees and their records")


def build(*, employees=TOTAL, statements=3_000_000, seed=7, batch=10_000, log=print):
    """Generate the City; returns a dict of how long each step took."""
    rng = np.random.default_rng(seed)
    timings = {}

    def step(name, function, *args):
        started = time.perf_counter()
        with transaction.atomic():
            result = function(*args)
        timings[name] = time.perf_counter() - started
        log(f"{name}: {timings[name]:.1f} s")
        return result

    # Departments first: the courses seed reads them for its required-for rules.
    departments = step("departments", seed_departments)
    courses = step("content", ensure_content, log)
    people = step("employees", make_employees, employees, departments, rng, batch, log)
    assignments = step("assignments", make_assignments, courses, rng, batch, log)
    step("module progress", make_progress, assignments, courses, rng, batch, log)
    step("attempts and answers", make_attempts, assignments, courses, rng, batch, log)
    step(
        "xAPI statements",
        make_statements,
        statements,
        assignments,
        people,
        courses,
        rng,
        max(batch, 20_000),
        log,
    )
    # Fresh statistics, or the planner guesses at tables it has never measured.
    step("analyze", _analyze)
    return timings


def _analyze():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- Content ------------------------------------------------------------------


def ensure_content(log):
    """The three courses from the courses seed, each with a quiz."""
    for slug in COURSE_SLUGS:
        quiz_slug = f"{slug}-quiz"
        if not Quiz.objects.filter(slug=quiz_slug).exists():
            _minimal_quiz(quiz_slug, slug)
    courses_seed.run(password=None, log=log)
    courses = {}
    for course in CoursePage.objects.live().filter(slug__in=COURSE_SLUGS):
        if course.quiz_id is None:
            course.quiz = Quiz.objects.get(slug=f"{course.slug}-quiz")
            course.save_revision().publish()
        modules = list(course.live_modules().values_list("id", flat=True))
        questions = []
        for question in Question.objects.filter(quiz_id=course.quiz_id).order_by(
            "sort_order", "pk"
        ):
            choices = list(question.choices.order_by("sort_order", "pk"))
            steps = list(question.steps.order_by("sort_order", "pk"))
            if question.kind == QuestionKind.SCENARIO and steps:
                first = steps[0]
                choices = [c for c in choices if c.step_key == first.key]
                questions.append((question.pk, first.pk, _choice_sets(choices)))
            elif choices:
                questions.append((question.pk, None, _choice_sets(choices)))
        courses[course.pk] = {
            "course": course,
            "modules": modules,
            "questions": questions,
            "pass_mark": course.quiz.pass_mark or 80,
        }
    return courses


def _choice_sets(choices):
    right = [c.pk for c in choices if c.is_correct] or [choices[0].pk]
    wrong = [c.pk for c in choices if c.pk not in right] or right
    return right, wrong


def _minimal_quiz(slug, course_slug):
    """A short quiz when the quizzes app has not seeded its own."""
    quiz = Quiz.objects.create(slug=slug, title=f"{course_slug.upper()} check")
    for number in range(1, 7):
        question = Question.objects.create(
            quiz=quiz,
            kind=QuestionKind.SINGLE,
            prompt=f"{course_slug.upper()} question {number}",
            sort_order=number,
        )
        for order, (text, right) in enumerate(
            [("The rule as written", True), ("A common mistake", False), ("Other", 0)]
        ):
            Choice.objects.create(
                question=question,
                text=text,
                is_correct=bool(right),
                points=1 if right else 0,
                feedback="Synthetic data.",
                sort_order=order,
            )
    return quiz


# --- People -------------------------------------------------------------------------


def _department_sizes(departments, employees):
    others = [code for code in departments if code not in SIZES]
    rest = max(TOTAL - sum(SIZES.values()), 0) / max(len(others), 1)
    weights = np.array([SIZES.get(code, rest) for code in departments], dtype=float)
    sizes = np.floor(weights / weights.sum() * employees).astype(int)
    sizes[0] += employees - sizes.sum()
    return dict(zip(departments, sizes, strict=True))


def make_employees(count, departments, rng, batch, log):
    User = get_user_model()
    sizes = _department_sizes(list(departments), count)
    progress = Progress(log, "employees", count)
    today = timezone.localdate()
    number = 0
    for code, size in sizes.items():
        department = departments[code]
        jobs = civilian_jobs(code)
        for start in range(0, size, batch):
            rows = range(number + start, number + min(start + batch, size))
            users = User.objects.bulk_create(
                [
                    User(
                        username=f"{PREFIX.lower()}{n:06d}",
                        password=UNUSABLE_PASSWORD_PREFIX,
                    )
                    for n in rows
                ]
            )
            sworn = rng.random(len(users)) < (0.8 if code in SWORN_DEPARTMENTS else 0)
            hired = rng.integers(30, 30 * 365, len(users))
            Employee.objects.bulk_create(
                [
                    Employee(
                        user_id=user.pk,
                        employee_number=f"{PREFIX}{n:06d}",
                        first_name=FIRST[n % len(FIRST)],
                        last_name=LAST[(n * 7) % len(LAST)],
                        work_email=f"{PREFIX.lower()}{n:06d}@lacity.example",
                        department=department,
                        job_class=SWORN_DEPARTMENTS[code]
                        if is_sworn
                        else jobs[n % len(jobs)],
                        sworn=bool(is_sworn),
                        hire_date=today - timedelta(days=int(days)),
                    )
                    for n, user, is_sworn, days in zip(
                        rows, users, sworn, hired, strict=True
                    )
                ]
            )
            progress.add(len(users))
        number += size
    return dict(
        Employee.objects.filter(employee_number__startswith=PREFIX).values_list(
            "id", "employee_number"
        )
    )


FIRST = ["Alex", "Maria", "Jordan", "Wei", "Fatima", "Sam", "Luis", "Aiko", "Chris"]
LAST = ["Garcia", "Kim", "Nguyen", "Smith", "Lopez", "Patel", "Brown", "Cohen", "Ali"]


# --- Training records ------------------------------------------------------------


def make_assignments(courses, rng, batch, log):
    """Assign each course to whom its required-for rules select (courses decides).

    Each department gets its own diligence, so the dashboard shows a spread.
    """
    today = timezone.localdate()
    now = timezone.now()
    diligence = {}
    plans = []
    for course_id, info in courses.items():
        course = info["course"]
        employee_rows = list(
            required_employees(course=course)
            .filter(employee_number__startswith=PREFIX)
            .exclude(course_assignments__course=course, course_assignments__active=True)
            .values_list("id", "department_id")
        )
        if not employee_rows:
            continue
        ids = np.array([row[0] for row in employee_rows])
        depts = np.array([row[1] for row in employee_rows])
        for dept in np.unique(depts):
            diligence.setdefault(int(dept), rng.uniform(0.35, 0.95))
        rate = np.array([diligence[int(d)] for d in depts])
        age = rng.integers(5, 240, len(ids))  # days since assigned
        due_in = course.days_to_complete - age  # days until due (negative: past)
        draw = rng.random(len(ids))
        past = due_in < 0
        completed = np.where(past, draw < rate, draw < rate * 0.6)
        launched = completed | (rng.random(len(ids)) < 0.55)
        plans.append(
            (course_id, ids, age, due_in, completed, launched, rng.random(len(ids)))
        )
    progress = Progress(log, "assignments", sum(len(p[1]) for p in plans))
    made = []
    for course_id, ids, age, due_in, completed, launched, when in plans:
        for start in range(0, len(ids), batch):
            part = slice(start, start + batch)
            objects = []
            course = courses[course_id]["course"]
            for employee_id, days, due, done, opened, fraction in zip(
                ids[part],
                age[part],
                due_in[part],
                completed[part],
                launched[part],
                when[part],
                strict=True,
            ):
                assigned_at = now - timedelta(days=int(days), hours=3)
                span = max(int(days) - 1, 1)
                launched_at = (
                    assigned_at + timedelta(days=int(span * fraction * 0.5))
                    if opened
                    else None
                )
                completed_at = (
                    assigned_at + timedelta(days=int(span * (0.5 + fraction / 2)))
                    if done
                    else None
                )
                objects.append(
                    Assignment(
                        employee_id=int(employee_id),
                        course_id=course_id,
                        assigned_at=assigned_at,
                        due_date=today + timedelta(days=int(due)),
                        launched_at=launched_at,
                        completed_at=completed_at,
                        recertify_on=completed_at
                        and status.recertify_on(
                            course, timezone.localdate(completed_at)
                        ),
                    )
                )
            Assignment.objects.bulk_create(objects)
            made.extend(objects)
            progress.add(len(objects))
    return made


def make_progress(assignments, courses, rng, batch, log):
    rows = []
    for assignment in assignments:
        modules = courses[assignment.course_id]["modules"]
        if assignment.completed_at is not None:
            done = len(modules)
        elif assignment.launched_at is not None:
            done = int(rng.integers(0, len(modules)))
        else:
            continue
        for index, module_id in enumerate(modules[:done]):
            rows.append(
                ModuleProgress(
                    assignment_id=assignment.pk,
                    module_id=module_id,
                    completed_at=(assignment.launched_at or assignment.assigned_at)
                    + timedelta(hours=index + 1),
                )
            )
    _bulk(ModuleProgress, rows, batch, Progress(log, "module progress", len(rows)))


def make_attempts(assignments, courses, rng, batch, log):
    """Finished quiz attempts: completions passed (some after a failed try)."""
    # Some rules are missed more than others: a difficulty per question.
    difficulty = {
        q[0]: rng.uniform(0.55, 0.97)
        for info in courses.values()
        for q in info["questions"]
    }
    attempts, answers_of = [], []
    for assignment in assignments:
        info = courses[assignment.course_id]
        if not info["questions"]:
            continue
        if assignment.completed_at is not None:
            tries = [False, True] if rng.random() < 0.3 else [True]
        elif assignment.launched_at is not None and rng.random() < 0.2:
            tries = [False]
        else:
            continue
        end = assignment.completed_at or (assignment.launched_at + timedelta(days=1))
        for number, passed in enumerate(tries):
            when = end - timedelta(hours=len(tries) - number)
            picks = []
            for question_id, step_id, (right, wrong) in info["questions"]:
                correct = bool(rng.random() < difficulty[question_id])
                picks.append([question_id, step_id, correct, right, wrong])
            _force_result(picks, passed, info["pass_mark"])
            right_count = sum(1 for p in picks if p[2])
            score = Decimal(100 * right_count / len(picks)).quantize(Decimal("0.01"))
            attempts.append(
                Attempt(
                    quiz_id=info["course"].quiz_id,
                    employee_id=assignment.employee_id,
                    registration=assignment.registration,
                    state=AttemptState.FINISHED,
                    started_at=when - timedelta(minutes=12),
                    last_event_at=when,
                    finished_at=when,
                    score_points=right_count,
                    max_points=len(picks),
                    score_percent=score,
                    pass_mark=info["pass_mark"],
                    passed=score >= info["pass_mark"],
                )
            )
            answers_of.append((when, picks))
    _bulk(Attempt, attempts, batch, Progress(log, "attempts", len(attempts)))
    answers, chosen = [], []
    for attempt, (when, picks) in zip(attempts, answers_of, strict=True):
        for question_id, step_id, correct, right, wrong in picks:
            answers.append(
                Answer(
                    attempt_id=attempt.pk,
                    question_id=question_id,
                    step_id=step_id,
                    correct=correct,
                    points=1 if correct else 0,
                    answered_at=when,
                    time_taken=timedelta(seconds=40),
                )
            )
            options = right if correct else wrong
            chosen.append(options[int(rng.integers(0, len(options)))])
    _bulk(Answer, answers, batch, Progress(log, "answers", len(answers)))
    through = Answer.choices.through
    _bulk(
        through,
        [
            through(answer_id=answer.pk, choice_id=choice_id)
            for answer, choice_id in zip(answers, chosen, strict=True)
        ],
        batch,
        Progress(log, "answer choices", len(answers)),
    )


def _force_result(picks, passed, pass_mark):
    """Turn answers right (or wrong) until the attempt passes (or fails)."""
    total = len(picks)
    for pick in picks:
        score = 100 * sum(1 for p in picks if p[2]) / total
        if passed and score >= pass_mark or not passed and score < pass_mark:
            return
        pick[2] = passed


def _bulk(model, rows, batch, progress):
    for start in range(0, len(rows), batch):
        part = rows[start : start + batch]
        model.objects.bulk_create(part)
        progress.add(len(part))


# --- xAPI ---------------------------------------------------------------------------

STATEMENT_COLUMNS = [
    "id",
    "employee_id",
    "pseudonym",
    "verb",
    "object_iri",
    "course_iri",
    "registration",
    "timestamp",
    "payload",
    "status",
    "attempts",
    "last_error",
    "sent_at",
    "created_at",
]
# The share of each event among the statements.
EVENTS = [
    ("launched", 0.08),
    ("experienced", 0.30),
    ("answered", 0.45),
    ("acknowledged", 0.08),
    ("passed", 0.04),
    ("failed", 0.01),
    ("completed", 0.04),
]
# Stands in for the timestamp while a template is built; any aware time does.
_TEMPLATE_TIME = datetime(2001, 1, 1, tzinfo=UTC)


@dataclass
class Template:
    """One event's statement as the LMS records it, with four slots to fill.

    ``text`` (and ``copy_text``, escaped for COPY) is the payload JSON with
    ``{id}``, ``{actor}``, ``{registration}`` and ``{timestamp}`` in place
    of the values that differ from one row to the next; ``verb``,
    ``object_iri`` and ``course_iri`` are the outbox columns, the same for
    every row of the event.
    """

    text: str
    copy_text: str
    verb: str
    object_iri: str
    course_iri: str


def _record_events(info, assignment):
    """Record one statement of each event through the LMS's own recorders."""
    course = info["course"]
    module = course.live_modules().first().specific
    block = module.acknowledgement_blocks()[0]
    when = _TEMPLATE_TIME
    opened = copy.copy(assignment)
    opened.launched_at = None  # no duration: the real one varies per row
    courses_xapi.record_course_launched(opened, timestamp=when)
    courses_xapi.record_module_experienced(opened, module, timestamp=when)
    courses_xapi.record_policy_acknowledged(
        opened, module, block.id, block.value["statement"], timestamp=when
    )
    courses_xapi.record_course_completed(opened, timestamp=when)
    quiz = course.quiz
    question = Question.objects.filter(quiz=quiz).order_by("sort_order", "pk")[0]
    offered = list(question.choices.order_by("sort_order", "pk"))
    # As courses.services.progress.quiz_start starts it.
    attempt = Attempt(
        quiz=quiz,
        employee=assignment.employee,
        registration=assignment.registration,
        context_parent=quizzes_xapi.activity_to_json(
            courses_xapi.course_activity(course)
        ),
        context_grouping=[
            quizzes_xapi.activity_to_json(courses_xapi.course_activity(course))
        ],
        course_version=course.version_label,
        started_at=when,
        finished_at=when,
        score_points=1,
        max_points=1,
    )
    answer = Answer(correct=True, answered_at=when)
    answered = quizzes_xapi.record_answer(
        attempt=attempt,
        answer=answer,
        question=question,
        step=None,
        offered=offered,
        picked=[c for c in offered if c.is_correct][:1] or offered[:1],
        duration=None,
    )
    rows = {"answered": answered}
    for event, passed in (("passed", True), ("failed", False)):
        attempt.passed = passed
        attempt.uuid = uuid.uuid4()
        rows[event] = quizzes_xapi.record_finish(
            attempt=attempt, statement_id=uuid.uuid5(attempt.uuid, "finished")
        )
    courses = {
        "launched": courses_xapi.statement_id(opened, "launched"),
        "experienced": courses_xapi.statement_id(
            opened, f"experienced/{module.translation_key}"
        ),
        "acknowledged": courses_xapi.statement_id(
            opened, f"acknowledged/{module.translation_key}/{block.id}"
        ),
        "completed": courses_xapi.statement_id(opened, "completed"),
    }
    rows.update({event: Statement.objects.get(pk=pk) for event, pk in courses.items()})
    return rows


def _template(row, registration, stamp) -> Template:
    text = json.dumps(row.payload, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("{", "{{").replace("}", "}}")
    for value, slot in (
        (f'"{row.pk}"', '"{id}"'),
        (f'"{row.pseudonym}"', '"{actor}"'),
        (f'"{registration}"', '"{registration}"'),
        (f'"{stamp}"', '"{timestamp}"'),
    ):
        if text.count(value) != 1:
            raise RuntimeError(f"{value} is not once in the {row.verb} statement")
        text = text.replace(value, slot)
    return Template(
        text=text,
        # COPY's text format reads a backslash as an escape: double each one.
        copy_text=text.replace("\\", "\\\\"),
        verb=row.verb,
        object_iri=row.object_iri,
        course_iri=row.course_iri,
    )


def statement_templates(assignments, courses) -> dict[int, dict[str, Template]]:
    """Per course and event, the statement the LMS would record, as a template.

    Built by recording each event once for one real assignment of the course
    and reading the outbox row back, then rolling the rows back.
    """
    templates = {}
    stamp = _TEMPLATE_TIME.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    for course_id, info in courses.items():
        assignment = next((a for a in assignments if a.course_id == course_id), None)
        if assignment is None:
            continue
        assignment = Assignment.objects.select_related("employee", "course").get(
            pk=assignment.pk
        )
        with transaction.atomic():
            rows = _record_events(info, assignment)
            templates[course_id] = {
                event: _template(row, assignment.registration, stamp)
                for event, row in rows.items()
            }
            transaction.set_rollback(True)
    return templates


def make_statements(count, assignments, people, courses, rng, batch, log):
    """``count`` outbox rows spread over the assignments that saw any activity.

    Each row is one event's statement (:func:`statement_templates`) with its
    own id, actor, registration and time; ids and times are drawn column by
    column with numpy and the rows written as text: COPY on PostgreSQL,
    executemany on SQLite.
    """
    active = [a for a in assignments if a.launched_at is not None] or assignments
    if not active or not count:
        return
    templates = statement_templates(active, courses)
    pseudonyms = {pk: pseudonym_for(number) for pk, number in people.items()}
    events = [event for event, _ in EVENTS]
    weights = np.array([weight for _, weight in EVENTS])
    weights /= weights.sum()
    now = timezone.now()
    epoch = np.datetime64("1970-01-01T00:00:00", "ms")
    begin = np.array(
        [int((a.launched_at or a.assigned_at).timestamp() * 1e3) for a in active],
        dtype="int64",
    )
    end = np.array(
        [int((a.completed_at or now).timestamp() * 1e3) for a in active],
        dtype="int64",
    )
    span = np.maximum(end - begin, 1)
    employee = [a.employee_id for a in active]
    actor = [pseudonyms[a.employee_id] for a in active]
    of_course = [templates[a.course_id] for a in active]
    postgres = connection.vendor == "postgresql"
    registration = [str(a.registration) for a in active]
    stored_registration = [
        str(a.registration) if postgres else a.registration.hex for a in active
    ]
    progress = Progress(log, "xAPI statements", count)
    table = Statement._meta.db_table
    if not postgres:
        with connection.cursor() as cursor:
            # A bigger page cache (about 400 MB) for random UUID keys and the
            # outbox's indexes; for this connection only.
            cursor.execute("PRAGMA cache_size = -400000")
    with transaction.atomic():
        for start in range(0, count, batch):
            size = min(batch, count - start)
            which = rng.integers(0, len(active), size)
            event_index = rng.choice(len(events), size=size, p=weights)
            moments = begin[which] + (span[which] * rng.random(size)).astype("int64")
            stamps = np.datetime_as_string(epoch + moments.astype("timedelta64[ms]"))
            ids = _uuid4_hex(size)
            rows = []
            for index, event_i, stamp, hex_id in zip(
                which.tolist(), event_index.tolist(), stamps.tolist(), ids, strict=True
            ):
                template = of_course[index][events[event_i]]
                statement_id = (
                    f"{hex_id[:8]}-{hex_id[8:12]}-{hex_id[12:16]}-"
                    f"{hex_id[16:20]}-{hex_id[20:]}"
                )
                when = stamp + "+00:00" if postgres else stamp.replace("T", " ")
                payload = (template.copy_text if postgres else template.text).format(
                    id=statement_id,
                    actor=actor[index],
                    registration=registration[index],
                    timestamp=stamp + "Z",
                )
                rows.append(
                    (
                        statement_id if postgres else hex_id,
                        employee[index],
                        actor[index],
                        template.verb,
                        template.object_iri,
                        template.course_iri,
                        stored_registration[index],
                        when,
                        payload,
                        "sent",
                        1,
                        "",
                        when,
                        when,
                    )
                )
            if postgres:
                _copy(table, rows)
            else:
                _executemany(table, rows)
            progress.add(size)


def _uuid4_hex(size):
    """``size`` random version-4 UUIDs as 32-character hex strings."""
    raw = np.frombuffer(os.urandom(16 * size), dtype=np.uint8).reshape(size, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    text = raw.tobytes().hex()
    return [text[i : i + 32] for i in range(0, len(text), 32)]


def _copy(table, rows):
    columns = ", ".join(STATEMENT_COLUMNS)
    # Only the payload may hold a backslash, doubled in its template; no value
    # holds a tab or a newline (JSON escapes them).
    block = "\n".join("\t".join(str(value) for value in row) for row in rows)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write(block + "\n")


def _executemany(table, rows):
    columns = ", ".join(STATEMENT_COLUMNS)
    marks = ", ".join(["%s"] * len(STATEMENT_COLUMNS))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
