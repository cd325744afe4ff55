"""Reads for analytics: querysets -> DataFrames, a fixed number of queries.

Who sees what is decided only by :mod:`lms.access`; these selectors take the
scope it gives. The City dashboard lets the database aggregate (GROUP BY), so
its cost does not grow with the number of employees in Python; the drill-down
loads one department's rows with three queries.

The assignment status is courses' own (``Assignment.objects.with_status``):
the database decides it, so a whole City is counted without being loaded.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pandas as pd

from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone

from courses.models import Assignment, CoursePage, ModuleProgress
from courses.status import FINISHED as FINISHED_STATUSES
from courses.status import Delivery, Status
from lms import access
from lms.models import Department
from quizzes.models import Attempt, AttemptState, Choice

EXPIRY_WINDOW = 30  # days: "expiring soon" on the dashboard


@dataclass(frozen=True)
class Filters:
    """What the filter form asks for (all optional)."""

    course_id: int | None = None
    department_code: str | None = None
    status: str | None = None
    due_from: date | None = None
    due_to: date | None = None


def course_options() -> list[tuple[int, str]]:
    return list(CoursePage.objects.order_by("title").values_list("id", "title"))


def department_options(user) -> list[tuple[str, str]]:
    return list(
        access.visible_departments(user).order_by("name").values_list("code", "name")
    )


# --- Status -----------------------------------------------------------------


def status_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Status.choices}


# --- Scope --------------------------------------------------------------------


def assignments_in_scope(user, filters: Filters):
    """Current assignments of active employees the user may see, filtered."""
    queryset = Assignment.objects.counted()
    if not access.is_administrator(user):
        queryset = queryset.filter(employee__in=access.visible_employees(user))
    return _filtered(queryset, filters)


def city_assignments(filters: Filters):
    """Every current assignment in the City (for aggregates only, never names)."""
    return _filtered(Assignment.objects.counted(), filters)


def _filtered(queryset, filters: Filters):
    if filters.course_id:
        queryset = queryset.filter(course_id=filters.course_id)
    if filters.department_code:
        queryset = queryset.filter(employee__department__code=filters.department_code)
    if filters.due_from:
        queryset = queryset.filter(due_date__gte=filters.due_from)
    if filters.due_to:
        queryset = queryset.filter(due_date__lte=filters.due_to)
    return queryset


def with_status(queryset, filters: Filters, today: date):
    """The assignments with courses' status as of ``today``, by the status filter."""
    queryset = queryset.with_status(today)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset


# --- The dashboard (aggregated by the database) ---------------------------------


@dataclass
class DashboardData:
    counts: pd.DataFrame
    scores: pd.DataFrame
    completed_by_day: pd.DataFrame
    due_by_day: pd.DataFrame
    score_bands: pd.DataFrame
    expiring: int = 0  # certificates valid until within EXPIRY_WINDOW days
    pass_mark: int | None = None  # the courses' pass mark, when they share one


