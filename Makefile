# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8501

.PHONY: run test lint format bench browser-deps clean-db

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

$(VENV)/.installed-bench: requirements-bench.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-bench.txt
	$(BIN)/pip install -q -r requirements.txt  # statsforecast pulled pandas below 3: put the product's pandas back
	touch $@

## Start the app at http://localhost:$(PORT); a new database is filled with the demo data on first start.
run: $(VENV)/.installed
	$(BIN)/streamlit run app.py --server.port $(PORT)

## Debian's chromium and CJK fonts for the browser tests (never a downloaded browser).
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk; \
	fi

## Lint, then the whole suite: unit, AppTest page tests and browser tests.
test: $(VENV)/.installed-dev browser-deps lint
	$(BIN)/pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Benchmarks against peers (prophet, statsforecast, pyworkforce); not part of the tests.
bench: $(VENV)/.installed-bench
	$(BIN)/python bench/bench_startup.py
	$(BIN)/python bench/bench_forecast.py
	$(BIN)/python bench/bench_staffing.py
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_budget.py

## Delete the local database; the next `make run` builds the demo data again.
clean-db:
	rm -f data/service_cost_desk.duckdb data/service_cost_desk.duckdb.wal
