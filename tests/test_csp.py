"""The CSP trusts only what the project ships; the engine adapter refuses untested MkDocs/Material versions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import edit
from sitetools import build_folders, mkdocs_build, page, tree_digest

from generator import csp, engine


def meta_policy(html: str) -> str:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert match, "no CSP meta"
    return match.group(1)


def test_every_page_allows_exactly_its_theme_scripts(built_pages: list[Path]) -> None:
    for path in built_pages:
        html = path.read_text("utf-8")
        policy = meta_policy(html)
        script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
        hashes = set(re.findall(r"'sha256-[^']+'", script_src))
        assert hashes == set(csp.source_hash(b) for b in csp.executable_inline_scripts(html)), path
        assert "'wasm-unsafe-eval'" in script_src and "'unsafe-inline'" not in policy
        assert "frame-ancestors" not in policy  # ignored by browsers in a <meta> policy


def test_headers_file_sends_the_policy_with_framing_forbidden(mini_site: Path) -> None:
    headers = (mini_site / "_headers").read_text("utf-8")
    assert "frame-ancestors 'none'" in headers and "X-Frame-Options: DENY" in headers
    assert "'wasm-unsafe-eval'" in headers
    # every hash any page uses is in the one header policy
    used = set(re.findall(r"'sha256-[^']+'", "".join(meta_policy(p.read_text("utf-8")) for p in mini_site.rglob("*.html"))))
    assert used and used <= set(re.findall(r"'sha256-[^']+'", headers))


@pytest.fixture(scope="session")
def built_pages(mini_site: Path) -> list[Path]:
    return sorted(mini_site.rglob("*.html"))


@pytest.mark.parametrize(
    ("raw_html", "said"),
    [
        ("<script>alert(1)</script>", "inline <script> die niet uit het thema komt"),
        ('<script type="text/javascript">alert(1)</script>', "inline <script> die niet uit het thema komt"),
        ('<p><a href="#" onclick="alert(1)">klik</a></p>', "event-attribuut onclick="),
        ('<p><img src="x.png" alt="x"/onerror="alert(1)"></p>', "event-attribuut onerror="),
        ('<p><a href="&#106;ava&#x09;script&colon;alert(1)">klik</a></p>', "script-URL in href="),
        ('<p><a href=" JAVASCRIPT:alert(1)">klik</a></p>', "script-URL in href="),
        ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "script-URL in content="),
    ],
    ids=["script", "script-type", "onclick", "onerror-after-slash", "entity-javascript-url", "javascript-url", "meta-refresh"],
)
def test_raw_html_that_runs_script_fails_the_build(mini: Path, published: Path, raw_html: str, said: str) -> None:
    """Hand-written docs/*.md are held to the same rule as generated pages: the build names the page, the site stays."""
    before = tree_digest(published)
    (mini / "docs/uitleg.md").write_text(f"# Uitleg\n\nGewone tekst.\n\n{raw_html}\n", "utf-8")
    result = mkdocs_build(mini, published)
    assert result.returncode != 0
    assert "uitleg.md (/uitleg/)" in result.stderr and said in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(published) == before
    assert build_folders(published) == []


def test_text_that_only_looks_like_script_is_fine(mini: Path, tmp_path: Path) -> None:
    """Escaped tags, 'onderwerp = …' and words starting with j/v pass the audit: only what would run fails."""
    text = "Tekst met &lt;script&gt;alert(1)&lt;/script&gt; als tekst, onderwerp = jeugd, en een [link](toegankelijkheidsverklaring.md)."
    (mini / "docs/uitleg.md").write_text(f"# Uitleg\n\n{text}\n", "utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(mini, site)
    assert result.returncode == 0, result.stderr
    assert "onderwerp = jeugd" in page(site, "uitleg/").read_text("utf-8")


def page_html_of_theme_partial(name: str) -> str:
    import material

    return (Path(material.__file__).parent / "templates/partials/javascripts" / name).read_text("utf-8")


def test_scripts_in_site_overrides_are_allowed(mini: Path, tmp_path: Path) -> None:
    """An inline script the project ships in its theme overrides (custom_dir) is in the allowlist."""
    edit(mini / "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    (mini / "overrides").mkdir()
    (mini / "overrides/main.html").write_text(
        '{% extends "base.html" %}\n{% block scripts %}{{ super() }}<script>document.body.dataset.eigen="ja"</script>{% endblock %}\n',
        "utf-8",
    )
    site = tmp_path / "site"
    result = mkdocs_build(mini, site)
    assert result.returncode == 0, result.stderr
    html = page(site, "rapporten/2020-beta/").read_text("utf-8")
    assert csp.source_hash('document.body.dataset.eigen="ja"') in meta_policy(html)


def test_theme_allowlist_is_read_from_the_templates(mini_site: Path) -> None:
    """Material's static scripts by hash; its templated one (base_url) rendered per page depth."""
    from mkdocs.config import load_config

    config = load_config(str(Path(__file__).parent / "fixtures/mini/mkdocs.yml"))
    scripts = engine.ThemeScripts(config)
    palette = next(csp.executable_inline_scripts(page_html_of_theme_partial("palette.html")))
    assert csp.source_hash(palette) in scripts.static
    deep, top = scripts.allowed("../../.."), scripts.allowed(".")
    assert deep - top and top - deep  # the base.html partial differs per depth
    html = page(mini_site, "kader/proef/pk-1/").read_text("utf-8")
    assert {csp.source_hash(b) for b in csp.executable_inline_scripts(html)} <= deep
    assert csp.audit("<script>alert(1)</script>", deep).problems


def test_audit_ignores_data_scripts_and_text() -> None:
    allowed = frozenset({csp.source_hash("ok()")})
    html = (
        '<script type="application/ld+json">{"@type": "Report"}</script><script id="__config" type="application/json">{}</script>'
        '<script src="assets/kader.js"></script><script>ok()</script><p>on = aan, javascript: een taal</p>'
        '<a href="varianten/noord/">v</a><a href="jeugd/">j</a>'
    )
    assert csp.audit(html, allowed) == csp.Audit(hashes=[csp.source_hash("ok()")], problems=[])


def test_untested_engine_version_fails_the_build(monkeypatch: pytest.MonkeyPatch, mini: Path, published: Path) -> None:
    """A build with another Material (or MkDocs) version stops with the adapter's Dutch message; the site stays."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    real = engine.importlib.metadata.version
    monkeypatch.setattr(engine.importlib.metadata, "version", lambda name: "9.9.0" if name == "mkdocs-material" else real(name))
    with pytest.raises(Exception, match=r"geïnstalleerd is mkdocs-material 9\.9\.0"):
        engine.check_versions()

    before = tree_digest(published)
    config = load_config(str(mini / "mkdocs.yml"), site_dir=str(published))
    monkeypatch.chdir(mini)
    with pytest.raises(Abort):
        build(config)
    assert tree_digest(published) == before
    assert build_folders(published) == []


def test_tested_versions_are_the_pinned_ones() -> None:
    pyproject = (Path(__file__).parent.parent / "pyproject.toml").read_text("utf-8")
    for name, version in engine.TESTED.items():
        assert f'"{name}' in pyproject and f"=={version}" in pyproject
    engine.check_versions()  # the installed ones pass


def test_a_plain_html_file_in_docs_is_audited_too(mini: Path, published: Path) -> None:
    """HTML files in docs/ are copied, not rendered: the audit reads them from the new site folder."""
    before = tree_digest(published)
    (mini / "docs/los.html").write_text('<!doctype html><title>Los</title><button onclick="alert(1)">x</button>', "utf-8")
    result = mkdocs_build(mini, published)
    assert result.returncode != 0
    assert "los.html: event-attribuut onclick=" in result.stderr, result.stderr
    assert tree_digest(published) == before
