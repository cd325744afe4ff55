"""Reads of the outbox."""

from .models import Statement


def statements_for_admin():
    """Every outbox row with its employee, newest first."""
    return Statement.objects.select_related("employee").order_by("-timestamp")
