"""Load test: learners on gunicorn viewing modules and taking quizzes, with the
latency of every kind of request and the database's share of it.

    python bench/loadtest.py [--mode closed|open] [--database sqlite|postgres]
                             [--pg-database NAME] [--servers 1|2]
                             [--task-workers N] [--port BASE] ...

Modes:

- ``closed`` (the default): ``--users`` learners (100) who never pause, for
  ``--seconds`` (60) after ``--warmup-seconds`` (10) not measured: what the
  server does flat out.
- ``open``: learners arrive in a Poisson process, each step's newcomers spread
  over ``--arrival-seconds`` (240, about one pass through a course, so the
  crowd measured is at every stage at once) or at ``--arrival-rate`` per
  second when given (20: a stampede, one wave all reaching the course page and
  the quiz together), and pause between pages as people do (think times in
  bench/loadtest_stats.py: 5-30 s reading a module, 4-15 s on a quiz step, a
  few seconds elsewhere). ``--learners 300,500,700`` grows the crowd in steps;
  each step is measured for ``--step-seconds`` (120) once its learners have all
  arrived and ``--settle-seconds`` (60) passed. The capacity is the largest
  step with p95 <= ``--p95-limit-ms`` (200) on every kind in CAPACITY_KINDS.

1. Prepares a database: the PostgreSQL database ``--pg-database`` (default
   ``$LOADTEST_PG_DATABASE`` or ``loadtest``) on 127.0.0.1:5432 (user postgres,
   dropped and created again) or a SQLite file under .bench/ (``--database
   sqlite``, the embedded default's settings), migrated and loaded with
   ``bootstrap_demo``, plus enough demo employees given logins with a known
   password.
2. Starts ``--servers`` gunicorn instances on loopback ports from ``--port``
   (default: the first free ones from 8900), each ``--workers`` x ``--threads``,
   and ``--task-workers`` ``db_worker`` processes. With two servers every
   learner sends each request to the next server in turn, so each session is
   used on both.
3. Each virtual learner (a thread with its own light browser,
   bench/loadtest_http.py) signs in (not measured), then opens My training,
   reads the modules of an assigned course and marks them done, takes the
   course's quiz when its modules are done (choosing the right answer nine
   times in ten) or else a practice quiz.
4. Reports, per kind of request, count and p50/p95/p99 latency, and from the
   ``Server-Timing`` header (bench/server_timing.py) the mean queries, DB time,
   app time and app CPU time per request; errors (any unexpected status or failed
   request); the load average (``os.getloadavg``) before and after. Prints a
   table and writes .bench/loadtest[-<mode>].json.
5. Checks the xAPI outbox: exactly one statement per recorded event created
   during the run.

Only loopback traffic; the run is bounded by its durations plus start-up.
"""

import argparse
import json
import os
import random
import re
import runpy
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadtest_stats as stats  # noqa: E402 - beside this script
from loadtest_http import Browser  # noqa: E402

PROJECT_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = PROJECT_DIR / ".bench"
PASSWORD = "loadtest-password-2026"  # noqa: S105 - a throwaway local database
SETTINGS = "loadtest_settings"
RIGHT_ANSWER_ODDS = 0.9


def environment(database_url, redis_url):
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        PYTHONPATH=os.pathsep.join([str(PROJECT_DIR / "bench"), str(PROJECT_DIR)]),
        DATABASE_URL=database_url,
        SECRET_KEY="loadtest-only-secret-key-0123456789abcdef",  # noqa: S106
        XAPI_PSEUDONYM_KEY="loadtest-only-pseudonym-key",
        ALLOWED_HOSTS="127.0.0.1",
        AXES_FAILURE_LIMIT="100000",
    )
    return env


# --- Preparing the database (runs inside Django) ----------------------------


