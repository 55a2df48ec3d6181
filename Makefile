# Research workbench: every target builds its own environment on first use.
# `make help` lists the targets with what they do.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
JOBS ?=
TEST_JOBS ?= auto

.DEFAULT_GOAL := help
.PHONY: help venv reports publication pdf test lint check-data comparisons lab bench browser constraints clean

## Show this list of targets
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-zA-Z_-]+:/{if(doc){split($$1,t,":"); printf "  %-14s %s\n", t[1], doc}; doc=""}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=python3 ...'" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name scr-workbench --display-name "Python (scr-workbench)" >/dev/null
	touch $@

## Create the virtual environment in .venv and install the package (done on first use by every target)
venv: $(STAMP)

## Build every scheduled report into reports/html (papermill + nbconvert, incremental)
reports: $(STAMP)
	$(BIN)/python -m scr_workbench build $(if $(JOBS),--jobs $(JOBS))

## Build the publication site into reports/publication/html (reports/publication.yml, counts 1-4 suppressed)
publication: $(STAMP)
	$(BIN)/python -m scr_workbench build --publication $(if $(JOBS),--jobs $(JOBS))

## Print the reader set into reports/pdf/board-pack.pdf with Debian's chromium (after building the reports)
pdf: reports browser
	$(BIN)/python -m scr_workbench pdf

## Check the code style: ruff's lint rules and its formatting (`.venv/bin/ruff format .` fixes the latter)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Run the style checks and the whole test suite, in parallel on the machine's cores (TEST_JOBS=0: one process)
test: $(STAMP) browser lint
	$(BIN)/python -m pytest -n $(TEST_JOBS)

## Validate every curated table and print the reconciliation of the report's own totals
check-data: $(STAMP)
	$(BIN)/python -m scr_workbench check-data

## Print the comparison registry (local figures against national and census ones)
comparisons: $(STAMP)
	$(BIN)/python -m scr_workbench comparisons

## Open JupyterLab on the project, starting in scratch/ (your own notebooks; git ignores them)
lab: $(STAMP)
	@mkdir -p scratch
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --FileContentsManager.preferred_dir=scratch \
	  $(if $(filter 0,$(shell id -u)),--allow-root)

## Time the build against its targets: cold vs naive CLIs (10x), warm-kernel Run All (1.5 s), no-op (1 s)
bench: $(STAMP)
	$(BIN)/python -m scr_workbench.reporting.bench

## Install Debian's chromium for the browser tests (skipped when it is already there)
browser:
	@test -x $(CHROMIUM) || { \
	  echo "installing chromium for the browser tests (apt-get)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@test -x $(CHROMIUM) || { echo "error: $(CHROMIUM) is still missing after apt-get" >&2; exit 1; }

## Re-pin constraints.txt to the versions installed in .venv (after changing pyproject.toml)
constraints: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

## Remove the virtual environment, executed notebooks and built reports
clean:
	rm -rf $(VENV) reports/html reports/executed reports/.build reports/publication
