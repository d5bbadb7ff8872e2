# The one entry point: make run, make test, make lint, make bench.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: setup run test test-sqlite test-postgres test-e2e lint format bench clean

setup: $(VENV)/.installed minsheng/static/vendor/.built

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

minsheng/static/vendor/.built: package.json package-lock.json scripts/build_assets.mjs
	npm ci --no-audit --no-fund --loglevel=error
	node scripts/build_assets.mjs

# The demo is loaded and served on the demo clock, so its records and the visitor's actions share one
# timeline (the audit log in order, nothing dated after the demo day).
run: setup
	$(BIN)/minsheng migrate --noinput
	MINSHENG_TODAY=$${MINSHENG_TODAY-2024-07-15} $(BIN)/minsheng demo
	MINSHENG_TODAY=$${MINSHENG_TODAY-2024-07-15} $(BIN)/minsheng serve --port $(PORT)

test: setup lint test-sqlite test-postgres test-e2e

test-sqlite: setup  # with line and branch coverage of minsheng; measured 95.7 %, the floor a few points under
	$(BIN)/pytest -n 2 tests --cov=minsheng --cov-report=term:skip-covered --cov-fail-under=92

test-postgres: setup
	scripts/with_postgres $(BIN)/pytest -n 2 tests

test-e2e: setup
	$(BIN)/pytest e2e

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/check_module_size
	scripts/typecheck

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup
	$(BIN)/minsheng bench extract
	$(BIN)/python bench/targets_score.py
	$(BIN)/python bench/pdf_memory.py
	$(BIN)/python bench/hostile_memory.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/status.py
	$(BIN)/python bench/bulletin.py
	$(BIN)/minsheng migrate --noinput
	MINSHENG_TODAY=2024-07-15 $(BIN)/minsheng demo
	MINSHENG_TODAY=2024-07-15 $(BIN)/minsheng bench web

clean:
	rm -rf $(VENV) node_modules minsheng/static/vendor var
