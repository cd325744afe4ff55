"""An app for test workers: holds a roster import inside its write transaction.

When the import sends ``roster_imported`` (every employee written, nothing
committed yet), it touches ``$TEST_HOLD_DIR/inside`` and waits until
``$TEST_HOLD_DIR/release`` exists, so a test can look at the status page or
kill the worker at exactly that moment.
"""

import os
import time
from pathlib import Path

from django.apps import AppConfig

from lms.signals import roster_imported


def hold(sender, **kwargs):
    folder = Path(os.environ["TEST_HOLD_DIR"])
    (folder / "inside").touch()
    deadline = time.monotonic() + 120
    while not (folder / "release").exists() and time.monotonic() < deadline:
        time.sleep(0.05)


class HoldConfig(AppConfig):
    name = "tests.jobs.hold"
    label = "test_hold"

    def ready(self):
        roster_imported.connect(hold, dispatch_uid="test-hold")
