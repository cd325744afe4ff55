"""The seeded scenario bank as a whole, read with the real loader and taken with
the real services: no tell in the length of the right answer, no dead ends,
a pool for every department that takes the quiz, items for every workforce
group it was written for, and retakes that draw afresh up to the limit."""

import uuid
from pathlib import Path

import pytest

from lms import content_files, demo_data
from lms import seed as lms_seed
from lms.models import Department
from lms.policy import seed as policy_seed
from quizzes import audience, loader, seed, selectors, services
from quizzes.models import AttemptItem, Question, Quiz
from tests.lms.factories import EmployeeFactory
from tests.quizzes.test_services import answer_all

pytestmark = pytest.mark.django_db

COURSES = Path(__file__).resolve().parents[2] / "courses" / "content"

# Each workforce group the bank writes for, as the roster names it: at least
# one branching scenario must be meant for it (not only the items for everyone).
GROUPS = {
    "311 call takers": ("ITA", "Communications Information Representative"),
    "Database staff": ("ITA", "Database Architect"),
    "Systems analysts (any department)": ("LADWP", "Systems Analyst"),
    "HR / Personnel": ("PER", "Personnel Analyst"),
    "Grant staff": ("CIFD", "Management Analyst"),
    "Contract analysts at Transportation": ("LADOT", "Management Analyst"),
    "Police officers": ("LAPD", "Police Officer II"),
    "Jail staff": ("LAPD", "Detention Officer"),
    "Airport Police": ("LAXPD", "Airport Police Officer II"),
    "Port Police": ("PORTPD", "Port Police Officer II"),
    "Fire": ("LAFD", "Firefighter III"),
    "Airport civilians": ("LAWA", "Airport Superintendent of Operations"),
    "Harbor civilians": ("POLA", "Wharfinger"),
    "Sanitation crews": ("LASAN", "Refuse Collection Truck Operator"),
    "Street crews": ("STREETS", "Maintenance Laborer"),
    "Building inspectors": ("LADBS", "Building Inspector"),
    "Housing inspectors": ("LAHD", "Housing Inspector"),
    "Animal Services officers": ("ANIMAL", "Animal Control Officer"),
    "Emergency shelter staff": ("EMD", "Emergency Management Coordinator"),
    "Recreation and Parks": ("RAP", "Recreation Assistant"),
    "Librarians": ("LAPL", "Librarian"),
}
# The floor for the bank as a whole.
AT_LEAST_SCENARIOS = 40
# Items on jail, detainer and traffic-stop procedure, which firefighters are
# not graded on.
POLICE_ONLY = [
    "detainer-no-probable-cause",
    "detainer-judicial-warrant",
    "custody-interview",
    "traffic-stop-status",
    "detainer-exceptions",
]


@pytest.fixture
def specs():
    policy_seed.run(password="unused", log=lambda message: None)
    lms_seed.seed_departments()
    return [loader.read(path) for path in loader.files()]


@pytest.fixture
def bank():
    seed.run(password="unused-password", log=lambda message: None)
    return {quiz.slug: quiz for quiz in Quiz.objects.all()}


def items(specs):
    """What a learner chooses among at once: a single or multiple choice
    question, or one step of a scenario, as (where, choices)."""
    found = {}
    for spec in specs:
        for question in spec["questions"]:
            for choice in question["choices"]:
                where = (spec["slug"], question["key"], choice["step_key"])
                found.setdefault(where, []).append(choice)
    return found


def strictly_extreme_is_right(choices, sign):
    """Whether the strictly longest (``sign=1``) or shortest (``-1``) choice is
    a right one; a tie tells a test-wise learner nothing."""
    lengths = sorted((sign * len(c["text"]) for c in choices), reverse=True)
    if len(lengths) > 1 and lengths[0] == lengths[1]:
        return False
    return max(choices, key=lambda c: sign * len(c["text"]))["is_correct"]


