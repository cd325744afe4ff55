"""The statements classroom emits: a session attended.

Built on courses' activities and context, so an in-person cycle's statements
share the course's IRIs and the cycle's registration with online ones.
"""

from django.utils import timezone

from courses import xapi as course_xapi
from lms.xapi import constants, outbox, statements
from lms.xapi.activities import Activity


def session_activity(session, *, starts_at) -> Activity:
    course = session.course
    when = timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M")
    name = f"{course.title} – {when}"
    if session.place:
        name += f", {session.place}"
    return Activity(
        path=f"course/{course.slug}/session/{session.uuid}",
        name=name[:250],
        type=constants.MEETING,
    )


def record_session_attended(assignment, session, *, starts_at, fully, timestamp):
    course = assignment.course
    statement = statements.session_attended(
        employee=assignment.employee,
        session=session_activity(session, starts_at=starts_at),
        attended_fully=fully,
        context=course_xapi.context_for(
            assignment, parent=course_xapi.course_activity(course)
        ),
        statement_id=course_xapi.statement_id(assignment, f"attended/{session.uuid}"),
        timestamp=timestamp,
    )
    outbox.record(statement, employee=assignment.employee)
