# Kader in de praktijk — the commands a newcomer needs.
#   make site    set up and build the site into site/
#   make serve   set up and serve on http://127.0.0.1:8000 (on every save rebuilds only the pages it touched)
#   make test    set up everything (Python, Chromium, Java/npm tools) and run all tests
#   make check   validate the content only (what a content CI runs)
#   make golden  rewrite tests/golden after an intended change to the generated pages (review the diff)
#   make engines build the export with MkDocs + Material, ProperDocs and Zensical

VENV    ?= .venv
PY      := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test check setup setup-test browser tools lint bench schema golden engines engines-setup export

$(VENV)/.ok: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-ok: $(VENV)/.ok
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

setup: $(VENV)/.ok
setup-test: $(VENV)/.test-ok browser tools engines-setup

# The other site engines that build the export (python -m generator export), each in its own
# venv under .engines/, installed from PyPI by name (about 25 s and 10 s on a 2-core machine).
# Zensical 0.0.73: the newest release that installs from PyPI (0.0.74 and later need zensical-ui,
# which PyPI does not offer for install).
ENGINES         ?= .engines
PROPERDOCS_PINS := properdocs==1.6.7 mkdocs-material==9.8.1 pymdown-extensions==13.1 Markdown==3.11.3
ZENSICAL_PINS   := zensical==0.0.73 pymdown-extensions==13.1 Markdown==3.11.3

$(ENGINES)/properdocs/.ok: Makefile
	rm -rf $(ENGINES)/properdocs && python3 -m venv $(ENGINES)/properdocs
	$(ENGINES)/properdocs/bin/pip install --quiet $(PROPERDOCS_PINS)
	touch $@

$(ENGINES)/zensical/.ok: Makefile
	rm -rf $(ENGINES)/zensical && python3 -m venv $(ENGINES)/zensical
	$(ENGINES)/zensical/bin/pip install --quiet $(ZENSICAL_PINS)
	touch $@

engines-setup: $(ENGINES)/properdocs/.ok $(ENGINES)/zensical/.ok

# Build the export with MkDocs + Material, ProperDocs and Zensical; check pages and links.
engines: $(VENV)/.test-ok engines-setup
	$(VENV)/bin/python -m pytest tests/test_engines.py -q

# The site as a plain site source for any engine (export/; see README, "Site-engines").
export: setup
	$(PY) -m generator export export

site: setup
	$(VENV)/bin/mkdocs build

serve: setup
	$(VENV)/bin/mkdocs serve --dirty

check: setup
	$(VENV)/bin/kader-check

# Debian's Chromium for the browser tests (Playwright cannot download a browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }
	@chromium --version

# The Nu Html Checker (vnu-jar, run with the machine's Java), pinned in package.json.
tools:
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; fi; }
	@[ -f node_modules/vnu-jar/build/dist/vnu.jar ] && [ -f node_modules/axe-core/axe.min.js ] || npm ci --silent --no-audit --no-fund

lint: $(VENV)/.test-ok
	$(VENV)/bin/ruff check generator tests scripts
	$(VENV)/bin/ruff format --check generator tests scripts
	$(VENV)/bin/mypy

test: setup-test lint
	$(VENV)/bin/python -m pytest

# Options in BENCH_ARGS, e.g. make bench BENCH_ARGS="--sizes 1000 --profile" (see scripts/benchmark.py --help)
bench: setup-test
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) scripts/benchmark.py $(BENCH_ARGS)

schema: setup
	$(PY) -m generator schema

# Rewrite the golden Markdown files of the mini fixture after an intended change; review with git diff.
golden: $(VENV)/.test-ok
	KADER_GOLDEN=bijwerken $(PY) -m pytest -q tests/test_golden.py
	git diff --stat -- tests/golden
