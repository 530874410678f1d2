# privacy-api: `make run` serves the API on SQLite; `make test` runs every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: help venv run migrate seed test lint format openapi client docs bench fuzz soak postgres-binaries chromium bench-tools clean

help:
	@echo "make run     set up, migrate and serve on SQLite at http://$(HOST):$(PORT), jobs included"
	@echo "             make run PORT=8001 HOST=0.0.0.0 serves elsewhere"
	@echo "make test    set up and run lint + the tests on SQLite and PostgreSQL"
	@echo "make lint    ruff + mypy"
	@echo "make bench   throughput and latency against a same-run FastAPI baseline"
	@echo "make fuzz    schema fuzzing, deeper than make test's (FUZZ_SECONDS per backend)"
	@echo "make soak    mixed load on three servers and a worker on one PostgreSQL (SOAK_SECONDS)"
	@echo "make openapi regenerate openapi/openapi.json"
	@echo "make client  regenerate the typed Python client in clients/python from openapi.json"
	@echo "make docs    regenerate docs/configuration.md from the Settings model"

$(STAMP): pyproject.toml constraints.txt clients/python/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[dev]' --editable clients/python
	touch $@

venv: $(STAMP)

migrate: venv
	$(BIN)/privacy-api migrate

seed: migrate
	$(BIN)/privacy-api register load

run: seed
	$(BIN)/privacy-api serve --host $(HOST) --port $(PORT) --with-scheduler

# Debian's server binaries, which the tests start on a throwaway data directory.
postgres-binaries:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "installing Debian's postgresql package for the tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; }

# Debian's chromium, which the page tests drive through Playwright (it cannot download one).
chromium:
	@test -x /usr/bin/chromium || { \
	  echo "installing Debian's chromium for the page tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

lint: venv
	$(BIN)/ruff check src tests tools migrations benchmarks
	$(BIN)/ruff format --check src tests tools migrations benchmarks
	$(BIN)/mypy

format: venv
	$(BIN)/ruff format src tests tools migrations benchmarks
	$(BIN)/ruff check --fix src tests tools migrations benchmarks

test: venv postgres-binaries chromium lint
	$(BIN)/pytest -n 2 --dist loadfile

openapi: venv
	$(BIN)/privacy-api openapi > openapi/openapi.json

# Generated from openapi/openapi.json: run after `make openapi` (a test fails when stale).
client: venv
	$(BIN)/python -m tools.client

docs: venv
	$(BIN)/python -m tools.config_docs > docs/configuration.md

bench-tools:
	@command -v wrk >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

bench: venv postgres-binaries bench-tools
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.retention
	$(BIN)/python -m benchmarks.export

FUZZ_SECONDS ?= 600
fuzz: venv postgres-binaries
	$(BIN)/python -m tools.fuzz --backend sqlite --max-examples 200 --max-time $(FUZZ_SECONDS)
	$(BIN)/python -m tools.fuzz --backend postgresql --max-examples 200 --max-time $(FUZZ_SECONDS)

SOAK_SECONDS ?= 300
soak: venv postgres-binaries bench-tools
	$(BIN)/python -m benchmarks.soak --seconds $(SOAK_SECONDS)

clean:
	rm -rf $(VENV) screenshots .pytest_cache .mypy_cache .ruff_cache privacy.db privacy.db-* privacy.db.* fuzz-report mail
