# The two set-up commands of the README. Each creates .venv if missing and installs what it needs.
#   make reproduce   regenerate every figure and table under papers/ into out/
#   make test        the whole test suite (unit, property, replication, notebooks, doctests) + ruff
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: reproduce test test-fast lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.pkg-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[parquet,progress]"
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,parquet,progress]"
	touch $@ $(VENV)/.pkg-installed

reproduce: $(VENV)/.pkg-installed
	MPLBACKEND=Agg $(BIN)/python -m deterrence_games reproduce --out $(OUT)

test: $(VENV)/.test-installed
	$(BIN)/python -m ruff check deterrence_games tests benchmarks papers
	MPLBACKEND=Agg $(BIN)/python -m pytest tests deterrence_games README.md notebooks \
		--ignore=deterrence_games/__main__.py \
		--doctest-modules --doctest-glob='README.md' --nbmake -q

test-fast: $(VENV)/.test-installed
	MPLBACKEND=Agg $(BIN)/python -m pytest tests -q -m "not slow"

lint: $(VENV)/.test-installed
	$(BIN)/python -m ruff check deterrence_games tests benchmarks papers

bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache

# the long fuzz profile (on demand): 1,200 cases per model and property, > 10^5 model calls
.PHONY: fuzz
fuzz: $(VENV)/.test-installed
	DETERRENCE_GAMES_FUZZ=fuzz MPLBACKEND=Agg $(BIN)/python -m pytest tests/fuzz -q -p no:randomly \
		--hypothesis-show-statistics
