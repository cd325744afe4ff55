"""Roster imports as jobs: queue a file, run it in a worker, report its progress.

``roster_import_queue`` stores the uploaded file in a ``RosterImport`` row and
enqueues ``run_roster_import`` (below) in the same transaction; a worker runs
``roster_import_run``, which moves the row through queued → validating →
writing → done (or refused, with the problems) while the admin's status page
reads it. ``roster_import_now`` does the same inline, for the command line.

One import at a time: the row's ``unfinished`` flag is unique while True, so a
second one (from the admin or the command line) is refused with
``ImportBusy`` naming the one in the way. An import whose process died stops
reporting progress; after ``STALE_AFTER`` it no longer blocks the next one.
The job is idempotent: a finished import is never run again, and an unfinished
one runs again from the start (its writes are one transaction, so a crash
left nothing behind).
"""

import hashlib
import logging
from datetime import timedelta

from django_tasks import task

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import RosterImport
from .roster import RosterResult, import_roster

logger = logging.getLogger(__name__)

# The status page and the row keep this many problems; the command prints all.
PROBLEMS_KEPT = 1000
# Progress is reported at least every PROGRESS_EVERY rows, a few seconds apart.
STALE_AFTER = timedelta(minutes=10)
Status = RosterImport.Status


class ImportBusy(Exception):
    def __init__(self, current: RosterImport | None):
        self.current = current
        super().__init__(busy_message(current))


def busy_message(current: RosterImport | None) -> str:
    if current is None:
        return _("Another roster import is unfinished; try again in a moment.")
    who = current.uploaded_by.get_username() if current.uploaded_by else None
    return _(
        "Another roster import is unfinished: %(file)s, %(status)s, uploaded "
        "%(when)s%(who)s. Only one import runs at a time; wait for it to finish "
        "(or cancel it if it is still queued) and upload again."
    ) % {
        "file": current.file_name,
        "status": current.get_status_display().lower(),
        "when": timezone.localtime(current.created_at).strftime("%Y-%m-%d %H:%M"),
        "who": _(" by %(user)s") % {"user": who} if who else "",
    }


def unfinished_import() -> RosterImport | None:
    return (
        RosterImport.objects.filter(unfinished=True)
        .select_related("uploaded_by")
        .first()
    )


def _release_abandoned(now) -> None:
    """Finish an import whose process stopped reporting progress long ago."""
    stale = RosterImport.objects.filter(
        unfinished=True,
        status__in=[Status.VALIDATING, Status.WRITING],
        progress_at__lt=now - STALE_AFTER,
    )
    for row in stale:
        logger.warning("Roster import %s abandoned; releasing it", row.pk)
        _finish(
            row.pk,
            status=Status.FAILED,
            error=_(
                "The process running this import stopped reporting progress at "
                "%(when)s; nothing was imported."
            )
            % {"when": timezone.localtime(row.progress_at).strftime("%H:%M:%S")},
        )


def _claim(*, data, file_name, uploaded_by, source, status, options) -> RosterImport:
    now = timezone.now()
    _release_abandoned(now)
    try:
        with transaction.atomic():
            return RosterImport.objects.create(
                status=status,
                source=source,
                file_name=file_name[:255],
                file_size=len(data),
                file_sha256=hashlib.sha256(data).hexdigest(),
                data=data,
                uploaded_by=uploaded_by,
                started_at=now if status != Status.QUEUED else None,
                progress_at=now,
                **options,
            )
    except IntegrityError:
        raise ImportBusy(unfinished_import()) from None


def _options(dry_run, deactivate_missing, confirm_deactivation):
    return {
        "dry_run": dry_run,
        "deactivate_missing": deactivate_missing,
        "confirm_deactivation": confirm_deactivation,
    }


def roster_import_queue(
    *,
    data: bytes,
    file_name: str,
    uploaded_by=None,
    dry_run=False,
    deactivate_missing=False,
    confirm_deactivation=False,
) -> RosterImport:
    """Store the file and queue its import; raises ImportBusy if one is unfinished."""
    options = _options(dry_run, deactivate_missing, confirm_deactivation)
    with transaction.atomic():
        row = _claim(
            data=data,
            file_name=file_name,
            uploaded_by=uploaded_by,
            source=RosterImport.Source.ADMIN,
            status=Status.QUEUED,
            options=options,
        )
        run_roster_import.enqueue(str(row.pk))
    return row


