"""A learner's way through a course: opening it, modules, acknowledgements, the
quiz, completion.

Each service runs in one transaction that also writes the xAPI statements of
the event to the outbox, so a learning event and its record never disagree.
Completing a course issues its certificate in the same transaction.
"""

import hashlib
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.single_row import one_or_none
from lms.validation import check_fields
from quizzes import services as quiz_services

from .. import signals, status, xapi
from ..models import (
    Acknowledgement,
    AcknowledgementSource,
    Assignment,
    ModulePage,
    ModuleProgress,
)
from .certificates import certificate_issue


def acknowledgement_sha256(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def assignment_launch(*, assignment: Assignment) -> bool:
    """Note the first opening of a course in a cycle; True the first time only.

    Every later visit returns before any transaction: on SQLite a transaction
    takes the write lock, which a page view must not wait for.
    """
    if assignment.launched_at is not None:
        return False
    return _launch(assignment)


@transaction.atomic
def _launch(assignment):
    now = timezone.now()
    updated = Assignment.objects.filter(
        pk=assignment.pk, launched_at__isnull=True
    ).update(launched_at=now)
    assignment.launched_at = now
    if not updated:
        return False
    xapi.record_course_launched(assignment, timestamp=now)
    return True


def _locked(assignment: Assignment) -> Assignment:
    """The assignment row read afresh and locked until the transaction ends.

    Only the assignment's row is locked (``of``): its course and employee are
    read with it but shared by many learners.
    """
    return _locked_rows().get(pk=assignment.pk)


def _locked_rows():
    return Assignment.objects.select_for_update(of=("self",)).select_related(
        "course", "employee"
    )


@transaction.atomic
def module_complete(
    *, assignment: Assignment, module: ModulePage, acknowledged_ids
) -> ModuleProgress:
    """Mark a module done once every acknowledgement in it is ticked.

    Raises ValidationError naming each missing acknowledgement; then nothing is
    recorded. The acknowledgements, the progress row and their statements are
    each written in one INSERT, however many the module has.
    """
    # Serialise a double-clicked "Mark as done" on the assignment row.
    assignment = _locked(assignment)
    if not assignment.active:
        raise ValidationError(_("This assignment is no longer active."))
    if module.course_path != assignment.course.path:
        raise ValidationError(_("This module is not part of the assigned course."))
    blocks = module.acknowledgement_blocks()
    error = _missing(blocks, acknowledged_ids)
    if error is not None:
        raise error
    assignment_launch(assignment=assignment)
    now = timezone.now()
    records, built = _new_acknowledgements(assignment, module, blocks, now)
    Acknowledgement.objects.bulk_create(records)
    progress = one_or_none(
        ModuleProgress.objects.filter(assignment=assignment, module=module)
    )
    completed_now = progress is None
    if completed_now:
        progress = ModuleProgress(
            assignment=assignment, module=module, completed_at=now
        )
        check_fields(progress)
        progress.save()
        built.append(xapi.module_experienced(assignment, module, timestamp=now))
    xapi.record_all(assignment, built)
    if completed_now:
        _complete_if_done(assignment)  # locked above
    return progress


def _missing(blocks, acknowledged_ids):
    """ValidationError naming each acknowledgement block not ticked, or None."""
    ticked = set(acknowledged_ids)
    missing = [block for block in blocks if block.id not in ticked]
    if not missing:
        return None
    return ValidationError(
        [
            _("Please tick: %(statement)s") % {"statement": block.value["statement"]}
            for block in missing
        ],
        code="acknowledgement_missing",
    )


def _new_acknowledgements(
    assignment, module, blocks, now, source=AcknowledgementSource.ONLINE, note=""
):
    """The attestation rows (unsaved) and statements of the blocks of
    ``module`` not acknowledged yet in the cycle."""
    already = set(
        Acknowledgement.objects.filter(
            assignment=assignment, module=module
        ).values_list("block_id", flat=True)
    )
    records, built = [], []
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
            source=source,
            source_note=note,
        )
        check_fields(record)
        records.append(record)
        built.append(
            xapi.policy_acknowledged(assignment, module, block.id, text, timestamp=now)
        )
    return records, built


