"""Sample events for the xAPI tests: one call per builder, fixed ids and times."""

import uuid
from datetime import UTC, datetime, timedelta

from lms.models import Employee
from lms.xapi import constants, statements
from lms.xapi.activities import Activity, Context, Interaction

REGISTRATION = uuid.UUID("5f0c8a51-2a4e-4d36-9c1b-0d6f4a7b9e01")
WHEN = datetime(2026, 3, 9, 16, 45, 30, 123456, tzinfo=UTC)

COURSE = Activity(
    path="course/ed20",
    name="Executive Directive 20: handling residents' data",
    type=constants.COURSE,
    description="What ED20 asks of every City employee.",
)
MODULE = Activity(
    path="course/ed20/module/what-the-directive-says",
    name="What the directive says",
    type=constants.MODULE,
)
QUIZ = Activity(
    path="quiz/0b6f8f9e-3c7d-4f0e-8a55-4c8f6c2d9a10",
    name="ED20 scenarios",
    type=constants.ASSESSMENT,
)
QUESTION = Interaction(
    activity=Activity(
        path="quiz/0b6f8f9e-3c7d-4f0e-8a55-4c8f6c2d9a10/question/"
        "7d1e5a2b-90f3-4b8c-a6e2-1f3b5c7d9e11",
        name="A caller asks for a resident's address. What do you do?",
        type=constants.INTERACTION,
    ),
    interaction_type="choice",
    choices=[
        ("share", "Give the address"),
        ("verify", "Verify the caller's authority first"),
        ("refer", "Refer the request to the records unit"),
    ],
    correct_responses=["verify", "refer"],
)
ACKNOWLEDGEMENT = Activity(
    path="course/ed20/acknowledgement",
    name="I have read Executive Directive 20",
    type=constants.POLICY_DOCUMENT,
)
# As courses.xapi.certificate_activity describes it: the course's certificate
# (tests/courses/test_xapi_golden.py pins what production sends).
CERTIFICATE = Activity(
    path="course/ed20/certificate",
    name="Certificate: Executive Directive 20: handling residents' data",
    type=constants.CERTIFICATE,
)

SESSION = Activity(
    path="course/ed20/session/9c3a7e12-4b5d-4f60-8e21-3d4c5b6a7f80",
    name="Executive Directive 20 – Harbor Department, Room 3",
    type=constants.MEETING,
)

IN_COURSE = Context(registration=REGISTRATION, grouping=(COURSE,), course_version="2")
IN_QUIZ = Context(
    registration=REGISTRATION, parent=QUIZ, grouping=(COURSE,), course_version="2"
)


def sample_employee():
    """An unsaved employee: the builders need nothing but the number."""
    return Employee(employee_number="E000123", first_name="Ana", last_name="Reyes")


def statement_id(n):
    return uuid.UUID(int=n, version=4)


# Event name -> builder call. Every statement kind the LMS emits is here.
EVENTS = {
    "course_launched": lambda employee, **ids: statements.course_launched(
        employee=employee, course=COURSE, context=IN_COURSE, **ids
    ),
    "module_experienced": lambda employee, **ids: statements.module_experienced(
        employee=employee, module=MODULE, context=IN_COURSE, **ids
    ),
    "question_answered": lambda employee, **ids: statements.question_answered(
        employee=employee,
        interaction=QUESTION,
        response=["verify", "refer"],
        success=True,
        context=IN_QUIZ,
        duration=timedelta(seconds=42, milliseconds=500),
        **ids,
    ),
    "quiz_passed": lambda employee, **ids: statements.quiz_finished(
        employee=employee,
        quiz=QUIZ,
        passed=True,
        score_raw=8,
        score_max=10,
        context=IN_COURSE,
        duration=timedelta(minutes=12, seconds=3),
        **ids,
    ),
    "quiz_failed": lambda employee, **ids: statements.quiz_finished(
        employee=employee,
        quiz=QUIZ,
        passed=False,
        score_raw=4,
        score_max=10,
        context=IN_COURSE,
        **ids,
    ),
    "course_completed": lambda employee, **ids: statements.course_completed(
        employee=employee,
        course=COURSE,
        context=Context(registration=REGISTRATION, course_version="2"),
        duration=timedelta(hours=1, minutes=5),
        **ids,
    ),
    "policy_acknowledged": lambda employee, **ids: statements.policy_acknowledged(
        employee=employee,
        acknowledgement=ACKNOWLEDGEMENT,
        context=IN_COURSE,
        **ids,
    ),
    "certificate_issued": lambda employee, **ids: statements.certificate_issued(
        employee=employee, certificate=CERTIFICATE, context=IN_COURSE, **ids
    ),
    "recertification_assigned": lambda employee, **ids: (
        statements.recertification_assigned(
            employee=employee,
            course=COURSE,
            context=Context(registration=uuid.UUID(int=7, version=4)),
            **ids,
        )
    ),
    "session_attended": lambda employee, **ids: statements.session_attended(
        employee=employee,
        session=SESSION,
        attended_fully=True,
        context=Context(
            registration=REGISTRATION,
            parent=COURSE,
            grouping=(COURSE,),
            course_version="2",
        ),
        **ids,
    ),
}


def build_event(name, employee, n=1):
    """The statement for event ``name`` with fixed id ``n`` and time."""
    return EVENTS[name](employee, statement_id=statement_id(n), timestamp=WHEN)
