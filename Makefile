# The two set-up commands of the README. Each creates .venv if missing and installs what it needs.
#   make reproduce   regenerate every figure and table under papers/ into out/ and check the
#                    tables against papers/*/expected/ (prints "matches (...)" per paper; exit 1 if not)
#   make test        ruff, the whole test suite (unit, property, replication, doctests, the browser
#                    test) and the documentation site (make docs-build: executes every notebook,
#                    warnings as errors, the doctests of its pages)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out
# pytest-xdist workers for `make test` (the suite is CPU-bound; one per core)
TEST_WORKERS ?= 2
# pinned versions: make test CONSTRAINTS=constraints.txt
CONSTRAINTS ?=
PIP_C  := $(if $(CONSTRAINTS),-c $(CONSTRAINTS),)

.PHONY: reproduce test test-fast test-long lint bench clean dist

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.pkg-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet $(PIP_C) -e ".[parquet,progress]"
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet $(PIP_C) -e ".[test,parquet,progress]"
	touch $@ $(VENV)/.pkg-installed

reproduce: $(VENV)/.pkg-installed
	MPLBACKEND=Agg $(BIN)/python -m deterrence_games reproduce --out $(OUT)

# the notebooks are executed (once) by the docs build, which fails on a cell that raises
test: $(VENV)/.test-installed browser
	$(BIN)/python -m ruff check deterrence_games tests benchmarks papers
	MPLBACKEND=Agg $(BIN)/python -m pytest tests deterrence_games README.md \
		--ignore=deterrence_games/__main__.py \
		--doctest-modules --doctest-glob='README.md' -q -n $(TEST_WORKERS) --durations=15 -m "not long"
	$(MAKE) docs-build

test-long: $(VENV)/.test-installed
	MPLBACKEND=Agg $(BIN)/python -m pytest tests -q -m long -n $(TEST_WORKERS)

test-fast: $(VENV)/.test-installed
	MPLBACKEND=Agg $(BIN)/python -m pytest tests -q -m "not slow and not long" -n $(TEST_WORKERS)

lint: $(VENV)/.test-installed
	$(BIN)/python -m ruff check deterrence_games tests benchmarks papers

bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/run.py

# wheel and sdist in dist/, then installed and run in a clean virtual environment
dist: $(VENV)/.test-installed
	rm -rf dist && $(BIN)/python -m build --no-isolation --outdir dist .
	MPLBACKEND=Agg $(BIN)/python -m pytest tests/packaging -q -p no:randomly

clean:
	rm -rf $(OUT) dist .pytest_cache .ruff_cache

# the long fuzz profile (on demand): 1,200 cases per model and property, > 10^5 model calls;
# the cases and model calls of each test go to $(OUT)/fuzz-stats/<worker>.json
.PHONY: fuzz
fuzz: $(VENV)/.test-installed
	DETERRENCE_GAMES_FUZZ=fuzz DETERRENCE_GAMES_FUZZ_STATS=$(OUT)/fuzz-stats MPLBACKEND=Agg \
		$(BIN)/python -m pytest tests/fuzz -q -p no:randomly -n $(TEST_WORKERS) -rfE

# Debian's chromium for the browser test (tests/browser, Playwright drives it headless): installed
# once as root from Debian's packages (about 1 min 20 s with apt-get update, 113 MB download,
# measured under load); nothing happens when it is present or with DG_SKIP_BROWSER=1.
.PHONY: browser
browser:
	@if [ -x /usr/bin/chromium ] || [ "$$DG_SKIP_BROWSER" = 1 ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "installing Debian's chromium for the browser test (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	else echo "the browser test needs Debian's chromium: sudo apt-get install --no-install-recommends chromium (or DG_SKIP_BROWSER=1)"; fi

# JupyterLab in .venv on the notebooks (its packages are installed by this target only);
# extra options: make notebook LAB_ARGS="--no-browser --port 8889" (as root --allow-root is added)
LAB_ARGS ?=
.PHONY: notebook lab
$(VENV)/.notebook-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet $(PIP_C) -e ".[notebooks,explore,progress,parquet]"
	touch $@ $(VENV)/.pkg-installed
notebook: $(VENV)/.notebook-installed
	$(BIN)/python -m jupyter lab notebooks $(if $(filter 0,$(shell id -u)),--allow-root,) $(LAB_ARGS)
lab: notebook

# the documentation site (Sphinx + MyST-NB) into build/docs/html, warnings as errors; then the
# doctests of its pages. The notebooks are executed once, in parallel, into build/docs/notebooks
# (reused while neither a notebook nor the package changed, longest first) and rendered without
# re-execution; meanwhile a small sample of papers/ figures is regenerated for the gallery. HTML
# is built in parallel (-j auto); the doctest builder reuses its doctrees. See docs/about.md.
DOCS_BUILD ?= build/docs
DOCS_JOBS  ?= 2
.PHONY: docs docs-build
$(VENV)/.docs-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet $(PIP_C) -e ".[docs,parquet,progress]"
	touch $@ $(VENV)/.pkg-installed

docs: $(VENV)/.docs-installed
	$(MAKE) docs-build

docs-build:
	rm -rf $(DOCS_BUILD)/src $(DOCS_BUILD)/html $(DOCS_BUILD)/doctest
	mkdir -p $(DOCS_BUILD)/src $(DOCS_BUILD)/notebooks
	cp -R docs/. $(DOCS_BUILD)/src/
	cp CHANGELOG.md $(DOCS_BUILD)/src/CHANGELOG.md
	MPLBACKEND=Agg $(BIN)/python docs/_scripts/gallery.py $(DOCS_BUILD)/src/gallery --jobs 1 & gallery=$$!; status=0; \
	$(BIN)/python docs/_scripts/execute_notebooks.py notebooks $(DOCS_BUILD)/notebooks --jobs $(DOCS_JOBS) || status=$$?; \
	wait $$gallery || status=1; exit $$status
	cp $(DOCS_BUILD)/notebooks/*.ipynb $(DOCS_BUILD)/src/tutorial/
	MPLBACKEND=Agg $(BIN)/python -m sphinx -W --keep-going -q -j auto -b html -d $(DOCS_BUILD)/doctrees $(DOCS_BUILD)/src $(DOCS_BUILD)/html
	MPLBACKEND=Agg $(BIN)/python -m sphinx -W --keep-going -q -b doctest -d $(DOCS_BUILD)/doctrees $(DOCS_BUILD)/src $(DOCS_BUILD)/doctest
	@echo "docs: $(DOCS_BUILD)/html/index.html"
