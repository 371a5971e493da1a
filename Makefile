# Regain: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PORT ?= 5000
CHROMIUM ?= /usr/bin/chromium
export MPLBACKEND := Agg

.PHONY: run test lint typecheck pytest test-postgres bench bench-load browser clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

## Serve the app on http://127.0.0.1:$(PORT) with SQLite in instance/ and a demo account.
run: $(STAMP)
	$(BIN)/flask --app tracker init-db
	$(BIN)/flask --app tracker demo --if-missing
	$(BIN)/gunicorn 'tracker:create_app()' --config gunicorn.conf.py --bind 127.0.0.1:$(PORT)

## Lint, type-check and run every test, browser tests included.
test: $(STAMP) browser
	$(BIN)/ruff check tracker tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
		else \
			echo "Browser tests need Debian's chromium at $(CHROMIUM): sudo apt-get install chromium"; \
		fi; \
	fi

## The whole suite against PostgreSQL (TRACKER_TEST_DATABASE_URL names the server).
test-postgres: $(STAMP)
	TRACKER_TEST_DATABASE_URL=$${TRACKER_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres} \
		$(BIN)/python -m pytest -p no:cacheprovider

## Benchmarks: print ratios against baselines measured in the same run.
bench: $(STAMP)
	$(BIN)/python bench/run.py

## The load check: 20 clients and one pathological account under gunicorn on 127.0.0.1, on
## SQLite, then on PostgreSQL when TRACKER_TEST_DATABASE_URL names a server (about 5 minutes).
bench-load: $(STAMP)
	$(BIN)/python bench/bench_load.py
	@if [ -n "$$TRACKER_TEST_DATABASE_URL" ]; then \
		$(BIN)/python bench/bench_load.py --postgres "$$TRACKER_TEST_DATABASE_URL"; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
