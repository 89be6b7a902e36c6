# Renda: `make demo` sets everything up and serves the demo district; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
# Tests run in two pytest processes (xdist) except the browser journeys, which start their own server and run
# after. BROWSER=0 skips them (CI's PostgreSQL pass: they always use a fresh SQLite demo of their own).
WORKERS ?= 2
BROWSER ?= 1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo setup test lint bench fuzz cluster cluster-down messages check-messages clean-db

$(VENV)/.installed: constraints.txt requirements.in requirements-dev.in pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -r requirements-dev.in
	$(PY) -m pip install -q --no-deps -e .
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py demo
	@echo "Open http://$(HOST):$(PORT)/ and log in with one of the accounts above."
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(PY) -m pytest -n $(WORKERS) -m "not browser" $(PYTEST_ARGS)
	@if [ "$(BROWSER)" = "1" ]; then $(PY) -m pytest -m browser -p no:xdist $(PYTEST_ARGS); fi

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy renda
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(PY) scripts/check_messages.py

bench: setup
	$(PY) manage.py bench_pages

# Schemathesis against the OpenAPI document (office, deputy, anonymous) on a fresh demo database: no response >= 500,
# no status an operation does not declare. FUZZ_EXAMPLES=25 for a deeper run.
fuzz: setup
	PY=$(PY) bash scripts/fuzz.sh

# The whole deployment on loopback (issue #17): PostgreSQL primary + standby, pgbouncer, Redis, two app servers
# behind nginx on :8100, the worker and the jobs (apt-get install nginx-light pgbouncer redis-server postgresql).
cluster: setup
	$(PY) manage.py cluster up --demo

cluster-down: setup
	$(PY) manage.py cluster down

messages: setup
	cd renda && ../$(PY) ../manage.py makemessages -l zh_Hans -l en --no-obsolete --ignore 'static/vendor/*' && ../$(PY) ../manage.py compilemessages -v0

clean-db:
	rm -f var/renda.sqlite3 var/renda.sqlite3-wal var/renda.sqlite3-shm var/audit-anchor.jsonl