def test_the_right_choice_is_neither_reliably_the_longest_nor_the_shortest(
    specs, request, record_property, capsys
):
    found = items(specs)
    total = len(found)
    longest = [w for w, c in found.items() if strictly_extreme_is_right(c, 1)]
    shortest = [w for w, c in found.items() if strictly_extreme_is_right(c, -1)]
    figures = (
        f"the right choice is the longest in {len(longest)} of {total} items "
        f"({len(longest) / total:.0%}) and the shortest in {len(shortest)} "
        f"({len(shortest) / total:.0%})"
    )
    record_property("longest_right_share", round(len(longest) / total, 3))
    record_property("shortest_right_share", round(len(shortest) / total, 3))
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    with capsys.disabled():
        reporter.write_line(f"\nSeeded bank: {figures}.")
    # A learner who always picks the longest (or the shortest) must not pass.
    assert len(longest) / total < 1 / 3, figures
    assert len(shortest) / total < 1 / 3, figures


def walk(question, *, right):
    """The steps met by a learner who always picks right (or always wrong)."""
    key, met = question["steps"][0]["key"], []
    while key and key not in met:
        met.append(key)
        at_step = [c for c in question["choices"] if c["step_key"] == key]
        key = next(c for c in at_step if c["is_correct"] == right)["next_step_key"]
    return met


def test_every_scenario_step_is_reachable_and_every_wrong_path_continues(specs):
    scenarios = [
        (spec["slug"], question)
        for spec in specs
        for question in spec["questions"]
        if question["kind"] == "scenario"
    ]
    assert scenarios
    for slug, question in scenarios:
        name = f"{slug} / {question['key']}"
        keys = [step["key"] for step in question["steps"]]
        choices = question["choices"]
        reached, todo = set(), [keys[0]]
        while todo:
            key = todo.pop()
            reached.add(key)
            todo += [
                c["next_step_key"]
                for c in choices
                if c["step_key"] == key and c["next_step_key"] not in reached | {""}
            ]
        assert reached == set(keys), f"{name}: unreachable {set(keys) - reached}"
        for choice in choices:
            at_step = [c for c in choices if c["step_key"] == choice["step_key"]]
            if any(c["next_step_key"] for c in at_step):
                assert choice["next_step_key"], f"{name}: dead end at {choice['text']}"
        # The learner who always errs meets at least the steps of the one who
        # never does (more, if a wrong choice leads to a step that repairs it).
        assert len(walk(question, right=False)) >= len(walk(question, right=True))


def test_every_workforce_group_has_a_scenario_written_for_it(bank):
    questions = list(
        Question.objects.filter(kind="scenario").prefetch_related(
            "audience_departments"
        )
    )
    targeted = [q for q in questions if not audience.is_for_everyone(q)]
    missing = []
    for group, (code, job_class) in GROUPS.items():
        employee = EmployeeFactory(
            department=Department.objects.get(code=code), job_class=job_class
        )
        if not audience.questions_for(employee, targeted):
            missing.append(group)
    assert missing == []


def test_the_bank_holds_at_least_forty_scenarios(specs):
    scenarios = [
        question["key"]
        for spec in specs
        for question in spec["questions"]
        if question["kind"] == "scenario"
    ]
    assert len(scenarios) >= AT_LEAST_SCENARIOS, len(scenarios)


def roster_job_classes():
    return {
        *demo_data.SWORN_DEPARTMENTS.values(),
        *demo_data.OFFICE_JOBS,
        *(job for jobs in demo_data.CIVILIAN_JOBS.values() for job in jobs),
    }


def test_audiences_name_job_classes_as_the_roster_spells_them(specs):
    known = roster_job_classes()
    named = {
        (spec["slug"], question["key"], job_class)
        for spec in specs
        for question in spec["questions"]
        for job_class in question["audience_job_classes"].splitlines()
    }
    assert {n for n in named if n[2] not in known} == set()


