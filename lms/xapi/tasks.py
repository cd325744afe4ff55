"""Background delivery through Django's tasks framework."""

import logging

from django_tasks import task

from .forwarder import statements_forward
from .transport import lrs_configured

logger = logging.getLogger(__name__)


@task()
def forward_xapi_statements(batch_size: int | None = None) -> dict:
    """Forward pending outbox statements to the LRS (a no-op without one)."""
    if not lrs_configured():
        logger.debug("xAPI forwarding skipped: no LRS configured")
        return {"configured": False}
    result = statements_forward(batch_size=batch_size)
    return {
        "configured": True,
        "sent": result.sent,
        "retried": result.retried,
        "quarantined": result.quarantined,
    }
