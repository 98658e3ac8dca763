"""A build on two cores: MkDocs' page loop split over two processes (generator.engine.PageSplit).

The split must be invisible: the same site byte for byte, every failure and
every strict-mode warning of a page in the second process fails the build as it
would in one process, the link check sees the anchors of every page, and the
published site stays untouched when anything goes wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sitetools import build_folders, mkdocs_build, tree_digest

TWO = {"KADER_PROCESSES": "2"}  # two processes also where the machine has one core

# A hook that notes which process built which page, and can fail or warn in the second process only.
HOOK = """
import logging, os
FIRST = os.getpid()
def on_post_page(output, page, config, **kwargs):
    with open({log!r}, "a") as log:
        log.write(f"{{os.getpid()}} {{page.file.src_uri}}\\n")
    return output
def on_page_markdown(markdown, page, config, **kwargs):
    if os.getpid() != FIRST and {action!r} == "fail":
        raise RuntimeError("tweede proces faalt")
    if os.getpid() != FIRST and {action!r} == "warn":
        logging.getLogger("mkdocs.plugins.proef").warning("waarschuwing uit het tweede proces")
    return markdown
"""


def with_hook(mini: Path, tmp_path: Path, action: str = "") -> Path:
    log = tmp_path / "pages.log"
    (mini / "hook.py").write_text(HOOK.format(log=str(log), action=action), "utf-8")
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("strict: true\n", "strict: true\nhooks: [hook.py]\n"), "utf-8")
    return log


def html_files(site: Path) -> dict[str, str]:
    return {path: digest for path, digest in tree_digest(site).items() if not path.startswith("pagefind/")}


def test_two_processes_build_exactly_the_site_of_one(mini: Path, tmp_path: Path) -> None:
    log = with_hook(mini, tmp_path)
    one, two = tmp_path / "een", tmp_path / "twee"
    assert mkdocs_build(mini, one, KADER_PROCESSES="1").returncode == 0
    builders_one = {line.split()[0] for line in log.read_text("utf-8").splitlines()}
    log.unlink()
    result = mkdocs_build(mini, two, **TWO)
    assert result.returncode == 0, result.stderr
    pages = [line.split() for line in log.read_text("utf-8").splitlines()]
    assert len(builders_one) == 1 and len({pid for pid, _ in pages}) == 2  # really split, every page once
    assert len(pages) == len({page for _, page in pages})
    assert html_files(one) == html_files(two)  # (Pagefind's own index files differ from run to run)
    assert (one / "pagefind/woorden.json").read_bytes() == (two / "pagefind/woorden.json").read_bytes()


@pytest.mark.parametrize("action, message", [("fail", "tweede proces faalt"), ("warn", "strict mode")])
def test_a_failure_or_warning_in_the_second_process_fails_the_build(
    mini: Path, published: Path, tmp_path: Path, action: str, message: str
) -> None:
    before = tree_digest(published)
    with_hook(mini, tmp_path, action)
    result = mkdocs_build(mini, published, **TWO)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(published) == before
    assert build_folders(published) == []


def test_the_link_check_sees_the_anchors_of_both_processes(mini: Path, published: Path, tmp_path: Path) -> None:
    """Links to headings on generated pages, whichever process converts them: good ones pass, a wrong one fails."""
    log = with_hook(mini, tmp_path)
    targets = ["kader/proef/pk-1.md#in-de-praktijk", "kader/proef/pk-2.md#in-de-praktijk", "kader/proef/pk-3.md#in-de-praktijk"]
    links = "\n".join(f"- [naar {t}](../{t})" for t in targets)
    (mini / "docs/over").mkdir()
    (mini / "docs/over/links.md").write_text(f"# Links\n\n{links}\n", "utf-8")
    result = mkdocs_build(mini, published, **TWO)
    assert result.returncode == 0, result.stderr
    builders = {page: pid for pid, page in (line.split() for line in log.read_text("utf-8").splitlines())}
    assert len({builders[t.split("#")[0]] for t in targets} | {builders["over/links.md"]}) == 2  # across processes
    before = tree_digest(published)
    (mini / "docs/over/links.md").write_text(f"# Links\n\n{links}\n- [kapot](../kader/proef/pk-2.md#bestaat-niet)\n", "utf-8")
    result = mkdocs_build(mini, published, **TWO)
    assert "bestaat-niet" in result.stdout + result.stderr
    assert result.returncode != 0 and tree_digest(published) == before