def takers():
    """quiz slug -> the department codes whose staff take its course (None:
    every department)."""
    found = {}
    for path in sorted(COURSES.glob("*.yaml")):
        course = content_files.load(path)
        if course.get("quiz"):
            everyone = course.get("required_for_all")
            found[course["quiz"]] = None if everyone else set(course["departments"])
    return found


def test_every_learner_who_takes_a_quiz_has_a_pool_at_least_its_draw(bank):
    """Each department's possible job classes, as the demo roster gives them,
    against each quiz its staff take: no one is short of items."""
    short = []
    for slug, codes in takers().items():
        quiz = bank[slug]
        questions = selectors.quiz_questions(quiz)
        for code, _name, _parent in demo_data.DEPARTMENTS:
            if codes is not None and code not in codes:
                continue
            department = Department.objects.get(code=code)
            jobs = {"Department Manager", *demo_data.civilian_jobs(code)}
            if code in demo_data.SWORN_DEPARTMENTS:
                jobs.add(demo_data.SWORN_DEPARTMENTS[code])
            for job in sorted(jobs):
                employee = EmployeeFactory.build(department=department, job_class=job)
                pool = audience.questions_for(employee, questions)
                if len(pool) < max(quiz.draw_count, 1):
                    short.append((slug, code, job, len(pool), quiz.draw_count))
    assert short == []


def test_a_firefighter_is_not_graded_on_jail_or_traffic_stop_items(bank):
    quiz = bank["so40-quiz"]
    questions = selectors.quiz_questions(quiz)
    firefighter = EmployeeFactory.build(
        department=Department.objects.get(code="LAFD"), job_class="Firefighter III"
    )
    officer = EmployeeFactory.build(
        department=Department.objects.get(code="LAPD"), job_class="Police Officer II"
    )
    fire_pool = {q.uuid for q in audience.questions_for(firefighter, questions)}
    police_pool = {q.uuid for q in audience.questions_for(officer, questions)}
    in_pool = {key: seed._uuid("so40-quiz", key) for key in POLICE_ONLY}
    assert [key for key, id_ in in_pool.items() if id_ in fire_pool] == []
    assert [key for key, id_ in in_pool.items() if id_ not in police_pool] == []
    assert len(fire_pool) >= quiz.draw_count


def drawn(attempt):
    return set(
        AttemptItem.objects.filter(attempt=attempt).values_list(
            "question__uuid", flat=True
        )
    )


@pytest.mark.parametrize(
    ("slug", "code", "job_class"),
    [
        ("data-quiz", "ITA", "Communications Information Representative"),
        ("so40-quiz", "LAPD", "Police Officer II"),
    ],
)
def test_retakes_draw_afresh_until_the_limit_refuses_with_its_message(
    bank, slug, code, job_class
):
    quiz = bank[slug]
    employee = EmployeeFactory(
        department=Department.objects.get(code=code), job_class=job_class
    )
    registration = uuid.uuid4()  # one assignment cycle of the course
    pool = {
        q.uuid for q in audience.questions_for(employee, selectors.quiz_questions(quiz))
    }
    draws = []
    for _ in range(quiz.attempts_allowed):
        attempt = services.attempt_start(
            employee=employee, quiz=quiz, registration=registration
        )
        draws.append(drawn(attempt))
        answer_all(attempt, right=False)
    assert quiz.attempts_allowed == 3 and 0 < quiz.draw_count < len(pool)
    assert all(len(items) == quiz.draw_count and items <= pool for items in draws)
    # Each retake differs from the attempt before it.
    assert all(a != b for a, b in zip(draws, draws[1:], strict=False))
    with pytest.raises(services.AttemptNotAllowed) as refused:
        services.attempt_start(employee=employee, quiz=quiz, registration=registration)
    assert refused.value.messages == [
        f"You have used all 3 attempts allowed for “{quiz.title}” in this assignment "
        "of the course. To ask for another, contact your supervisor."
    ]
