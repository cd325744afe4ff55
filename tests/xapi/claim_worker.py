"""A forwarding worker process for the concurrency test.

python claim_worker.py DATABASE_URL            claim until none is left,
                                               print the claimed ids (JSON)
python claim_worker.py DATABASE_URL --create N  migrate the outbox and
                                               N due statements (SQLite)
"""

import json
import os
import re
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main():
    os.environ["DATABASE_URL"] = sys.argv[1]
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
    import django

    django.setup()
    from django.db import connection

    from lms.xapi.forwarder import statements_claim
    from lms.xapi.models import Statement

    when = datetime(2026, 1, 1, tzinfo=UTC)
    if "--create" in sys.argv:
        count = int(sys.argv[sys.argv.index("--create") + 1])
        # Only the outbox table, without its foreign key to the employees the
        # rest of the schema would bring in.
        with connection.schema_editor(collect_sql=True) as editor:
            editor.create_model(Statement)
        with connection.cursor() as cursor:
            for sql in editor.collected_sql:
                cursor.execute(re.sub(r" REFERENCES [^,]*? DEFERRED", "", sql))
        Statement.objects.bulk_create(
            Statement(
                id=uuid.uuid4(),
                pseudonym="p",
                verb="v",
                object_iri="o",
                timestamp=when,
                payload={},
                next_attempt_at=when,
            )
            for _ in range(count)
        )
        return
    # Both workers start claiming at the same moment, after their slow start-up.
    if "--start-at" in sys.argv:
        start_at = float(sys.argv[sys.argv.index("--start-at") + 1])
        time.sleep(max(0.0, start_at - time.time()))
    now = datetime.now(UTC) + timedelta(days=1)
    claimed = []
    while rows := statements_claim(batch_size=3, now=now):
        claimed.extend(str(row.id) for row in rows)
    sys.stdout.write(json.dumps(claimed))


if __name__ == "__main__":
    main()
