"""`mkdocs serve` with bad content: the messages, the last good site served, recovery without restart."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import edit


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, timeout: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_keeps_last_good_site_and_recovers(mini: Path, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(mini / "mkdocs.yml")],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=mini,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        url = f"http://127.0.0.1:{port}/rapporten/2020-beta/"
        assert wait_for(lambda: "Warme overdracht" in fetch(url)), log.read_text()
        report = mini / "rapporten/2020-beta.yaml"
        # break the file: the build stops with the message, the old page stays
        edit(report, "titel: Warme overdracht", "tital: Warme overdracht")
        assert wait_for(lambda: "onbekende sleutel 'tital'" in log.read_text()), log.read_text()
        assert "rapporten/2020-beta.yaml:" in log.read_text()
        assert "Warme overdracht" in fetch(url)
        # fix it with new content: the site comes back, updated, without a restart
        edit(report, "tital: Warme overdracht", "titel: Warme overdracht hersteld")
        assert wait_for(lambda: "Warme overdracht hersteld" in fetch(url)), log.read_text()
        assert server.poll() is None
        assert "Traceback" not in log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=10)


def search_docs(base: str) -> list[dict[str, str]]:
    return json.loads(fetch(base + "search/search_index.json"))["docs"]  # type: ignore[no-any-return]


def test_dirty_serve_rebuilds_what_a_save_touches_and_keeps_search_whole(mini: Path, tmp_path: Path) -> None:
    """`mkdocs serve --dirty`: a changed finding reaches every page it is on; search keeps every page."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}", "-f", str(mini / "mkdocs.yml")],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=mini,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: "warme overdracht gebeurt altijd" in fetch(base + "rapporten/2020-beta/")), log.read_text()
        before = search_docs(base)
        pages_before = {doc["location"].partition("#")[0] for doc in before}
        assert "kader/proef/pk-1/" in pages_before and "rapporten/2019-alfa/" in pages_before

        # 1. a finding's text: its report page and the indicator page that shows it both change
        report = mini / "rapporten/2020-beta.yaml"
        edit(report, "De warme overdracht gebeurt altijd.", "De warme overdracht gebeurt altijd, ook in het weekend.")
        assert wait_for(lambda: "ook in het weekend" in fetch(base + "kader/proef/pk-1/")), log.read_text()
        assert "ook in het weekend" in fetch(base + "rapporten/2020-beta/")

        # search: every page still there, the changed page once, with the new text and word forms
        after = search_docs(base)
        assert {doc["location"].partition("#")[0] for doc in after} == pages_before
        assert len(after) == len(before)
        changed = [doc for doc in after if doc["location"].startswith("rapporten/2020-beta/")]
        assert any("ook in het weekend" in doc["text"] for doc in changed)
        assert all("vormen" in doc for doc in after)

        # 2. a report title is in the navigation of every page: pages the report is not on change too
        edit(report, "titel: Proefrapport Beta", "titel: Proefrapport Beta herzien")
        assert wait_for(lambda: "Proefrapport Beta herzien" in fetch(base + "rapporten/2019-alfa/")), log.read_text()
        assert server.poll() is None
        assert "Traceback" not in log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=10)
