"""Atomic builds: whatever goes wrong during `mkdocs build`, the published site stays byte-identical.

Every test runs a real `mkdocs build --strict` subprocess on the small example
content against a previously published site, and compares every byte of it
before and after. No build folder (``.site.kader-*``) may remain.
"""

from __future__ import annotations

import fcntl
import os
import resource
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from conftest import edit
from sitetools import build_folders, mkdocs_build, page, start_build, tree_digest, wait_for_build_folder

MAIN_HTML = '{% extends "base.html" %}\n{% block content %}{{ super() }}<p>eigen sjabloon</p>{% endblock %}\n'


def use_overrides(mini: Path, main_html: str) -> Path:
    """Give the mini site a theme custom_dir with this main.html."""
    edit(mini / "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    (mini / "overrides").mkdir()
    (mini / "overrides/main.html").write_text(main_html, "utf-8")
    return mini / "overrides/main.html"


def assert_failed_and_untouched(result: subprocess.CompletedProcess[str], site: Path, before: dict[str, str]) -> None:
    assert result.returncode != 0, result.stderr
    assert tree_digest(site) == before
    assert build_folders(site) == []


def test_a_good_build_replaces_the_site_and_leaves_no_folder(mini: Path, published: Path) -> None:
    (published / "oud.html").write_text("van de vorige build", "utf-8")
    edit(mini / "rapporten/2020-beta.yaml", "titel: Proefrapport Beta", "titel: Proefrapport Beta herzien")
    result = mkdocs_build(mini, published)
    assert result.returncode == 0, result.stderr
    assert "Proefrapport Beta herzien" in page(published, "rapporten/2020-beta/").read_text("utf-8")
    assert not (published / "oud.html").exists()  # a fresh folder, not the old one cleaned
    assert build_folders(published) == []
    assert oct(published.stat().st_mode & 0o777) != oct(0o700)  # readable by a web server, not mkdtemp's private mode


@pytest.mark.parametrize(
    "main_html",
    [
        '{% extends "base.html" %}\n{% block content %}{{ nergens.niets() }}{% endblock %}\n',  # error while rendering
        '{% extends "base.html" %}\n{% block content %}{% if %}{% endblock %}\n',  # syntax error
    ],
    ids=["render-error", "syntax-error"],
)
def test_template_error_in_overrides_keeps_previous_site(mini: Path, published: Path, main_html: str) -> None:
    before = tree_digest(published)
    use_overrides(mini, main_html)
    assert_failed_and_untouched(mkdocs_build(mini, published), published, before)


def test_recursion_in_a_page_keeps_previous_site(mini: Path, published: Path) -> None:
    before = tree_digest(published)
    (mini / "docs/diep.md").write_text("# Diep\n\n" + "".join("    " * i + "- a\n" for i in range(600)), "utf-8")
    result = mkdocs_build(mini, published)
    assert "recursion" in result.stderr
    assert_failed_and_untouched(result, published, before)


def test_strict_warning_keeps_previous_site(mini: Path, published: Path) -> None:
    """MkDocs counts strict-mode warnings only after the last hook: the plugin must not publish before."""
    before = tree_digest(published)
    (mini / "docs/kapot.md").write_text("# Kapot\n\nZie [de pagina die er niet is](nergens.md).\n", "utf-8")
    result = mkdocs_build(mini, published)
    assert "nergens.md" in result.stderr and "strict mode" in result.stdout + result.stderr
    assert_failed_and_untouched(result, published, before)


@pytest.mark.parametrize("event", ["on_page_markdown", "on_post_build"])
def test_an_exception_in_a_hook_keeps_previous_site(mini: Path, published: Path, event: str) -> None:
    before = tree_digest(published)
    (mini / "hook.py").write_text(f"def {event}(*args, **kwargs):\n    raise RuntimeError('haak faalt')\n", "utf-8")
    edit(mini / "mkdocs.yml", "strict: true\n", "strict: true\nhooks: [hook.py]\n")
    result = mkdocs_build(mini, published)
    assert "haak faalt" in result.stderr
    assert_failed_and_untouched(result, published, before)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_mid_build_keeps_previous_site_and_removes_the_folder(mini: Path, published: Path, signum: int) -> None:
    before = tree_digest(published)
    build = start_build(mini, published)
    folder = wait_for_build_folder(published, build)
    build.send_signal(signum)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode != 0 and build.returncode != -signum, stderr  # ended itself, not killed by the signal
    assert "Traceback" not in stderr
    if signum == signal.SIGTERM:
        assert build.returncode == 128 + signum and "Bouw afgebroken (SIGTERM)" in stderr
    assert not folder.exists()
    assert tree_digest(published) == before
    assert build_folders(published) == []


def test_sigkill_mid_build_keeps_previous_site_and_the_next_build_cleans_up(mini: Path, published: Path) -> None:
    before = tree_digest(published)
    build = start_build(mini, published)
    folder = wait_for_build_folder(published, build)
    build.kill()
    build.communicate(timeout=60)
    assert tree_digest(published) == before
    assert folder.exists()  # nothing can clean up after SIGKILL…
    result = mkdocs_build(mini, published)  # …but the next build does, under the lock
    assert result.returncode == 0, result.stderr
    assert build_folders(published) == []
    assert page(published, "rapporten/2020-beta/").exists()


def test_a_full_disk_keeps_previous_site(mini: Path, published: Path) -> None:
    """No file may grow beyond 64 kB (Material's JavaScript bundle is larger): writing fails as on a full disk."""
    before = tree_digest(published)

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    build = start_build(mini, published, preexec_fn=limit_file_size)
    _, stderr = build.communicate(timeout=120)
    assert "File too large" in stderr
    assert_failed_and_untouched(subprocess.CompletedProcess(build.args, build.returncode, "", stderr), published, before)


def test_a_build_waits_for_the_lock_of_another_build(mini: Path, published: Path) -> None:
    """While another build holds the lock (here: this test, exactly as a build takes it), a build waits and says so."""
    before = tree_digest(published)
    holder = os.open(published.parent, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        build = start_build(mini, published)
        assert build.stderr is not None
        first_line = build.stderr.readline()  # blocks until the build reaches the lock
        assert "Een andere build van" in first_line and "wacht tot die klaar is" in first_line, first_line
        assert build.poll() is None and build_folders(published) == []  # waiting, nothing written
        assert tree_digest(published) == before
    finally:
        os.close(holder)  # the other build ends
    _, stderr = build.communicate(timeout=120)
    assert build.returncode == 0, stderr
    assert build_folders(published) == []


def test_concurrent_builds_end_in_the_site_of_a_single_build(mini: Path, tmp_path: Path) -> None:
    single = tmp_path / "enkel" / "site"
    assert mkdocs_build(mini, single).returncode == 0
    site = tmp_path / "site"
    builds = [start_build(mini, site), start_build(mini, site)]
    for build in builds:
        _, stderr = build.communicate(timeout=180)
        assert build.returncode == 0, stderr
    assert tree_digest(site) == tree_digest(single)
    assert build_folders(site) == []


def test_dirty_build_starts_from_a_copy_and_a_failed_one_changes_nothing(mini: Path, tmp_path: Path) -> None:
    """`mkdocs build --dirty` rewrites files in place: in a copy, so a failure leaves the site as it was."""
    site = tmp_path / "site"
    assert mkdocs_build(mini, site).returncode == 0
    edit(mini / "rapporten/2020-beta.yaml", "De warme overdracht gebeurt altijd.", "De overdracht gebeurt soms warm.")
    result = mkdocs_build(mini, site, "--dirty")
    assert result.returncode == 0, result.stderr
    assert "soms warm" in page(site, "rapporten/2020-beta/").read_text("utf-8")
    assert (site / "data/items.csv").exists() and (site / "assets").is_dir()  # the rest is still there
    before = tree_digest(site)

    edit(mini / "rapporten/2020-beta.yaml", "De overdracht gebeurt soms warm.", "De overdracht gebeurt nooit warm.")
    (mini / "docs/kapot.md").write_text("# Kapot\n\nZie [niets](nergens.md).\n", "utf-8")
    result = mkdocs_build(mini, site, "--dirty")
    assert_failed_and_untouched(result, site, before)


# --------------------------------------------------------------------------- #
# The swap itself (in-process)
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_publish_swaps_in_the_new_folder_and_deletes_the_old(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    from generator import atomic

    site = tmp_path / "site"
    site.mkdir()
    (site / "oud.html").write_text("oud", "utf-8")
    if not exchange:  # what happens where renameat2 is missing (other OSes, old C libraries)
        monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    staging = atomic.Staging(site, dirty=False)
    assert staging.folder.parent == site.parent and staging.folder.name.startswith(".site.kader-")
    (staging.folder / "nieuw.html").write_text("nieuw", "utf-8")
    staging.publish()
    assert sorted(p.name for p in site.iterdir()) == ["nieuw.html"]
    assert build_folders(site) == []


def test_a_dirty_build_folder_links_to_the_site_and_detaches_what_it_rewrites(tmp_path: Path) -> None:
    """Hard links, not a copy (a large site took seconds per save); MkDocs truncates and rewrites files in place,
    so a file is unlinked before the build writes it, and the published one keeps its bytes."""
    from generator import atomic

    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a/index.html").write_text("oud", "utf-8")
    staging = atomic.Staging(site, dirty=True)
    copy = staging.folder / "a/index.html"
    assert copy.stat().st_ino == (site / "a/index.html").stat().st_ino
    assert copy.stat().st_mtime_ns == (site / "a/index.html").stat().st_mtime_ns  # dirty builds compare times
    staging.detach([copy, staging.folder / "bestaat-niet.html"])
    assert not copy.exists()
    copy.write_text("nieuw", "utf-8")
    staging.remove(["a/index.html", "../site/a/index.html"])  # a path outside the folder is never removed
    assert not (staging.folder / "a").exists()
    staging.discard()
    assert (site / "a/index.html").read_text("utf-8") == "oud"
    assert build_folders(site) == []


def test_mirror_links_makes_a_folder_a_link_tree_of_the_site_reusing_what_still_links(tmp_path: Path) -> None:
    """mkdocs serve starts the next dirty build from the folder the last one replaced: only changes are redone."""
    from generator import atomic

    site, spare = tmp_path / "site", tmp_path / "spare"
    for rel, text in {"a/index.html": "a", "b/index.html": "b", "c.css": "c", "d/e/f.html": "f"}.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, "utf-8")
    (site / "link").symlink_to("c.css")
    shutil.copytree(site, spare, symlinks=True, copy_function=os.link)
    kept = (spare / "a/index.html").stat().st_ino
    # the site moves on: a page rewritten (new file), one gone, one new, a file that became a folder and back
    (site / "b/index.html").unlink()
    (site / "b/index.html").write_text("b2", "utf-8")
    shutil.rmtree(site / "d")
    (site / "d").write_text("nu een bestand", "utf-8")
    (site / "c.css").unlink()
    (site / "c.css").mkdir()
    (site / "c.css/x").write_text("x", "utf-8")
    (site / "nieuw/index.html").parent.mkdir()
    (site / "nieuw/index.html").write_text("n", "utf-8")
    (spare / "oud.html").write_text("weg", "utf-8")

    atomic.mirror_links(site, spare)

    def tree(folder: Path) -> dict[str, tuple[str, int | str]]:
        out: dict[str, tuple[str, int | str]] = {}
        for path in sorted(folder.rglob("*")):
            rel = str(path.relative_to(folder))
            if path.is_symlink():
                out[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                out[rel] = ("dir", 0)
            else:
                out[rel] = ("file", path.stat().st_ino)
        return out

    assert tree(spare) == tree(site)  # every file the same inode as the site's, nothing more, nothing less
    assert (spare / "a/index.html").stat().st_ino == kept  # what still linked was left alone


def test_mirror_links_leaves_what_it_is_told_to_keep(tmp_path: Path) -> None:
    """Under serve a reused folder keeps its own search index until Pagefind indexes the new preview."""
    from generator import atomic

    site, spare = tmp_path / "site", tmp_path / "spare"
    (site / "pagefind").mkdir(parents=True)
    (site / "pagefind/nieuw.pf").write_text("nieuw", "utf-8")
    (site / "index.html").write_text("i", "utf-8")
    (spare / "pagefind").mkdir(parents=True)
    (spare / "pagefind/oud.pf").write_text("oud", "utf-8")
    atomic.mirror_links(site, spare, keep=frozenset({"pagefind"}))
    assert sorted(p.name for p in (spare / "pagefind").iterdir()) == ["oud.pf"]
    assert (spare / "index.html").stat().st_ino == (site / "index.html").stat().st_ino
    atomic.mirror_links(site, spare)
    assert sorted(p.name for p in (spare / "pagefind").iterdir()) == ["nieuw.pf"]
