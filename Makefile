# wire-ingest: `make demo` runs the pipeline on samples/, `make test` runs the suite.
# Both create .venv on first use; only Python 3.11 and make are needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install clean

$(STAMP): setup.py requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e . -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/wire-ingest run --input samples --output out --ingest_date 2026-11-26 --runner DirectRunner

test: $(STAMP)
	$(BIN)/python -m pytest -q tests

clean:
	rm -rf out .pytest_cache