@contextmanager
def reporting_session():
    """Database settings for one report's read-only aggregate queries.

    On PostgreSQL: no JIT (compiling these CASE-heavy group-bys took longer
    than running them: 0.3 s of 0.55 s on the 60,000-employee City) and room
    to sort the groups in memory. Nothing changes on SQLite.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                cursor.execute("SET LOCAL work_mem = '64MB'")
        yield


def dashboard_data(assignments, filters: Filters, today: date) -> DashboardData:
    """Four GROUP BY queries and three small look-ups (names, quizzes), however
    many employees the scope holds."""
    with reporting_session():
        return _dashboard_data(assignments, filters, today)


def _dashboard_data(assignments, filters: Filters, today: date) -> DashboardData:
    assignments = with_status(assignments, filters, today)
    departments = _departments()
    # Grouped by ids only; the few course titles and department names are
    # joined on afterwards, so the GROUP BY over every assignment needs no
    # join to the page or department tables.
    counts = _named(
        departments,
        pd.DataFrame.from_records(
            list(
                assignments.values(
                    "course_id", "status", department_id=F("employee__department_id")
                )
                .annotate(
                    people=Count("id"),
                    # Of them, completed at a session (the rest of the finished
                    # completed online, or before delivery was recorded,
                    # when online was the only way).
                    in_person=Count("id", filter=Q(delivery=Delivery.IN_PERSON)),
                )
                .order_by()
            ),
            columns=["course_id", "status", "department_id", "people", "in_person"],
        ),
    )[
        [
            "course_id",
            "status",
            "course",
            "department_code",
            "department",
            "people",
            "in_person",
        ]
    ]
    # The average score: of each cycle's best finished attempt (best_score()),
    # the one definition the drill-down shows per row too.
    scores = pd.DataFrame.from_records(
        list(
            assignments.annotate(best=best_score())
            .filter(best__isnull=False)
            .values("course_id", department_id=F("employee__department_id"))
            .annotate(score_sum=Sum("best"), scored=Count("id"))
            .order_by()
        ),
        columns=["course_id", "department_id", "score_sum", "scored"],
    )
    scores["department_code"] = scores["department_id"].map(
        departments["department_code"]
    )
    scores["score_sum"] = scores["score_sum"].astype(float)
    scores = scores[["course_id", "department_code", "score_sum", "scored"]]
    # The histogram counts every finished attempt, failed ones included.
    attempts = pd.DataFrame.from_records(
        list(
            _finished_attempts(assignments)
            .values(band=_score_band())
            .annotate(attempts=Count("id"))
            .order_by()
        ),
        columns=["band", "attempts"],
    )
    bands = (
        attempts.assign(band=attempts["band"].astype(float).clip(upper=100))
        .groupby("band", as_index=False)["attempts"]
        .sum()
        .astype({"band": int})
    )
    completed = pd.DataFrame.from_records(
        list(
            assignments.filter(completed_at__isnull=False)
            # The UTC day: a plain cast that both databases do natively (a
            # local-time truncation calls back into Python on SQLite, row by
            # row), and a few hours make no difference to a months-long curve.
            .annotate(day=Cast("completed_at", DateField()))
            .values("day")
            .annotate(people=Count("id"))
            .order_by()
        ),
        columns=["day", "people"],
    )
    due = pd.DataFrame.from_records(
        list(
            assignments.values(day=F("due_date"))
            .annotate(people=Count("id"))
            .order_by()
        ),
        columns=["day", "people"],
    )
    expiring = assignments.filter(
        completed_at__isnull=False,
        recertify_on__gte=today,
        recertify_on__lte=today + timedelta(days=EXPIRY_WINDOW),
    ).count()
    marks = set(
        CoursePage.objects.filter(
            id__in=counts["course_id"].dropna().unique().tolist()
        ).values_list("pass_mark", flat=True)
    )
    pass_mark = marks.pop() if len(marks) == 1 else None
    return DashboardData(
        counts, scores, completed, due, bands, expiring=expiring, pass_mark=pass_mark
    )


def _departments() -> pd.DataFrame:
    """Code and name of every department, indexed by id (one small query)."""
    return pd.DataFrame.from_records(
        list(
            Department.objects.values(
                "id", department_code=F("code"), department=F("name")
            )
        ),
        columns=["id", "department_code", "department"],
        index="id",
    )


def _named(departments: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """Add course titles and department codes and names to id-keyed counts."""
    titles = dict(CoursePage.objects.values_list("id", "title"))
    counts = counts.join(departments, on="department_id")
    return counts.assign(course=counts["course_id"].map(titles))


def _score_band():
    """The 10-point band of a score (0, 10, ... 90, 100) by plain comparisons.

    Not FLOOR(): SQLite builds without math functions run it in Python, row by
    row, and PostgreSQL's integer cast rounds where SQLite's truncates.
    """
    return Case(
        *[
            When(score_percent__lt=upper, then=Value(upper - 10))
            for upper in range(10, 101, 10)
        ],
        default=Value(100),
        output_field=IntegerField(),
    )


def best_score():
    """A cycle's score: its best finished quiz attempt (None before one).

    The one definition of a learner's score: the drill-down shows it per row
    and the dashboard's "average score" is its mean over the people who have
    one, so the two always agree.
    """
    return Subquery(
        Attempt.objects.filter(
            registration=OuterRef("registration"),
            employee_id=OuterRef("employee_id"),
            state=AttemptState.FINISHED,
            score_percent__isnull=False,
        )
        .order_by("-score_percent")
        .values("score_percent")[:1]
    )


def _finished_attempts(assignments):
    """Finished quiz attempts made within the given assignment cycles."""
    # EXISTS rather than IN: SQLite runs it about twice as fast, and
    # PostgreSQL plans both as a semi-join.
    return Attempt.objects.filter(
        Exists(assignments.filter(registration=OuterRef("registration"))),
        state=AttemptState.FINISHED,
        score_percent__isnull=False,
    )


# --- The City overview (oversight) -----------------------------------------------


def department_groups() -> pd.DataFrame:
    """Every department with the top of its tree (a department with its
    bureaus is a group): code, name, group_code, group. One small query."""
    rows = list(Department.objects.values("id", "code", "name", "parent_id"))
    by_id = {row["id"]: row for row in rows}

    def top(row):
        seen = set()
        while row["parent_id"] in by_id and row["id"] not in seen:
            seen.add(row["id"])
            row = by_id[row["parent_id"]]
        return row

    return pd.DataFrame(
        [
            (row["code"], row["name"], top(row)["code"], top(row)["name"])
            for row in rows
        ],
        columns=["code", "name", "group_code", "group"],
    )


def finished_by_month(assignments, today: date) -> pd.DataFrame:
    """People in a finished status by course, department and the month they
    completed (UTC day, as the dashboard's curve): one GROUP BY."""
    finished = [status.value for status in FINISHED_STATUSES]
    with reporting_session():
        frame = pd.DataFrame.from_records(
            list(
                assignments.with_status(today)
                .filter(status__in=finished, completed_at__isnull=False)
                .annotate(day=Cast("completed_at", DateField()))
                .values("course_id", "day", department_id=F("employee__department_id"))
                .annotate(people=Count("id"))
                .order_by()
            ),
            columns=["course_id", "day", "department_id", "people"],
        )
    codes = dict(Department.objects.values_list("id", "code"))
    frame["department_code"] = frame["department_id"].map(codes)
    frame["month"] = pd.to_datetime(frame["day"]).dt.to_period("M").dt.to_timestamp()
    return (
        frame.groupby(["course_id", "department_code", "month"], as_index=False)[
            "people"
        ]
        .sum()
        .astype({"people": int})
    )


# --- The drill-down (named employees of one department) -------------------------

EMPLOYEE_COLUMNS = [
    "assignment_id",
    "employee_number",
    "first_name",
    "last_name",
    "course_id",
    "course",
    "department_code",
    "department",
    "status",
    "due_date",
    "days_overdue",
    "completed_at",
    "delivery",
    "modules_done",
    "modules_total",
    "best_score",
    "attempts",
    "last_activity",
]
_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


def _ordering(sort: str) -> list:
    """The database ordering of a drill-down sort key ("-" for descending).

    "overdue" orders by days overdue, then by due date (the rows not overdue,
    at zero days, by when they are due). Ties go by name.
    """
    keys = {
        "name": [],
        "status": [(F("status"), True)],
        "modules": [(F("modules_done"), True)],
        "score": [(F("best_score"), True)],
        "attempts": [(F("attempts"), True)],
        "due": [(F("due_date"), True)],
        "overdue": [(F("days_overdue"), True), (F("due_date"), False)],
        "activity": [(F("last_activity"), True)],
    }[sort.lstrip("-")]
    descending = sort.startswith("-")
    ordering = [
        term.asc(nulls_first=True)
        if ascending != descending
        else term.desc(nulls_last=True)
        for term, ascending in keys
    ]
    name = [F("employee__last_name"), F("employee__first_name")]
    if sort.lstrip("-") == "name" and descending:
        return [term.desc() for term in name] + ["pk"]
    return ordering + [term.asc() for term in name] + ["pk"]


SORTS = ("name", "status", "modules", "score", "attempts", "due", "overdue", "activity")


def department_assignments(
    *, user, department: Department, filters: Filters, today: date, sort="name"
):
    """The drill-down's rows as an ordered ``values()`` queryset.

    Counting, sorting and slicing happen in the database, so a page of 50
    costs the same for a department of 13,000 as for one of 13. The caller
    has checked ``access.can_view_department``; the scope still goes through
    lms.access so a change there applies here too.
    """
    scope = assignments_in_scope(user, filters).filter(employee__department=department)
    progress = ModuleProgress.objects.filter(assignment_id=OuterRef("pk"))
    attempts = Attempt.objects.filter(
        employee_id=OuterRef("employee_id"), registration=OuterRef("registration")
    )
    queryset = with_status(scope, filters, today).annotate(
        modules_done=_subquery_count(progress),
        attempts=_subquery_count(attempts),
        best_score=best_score(),
        progress_at=Subquery(
            progress.order_by("-completed_at").values("completed_at")[:1]
        ),
        attempt_at=Subquery(
            attempts.order_by("-last_event_at").values("last_event_at")[:1]
        ),
    )
    queryset = queryset.annotate(
        last_activity=Greatest(
            *[
                Coalesce(field, Value(_EARLIEST))
                for field in (
                    "launched_at",
                    "completed_at",
                    "progress_at",
                    "attempt_at",
                )
            ],
            output_field=DateTimeField(),
        )
    )
    return queryset.order_by(*_ordering(sort)).values(
        "course_id",
        "status",
        "days_overdue",
        "due_date",
        "completed_at",
        "delivery",
        "modules_done",
        "attempts",
        "best_score",
        "last_activity",
        assignment_id=F("id"),
        employee_number=F("employee__employee_number"),
        first_name=F("employee__first_name"),
        last_name=F("employee__last_name"),
        course_title=F("course__title"),
        department_code=F("employee__department__code"),
        department=F("employee__department__name"),
    )


def _subquery_count(queryset):
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values(_group=Value(1))
            .annotate(n=Count("pk"))
            .values("n")
        ),
        Value(0),
    )


