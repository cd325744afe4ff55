"""Load test: 100 learners at once on gunicorn, viewing modules and taking quizzes.

    python bench/loadtest.py [--users 100] [--seconds 60] [--workers 4]
                             [--database sqlite|postgres]

1. Prepares a database: the PostgreSQL database ``loadtest`` on 127.0.0.1:5432
   (user postgres, dropped and created again; the default) or a SQLite file
   under .bench/ (``--database sqlite``, the embedded default's settings:
   IMMEDIATE transactions, WAL, a 20 s lock wait), migrated and loaded with
   ``bootstrap_demo``, plus 100 demo employees given logins with a known
   password.
2. Starts gunicorn on 127.0.0.1 (a free port) with several workers.
3. Each virtual learner (a thread with its own requests session) signs in (not
   measured), then for the given time: opens My training, views the modules of
   an assigned course and marks them done, and plays a practice quiz to its end.
4. Reports requests per second, p50/p95/p99 latency and errors (any unexpected
   status or failed request), prints them and writes .bench/loadtest.json.
5. Checks the xAPI outbox: exactly one statement per recorded event (answers,
   finished attempts, acknowledgements, module completions, course launches)
   created during the run.

Only loopback traffic; the run is bounded by --seconds plus start-up.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

PROJECT_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = PROJECT_DIR / ".bench"
PASSWORD = "loadtest-password-2026"  # noqa: S105 - a throwaway local database
SETTINGS = "loadtest_settings"


def environment(database_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        PYTHONPATH=os.pathsep.join([str(PROJECT_DIR / "bench"), str(PROJECT_DIR)]),
        DATABASE_URL=database_url,
        SECRET_KEY="loadtest-only-secret-key-0123456789abcdef",  # noqa: S106
        XAPI_PSEUDONYM_KEY="loadtest-only-pseudonym-key",
        ALLOWED_HOSTS="127.0.0.1",
        AXES_FAILURE_LIMIT="1000",
    )
    return env


# --- Preparing the database (runs inside Django) ----------------------------


def prepare_learners(count):
    """Give ``count`` demo employees with an assigned course a login."""
    from courses.models import Assignment
    from lms.models import Employee

    employees = (
        Employee.objects.filter(
            pk__in=Assignment.objects.values("employee"), user__isnull=False
        )
        .exclude(user__username__in=["learner", "manager", "trainer"])
        .select_related("user")
        .order_by("pk")[:count]
    )
    names = []
    for employee in employees:
        user = employee.user
        user.set_password(PASSWORD)
        user.is_active = True
        user.save()
        names.append(user.username)
    if len(names) < count:
        raise SystemExit(f"Only {len(names)} demo employees have an assignment.")
    return names


def outbox_counts():
    from django.db.models import Count

    from courses.models import Acknowledgement, Assignment, ModuleProgress
    from lms.xapi import constants
    from lms.xapi.models import Statement
    from quizzes.models import Answer, Attempt, AttemptState

    verbs = dict(Statement.objects.values_list("verb").annotate(n=Count("pk")))
    return {
        "events": {
            "answered": Answer.objects.count(),
            "finished": Attempt.objects.filter(state=AttemptState.FINISHED).count(),
            "acknowledged": Acknowledgement.objects.count(),
            "experienced": ModuleProgress.objects.count(),
            "launched": Assignment.objects.filter(launched_at__isnull=False).count(),
        },
        "statements": {
            "answered": verbs.get(constants.ANSWERED, 0),
            "finished": verbs.get(constants.PASSED, 0) + verbs.get(constants.FAILED, 0),
            "acknowledged": verbs.get(constants.ACKNOWLEDGED, 0),
            "experienced": verbs.get(constants.EXPERIENCED, 0),
            "launched": verbs.get(constants.LAUNCHED, 0),
        },
    }


def django_main(args):
    import django

    django.setup()
    if args.prepare:
        print(json.dumps(prepare_learners(args.users)))
    else:
        print(json.dumps(outbox_counts()))


def in_django(env, *flags):
    out = subprocess.run(
        [sys.executable, __file__, "--inside", *flags],
        env=env,
        cwd=PROJECT_DIR,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def manage(env, *command):
    subprocess.run(
        [sys.executable, "manage.py", *command],
        env=env,
        cwd=PROJECT_DIR,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(database):
    BENCH_DIR.mkdir(exist_ok=True)
    if database == "postgres":
        url = "postgres://postgres@127.0.0.1:5432/loadtest"
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "loadtest"],
            check=True,
        )
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", "loadtest"], check=True
        )
    else:
        path = BENCH_DIR / "loadtest.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    env = environment(url)
    manage(env, "migrate", "--no-input")
    manage(env, "bootstrap_demo", "--password", PASSWORD)
    manage(env, "collectstatic", "--no-input")
    return env


# --- The load ----------------------------------------------------------------


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.errors = []

    def add(self, seconds):
        with self.lock:
            self.latencies.append(seconds)

    def error(self, what):
        with self.lock:
            self.errors.append(what)


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Learner:
    def __init__(self, base, username, stats, deadline):
        self.base, self.username, self.stats = base, username, stats
        self.deadline = deadline
        self.session = requests.Session()
        self.random = random.Random(username)

    def request(self, method, path, expect=(200,), measure=True, **kwargs):
        url = path if path.startswith("http") else self.base + path
        started = time.perf_counter()
        response = self.session.request(
            method, url, allow_redirects=False, timeout=60, **kwargs
        )
        if measure:
            self.stats.add(time.perf_counter() - started)
        if response.status_code not in expect:
            self.stats.error(f"{method} {path}: {response.status_code}")
            raise RuntimeError(f"{method} {path}: {response.status_code}")
        return response

    def post(self, path, data, page_html, **kwargs):
        token = CSRF.search(page_html)
        data = {**data, "csrfmiddlewaretoken": token.group(1) if token else ""}
        return self.request(
            "POST", path, data=data, headers={"Referer": self.base + path}, **kwargs
        )

    def log_in(self):
        page = self.request("GET", "/accounts/login/", measure=False)
        self.post(
            "/accounts/login/",
            {"login": self.username, "password": PASSWORD},
            page.text,
            expect=(302,),
            measure=False,
        )

    def modules(self):
        page = self.request("GET", "/my-training/")
        links = re.findall(r'<a class="button" href="(/training/[^"]+)"', page.text)
        if not links:
            return
        url = links[0]
        for _ in range(10):
            module = self.request("GET", url)
            form = re.search(r'<form method="post" action="([^"]+/done/)"', module.text)
            if not form:
                return  # a course page: every module is done
            acks = re.findall(r'name="acknowledged" value="([^"]+)"', module.text)
            done = self.post(
                form.group(1), {"acknowledged": acks}, module.text, expect=(302,)
            )
            url = done.headers["Location"]
            if time.monotonic() > self.deadline:
                return

    def quiz(self):
        slug = self.random.choice(["ed20-quiz", "so40-quiz", "data-quiz"])
        detail = self.request("GET", f"/quizzes/{slug}/", expect=(200, 404))
        if detail.status_code == 404:
            self.stats.error(f"no quiz {slug}")
            return
        started = self.post(f"/quizzes/{slug}/start/", {}, detail.text, expect=(302,))
        url = started.headers["Location"]
        for _ in range(40):
            page = self.request("GET", url)
            if 'class="result"' in page.text:
                return
            if 'name="question"' not in page.text:
                # The feedback page after an answer: continue.
                url = url.split("?")[0]
                continue
            question = re.search(r'name="question" value="([^"]+)"', page.text).group(1)
            step = re.search(r'name="step" value="([^"]+)"', page.text)
            choices = re.findall(r'name="choice" value="([^"]+)"', page.text)
            data = {"question": question, "choice": [self.random.choice(choices)]}
            if step:
                data["step"] = step.group(1)
            answered = self.post(url.split("?")[0], data, page.text, expect=(302,))
            url = answered.headers["Location"]
            if time.monotonic() > self.deadline:
                return

    def run(self):
        try:
            self.log_in()
        except Exception as error:  # noqa: BLE001 - counted as an error
            self.stats.error(f"login {self.username}: {error!r}")
            return
        while time.monotonic() < self.deadline:
            try:
                self.modules()
                self.quiz()
            except RuntimeError:
                time.sleep(0.5)  # already counted; carry on like a person would
            except Exception as error:  # noqa: BLE001 - counted as an error
                self.stats.error(repr(error))
                time.sleep(0.5)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base, process, seconds=60):
    limit = time.monotonic() + seconds
    while time.monotonic() < limit:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            if requests.get(base + "/healthz", timeout=5).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--database", choices=["sqlite", "postgres"], default="postgres"
    )
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        return django_main(args)

    print(f"Preparing the {args.database} database (migrate, bootstrap_demo)...")
    t0 = time.monotonic()
    env = prepare(args.database)
    usernames = in_django(env, "--prepare", "--users", str(args.users))
    before = in_django(env)
    print(f"  ready in {time.monotonic() - t0:.0f} s, {len(usernames)} learners")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    server = subprocess.Popen(
        [
            gunicorn or "gunicorn",
            "lms.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--timeout",
            "60",
            "--access-logfile",
            "/dev/null",
        ],
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        cwd=PROJECT_DIR,
    )
    try:
        wait_until_up(base, server)
        stats = Stats()
        login_deadline = time.monotonic() + 10**6
        learners = [Learner(base, name, stats, login_deadline) for name in usernames]
        # Sign everyone in first (not measured), then start the clock.
        with_threads(lambda learner: learner.log_in(), learners)
        start = time.monotonic()
        deadline = start + args.seconds
        for learner in learners:
            learner.deadline = deadline
            learner.log_in = lambda: None
        with_threads(lambda learner: learner.run(), learners)
        elapsed = time.monotonic() - start
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    after = in_django(env)
    outbox = {
        kind: {
            "events": after["events"][kind] - before["events"][kind],
            "statements": after["statements"][kind] - before["statements"][kind],
        }
        for kind in after["events"]
    }
    latencies = stats.latencies
    result = {
        "database": args.database,
        "users": args.users,
        "seconds": round(elapsed, 1),
        "gunicorn": {"workers": args.workers, "threads": args.threads},
        "requests": len(latencies),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1) if latencies else None,
        "errors": len(stats.errors),
        "error_samples": stats.errors[:10],
        "outbox": outbox,
        "outbox_matches": all(v["events"] == v["statements"] for v in outbox.values()),
    }
    BENCH_DIR.mkdir(exist_ok=True)
    (BENCH_DIR / "loadtest.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    if result["errors"] or not result["outbox_matches"] or not latencies:
        raise SystemExit("Load test FAILED: errors or outbox mismatch (see above).")
    print("Load test passed: no errors, one xAPI statement per event.")


def with_threads(work, learners):
    threads = [threading.Thread(target=work, args=(learner,)) for learner in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    main()