def prepare_learners(count):
    """Give ``count`` demo employees with an assigned course a login.

    The demo City has 300 employees; for a bigger crowd its synthetic roster
    is imported again at the size needed (the first 300 rows unchanged, the
    new ones assigned their courses by the import, as in production).
    """
    from courses.models import Assignment
    from lms import demo_data
    from lms.models import Employee
    from lms.roster import import_roster

    if Employee.objects.count() < count + 10:
        rows = demo_data.demo_roster_rows(size=count + 10)
        result = import_roster(demo_data.rows_to_csv(rows))
        if result.problems:
            raise SystemExit(f"Could not grow the roster: {result.problems[:3]}")

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


def right_choices():
    """The uuids of right choices, so learners can pass a course's quiz."""
    from quizzes.models import Choice

    right = Choice.objects.filter(is_correct=True).values_list("uuid", flat=True)
    return [str(u) for u in right]


def outbox_counts():
    from django.db.models import Count

    from courses.models import Acknowledgement, Assignment, Certificate, ModuleProgress
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
            "completed": Assignment.objects.filter(completed_at__isnull=False).count(),
            "certified": Certificate.objects.count(),
        },
        "statements": {
            "answered": verbs.get(constants.ANSWERED, 0),
            "finished": verbs.get(constants.PASSED, 0) + verbs.get(constants.FAILED, 0),
            "acknowledged": verbs.get(constants.ACKNOWLEDGED, 0),
            "experienced": verbs.get(constants.EXPERIENCED, 0),
            "launched": verbs.get(constants.LAUNCHED, 0),
            "completed": verbs.get(constants.COMPLETED, 0),
            "certified": verbs.get(constants.EARNED, 0),
        },
    }


def worker_jobs():
    """Background jobs by task, status and the worker that ran them."""
    from collections import Counter

    from django_tasks_db.models import DBTaskResult

    counts = Counter(
        (task.rpartition(".")[2], status, ",".join(workers or ["-"]))
        for task, status, workers in DBTaskResult.objects.values_list(
            "task_path", "status", "worker_ids"
        )
    )
    return [[*key, n] for key, n in sorted(counts.items())]


def django_main(args):
    import django

    django.setup()
    if args.prepare:
        print(
            json.dumps(
                {"users": prepare_learners(args.users), "right": right_choices()}
            )
        )
    elif args.jobs:
        print(json.dumps(worker_jobs()))
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


def redis_answering(url):
    """The shared cache production uses with several app servers (sessions
    cached in it), if one answers at ``url``."""
    if not url:
        return False
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=2).ping()
    except redis.RedisError:
        return False
    return True


def prepare(database, pg_database, redis_url, *, reuse=False):
    """The database's environment; made afresh unless ``reuse`` (a database a
    previous run prepared, with what its learners did left in it)."""
    BENCH_DIR.mkdir(exist_ok=True)
    path = BENCH_DIR / "loadtest.sqlite3"
    if database == "postgres":
        url = f"postgres://postgres@127.0.0.1:5432/{pg_database}"
    else:
        url = f"sqlite:///{path}"
    env = environment(url, redis_url)
    if reuse:
        return env
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()  # sessions of an old database
    if database == "postgres":
        pg = ["-h", "127.0.0.1", "-U", "postgres"]
        subprocess.run(["dropdb", *pg, "--if-exists", pg_database], check=True)
        subprocess.run(["createdb", *pg, pg_database], check=True)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    manage(env, "migrate", "--no-input")
    manage(env, "bootstrap_demo", "--password", PASSWORD)
    manage(env, "collectstatic", "--no-input")
    return env


# --- The load ----------------------------------------------------------------