def rows_frame(records) -> pd.DataFrame:
    """Drill-down records (dicts from department_assignments) as a frame."""
    frame = pd.DataFrame.from_records(list(records))
    if frame.empty:
        return pd.DataFrame(columns=EMPLOYEE_COLUMNS)
    frame = frame.rename(columns={"course_title": "course"})
    frame["modules_total"] = (
        frame["course_id"].map(modules_per_course()).fillna(0).astype(int)
    )
    frame["best_score"] = pd.to_numeric(frame["best_score"]).astype(float)
    zone = timezone.get_current_timezone()
    for column in ("completed_at", "last_activity"):
        moments = pd.to_datetime(frame[column], utc=True)
        moments = moments.where(moments > pd.Timestamp(_EARLIEST))
        days = moments.dt.tz_convert(zone).dt.date
        frame[column] = days.astype(object).where(moments.notna(), None)
    return frame[EMPLOYEE_COLUMNS]


def department_rows(
    *, user, department: Department, filters: Filters, today: date, sort="name"
) -> pd.DataFrame:
    """Every row of the drill-down (for exports and checks)."""
    with reporting_session():
        return rows_frame(
            department_assignments(
                user=user,
                department=department,
                filters=filters,
                today=today,
                sort=sort,
            )
        )


def department_page(
    *,
    user,
    department: Department,
    filters: Filters,
    today: date,
    sort="name",
    page_number=None,
    page_size=50,
):
    """One page of the drill-down: (frame, page). The database sorts and slices,
    so a page costs about the same in a department of 13,000 as in one of 13."""
    records = department_assignments(
        user=user, department=department, filters=filters, today=today, sort=sort
    )
    with reporting_session():
        page = Paginator(records, page_size).get_page(page_number)
        return rows_frame(page.object_list), page


