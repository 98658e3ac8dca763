"""A build on two cores: MkDocs' page loop split over two processes (generator.engine.PageSplit).

The split must be invisible: the same site byte for byte, every failure and
every strict-mode warning of a page in the second process fails the build as it
would in one process, the link check sees the anchors of every page, and the
published site stays untouched when anything goes wrong.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sitetools import build_folders, mkdocs_build, tree_digest

from generator import pipeline, processes

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


# --------------------------------------------------------------------------- #
# processes.map_halves: content parsing, text conversion and page rendering
# --------------------------------------------------------------------------- #


def _double_with_pid(n: int) -> tuple[int, int]:
    return n * 2, os.getpid()


def _fails_on_101(n: int) -> int:
    if n == 101:
        raise ValueError("honderdeen")
    return n


def test_map_halves_keeps_the_order_and_uses_a_second_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KADER_PROCESSES", "2")
    results = processes.map_halves(_double_with_pid, list(range(201)))
    assert [value for value, _ in results] == [n * 2 for n in range(201)]
    assert {pid for _, pid in results[1::2]} != {os.getpid()} and {pid for _, pid in results[0::2]} == {os.getpid()}
    monkeypatch.setenv("KADER_PROCESSES", "1")
    assert {pid for _, pid in processes.map_halves(_double_with_pid, list(range(201)))} == {os.getpid()}


def test_map_halves_raises_what_went_wrong_in_the_second_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KADER_PROCESSES", "2")
    with pytest.raises(RuntimeError, match="ValueError: honderdeen"):
        processes.map_halves(_fails_on_101, list(range(200)))  # 101: an odd index, the second process's half


def test_kader_check_finds_the_same_problems_in_two_processes(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Enough reports (more than processes.MIN_ITEMS) that both processes parse and convert; broken ones in both halves."""
    source = (mini / "rapporten/2020-beta.yaml").read_text("utf-8")
    for n in range(80):
        text = source.replace("id: 2020-beta", f"id: 2020-beta-{n}").replace("Proefrapport Beta", f"Proefrapport Beta {n}")
        if n % 9 == 0:  # a syntax error
            text = text.replace("titel: Resultaten", "titel: [Resultaten")
        if n % 7 == 0:  # a text the validator refuses
            text = text.replace("tekst: De warme overdracht gebeurt altijd.", "tekst: Zie [dit](javascript:alert(1)).")
        (mini / f"rapporten/2020-beta-{n}.yaml").write_text(text, "utf-8")
    monkeypatch.setenv("KADER_PROCESSES", "1")
    one = pipeline.check(mini)
    monkeypatch.setenv("KADER_PROCESSES", "2")
    two = pipeline.check(mini)
    assert len(one) >= 15 and one == two
    assert {problem.path for problem in one} >= {
        "rapporten/2020-beta-0.yaml",
        "rapporten/2020-beta-7.yaml",
        "rapporten/2020-beta-9.yaml",
    }


def test_the_pages_are_the_same_in_two_processes(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(40):  # more pages than processes.MIN_ITEMS
        (mini / f"rapporten/2020-beta-{n}.yaml").write_text(
            (mini / "rapporten/2020-beta.yaml").read_text("utf-8").replace("id: 2020-beta", f"id: 2020-beta-{n}"), "utf-8"
        )
    monkeypatch.setenv("KADER_PROCESSES", "1")
    one = pipeline.build(mini)
    monkeypatch.setenv("KADER_PROCESSES", "2")
    two = pipeline.build(mini)
    assert len(one.pages) > processes.MIN_ITEMS
    assert [(p.path, p.text) for p in one.pages] == [(p.path, p.text) for p in two.pages]


def test_no_second_process_where_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """mkdocs serve runs threads (server, file watcher, search index): a fork there could hang on their locks."""
    import threading

    monkeypatch.delenv("KADER_PROCESSES", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not processes.may_fork()
        assert {pid for _, pid in processes.map_halves(_double_with_pid, list(range(100)))} == {os.getpid()}
    finally:
        stop.set()
        thread.join()
    if threading.active_count() == 1:
        assert processes.may_fork()
