# Two commands for a fresh machine with Python 3.11 and make:
#   make run    install, migrate SQLite, load the demo, serve on 127.0.0.1:8000
#               with a task worker beside it (Ctrl-C stops both)
#   make test   install, run every test
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

RALPH_VENV := .ralph/venv
RALPH_STAMP := $(RALPH_VENV)/.installed

RUN_ADDR ?= 127.0.0.1:8000

# The real OpenID Provider the sign-in tests start (oidc-provider, from the lockfile).
OIDC_OP := tests/oidc_op
OIDC_OP_STAMP := $(OIDC_OP)/node_modules/.installed

.PHONY: install ralph oidc-op run worker test lint format migrate demo bench bench-xapi bench-analytics bench-dashboard loadtest loadtest-open loadtest-two-servers browser clean

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Need $(PYTHON) on PATH (or run: make PYTHON=python3 ...)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Ralph LRS in its own venv, for the xAPI tests and benchmark (its pins would
# clash with the LMS's).
$(RALPH_STAMP): scripts/ralph/requirements.txt scripts/ralph/install.sh
	PYTHON=$(PYTHON) RALPH_VENV=$(RALPH_VENV) sh scripts/ralph/install.sh

ralph: $(RALPH_STAMP)

$(OIDC_OP_STAMP): $(OIDC_OP)/package.json $(OIDC_OP)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Need Node.js and npm on PATH for the sign-in tests"; exit 1; }
	cd $(OIDC_OP) && npm ci --no-audit --no-fund --loglevel=error
	touch $(OIDC_OP_STAMP)

oidc-op: $(OIDC_OP_STAMP)

migrate: install
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py bootstrap_demo

# The web server in the foreground, the task worker (roster imports, reminders,
# xAPI forwarding) in the background; when the server stops, so does the worker.
run: demo
	@$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(RUN_ADDR)

worker: migrate
	$(PY) manage.py db_worker

browser:
	scripts/install_chromium.sh

test: install browser ralph oidc-op
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install ralph
	$(PY) bench/run_all.py

bench-xapi: install ralph
	$(PY) bench/xapi_forward.py

# The dashboard's first load in Chromium (bytes and time), static files served
# as in production (hashed, compressed, cached); on the demo database.
bench-dashboard: demo
	$(PY) bench/dashboard_load.py

# Analytics on a synthetic City (60,000 employees, 3M xAPI rows), SQLite and
# PostgreSQL (DATABASE bench_analytics on 127.0.0.1:5432, created if missing).
bench-analytics: install
	$(PY) bench/analytics_bench.py

# 100 learners who never pause, on gunicorn for 60 s against PostgreSQL (database
# $(LOADTEST_PG_DATABASE) on 127.0.0.1:5432, recreated; ports from 8900); prints the
# per-kind table and writes .bench/loadtest.json. Not part of `make test`.
# LOADTEST_ARGS passes options, e.g. LOADTEST_ARGS="--database sqlite --seconds 30".
LOADTEST_PG_DATABASE ?= loadtest
export LOADTEST_PG_DATABASE
loadtest: install
	$(PY) bench/loadtest.py $(LOADTEST_ARGS)

# The open model: learners arrive (each step's newcomers over --arrival-seconds,
# or at --arrival-rate for a stampede) and pause between pages; the crowd grows
# in steps (--learners) and the capacity at p95 <= 200 ms is printed.
loadtest-open: install
	$(PY) bench/loadtest.py --mode open $(LOADTEST_ARGS)

# Two app servers and two task workers on one PostgreSQL; each learner's
# requests alternate between the servers.
loadtest-two-servers: install
	$(PY) bench/loadtest.py --servers 2 --task-workers 2 $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) .ralph $(OIDC_OP)/node_modules db.sqlite3 staticfiles .pytest_cache