def modules_per_course() -> dict[int, int]:
    """How many live modules each course has (two small queries)."""
    modules = CoursePage.live_modules_by_course(
        CoursePage.objects.only("path", "depth")
    )
    return {course_id: len(pages) for course_id, pages in modules.items()}


# --- Item statistics (trainers) ---------------------------------------------------


@dataclass(frozen=True)
class ItemFilters:
    """What the item analysis counts (all optional)."""

    quiz_id: int | None = None
    course_id: int | None = None
    department_code: str | None = None
    job_class: str | None = None
    answered_from: date | None = None
    answered_to: date | None = None


def quiz_options() -> list[tuple[int, str]]:
    from quizzes.models import Quiz

    return list(Quiz.objects.order_by("title").values_list("id", "title"))


def job_class_options() -> list[str]:
    from lms.models import Employee

    return list(
        Employee.objects.exclude(job_class="")
        .order_by("job_class")
        .values_list("job_class", flat=True)
        .distinct()
    )


STEP_LABEL_WORDS = 12


def item_frames(filters: ItemFilters = ItemFilters()):
    """The answers the filters ask for, per item and department, and every
    choice of the quizzes in scope with whether it is right.

    Columns: quiz, level (question / step / choice), question, step and
    choice (a UUID and a title each), department, times chosen and times
    right. Titles are the quiz's title, the question's prompt, and a step's
    number and the start of its text. Answers are grouped by item
    (question, step, choice), whichever learner's pool drew it; choices
    nobody picked are in the frame with 0. Three queries for the counts and
    three small ones for the titles.
    """
    from quizzes.models import Answer, Question, Step

    answers = Answer.objects.all()
    questions = Question.objects.all()
    quiz_ids = _quizzes_in_scope(filters)
    if quiz_ids is not None:
        answers = answers.filter(question__quiz_id__in=quiz_ids)
        questions = questions.filter(quiz_id__in=quiz_ids)
    if filters.department_code:
        answers = answers.filter(
            attempt__employee__department__code=filters.department_code
        )
    if filters.job_class:
        answers = answers.filter(attempt__employee__job_class=filters.job_class)
    zone = timezone.get_current_timezone()
    if filters.answered_from:
        start = datetime.combine(filters.answered_from, datetime.min.time(), zone)
        answers = answers.filter(answered_at__gte=start)
    if filters.answered_to:
        end = datetime.combine(
            filters.answered_to + timedelta(days=1), datetime.min.time(), zone
        )
        answers = answers.filter(answered_at__lt=end)
    department = F("attempt__employee__department__code")
    items = pd.DataFrame.from_records(
        list(
            answers.values("question_id", "step_id", department=department)
            .annotate(
                times_chosen=Count("pk"),
                times_right=Count("pk", filter=Q(correct=True)),
            )
            .order_by()
        ),
        columns=["question_id", "step_id", "department", "times_chosen", "times_right"],
    )
    picks = pd.DataFrame.from_records(
        list(
            Choice.objects.filter(answers__in=answers)
            .values("id", department=F("answers__attempt__employee__department__code"))
            .annotate(
                times_chosen=Count("answers"),
                times_right=Count("answers", filter=Q(answers__correct=True)),
            )
            .order_by()
        ),
        columns=["id", "department", "times_chosen", "times_right"],
    )
    titles = pd.DataFrame.from_records(
        list(questions.values("id", "uuid", "prompt", quiz_title=F("quiz__title"))),
        columns=["id", "uuid", "prompt", "quiz_title"],
    ).set_index("id")
    steps = pd.DataFrame.from_records(
        list(
            Step.objects.filter(question__in=questions).values(
                "id", "uuid", "question_id", "key", "text", "sort_order"
            )
        ),
        columns=["id", "uuid", "question_id", "key", "text", "sort_order"],
    )
    steps["label"] = _step_labels(steps)
    choices = pd.DataFrame.from_records(
        list(
            Choice.objects.filter(question__in=questions).values(
                "id", "uuid", "question_id", "step_key", "text", "is_correct"
            )
        ),
        columns=["id", "uuid", "question_id", "step_key", "text", "is_correct"],
    )
    step_of_choice = steps.set_index(["question_id", "key"])["label"]
    choices["step"] = [
        step_of_choice.get((question, key)) if key else None
        for question, key in zip(
            choices["question_id"], choices["step_key"], strict=True
        )
    ]
    stats = _item_stats(items, picks, titles, steps.set_index("id"), choices)
    flags = pd.DataFrame(
        {
            "choice_uuid": choices["uuid"].astype(str),
            "is_correct": choices["is_correct"],
        }
    )
    return stats, flags


