# Brygga — what the README tells people to run.
#   make demo   server with synthetic demo data on SQLite (http://127.0.0.1:$(PORT))
#   make test   lint and type gates, then the whole suite on SQLite and on PostgreSQL
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The PostgreSQL server the suite also runs against when it answers.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

.PHONY: install demo test test-sqlite test-postgres lint messages bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	DEBUG=1 $(BIN)/brygga migrate --noinput
	DEBUG=1 $(BIN)/brygga seed_demo
	DEBUG=1 $(BIN)/brygga runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy brygga
	$(BIN)/lint-imports
	$(BIN)/brygga makemigrations --check --dry-run
	$(BIN)/python -m brygga.devtools.check_messages

test: lint test-sqlite test-postgres

test-sqlite: install
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install
	@if $(BIN)/python -m brygga.devtools.pg_available "$(TEST_DATABASE_URL)"; then \
		echo "PostgreSQL answers: running the suite on it"; \
		DATABASE_URL="$(TEST_DATABASE_URL)" $(BIN)/pytest $(PYTEST_ARGS); \
	elif [ -n "$$CI" ]; then \
		echo "CI is set and PostgreSQL does not answer at $(TEST_DATABASE_URL)"; exit 1; \
	else \
		echo "PostgreSQL does not answer at $(TEST_DATABASE_URL): suite ran on SQLite only"; \
	fi

messages: install
	cd brygga && ../$(BIN)/brygga makemessages --no-obsolete --no-location -l sv -l en -l da -l uk
	cd brygga && ../$(BIN)/brygga compilemessages

bench: install
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	@# The web benchmark drives the server with wrk (a Debian package).
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } \
		|| { echo "wrk is needed for benchmarks/scale.py: apt-get install wrk"; exit 1; }
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
