"""Tasks for the worker tests."""

from django_tasks import task


@task()
def explode(message: str) -> None:
    raise RuntimeError(message)
