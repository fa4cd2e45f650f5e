# Targets document themselves: `make help` lists every target with its `##` comment.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
KG := $(VENV)/bin/kg
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run test lint format fmt fmt-check validate bench diagram chromium constraints clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -c constraints.txt -e '.[test]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv if missing and install the project with pinned versions

run: $(STAMP) ## Serve the site on the embedded default store and print its URL
	$(KG) serve --host $(HOST) --port $(PORT)

chromium: ## Install Debian's Chromium for the browser tests when it is absent
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$( [ "$$(id -u)" = 0 ] || echo sudo ) \
	    apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

test: $(STAMP) chromium lint ## Install everything the tests need and run the whole suite
	$(PY) -m pytest

lint: $(STAMP) ## ruff check and format check
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

format: $(STAMP) ## ruff fix and format the Python code
	$(VENV)/bin/ruff check --fix src tests bench
	$(VENV)/bin/ruff format src tests bench

fmt: $(STAMP) ## Rewrite data/ and ontology/ Turtle in canonical form
	$(KG) fmt

fmt-check: $(STAMP) ## Fail when a Turtle file in data/ or ontology/ is not canonical
	$(KG) fmt --check

validate: $(STAMP) ## Fail when data/ does not conform to ontology/shapes.ttl (kg validate)
	$(KG) validate --lang en

diagram: $(STAMP) ## Regenerate ontology/diagram.svg from ontology/ontology.ttl
	$(PY) -m kg.diagram ontology/ontology.ttl ontology/diagram.svg

bench: $(STAMP) ## Print the speed and memory figures of every script under bench/
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

constraints: ## Re-pin every dependency into constraints.txt from a fresh resolution
	rm -rf /tmp/kg-pin && python3 -m venv /tmp/kg-pin
	/tmp/kg-pin/bin/pip install --quiet -e '.[test]'
	/tmp/kg-pin/bin/pip freeze --exclude-editable | grep -v '^kg' > constraints.txt

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache src/*.egg-info
