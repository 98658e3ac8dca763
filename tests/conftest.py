"""Shared fixtures: copies of the small example content, and the real project root."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# The internal-error guard re-raises in tests (also in subprocesses, which inherit this): a test
# fails with the real traceback whenever hostile input reaches the guard instead of a Problem.
os.environ["KADER_INTERN_FOUT"] = "raise"

# Property tests are deterministic: "ci" (the default, also in CI) derandomises hypothesis, so a run
# fails or passes the same way every time. "nacht" tries many more inputs, for developers:
#   HYPOTHESIS_PROFILE=nacht .venv/bin/python -m pytest tests/test_properties.py
_PROPERTY = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}
settings.register_profile("ci", derandomize=True, max_examples=100, print_blob=True, **_PROPERTY)
settings.register_profile("nacht", derandomize=False, max_examples=2000, **_PROPERTY)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def copy_mini(target: Path) -> Path:
    """A copy of the small example content (kader/, rapporten/, docs/, mkdocs.yml) at ``target``."""
    shutil.copytree(MINI, target)
    mkdocs_yml = target / "mkdocs.yml"
    mkdocs_yml.write_text(
        mkdocs_yml.read_text("utf-8").replace("../../../site_overrides/templates", str(ROOT / "site_overrides" / "templates")),
        "utf-8",
    )
    return target


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small example content, for tests that change it."""
    return copy_mini(tmp_path / "mini")


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small example content built once per session with a real `mkdocs build --strict`: for tests that only read it."""
    from sitetools import mkdocs_build

    folder = tmp_path_factory.mktemp("mini-site")
    site = folder / "site"
    result = mkdocs_build(copy_mini(folder / "mini"), site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return site


@pytest.fixture
def published(mini: Path, mini_site: Path) -> Path:
    """A previously published site for ``mini`` (a copy of the session's build): what a failed build must leave alone."""
    site = mini.parent / "site"
    shutil.copytree(mini_site, site, symlinks=True)
    return site


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact snippet in a file; fails loudly if the snippet is not there."""
    text = path.read_text("utf-8")
    assert old in text, f"snippet not in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), "utf-8")


# --------------------------------------------------------------------------- #
# The real site, built once per test session, served on 127.0.0.1, and a real browser
# --------------------------------------------------------------------------- #

import functools  # noqa: E402
import http.server  # noqa: E402
import threading  # noqa: E402
from collections.abc import Iterator  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, built with a real `mkdocs build --strict`."""
    from sitetools import mkdocs_build

    folder = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, folder)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope="session")
def site_url(real_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(real_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright; a missing browser is a failure, not a skip."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run `make browser` (apt-get install chromium)"
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


# Counts per quality gate, printed at the end of the run so CI output shows them.
GATES: dict[str, str] = {}


def pytest_terminal_summary(terminalreporter: object) -> None:
    if GATES:
        write = terminalreporter.write_line  # type: ignore[attr-defined]
        write("")
        write("Kwaliteitspoorten (quality gates):")
        for gate, figures in GATES.items():
            write(f"  {gate}: {figures}")
