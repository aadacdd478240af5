# Two commands set everything up on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# What the start screen shows before the content has loaded (src/vinrguide/startlist.py); a stale one is not used.
STARTLIST := .startlist.json
CONTENT   := pack.toml $(wildcard flows/*.toml routines/*.md routines/*.toml scenarios/*.toml) \
             $(wildcard src/vinrguide/content/*.py) src/vinrguide/engine.py src/vinrguide/startlist.py

.PHONY: run test lint check bench soak serve clean browser

$(STAMP): pyproject.toml constraints.txt setup.py
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "vinrguide needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || { echo "Python's venv module is missing. Install it, e.g. 'sudo apt-get install python3-venv', then run make again."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

$(STARTLIST): $(STAMP) $(CONTENT)
	$(BIN)/python -m vinrguide.startlist

run: $(STAMP) $(STARTLIST)  ## open the app on the built-in Uppsala content
	$(BIN)/vinrguide

serve: $(STAMP)  ## the app in a browser on http://127.0.0.1:8000
	$(BIN)/vinrguide serve

check: $(STAMP)  ## validate the content pack
	$(BIN)/vinrguide check

# The browser test drives Debian's Chromium; install it when missing (never a downloaded browser build).
browser:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Chromium for the browser test (apt-get)…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) $(STARTLIST) browser  ## the whole test suite
	$(BIN)/vinrguide check --quiet
	$(BIN)/vinrguide scenarios
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP) $(STARTLIST) browser
	$(BIN)/python -m bench

soak: $(STAMP)
	$(BIN)/python -m pytest -q -m soak -p no:xdist --run-soak

clean:
	rm -rf $(VENV) $(STARTLIST) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
