# Deep Learning, Checked. `make serve` to read the site, `make test` to run every check.
# Both set up everything they need: a .venv with the pinned Python packages and `npm ci`.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
MKDOCS := NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs
export NO_MKDOCS_2_WARNING := 1

# `make test` runs the tests on every core (pytest-xdist), handing them out one at a time, in the
# order tests/conftest.py gives them, to whichever worker is free. Plain `pytest` runs them in one process.
PYTEST_PARALLEL := -n auto --dist load --maxschedchunk 1
OFFLINE_ZIP := .cache/offline/deep-learning-checked-offline.zip
SOURCES := mkdocs.yml $(shell find docs snippets scripts overrides notebooks -type f -not -path '*/__pycache__/*' 2>/dev/null)

.PHONY: help setup serve build test bench mutation offline notebooks lock clean

help:
	@echo "make serve    set up, then serve the site on http://127.0.0.1:8000 with live reload"
	@echo "make test     set up, then run every check (snippets, checker, figures, build, browser)"
	@echo "make build    set up, then write the static site to site/"
	@echo "make bench    set up, then measure build time, page weight and Lighthouse scores"
	@echo "make mutation set up, then change snippets and page numbers; print how many changes the checks catch"
	@echo "make offline  set up, then build a copy of the site that works from disk, as a zip"
	@echo "make notebooks set up, run the notebooks, then open them in Jupyter Notebook"
	@echo "make lock     re-pin requirements.txt from requirements.in in a fresh venv"

# The Python packages and the npm ones install side by side (on a fresh clone npm's ~15 s then cost no time).
setup:
	@$(MAKE) --no-print-directory -j2 $(VENV)/.installed node_modules/.installed

# requirements.txt pins every package (make lock), so pip installs exactly those (--no-deps) and
# `pip check` proves nothing is missing. --no-compile: Python compiles a module the first time it
# is imported, so only the modules this project uses get compiled (setup 95 -> 52 s on 2 cores).
# Two packages are left out on purpose: jsonschema's optional IRI format check (rfc3987-syntax,
# and lark, which only it uses), pulled in by Jupyter's event schemas, which this project never
# validates. Importing it builds 39 parsers, about 3 s in every process that reads a notebook
# (each `mkdocs build` and `mkdocs serve`); without it jsonschema does not check that one format.
# A venv made before this is rid of them here.
UNWANTED := rfc3987-syntax lark

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "): set PYTHON=/path/to/python3.11")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-compile -r requirements.txt
	@$(PY) -m pip uninstall --quiet --quiet --yes $(UNWANTED)
	@$(PY) -m pip check --disable-pip-version-check >/dev/null || { $(PY) -m pip check; exit 1; }
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v node >/dev/null || { echo "Node.js 20 or newer is needed (node is not on PATH)"; exit 1; }
	@node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' || { echo "Node.js 20 or newer is needed (found $$(node --version))"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

serve: setup
	$(MKDOCS) serve --dev-addr 127.0.0.1:8000

build: setup $(OFFLINE_ZIP)
	$(MKDOCS) build --strict

offline: setup $(OFFLINE_ZIP)

$(OFFLINE_ZIP): $(SOURCES) $(VENV)/.installed node_modules/.installed
	$(PY) scripts/build_offline.py --zip $@

bench: setup
	$(PY) scripts/bench.py --update-readme

# 200 seeded code mutations (about 8 minutes on 2 cores), then every number on every page (about 3).
mutation: setup
	$(PY) scripts/mutation.py --update-readme

test: setup
	$(PY) -m pytest $(PYTEST_PARALLEL)

# The notebooks' sources are notebooks/*.py (what git keeps and the site shows); this writes each,
# executed, to notebooks/<name>.ipynb (not kept by git: edit the .py to change a notebook for good).
notebooks: setup
	$(PY) scripts/notebooks.py
	$(VENV)/bin/jupyter notebook notebooks/

lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	.lock-venv/bin/pip uninstall --quiet --yes $(UNWANTED)
	{ echo "# Generated from requirements.in by 'make lock' (pip freeze in a fresh venv, less the Makefile's UNWANTED). Exact pins, installed as they are (--no-deps): do not edit by hand."; \
	  .lock-venv/bin/pip freeze; } > requirements.txt
	rm -rf .lock-venv

clean:
	rm -rf site site-offline .cache .pytest_cache bench.json
