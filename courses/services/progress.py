"""A learner's way through a course: opening it, modules, acknowledgements, the
quiz, completion.

Each service runs in one transaction that also writes the xAPI statements of
the event to the outbox, so a learning event and its record never disagree.
Completing a course issues its certificate in the same transaction.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quizzes import services as quiz_services

from .. import status, xapi
from ..models import Acknowledgement, Assignment, ModulePage, ModuleProgress
from .certificates import certificate_issue


def acknowledgement_sha256(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


@transaction.atomic
def assignment_launch(*, assignment: Assignment) -> bool:
    """Note the first opening of a course in a cycle; True the first time only."""
    if assignment.launched_at is not None:
        return False
    now = timezone.now()
    updated = Assignment.objects.filter(
        pk=assignment.pk, launched_at__isnull=True
    ).update(launched_at=now)
    assignment.launched_at = now
    if not updated:
        return False
    xapi.record_course_launched(assignment, timestamp=now)
    return True


@transaction.atomic
def module_complete(
    *, assignment: Assignment, module: ModulePage, acknowledged_ids
) -> ModuleProgress:
    """Mark a module done once every acknowledgement in it is ticked.

    Raises ValidationError naming each missing acknowledgement; then nothing is
    recorded.
    """
    # Serialise a double-clicked "Mark as done" on the assignment row.
    Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
    if not assignment.active:
        raise ValidationError(_("This assignment is no longer active."))
    if module.get_parent().pk != assignment.course_id:
        raise ValidationError(_("This module is not part of the assigned course."))
    ticked = set(acknowledged_ids)
    blocks = module.acknowledgement_blocks()
    missing = [block for block in blocks if block.id not in ticked]
    if missing:
        raise ValidationError(
            [
                _("Please tick: %(statement)s")
                % {"statement": block.value["statement"]}
                for block in missing
            ],
            code="acknowledgement_missing",
        )
    assignment_launch(assignment=assignment)
    now = timezone.now()
    already = set(
        Acknowledgement.objects.filter(
            assignment=assignment, module=module
        ).values_list("block_id", flat=True)
    )
    for block in blocks:
        if block.id in already:
            continue
        text = block.value["statement"]
        record = Acknowledgement(
            assignment=assignment,
            module=module,
            block_id=block.id,
            ticked_at=now,
            revision_id=module.live_revision_id,
            text_sha256=acknowledgement_sha256(text),
        )
        record.full_clean()
        record.save()
        xapi.record_policy_acknowledged(
            assignment, module, block.id, text, timestamp=now
        )
    progress = ModuleProgress.objects.filter(
        assignment=assignment, module=module
    ).first()
    if progress is None:
        progress = ModuleProgress(
            assignment=assignment, module=module, completed_at=now
        )
        progress.full_clean()
        progress.save()
        xapi.record_module_experienced(assignment, module, timestamp=now)
        assignment_complete_if_done(assignment=assignment)
    return progress


@transaction.atomic
def assignment_complete_if_done(*, assignment: Assignment) -> bool:
    """Complete the course when every module is done and its quiz is passed."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.completed_at is not None:
        return False
    course = assignment.course
    if course.quiz_id is not None and assignment.quiz_passed_at is None:
        return False
    module_ids = set(course.live_modules().values_list("pk", flat=True))
    done = set(
        assignment.module_progress.filter(module_id__in=module_ids).values_list(
            "module_id", flat=True
        )
    )
    if module_ids - done:
        return False
    assignment.completed_at = timezone.now()
    assignment.recertify_on = status.recertify_on(
        course, timezone.localdate(assignment.completed_at)
    )
    assignment.full_clean(validate_constraints=False)
    assignment.save(update_fields=["completed_at", "recertify_on"])
    xapi.record_course_completed(assignment, timestamp=assignment.completed_at)
    certificate_issue(assignment=assignment)
    return True


@transaction.atomic
def assignment_record_quiz_result(*, attempt) -> bool:
    """Called when a quiz attempt finishes; True if it completed the course."""
    if attempt.registration is None or not attempt.passed:
        return False
    assignment = (
        Assignment.objects.select_related("course", "employee")
        .filter(
            registration=attempt.registration,
            employee=attempt.employee,
            course__quiz=attempt.quiz,
        )
        .first()
    )
    if assignment is None:
        return False
    if assignment.quiz_passed_at is None:
        assignment.quiz_passed_at = attempt.finished_at or timezone.now()
        assignment.save(update_fields=["quiz_passed_at"])
    return assignment_complete_if_done(assignment=assignment)


def quiz_start(*, assignment: Assignment, return_url: str):
    """Start an attempt at the course's quiz within the assignment's cycle."""
    course = assignment.course
    if course.quiz is None:
        raise ValidationError(_("This course has no quiz."))
    if not assignment.active:
        raise ValidationError(_("This assignment is no longer active."))
    assignment_launch(assignment=assignment)
    # A refusal (e.g. no attempts left) is a ValidationError the view shows.
    return quiz_services.attempt_start(
        employee=assignment.employee,
        quiz=course.quiz,
        registration=assignment.registration,
        context_parent=xapi.course_activity(course),
        context_grouping=(xapi.course_activity(course),),
        course_version=course.version_label,
        return_url=return_url,
        pass_mark=course.pass_mark,
    )
