"""Jobs of the organisation core, run by ``manage.py db_worker``."""

from django_tasks import task

from . import roster_imports


@task()
def run_roster_import(import_id: str) -> dict:
    """Import a queued roster upload (idempotent: a finished one is skipped)."""
    return roster_imports.roster_import_run(import_id=import_id)
