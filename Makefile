# Kader in de praktijk — the commands a newcomer needs.
#   make site    set up and build the site into site/
#   make serve   set up and serve on http://127.0.0.1:8000 (on every save rebuilds only the pages it touched)
#   make test    set up everything (Python, Chromium, Java/npm tools) and run all tests
#   make check   validate the content only (what a content CI runs)
#   make golden  rewrite tests/golden after an intended change to the generated pages (review the diff)

VENV    ?= .venv
PY      := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test check setup setup-test browser tools lint bench schema golden

$(VENV)/.ok: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-ok: $(VENV)/.ok
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

setup: $(VENV)/.ok
setup-test: $(VENV)/.test-ok browser tools

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

bench: setup-test
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) scripts/benchmark.py

schema: setup
	$(PY) -m generator schema

# Rewrite the golden Markdown files of the mini fixture after an intended change; review with git diff.
golden: $(VENV)/.test-ok
	KADER_GOLDEN=bijwerken $(PY) -m pytest -q tests/test_golden.py
	git diff --stat -- tests/golden
