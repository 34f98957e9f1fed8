# lvzhi — two commands do everything:  make demo   |   make test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
PYTEST_ARGS ?=

.PHONY: demo test install install-test lint typecheck bench clean messages

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "lvzhi needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## Set up and run the demo city on http://127.0.0.1:8000 (logins are printed)
demo: install
	$(BIN)/lvzhi demo

## Run the whole test suite (browser tests skip with a notice where Chromium is missing)
test: install-test
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .

typecheck: install-test
	$(BIN)/mypy lvzhi

bench: install-test
	$(BIN)/python bench/seed_bench.py
	$(BIN)/python bench/dashboard_bench.py

messages: install-test
	cd lvzhi && ../$(BIN)/python ../manage.py makemessages -l zh_Hans --ignore "legislation/lawtext/*" --ignore "consultation/analytics/*" --ignore "demo/*" --ignore "textkit/*" --ignore "office/*"
	cd lvzhi && ../$(BIN)/python ../manage.py compilemessages -l zh_Hans

clean:
	rm -rf $(VENV) var build *.egg-info .pytest_cache .mypy_cache .ruff_cache