class Recorder:
    """Every measured request and every error, from all learner threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.samples = []
        self.errors = []
        self.recording = True

    def add(self, sample):
        with self.lock:
            if self.recording:
                self.samples.append(sample)

    def error(self, what):
        with self.lock:
            self.errors.append(what)

    def take(self):
        """The samples so far, starting afresh (one open-model step each)."""
        with self.lock:
            taken, self.samples = self.samples, []
        return taken


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUIZ_FORM = re.compile(r'<form method="post" action="(/my-training/courses/\d+/quiz/)"')


class Learner:
    def __init__(self, bases, username, recorder, *, right, think_scale, stop):
        self.bases, self.username, self.recorder = bases, username, recorder
        self.right = right
        self.think_scale = think_scale
        self.stop = stop  # a threading.Event: the run is over
        self.turn = 0
        self.session = Browser(timeout=60)
        self.random = random.Random(username)

    @property
    def base(self):
        """The next server in turn: with two, a session is used on both."""
        self.turn += 1
        return self.bases[self.turn % len(self.bases)]

    def request(self, method, path, kind=None, expect=(200,), **kwargs):
        url = path if path.startswith("http") else self.base + path
        headers = {**kwargs.pop("headers", {}), "X-Request-Start": f"t={time.time()}"}
        started = time.perf_counter()
        response = self.session.request(method, url, headers=headers, **kwargs)
        sample = None
        if kind:
            timing = stats.parse_server_timing(response.headers.get("Server-Timing"))
            sample = stats.Sample(kind, time.perf_counter() - started, *timing)
            self.recorder.add(sample)
        if response.status_code not in expect:
            self.recorder.error(f"{method} {path}: {response.status_code}")
            raise RuntimeError(f"{method} {path}: {response.status_code}")
        response.sample = sample
        return response

    def post(self, path, data, page_html, kind=None, **kwargs):
        token = CSRF.search(page_html)
        data = {**data, "csrfmiddlewaretoken": token.group(1) if token else ""}
        base = self.bases[0]
        return self.request(
            "POST", path, kind, data=data, headers={"Referer": base + path}, **kwargs
        )

    def think(self, kind):
        pause = stats.think_time(kind, self.random, self.think_scale)
        if pause:
            self.stop.wait(pause)

    def log_in(self):
        page = self.request("GET", "/accounts/login/")
        self.post(
            "/accounts/login/",
            {"login": self.username, "password": PASSWORD},
            page.text,
            expect=(302,),
        )

    def visit(self):
        """My training, then the first course it offers, as far as it goes."""
        page = self.request("GET", "/my-training/", "my_training")
        self.think("my_training")
        links = re.findall(r'<a class="button" href="(/training/[^"]+)"', page.text)
        if not links:
            return self.practice_quiz()
        url = links[0]
        for _ in range(12):
            if self.stop.is_set():
                return None
            page = self.request("GET", url, "module")
            form = re.search(r'<form method="post" action="([^"]+/done/)"', page.text)
            if not form:
                page.sample.kind = "course"  # every module is done
                self.think("course")
                return self.course_quiz(page)
            self.think("module")
            acks = re.findall(r'name="acknowledged" value="([^"]+)"', page.text)
            done = self.post(
                form.group(1), {"acknowledged": acks}, page.text, "done", expect=(302,)
            )
            url = done.headers["Location"]
        return None

    def course_quiz(self, course_page):
        form = QUIZ_FORM.search(course_page.text)
        if not form:
            return self.practice_quiz()
        started = self.post(
            form.group(1), {}, course_page.text, "quiz_start", expect=(302,)
        )
        return self.play(started.headers["Location"])

    def practice_quiz(self):
        """A practice quiz with attempts left; a learner who has used up all
        three (a database kept between runs) reads the page and goes back."""
        slugs = ["ed20-quiz", "so40-quiz", "data-quiz"]
        self.random.shuffle(slugs)
        for slug in slugs:
            start = f"/quizzes/{slug}/start/"
            detail = self.request("GET", f"/quizzes/{slug}/", "quiz_detail")
            self.think("quiz_detail")
            if f'action="{start}"' in detail.text:
                started = self.post(start, {}, detail.text, "quiz_start", expect=(302,))
                return self.play(started.headers["Location"])
        return None

    def play(self, url):
        answered = None
        for _ in range(60):
            if self.stop.is_set():
                return
            page = self.request("GET", url, "quiz_step")
            if 'class="result"' in page.text:
                page.sample.kind = "result"
                if answered is not None:
                    answered.sample.kind = "finish"
                self.think("result")
                return
            if 'name="question"' not in page.text:
                # The feedback page after an answer: continue.
                page.sample.kind = "feedback"
                self.think("feedback")
                url = url.split("?")[0]
                continue
            self.think("quiz_step")
            question = re.search(r'name="question" value="([^"]+)"', page.text).group(1)
            step = re.search(r'name="step" value="([^"]+)"', page.text)
            choices = re.findall(r'name="choice" value="([^"]+)"', page.text)
            right = [c for c in choices if c in self.right]
            if right and self.random.random() < RIGHT_ANSWER_ODDS:
                picked = right if 'type="checkbox"' in page.text else right[:1]
            else:
                picked = [self.random.choice(choices)]
            data = {"question": question, "choice": picked}
            if step:
                data["step"] = step.group(1)
            answered = self.post(
                url.split("?")[0], data, page.text, "answer", expect=(302,)
            )
            url = answered.headers["Location"]

    def run(self):
        while not self.stop.is_set():
            try:
                self.visit()
            except RuntimeError:
                self.stop.wait(0.5)  # already counted; carry on like a person would
            except Exception as error:  # noqa: BLE001 - counted as an error
                self.recorder.error(repr(error))
                self.stop.wait(0.5)


def port_is_free(port):
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count, start):
    """``count`` free loopback ports from ``start`` on (8900-8999 by default)."""
    ports = [p for p in range(start, start + 100) if port_is_free(p)][:count]
    if len(ports) < count:
        raise SystemExit(f"No {count} free ports from {start}.")
    return ports


def wait_until_up(base, process, seconds=90):
    limit = time.monotonic() + seconds
    while time.monotonic() < limit:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            if Browser(timeout=5).request("GET", base + "/healthz").status_code == 200:
                return
        except OSError:  # refused, reset or timed out while it starts
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz")


def start_servers(env, ports, args):
    gunicorn = Path(sys.executable).parent / "gunicorn"
    servers = []
    for port in ports:
        servers.append(
            subprocess.Popen(
                [
                    str(gunicorn),
                    "lms.wsgi:application",
                    "-c",
                    str(PROJECT_DIR / "gunicorn.conf.py"),
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
                env=env,
                cwd=PROJECT_DIR,
            )
        )
    for _ in range(args.task_workers):
        servers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--no-reload",
                    "--interval",
                    "1",
                ],
                env=env,
                cwd=PROJECT_DIR,
                stdout=subprocess.DEVNULL,
            )
        )
    return servers


def stop_servers(servers):
    for process in servers:
        process.send_signal(signal.SIGTERM)
    for process in servers:
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
POSTGRES_BACKEND = re.compile(r"postgres: \S+: \S+ (\S+) [\w.:\[\]]+\(\d+\)")


class CpuMeter:
    """CPU seconds used so far by the app servers (gunicorn and its workers),
    the PostgreSQL processes serving this run's database (and the server's own
    background processes, and connections of any database that closed during
    the measurement), the task workers and this load generator, and the
    whole machine's busy time, all from /proc (Linux)."""

    def __init__(self, servers, task_workers, pg_database):
        self.app = {p.pid for p in servers}
        self.task_workers = {p.pid for p in task_workers}
        self.pg_database = pg_database
        self.me = os.getpid()

    @staticmethod
    def _proc(pid):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            return None
        fields = stat.rsplit(")", 1)[1].split()
        # With the children it has reaped (cutime, cstime): a database
        # connection closed during the measurement leaves its CPU time to the
        # server process, not nowhere.
        ppid, ticks = int(fields[1]), sum(int(f) for f in fields[11:15])
        return ppid, ticks, cmdline.decode(errors="replace")

    def _group(self, pid, ppid, cmdline):
        if pid in self.app or ppid in self.app:
            return "app"
        if pid in self.task_workers:
            return "task_workers"
        if pid == self.me:
            return "load_generator"
        if cmdline.startswith("postgres") or "/bin/postgres " in cmdline:
            # A backend names its database and client; the server's own
            # processes (writer, checkpointer, ...) serve every database.
            backend = POSTGRES_BACKEND.match(cmdline)
            if backend is None or backend.group(1) == self.pg_database:
                return "database"
        return None

    def read(self):
        groups = dict.fromkeys(stats.CPU_GROUPS, 0.0)
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            proc = self._proc(int(entry))
            if proc is None:
                continue
            ppid, ticks, cmdline = proc
            group = self._group(int(entry), ppid, cmdline)
            if group:
                groups[group] += ticks / CLOCK_TICKS
        line = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, line[:8])
        busy = (user + nice + system + irq + softirq + steal) / CLOCK_TICKS
        return {"groups": groups, "busy": busy}


