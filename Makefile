# Sanban (三办) — the two commands of the README, and what they share.
#
#   make run    the whole system (web, worker, beat) with the demo organ on 127.0.0.1:8000
#   make test   the test suite on PostgreSQL and Redis (throwaway servers if none are up)
#
# Variables: HOST, PORT (web address), ARGS (extra pytest arguments), PYTHON (for a new .venv).

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
ARGS ?=

# The stamp's name carries a hash of the requirements: pip runs again only when they change.
REQUIREMENTS := requirements.txt requirements-dev.txt
REQUIREMENTS_HASH := $(shell cat $(REQUIREMENTS) | sha256sum | cut -c1-16)
STAMP := $(VENV)/.requirements-$(REQUIREMENTS_HASH)

.PHONY: help venv prepare run test

help:
	@echo "make run    run web + worker + beat with the demo organ (http://$(HOST):$(PORT)/)"
	@echo "make test   run the test suite (extra pytest arguments: ARGS=\"-k workbench\")"

$(PY):
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 or pass PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): | $(PY)
	$(PY) -m pip install --disable-pip-version-check --progress-bar off -r requirements-dev.txt
	rm -f $(VENV)/.requirements-*
	touch $@

venv: $(STAMP)

# prepare_fonts: on a machine without Debian's CJK fonts, the bundled ones are converted to
# TrueType for the PDFs, once (about half a minute); with them it does nothing.
prepare: venv
	$(PY) scripts/ensure_database.py
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py prepare_fonts
	$(PY) manage.py load_demo

# Web, worker and beat in the foreground (Procfile); Ctrl-C stops all three.
run: prepare
	@echo "Sanban: http://$(HOST):$(PORT)/  (demo password in README.md; Ctrl-C stops)"
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" HOST=$(HOST) SANBAN_HOST=$(HOST) SANBAN_PORT=$(PORT) exec $(VENV)/bin/honcho start --port $(PORT)

test: venv
	$(PY) scripts/run_tests.py $(ARGS)