def roster_import_now(
    *,
    data: bytes,
    file_name: str,
    dry_run=False,
    deactivate_missing=False,
    confirm_deactivation=False,
    progress=None,
) -> RosterResult:
    """Import in this process (the command line), under the same one-at-a-time rule."""
    options = _options(dry_run, deactivate_missing, confirm_deactivation)
    row = _claim(
        data=data,
        file_name=file_name,
        uploaded_by=None,
        source=RosterImport.Source.COMMAND,
        status=Status.VALIDATING,
        options=options,
    )
    try:
        return _run(row, also=progress)
    except BaseException as error:
        # Ctrl-C or an error: nothing was written (the writes are one
        # transaction), and the next import must not wait for this one.
        reason = str(error) or type(error).__name__
        _finish(
            row.pk,
            status=Status.FAILED,
            error=_("Stopped (%(reason)s); nothing was imported.") % {"reason": reason},
        )
        raise


def roster_import_run(*, import_id) -> dict:
    """The job: run a queued import; a finished one is left alone."""
    now = timezone.now()
    started = RosterImport.objects.filter(pk=import_id, unfinished=True).update(
        status=Status.VALIDATING,
        started_at=now,
        progress_at=now,
        rows_checked=0,
        rows_to_write=0,
    )
    if not started:
        return {"import": str(import_id), "ran": False}
    row = RosterImport.objects.get(pk=import_id)
    try:
        result = _run(row)
    except Exception as error:
        _finish(
            row.pk,
            status=Status.FAILED,
            error=_("%(kind)s: %(error)s; nothing was imported.")
            % {"kind": type(error).__name__, "error": error},
        )
        raise
    return {
        "import": str(import_id),
        "ran": True,
        "ok": result.ok,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "deactivated": result.deactivated,
        "problems": len(result.problems),
    }


def _run(row: RosterImport, also=None) -> RosterResult:
    def progress(stage, count):
        now = timezone.now()
        if stage == "read":
            _update(row.pk, rows_total=count, progress_at=now)
        elif stage == "validated":
            _update(row.pk, rows_checked=count, progress_at=now)
        elif stage == "writing":
            _update(
                row.pk,
                status=Status.WRITING,
                rows_checked=row_total(),
                rows_to_write=count,
                progress_at=now,
            )
        # "written" comes from inside the write transaction: nobody else could
        # see it before the commit, so it is not stored.
        if also:
            also(stage, count)

    def row_total():
        return RosterImport.objects.values_list("rows_total", flat=True).get(pk=row.pk)

    result = import_roster(
        bytes(row.data),
        dry_run=row.dry_run,
        deactivate_missing=row.deactivate_missing,
        confirm_deactivation=row.confirm_deactivation,
        progress=progress,
    )
    _finish(
        row.pk,
        status=Status.DONE if result.ok else Status.REFUSED,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        deactivated=result.deactivated,
        outcomes=result.outcomes,
        problems=[[p.line, p.column, p.message] for p in result.problems][
            :PROBLEMS_KEPT
        ],
        problem_count=len(result.problems),
        refusal=result.refusal,
    )
    return result


def _update(import_id, **changes) -> int:
    return RosterImport.objects.filter(pk=import_id, unfinished=True).update(**changes)


def _finish(import_id, *, status, **changes) -> int:
    """End the import: its outcome, and the HR file's contents are dropped."""
    return _update(
        import_id,
        status=status,
        unfinished=None,
        finished_at=timezone.now(),
        data=b"",
        **changes,
    )


def roster_import_cancel(*, import_id) -> bool:
    """Cancel an import still waiting for a worker; False if it has started."""
    return bool(
        RosterImport.objects.filter(
            pk=import_id, unfinished=True, status=Status.QUEUED
        ).update(
            status=Status.CANCELLED,
            unfinished=None,
            finished_at=timezone.now(),
            data=b"",
        )
    )


# The job lives beside the service that queues it, so the two import nothing
# of each other.
@task()
def run_roster_import(import_id: str) -> dict:
    """Import a queued roster upload (idempotent: a finished one is skipped)."""
    return roster_import_run(import_id=import_id)
