# Two commands set everything up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: run test check lint typecheck contracts pytest bench screenshots clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/cax

test: check

# The checks run side by side (2 cores: ruff, mypy and lint-imports overlap the tests' start);
# each one's output is printed whole when it ends (-O), and any failure fails the target.
check: $(STAMP)
	$(MAKE) --no-print-directory -j4 -O lint typecheck contracts pytest

lint: $(STAMP)
	$(BIN)/ruff check graph tui tests bench scripts
	$(BIN)/ruff format --check graph tui tests bench scripts

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest -n auto

bench: $(STAMP)
	$(BIN)/python -m bench

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
