# DEEL: the two commands a new developer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format messages bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## node_modules: axe-core for the accessibility tests (skipped when npm is missing).
node_modules/.package-lock.json: package-lock.json
	if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; else echo "npm missing: the accessibility tests will skip"; fi

install: $(STAMP) node_modules/.package-lock.json

## make run: the app with the demo cooperative on the embedded SQLite database.
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: lint, types, migration check and the whole test suite (DATABASE_URL picks the database).
test: $(STAMP) node_modules/.package-lock.json
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=deel.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make messages: refresh and compile the catalogues (needs GNU gettext).
messages: $(STAMP)
	for app in deel members vehicles reservations ledger payments governance reports; do \
	  (cd $$app && mkdir -p locale && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l en --no-obsolete --no-location) || exit 1; done
	$(BIN)/python manage.py compilemessages --ignore '.venv' --ignore 'node_modules'

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) node_modules staticfiles .test-media .test-db-*.sqlite3*
