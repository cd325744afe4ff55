"""Deliver the xAPI outbox to the LRS: ``manage.py forward_xapi [--loop]``."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lms.xapi.forwarder import statements_forward
from lms.xapi.models import Statement
from lms.xapi.transport import lrs_configured


class Command(BaseCommand):
    help = (
        "Send pending xAPI statements from the outbox to the LRS set by "
        "XAPI_LRS_ENDPOINT, XAPI_LRS_USERNAME and XAPI_LRS_PASSWORD. One pass by "
        "default (for cron); --loop keeps going."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help="Statements per request to the LRS (default XAPI_BATCH_SIZE).",
        )
        parser.add_argument(
            "--loop",
            action="store_true",
            help="Keep forwarding, sleeping --interval seconds between passes.",
        )
        parser.add_argument(
            "--passes",
            type=int,
            default=None,
            help="With --loop, stop after this many passes (default: never).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=10.0,
            help="Seconds to sleep between passes with --loop (default 10).",
        )

    def handle(self, *args, batch_size, loop, passes, interval, **options):
        if batch_size is not None and batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if interval < 0:
            raise CommandError("--interval cannot be negative.")
        if not lrs_configured():
            pending = Statement.objects.filter(status=Statement.Status.PENDING).count()
            raise CommandError(
                "No LRS configured: set XAPI_LRS_ENDPOINT, XAPI_LRS_USERNAME and "
                f"XAPI_LRS_PASSWORD. {pending} statement(s) wait in the outbox."
            )
        if passes is not None and passes < 1:
            raise CommandError("--passes must be at least 1.")
        batch_size = batch_size or settings.XAPI_BATCH_SIZE
        done = 0
        while True:
            result = statements_forward(batch_size=batch_size)
            self.stdout.write(
                f"Sent {result.sent}, to retry {result.retried}, "
                f"quarantined {result.quarantined}."
            )
            for error in result.errors:
                self.stderr.write(error)
            done += 1
            if not loop or (passes is not None and done >= passes):
                return
            time.sleep(interval)