@transaction.atomic
def course_acknowledge(
    *,
    assignment: Assignment,
    acknowledged_ids,
    at,
    source: str = AcknowledgementSource.CHECK_IN,
    source_note: str = "",
) -> int:
    """Record every acknowledgement of the course at once, as made in person
    (ticked at a session's check-in, or signed on its sign-in sheet) rather
    than module by module; ``at`` is when, ``source`` and ``source_note``
    say how and where, for the register.

    The same attestation rows and statements as online. Raises ValidationError
    naming each one not ticked; then nothing is recorded. Returns how many
    were recorded (0 when all were already, whichever way).
    """
    assignment = _locked(assignment)
    modules = [module.specific for module in assignment.course.live_modules()]
    blocks = {module.pk: module.acknowledgement_blocks() for module in modules}
    error = _missing(
        [block for found in blocks.values() for block in found], acknowledged_ids
    )
    if error is not None:
        raise error
    records, built = [], []
    for module in modules:
        more, statements = _new_acknowledgements(
            assignment, module, blocks[module.pk], at, source, source_note
        )
        records += more
        built += statements
    Acknowledgement.objects.bulk_create(records)
    xapi.record_all(assignment, built)
    return len(records)


def _complete_if_done(assignment) -> bool:
    """Complete the course when every module is done and its quiz is passed.
    The caller holds the assignment's row lock."""
    if assignment.completed_at is not None:
        return False
    course = assignment.course
    if course.quiz_id is not None and assignment.quiz_passed_at is None:
        return False
    modules_left = course.live_modules().exclude(
        pk__in=assignment.module_progress.values("module_id")
    )
    if modules_left.exists():
        return False
    # Already locked above: the completion itself adds no query.
    return _complete(assignment, completed_at=timezone.now())


@transaction.atomic
def assignment_complete(
    *,
    assignment: Assignment,
    completed_at: datetime,
    delivery: str = status.Delivery.ONLINE,
    imported_from: str = "",
) -> bool:
    """Complete the cycle as of ``completed_at``: the one place that does.

    Online that is the moment the last requirement was met; in person the
    session's date, and for an imported record the date on it, never the day
    it was recorded. The due-again day, the certificate's expiry and the
    statements all follow from ``completed_at``. False when it was already
    complete (nothing changes then).
    """
    return _complete(
        _locked(assignment),
        completed_at=completed_at,
        delivery=delivery,
        imported_from=imported_from,
    )


def _complete(
    assignment, *, completed_at, delivery=status.Delivery.ONLINE, imported_from=""
):
    """:func:`assignment_complete` of an assignment the caller has locked."""
    if assignment.completed_at is not None:
        return False
    assignment.completed_at = completed_at
    assignment.delivery = delivery
    assignment.imported_from = imported_from
    assignment.recertify_on = status.recertify_on(
        assignment.course, timezone.localdate(completed_at)
    )
    check_fields(assignment)
    assignment.save(
        update_fields=["completed_at", "delivery", "imported_from", "recertify_on"]
    )
    xapi.record_course_completed(assignment, timestamp=completed_at)
    certificate_issue(assignment=assignment)
    signals.course_completed.send(sender=Assignment, assignment=assignment)
    return True


@transaction.atomic
def assignment_record_quiz_result(*, attempt) -> bool:
    """Called when a quiz attempt finishes; True if it completed the course."""
    if attempt.registration is None or not attempt.passed:
        return False
    # The cycle the attempt was started in, read once and locked for what
    # follows (the registration is unique).
    assignment = one_or_none(
        _locked_rows().filter(
            registration=attempt.registration,
            employee=attempt.employee,
            course__quiz=attempt.quiz,
        )
    )
    if assignment is None:
        return False
    if assignment.quiz_passed_at is None:  # the date of its first pass stays
        assignment.quiz_passed_at = attempt.finished_at or timezone.now()
        assignment.save(update_fields=["quiz_passed_at"])
    return _complete_if_done(assignment)


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
