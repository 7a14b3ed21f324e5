# IGNY8 — two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The CPU build of torch is a local wheel on these machines (pinned by hash in requirements.lock).
FIND_LINKS := $(if $(wildcard /opt/wheels),--find-links /opt/wheels)
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check --require-hashes $(FIND_LINKS)
export IGNY8_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test lint typecheck pytest wordpress install install-dev lock clean help frontend frontend-test schema e2e

help:
	@echo "make run   — install and start IGNY8 (API + worker + beat) on embedded defaults"
	@echo "make test  — ruff, mypy and pytest (PostgreSQL + Redis when DATABASE_URL / REDIS_URL are set)"

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "IGNY8 needs Python 3.11"'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.deps-run: requirements.lock | $(BIN)/python
	$(PIP_INSTALL) -r requirements.lock
	touch $@

$(VENV)/.deps-dev: requirements.lock requirements-dev.lock | $(BIN)/python
	$(PIP_INSTALL) -r requirements.lock -r requirements-dev.lock
	touch $@ $(VENV)/.deps-run

install: $(VENV)/.deps-run
install-dev: $(VENV)/.deps-dev

run: install $(if $(wildcard frontend/package.json),frontend)
	cd backend && ../$(BIN)/python manage.py runplatform

# --- web app (frontend/) ----------------------------------------------------------------------
frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The OpenAPI schema the web app's types are generated from (and checked against).
schema: install
	cd backend && ../$(BIN)/python manage.py spectacular --format openapi-json --file $(IGNY8_DATA_DIR)/openapi.json

frontend: frontend/node_modules/.installed
	cd frontend && npm run build

frontend-test: frontend/node_modules/.installed schema
	cd frontend && OPENAPI_FILE=$(IGNY8_DATA_DIR)/openapi.json npm run check:api
	cd frontend && npm run typecheck && npm test && npm run build

# Browser tests: Debian's Chromium + playwright-core against the platform started as `make run` starts it.
e2e: install frontend
	bash scripts/e2e.sh

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy

# A stock WordPress (Debian packages) + MariaDB for the publishing tests (backend/tests/wordpress_peer.py).
wordpress:
	bash scripts/wordpress.sh

# Tests marked postgres_redis start a real Celery worker process that must share the test database and
# broker: on a SQLite run they run after the rest, against the local PostgreSQL + Redis (never skipped).
PG_REDIS_TEST_ENV := DATABASE_URL=postgres://postgres@127.0.0.1:5432/igny8_worker_tests REDIS_URL=redis://127.0.0.1:6379/10
pytest: install-dev wordpress
ifeq ($(DATABASE_URL),)
	IGNY8_DATA_DIR=$(IGNY8_DATA_DIR)/test-sqlite $(BIN)/pytest -m "not postgres_redis" $(PYTEST_ARGS)
	$(if $(PYTEST_ARGS),,IGNY8_DATA_DIR=$(IGNY8_DATA_DIR)/test-pg-worker $(PG_REDIS_TEST_ENV) $(BIN)/pytest -m postgres_redis)
else
	IGNY8_DATA_DIR=$(IGNY8_DATA_DIR)/test-pg $(BIN)/pytest $(PYTEST_ARGS)
endif

test: lint typecheck pytest $(if $(wildcard frontend/package.json),frontend-test e2e)

# Re-pin after editing requirements*.in (needs network to the package index).
lock: install-dev
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile --quiet --python-version 3.11 --generate-hashes $(FIND_LINKS) requirements.in -o requirements.lock
	$(BIN)/uv pip compile --quiet --python-version 3.11 --generate-hashes requirements-dev.in -o requirements-dev.lock

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
