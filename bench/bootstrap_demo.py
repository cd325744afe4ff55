"""Time ``bootstrap_demo`` on a fresh database: the first load (the demo City and
its year of past activity) and a second run (which must change nothing).

    python bench/bootstrap_demo.py [--database sqlite|postgres]
                                   [--postgres-url postgres://postgres@127.0.0.1:5432/bench_demo]

Each run is a separate ``manage.py`` process after ``migrate``; "seconds" is
wall-clock time, "CPU s" the command's own CPU time (on a shared machine the
difference is waiting for a core). Target: the first run under 60 s. Writes
.bench/bootstrap_demo.json.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

PROJECT_DIR = Path(__file__).resolve().parent.parent


def manage(env, *args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return round(time.perf_counter() - start, 1), round(cpu, 1)


def fresh_postgres(url):
    import psycopg

    name = urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/bench_demo"
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        if options.database == "sqlite":
            url = f"sqlite:///{directory}/demo.sqlite3"
        else:
            url = options.postgres_url
            fresh_postgres(url)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        }
        manage(env, "migrate", "--no-input")
        first = manage(env, "bootstrap_demo")
        again = manage(env, "bootstrap_demo")
    result = {
        "database": options.database,
        "first_run": {"seconds": first[0], "cpu_seconds": first[1]},
        "second_run": {"seconds": again[0], "cpu_seconds": again[1]},
    }
    print(f"bootstrap_demo on {options.database}")
    print(f"  first run:  {first[0]:6.1f} s  ({first[1]:.1f} CPU s)")
    print(f"  second run: {again[0]:6.1f} s  ({again[1]:.1f} CPU s)")
    out = PROJECT_DIR / ".bench" / "bootstrap_demo.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