def load_average():
    one, five, fifteen = os.getloadavg()
    return [round(one, 2), round(five, 2), round(fifteen, 2)]


def with_threads(work, learners):
    threads = [threading.Thread(target=work, args=(learner,)) for learner in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run_closed(learners, recorder, seconds, warmup, cpu_meter):
    """Everyone flat out; the first ``warmup`` seconds (everyone opening their
    first page at once) are not measured."""
    stop = learners[0].stop
    threads = [threading.Thread(target=lr.run) for lr in learners]
    for thread in threads:
        thread.start()
    stop.wait(warmup)
    recorder.take()
    load_before, cpu_before = load_average(), cpu_meter.read()
    start = time.monotonic()
    stop.wait(seconds)
    elapsed = time.monotonic() - start
    samples = recorder.take()
    step = measure(samples, elapsed, len(learners), load_before, cpu_meter, cpu_before)
    stop.set()
    for thread in threads:
        thread.join()
    return [step]


def run_open(learners, recorder, args, cpu_meter):
    """Grow the crowd step by step; measure each step once everyone is in."""
    stop = learners[0].stop
    rng = random.Random(2026)
    steps, started, threads = [], 0, []
    for target in args.learners:
        arriving = learners[started:target]
        rate = stats.step_arrival_rate(
            len(arriving), args.arrival_rate, args.arrival_seconds
        )
        offsets = stats.arrival_offsets(len(arriving), rate, rng)
        ramp_start = time.monotonic()
        for learner, offset in zip(arriving, offsets, strict=True):
            delay = ramp_start + offset - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            thread = threading.Thread(target=learner.run)
            thread.start()
            threads.append(thread)
        started = target
        # Let the newcomers settle into their pauses before measuring.
        time.sleep(args.settle_seconds)
        recorder.take()
        load_before, cpu_before = load_average(), cpu_meter.read()
        window = time.monotonic()
        time.sleep(args.step_seconds)
        samples = recorder.take()
        step = measure(
            samples,
            time.monotonic() - window,
            target,
            load_before,
            cpu_meter,
            cpu_before,
        )
        step["arrival_rate"] = round(rate, 3)
        steps.append(step)
        print_step(step, args.p95_limit_ms)
    stop.set()
    for thread in threads:
        thread.join()
    return steps


def measure(samples, elapsed, learners, load_before, cpu_meter, cpu_before):
    return {
        "learners": learners,
        "seconds": round(elapsed, 1),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "cpu": stats.cpu_use(
            cpu_before, cpu_meter.read(), elapsed, len(samples), os.cpu_count()
        ),
        "overall": stats.overall(samples, elapsed),
        "kinds": stats.summarize(samples),
    }


def print_step(step, limit_ms):
    ok, over = stats.within_limit(step["kinds"], limit_ms)
    overall = step["overall"]
    verdict = (
        "OK" if ok else f"over {limit_ms:g} ms: {', '.join(over) or 'nothing measured'}"
    )
    print(
        f"\n{step['learners']} learners"
        + (
            f" (arriving at {step['arrival_rate']:g}/s)"
            if "arrival_rate" in step
            else ""
        )
        + f", {step['seconds']} s, "
        f"{overall['requests']} requests, {overall['requests_per_second']} req/s, "
        f"load average {step['load_average_before']} -> {step['load_average_after']}: "
        f"p95 {verdict}"
    )
    print(stats.cpu_line(step["cpu"]))
    print(stats.table(step["kinds"]))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["closed", "open"], default="closed")
    parser.add_argument("--users", type=int, default=100, help="closed: learners")
    parser.add_argument("--seconds", type=int, default=60, help="closed: duration")
    parser.add_argument(
        "--warmup-seconds", type=int, default=10, help="closed: unmeasured start"
    )
    parser.add_argument(
        "--learners",
        default="300,500,700",
        help="open: concurrent learners per step, increasing (e.g. 200,400,800)",
    )
    parser.add_argument(
        "--arrival-rate",
        type=float,
        default=None,
        help="open: learners per second (default: spread over --arrival-seconds)",
    )
    parser.add_argument(
        "--arrival-seconds",
        type=float,
        default=240.0,
        help="open: each step's newcomers arrive over this long (about one pass "
        "through a course: the crowd measured is then at every stage at once)",
    )
    parser.add_argument(
        "--step-seconds",
        type=int,
        default=120,
        help="open: measured time per step (shorter steps catch the crowd in one "
        "phase, all reading or all in the quizzes, and their verdict varies)",
    )
    parser.add_argument(
        "--settle-seconds", type=int, default=60, help="open: unmeasured after arrivals"
    )
    parser.add_argument(
        "--think-scale",
        type=float,
        default=None,
        help="multiply think times (default: 0 closed, 1 open)",
    )
    parser.add_argument("--p95-limit-ms", type=float, default=200.0)
    parser.add_argument("--servers", type=int, default=1, choices=[1, 2])
    parser.add_argument("--task-workers", type=int, default=0)
    parser.add_argument(
        "--workers", type=int, default=None, help="default: gunicorn.conf.py's"
    )
    parser.add_argument(
        "--threads", type=int, default=None, help="default: gunicorn.conf.py's"
    )
    parser.add_argument("--port", type=int, default=8900, help="first port to try")
    parser.add_argument(
        "--database", choices=["sqlite", "postgres"], default="postgres"
    )
    parser.add_argument(
        "--pg-database",
        default=os.environ.get("LOADTEST_PG_DATABASE", "loadtest"),
        help="PostgreSQL database to recreate (default $LOADTEST_PG_DATABASE or "
        "%(default)s)",
    )
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="keep the database an earlier run prepared (skip migrate and the demo)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/9"),
        help="the shared cache, as REDIS_URL in production (emptied); used if it "
        "answers; '' for none (default $LOADTEST_REDIS_URL or %(default)s)",
    )
    parser.add_argument("--output", default=None, help="JSON file under .bench/")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        return args
    args.learners = [int(n) for n in str(args.learners).split(",") if n.strip()]
    if args.mode == "open" and args.learners != sorted(args.learners):
        parser.error("--learners must increase, e.g. 200,400,800")
    if args.think_scale is None:
        args.think_scale = 0.0 if args.mode == "closed" else 1.0
    conf = runpy.run_path(str(PROJECT_DIR / "gunicorn.conf.py"))
    args.workers = args.workers or conf["workers"]
    args.threads = args.threads or conf["threads"]
    if args.servers > 1 and args.database == "sqlite":
        parser.error("several app servers share PostgreSQL, not a SQLite file")
    return args


