"""xAPI descriptions of courses, modules and acknowledgements.

Activity paths are built from slugs, never database ids, so the same content
loaded on two sites produces the same IRIs.
"""

from lms.xapi import constants, outbox, statements
from lms.xapi.activities import Activity, Context


def course_activity(course):
    return Activity(
        path=f"course/{course.slug}",
        name=course.title,
        type=constants.COURSE,
        description=course.summary,
    )


def module_activity(course, module):
    return Activity(
        path=f"course/{course.slug}/module/{module.slug}",
        name=module.title,
        type=constants.MODULE,
    )


def acknowledgement_activity(course, module, block_id, text):
    return Activity(
        path=f"course/{course.slug}/module/{module.slug}/acknowledgement/{block_id}",
        name=text[:250],
        type=constants.POLICY_DOCUMENT,
    )


def context_for(assignment, *, parent=None):
    course = assignment.course
    return Context(
        registration=assignment.registration,
        parent=parent,
        grouping=(course_activity(course),),
        course_version=course.version_label,
    )


def record_course_launched(assignment, *, timestamp):
    statement = statements.course_launched(
        employee=assignment.employee,
        course=course_activity(assignment.course),
        context=context_for(assignment),
        timestamp=timestamp,
    )
    outbox.record(statement, employee=assignment.employee)


def record_module_experienced(assignment, module, *, timestamp):
    course = assignment.course
    statement = statements.module_experienced(
        employee=assignment.employee,
        module=module_activity(course, module),
        context=context_for(assignment, parent=course_activity(course)),
        timestamp=timestamp,
    )
    outbox.record(statement, employee=assignment.employee)


def record_policy_acknowledged(assignment, module, block_id, text, *, timestamp):
    course = assignment.course
    statement = statements.policy_acknowledged(
        employee=assignment.employee,
        acknowledgement=acknowledgement_activity(course, module, block_id, text),
        context=context_for(assignment, parent=module_activity(course, module)),
        timestamp=timestamp,
    )
    outbox.record(statement, employee=assignment.employee)


def record_course_completed(assignment, *, timestamp):
    duration = None
    if assignment.launched_at:
        duration = timestamp - assignment.launched_at
    statement = statements.course_completed(
        employee=assignment.employee,
        course=course_activity(assignment.course),
        context=context_for(assignment),
        duration=duration,
        timestamp=timestamp,
    )
    outbox.record(statement, employee=assignment.employee)
