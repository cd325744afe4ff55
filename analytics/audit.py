"""Writing the audit log (the one service of analytics)."""

from django.db import transaction

from .models import AuditAction, AuditEvent


@transaction.atomic
def audit_event_record(
    *,
    user,
    action: str,
    what: str,
    filters: dict | None = None,
    export_format: str = "",
    row_count: int = 0,
) -> AuditEvent:
    event = AuditEvent(
        user=user,
        username=user.get_username(),
        action=action,
        what=what[:200],
        filters=filters or {},
        export_format=export_format,
        row_count=row_count,
    )
    event.full_clean()
    event.save()
    return event


__all__ = ["AuditAction", "audit_event_record"]
