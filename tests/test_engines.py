"""The export is the contract with the site engine: three engines build it without the kader plugin.

`python -m generator export DIR` writes a complete site source; it is built
here with the pinned MkDocs + Material (this venv), with ProperDocs and with
Zensical (each in its own venv under .engines/, made by `make engines-setup`
from PyPI). Each build must contain every exported page and its internal
links must resolve. These tests look at pages and links only, not at page
details, so the page templates can change freely.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import GATES, ROOT
from sitetools import broken_links

ENGINES = ROOT / ".engines"


def engine(name: str, command: str) -> Path:
    binary = ENGINES / name / "bin" / command
    assert binary.exists(), f"{binary} ontbreekt: maak de omgevingen van de site-engines met `make engines-setup`"
    return binary


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(ROOT), "export", str(out)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    return out


def page_urls(exported: Path) -> list[str]:
    """Every exported Markdown page as the directory URL an engine gives it."""
    urls = []
    for path in sorted((exported / "docs").rglob("*.md")):
        rel = path.relative_to(exported / "docs").as_posix()
        urls.append(rel[: -len("index.md")] if rel.endswith("index.md") else rel[:-3] + "/")
    return urls


def build(command: list[str], project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}, timeout=600
    )


def missing_pages(site: Path, exported: Path) -> list[str]:
    return [url for url in page_urls(exported) if not (site / url / "index.html").exists()]


def test_export_is_a_complete_site_source(exported: Path) -> None:
    config = yaml.safe_load((exported / "mkdocs.yml").read_text("utf-8"))
    assert config["plugins"] == ["search"]  # no kader plugin: the engine only converts Markdown
    assert config["theme"]["custom_dir"] == "overrides" and config["site_url"].startswith("https://")
    assert config["markdown_extensions"][0]["abbr"]["glossary"]  # the glossary the plugin would add
    assert (exported / "overrides" / "main.html").exists() and (exported / "overrides" / "assets" / "kader.css").exists()
    assert not (exported / "overrides" / "templates").exists()
    for name in ("feed.xml", "robots.txt", "data/datapackage.json", "data/items.csv", "toegankelijkheid.md", "index.md"):
        assert (exported / "docs" / name).exists(), name
    assert len(page_urls(exported)) > 50


def test_mkdocs_material_builds_the_export(exported: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = build([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)], exported)
    assert result.returncode == 0, result.stderr
    assert missing_pages(site, exported) == []
    broken, checked = broken_links(site)
    assert broken == [] and checked > 1000
    GATES["engine MkDocs + Material"] = f"{len(page_urls(exported))} pagina's, {checked} links, 0 kapot"


def test_properdocs_builds_the_export(exported: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    binary = engine("properdocs", "properdocs")
    result = build([str(binary), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)], exported)
    assert result.returncode == 0, result.stderr
    assert "ProperDocs" in (site / "index.html").read_text("utf-8")  # <meta name="generator">: it was ProperDocs
    assert missing_pages(site, exported) == []
    broken, checked = broken_links(site)
    assert broken == [] and checked > 1000
    GATES["engine ProperDocs"] = f"{len(page_urls(exported))} pagina's, {checked} links, 0 kapot"


def test_zensical_builds_the_export(exported: Path, tmp_path: Path) -> None:
    """Zensical writes into site/ of the project, so it builds a copy.

    Known difference (README, "Site-engines"): Zensical resolves relative links in raw
    HTML against the source file, like Markdown links, so a raw-HTML link on a page
    that is not an index page ends up one level too deep. Every broken link must be
    exactly that: with one '../' less it resolves. Markdown links all resolve.
    """
    project = tmp_path / "project"
    shutil.copytree(exported, project)
    binary = engine("zensical", "zensical")
    result = build([str(binary), "build", "--strict", "-f", "mkdocs.yml"], project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    assert missing_pages(site, exported) == []
    broken, checked = broken_links(site)
    assert checked > 1000
    off_by_one = []
    for entry in broken:
        page, _, href = entry.removesuffix(" (anker)").partition(" -> ")
        assert href.startswith("../"), entry
        path, _, anchor = href[3:].partition("#")
        target = (site / page).parent / path.partition("?")[0]
        target = target / "index.html" if target.is_dir() else target
        assert target.is_file(), entry
        assert not anchor or f'id="{anchor}"' in target.read_text("utf-8"), entry
        off_by_one.append(entry)
    GATES["engine Zensical"] = (
        f"{len(page_urls(exported))} pagina's, {checked} links, {len(off_by_one)} ruwe-HTML-links één niveau te diep (bekend verschil)"
    )
