"""Every xAPI statement courses emits, and the activities it describes.

Activity paths are built from slugs, never database ids, so the same content
loaded on two sites produces the same IRIs. Each statement's id is fixed by the
event it records (a name-based UUID under the cycle's registration), so
recording an event twice keeps one row and the LRS stores it once.
"""

import uuid

from django.utils.translation import gettext as _

from lms.xapi import constants, outbox, statements
from lms.xapi.activities import Activity, Context


# --- Activities ---------------------------------------------------------------
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


def certificate_activity(course) -> Activity:
    """The course's certificate as an activity.

    The verification code is a secret, so it never appears in a statement: every
    certificate of a course is the same activity, told apart by registration.
    """
    return Activity(
        path=f"course/{course.slug}/certificate",
        name=_("Certificate: %(course)s") % {"course": course.title},
        type=constants.CERTIFICATE,
    )


def context_for(assignment, *, parent=None):
    course = assignment.course
    return Context(
        registration=assignment.registration,
        parent=parent,
        grouping=(course_activity(course),),
        course_version=course.version_label,
    )


def statement_id(assignment, event: str) -> uuid.UUID:
    """The id of the statement of ``event`` in the assignment's cycle.

    ``event`` names what happens once per cycle, e.g. ``"launched"`` or
    ``"experienced/<module translation key>"``.
    """
    return uuid.uuid5(assignment.registration, event)


# --- Statements -----------------------------------------------------------------
def record_course_launched(assignment, *, timestamp):
    statement = statements.course_launched(
        employee=assignment.employee,
        course=course_activity(assignment.course),
        context=context_for(assignment),
        statement_id=statement_id(assignment, "launched"),
        timestamp=timestamp,
    )
    outbox.record(statement, employee=assignment.employee)


def module_experienced(assignment, module, *, timestamp):
    """The built statement of finishing ``module`` (for :func:`record_all`)."""
    course = assignment.course
    return statements.module_experienced(
        employee=assignment.employee,
        module=module_activity(course, module),
        context=context_for(assignment, parent=course_activity(course)),
        statement_id=statement_id(assignment, f"experienced/{module.translation_key}"),
        timestamp=timestamp,
    )


def policy_acknowledged(assignment, module, block_id, text, *, timestamp):
    """The built statement of ticking one acknowledgement (for :func:`record_all`)."""
    course = assignment.course
    return statements.policy_acknowledged(
        employee=assignment.employee,
        acknowledgement=acknowledgement_activity(course, module, block_id, text),
        context=context_for(assignment, parent=module_activity(course, module)),
        statement_id=statement_id(
            assignment, f"acknowledged/{module.translation_key}/{block_id}"
        ),
        timestamp=timestamp,
    )


def record_all(assignment, built):
    """Write several built statements of the assignment's learner in one INSERT."""
    outbox.record_many(built, employee=assignment.employee)


def record_module_experienced(assignment, module, *, timestamp):
    statement = module_experienced(assignment, module, timestamp=timestamp)
    record_all(assignment, [statement])


def record_policy_acknowledged(assignment, module, block_id, text, *, timestamp):
    statement = policy_acknowledged(
        assignment, module, block_id, text, timestamp=timestamp
    )
    record_all(assignment, [statement])


def record_course_completed(assignment, *, timestamp):
    duration = None
    # Completed in person or imported, the course may never have been opened,
    # or only after the day it was completed on.
    if assignment.launched_at and assignment.launched_at <= timestamp:
        duration = timestamp - assignment.launched_at
    statement = statements.course_completed(
        employee=assignment.employee,
        course=course_activity(assignment.course),
        context=context_for(assignment),
        duration=duration,
        statement_id=statement_id(assignment, "completed"),
        timestamp=timestamp,
    )
    outbox.record(statement, employee=assignment.employee)


def record_certificate_issued(certificate, *, timestamp):
    assignment = certificate.assignment
    statement = statements.certificate_issued(
        employee=certificate.employee,
        certificate=certificate_activity(certificate.course),
        context=context_for(assignment, parent=course_activity(certificate.course)),
        statement_id=statement_id(assignment, "certificate"),
        timestamp=timestamp,
    )
    outbox.record(statement, employee=certificate.employee)


def record_recertification_assigned(renewal, *, timestamp):
    """The new cycle that asks a certificate holder to take the course again."""
    statement = statements.recertification_assigned(
        employee=renewal.employee,
        course=course_activity(renewal.course),
        context=context_for(renewal),
        statement_id=statement_id(renewal, "assigned"),
        timestamp=timestamp,
    )
    outbox.record(statement, employee=renewal.employee)
