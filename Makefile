# Research workbench: every target builds its own environment on first use.
# `make help` lists the targets with what they do.

# The interpreter that builds .venv: PYTHON=... overrides; otherwise the newest Python 3.11-3.13 on PATH
# (python3.13, python3.12, python3.11, then python3 if its version is in range), found once, on first use.
PYTHON_CANDIDATES := python3.13 python3.12 python3.11 python3
PYTHON_IN_RANGE := import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))
ifndef PYTHON
PYTHON = $(eval PYTHON := $(shell for p in $(PYTHON_CANDIDATES); do \
  command -v $$p >/dev/null 2>&1 && $$p -c '$(PYTHON_IN_RANGE)' >/dev/null 2>&1 && { echo $$p; break; }; done))$(PYTHON)
endif
PORT ?=
TOKEN ?=
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KERNEL := $(VENV)/.kernel-autoreload
CHROMIUM ?= /usr/bin/chromium
JOBS ?=
TEST_JOBS ?= auto

.DEFAULT_GOAL := help
.PHONY: help python venv reports publication pdf test lint check-data comparisons lab bench browser constraints clean

## Show this list of targets
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-zA-Z_-]+:/{if(doc){split($$1,t,":"); printf "  %-14s %s\n", t[1], doc}; doc=""}' $(MAKEFILE_LIST)

## Print the Python that builds .venv (the newest 3.11-3.13 on PATH, or PYTHON=...), or say why there is none
python:
	@test -n "$(PYTHON)" || { echo "error: no Python 3.11-3.13 found on PATH (looked for $(PYTHON_CANDIDATES));" \
	  "install one, or name it: make PYTHON=/path/to/python3.12 ..." >&2; exit 1; }
	@command -v "$(PYTHON)" >/dev/null || { echo "error: PYTHON=$(PYTHON) not found on PATH" >&2; exit 1; }
	@"$(PYTHON)" -c '$(PYTHON_IN_RANGE)' || { echo "error: PYTHON=$(PYTHON) is Python" \
	  "$$("$(PYTHON)" -c 'import platform; print(platform.python_version())' 2>/dev/null || echo '(unknown)');" \
	  "the workbench needs 3.11, 3.12 or 3.13" >&2; exit 1; }
	@echo "$(PYTHON)"

$(STAMP): pyproject.toml constraints.txt
	@$(MAKE) --no-print-directory -s python >/dev/null
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

## Build the publication site into reports/publication/ (the site alone; reports/publication.yml, counts 1-4 suppressed)
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

# The project kernel reloads edited modules of src/ before each cell (autoreload; the build's kernel does not).
$(KERNEL): $(STAMP) src/scr_workbench/lab/project_kernel.py
	$(BIN)/python -m scr_workbench.lab.project_kernel >/dev/null
	touch $@

## Open JupyterLab on the project, starting in scratch/ (PORT=8890 and TOKEN=... choose the port and the token)
lab: $(KERNEL)
	@mkdir -p scratch
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --FileContentsManager.preferred_dir=scratch \
	  $(if $(PORT),--ServerApp.port=$(PORT)) $(if $(TOKEN),--IdentityProvider.token='$(TOKEN)') \
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

## Re-pin constraints.txt to the versions installed in .venv (after changing pyproject.toml), and environment.yml to match
constraints: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt
	$(BIN)/python -m scr_workbench conda-environment

## Remove the virtual environment, executed notebooks and built reports
clean:
	rm -rf $(VENV) reports/html reports/executed reports/.build reports/publication reports/.publication-work