def _quizzes_in_scope(filters: ItemFilters):
    """The quiz ids the quiz and course filters leave (None: every quiz)."""
    ids = None
    if filters.quiz_id:
        ids = {filters.quiz_id}
    if filters.course_id:
        course_quiz = set(
            CoursePage.objects.filter(
                pk=filters.course_id, quiz__isnull=False
            ).values_list("quiz_id", flat=True)
        )
        ids = course_quiz if ids is None else ids & course_quiz
    return ids


def _step_labels(steps: pd.DataFrame) -> pd.Series:
    """ "2. The agent insists on going in ...": the step's place in its
    scenario and the start of what the learner reads there."""
    from django.utils.text import Truncator

    place = steps.groupby("question_id")["sort_order"].rank(method="first")
    return pd.Series(
        [
            f"{int(number)}. {Truncator(text).words(STEP_LABEL_WORDS)}"
            for number, text in zip(place, steps["text"], strict=True)
        ],
        index=steps.index,
        dtype=object,
    )


def _item_stats(items, picks, titles, steps, choices) -> pd.DataFrame:
    """Counts with titles, in the shape reports.item_table reads."""
    columns = [
        "quiz",
        "level",
        "question_uuid",
        "question",
        "step_uuid",
        "step",
        "choice_uuid",
        "choice",
        "department",
        "times_chosen",
        "times_right",
    ]
    frames = []
    if not items.empty:
        items = items.assign(
            quiz=items["question_id"].map(titles["quiz_title"]),
            question_uuid=items["question_id"].map(titles["uuid"]).astype(str),
            question=items["question_id"].map(titles["prompt"]),
            step_uuid=items["step_id"].map(steps["uuid"]),
            step=items["step_id"].map(steps["label"]),
        )
        questions = (
            items.groupby(
                ["quiz", "question_uuid", "question", "department"],
                as_index=False,
                dropna=False,
            )[["times_chosen", "times_right"]]
            .sum()
            .assign(level="question", step_uuid=None, step=None)
        )
        frames += [questions, items[items["step_id"].notna()].assign(level="step")]
    picked = choices.merge(
        picks.rename(columns={"id": "choice_id"}),
        left_on="id",
        right_on="choice_id",
        how="left",
    )
    picked = picked.assign(
        quiz=picked["question_id"].map(titles["quiz_title"]),
        question_uuid=picked["question_id"].map(titles["uuid"]).astype(str),
        question=picked["question_id"].map(titles["prompt"]),
        choice_uuid=picked["uuid"].astype(str),
        choice=picked["text"],
        step_uuid=None,
        times_chosen=picked["times_chosen"].fillna(0),
        times_right=picked["times_right"].fillna(0),
        level="choice",
    )
    frames.append(picked)
    frame = pd.concat([f.reindex(columns=columns) for f in frames], ignore_index=True)
    frame = frame.astype({"times_chosen": "int64", "times_right": "int64"})
    frame["step_uuid"] = frame["step_uuid"].map(
        lambda v: str(v) if pd.notna(v) else None
    )
    # Text or None, even when no item in scope is a scenario step.
    frame["step"] = frame["step"].astype(object).where(frame["step"].notna(), None)
    return frame