def main():
    args = parse_args()
    if args.inside:
        return django_main(args)
    users = args.users if args.mode == "closed" else max(args.learners)
    print(f"Preparing the {args.database} database (migrate, bootstrap_demo)...")
    t0 = time.monotonic()
    redis_url = args.redis_url if redis_answering(args.redis_url) else ""
    print(
        f"  cache: Redis at {redis_url} (sessions cached)"
        if redis_url
        else "  cache: none shared (no Redis answering): sessions from the database"
    )
    env = prepare(args.database, args.pg_database, redis_url, reuse=args.reuse_database)
    prepared = in_django(env, "--prepare", "--users", str(users))
    before = in_django(env)
    print(
        f"  ready in {time.monotonic() - t0:.0f} s, {len(prepared['users'])} learners"
    )

    ports = free_ports(args.servers, args.port)
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    servers = start_servers(env, ports, args)
    recorder = Recorder()
    try:
        for base, server in zip(bases, servers, strict=False):
            wait_until_up(base, server)
        stop = threading.Event()
        right = set(prepared["right"])
        learners = [
            Learner(
                bases,
                name,
                recorder,
                right=right,
                think_scale=args.think_scale,
                stop=stop,
            )
            for name in prepared["users"]
        ]
        # Sign everyone in first (not measured), then start the clock.
        print(f"  signing in {len(learners)} learners on {', '.join(bases)}")
        with_threads(lambda learner: learner.log_in(), learners)
        recorder.take()
        cpu_meter = CpuMeter(
            servers[: args.servers],
            servers[args.servers :],
            args.pg_database if args.database == "postgres" else None,
        )
        if args.mode == "closed":
            steps = run_closed(
                learners, recorder, args.seconds, args.warmup_seconds, cpu_meter
            )
            print_step(steps[0], args.p95_limit_ms)
        else:
            steps = run_open(learners, recorder, args, cpu_meter)
    finally:
        stop_servers(servers)

    after = in_django(env)
    outbox = {
        kind: {
            "events": after["events"][kind] - before["events"][kind],
            "statements": after["statements"][kind] - before["statements"][kind],
        }
        for kind in after["events"]
    }
    result = {
        "mode": args.mode,
        "database": args.database,
        "servers": args.servers,
        "task_workers": args.task_workers,
        "gunicorn": {"workers": args.workers, "threads": args.threads},
        "redis": bool(redis_url),
        "think_scale": args.think_scale,
        "p95_limit_ms": args.p95_limit_ms,
        "steps": steps,
        "errors": len(recorder.errors),
        "error_samples": recorder.errors[:10],
        "outbox": outbox,
        "outbox_matches": all(v["events"] == v["statements"] for v in outbox.values()),
    }
    if args.mode == "closed":
        result.update(steps[0]["overall"])
        result["tail_ratio_p95_p50"] = stats.tail_ratio(steps[0]["kinds"])
    else:
        result["arrival_rate"] = args.arrival_rate
        result["arrival_seconds"] = None if args.arrival_rate else args.arrival_seconds
        result["capacity"] = stats.capacity(steps, args.p95_limit_ms)
        print(
            f"\nCapacity (p95 <= {args.p95_limit_ms:g} ms on every kind): "
            f"{result['capacity']}"
        )
    if args.task_workers:
        result["worker_jobs"] = in_django(env, "--jobs")
    BENCH_DIR.mkdir(exist_ok=True)
    name = args.output or (
        "loadtest.json"
        if args.mode == "closed" and args.servers == 1
        else f"loadtest-{args.mode}-{args.database}-{args.servers}x.json"
    )
    (BENCH_DIR / name).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "steps"}, indent=2))
    print(f"Written to .bench/{name}")
    measured = sum(step["overall"]["requests"] for step in steps)
    if result["errors"] or not result["outbox_matches"] or not measured:
        raise SystemExit("Load test FAILED: errors or outbox mismatch (see above).")
    print("Load test passed: no errors, one xAPI statement per event.")


if __name__ == "__main__":
    main()