def all_department_options() -> list[tuple[str, str]]:
    """Every department by code and name: for aggregates, which name nobody."""
    return list(Department.objects.order_by("name").values_list("code", "name"))


def question_edit_urls(user, question_uuids) -> dict:
    """question uuid -> its edit page in the Wagtail admin (when the user may edit)."""
    from wagtail.admin.admin_url_finder import AdminURLFinder

    from quizzes.models import Question

    finder = AdminURLFinder(user)
    questions = Question.objects.filter(uuid__in={str(u) for u in question_uuids})
    return {str(question.uuid): finder.get_edit_url(question) for question in questions}


# --- One employee's record (managers and administrators) -------------------------


@dataclass
class EmployeeRecord:
    assignments: list
    attempts: list
    certificates: list
    waivers: list
    extensions: list
    reminders: list


def employee_record(employee, today: date) -> EmployeeRecord:
    """Everything about one employee's training, each list one query.

    The caller has checked ``access.can_view_employee``.
    """
    from courses.models import Certificate, DueDateExtension, ReminderLog, Waiver

    return EmployeeRecord(
        assignments=list(
            Assignment.objects.filter(employee=employee)
            .with_status(today)
            .select_related("course")
            .order_by("-active", "course__title", "-assigned_at")
        ),
        attempts=list(
            Attempt.objects.filter(employee=employee)
            .select_related("quiz")
            .order_by("-started_at")
        ),
        certificates=list(
            Certificate.objects.filter(employee=employee).order_by("-issued_on", "-pk")
        ),
        waivers=list(
            Waiver.objects.filter(assignment__employee=employee).select_related(
                "assignment__course", "waived_by"
            )
        ),
        extensions=list(
            DueDateExtension.objects.filter(
                assignment__employee=employee
            ).select_related("assignment__course", "extended_by")
        ),
        reminders=list(
            ReminderLog.objects.filter(
                Q(employee=employee) | Q(assignment__employee=employee)
            )
            .select_related("assignment__course", "sent_by")
            .order_by("-sent_at")[:20]
        ),
    )


def overdue_in_department(*, user, department: Department, filters: Filters, today):
    """The overdue cycles the drill-down shows under these filters (a subquery)."""
    scope = assignments_in_scope(user, filters).filter(employee__department=department)
    overdue = scope.with_status(today).filter(status=Status.OVERDUE)
    return Assignment.objects.filter(pk__in=overdue.values("pk"))
