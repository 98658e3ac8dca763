"""`mkdocs serve` with bad content: the messages, the last good site served, recovery without restart."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
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
    log = tmp_path / "serve.log"
    server, base = start_serve(mini, log)
    try:
        url = base + "rapporten/2020-beta/"
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


def start_serve(mini: Path, log: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    """`mkdocs serve` with its own TMPDIR (``log``'s folder / "tmp"), to check that no temporary folder outlives it."""
    port = free_port()
    tmp = log.parent / "tmp"
    tmp.mkdir()
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", *extra, "-a", f"127.0.0.1:{port}", "-f", str(mini / "mkdocs.yml")],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=mini,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp)},
        )
    return server, f"http://127.0.0.1:{port}/"


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_dirty_serve_rebuilds_what_a_save_touches_and_drops_what_is_gone(mini: Path, tmp_path: Path) -> None:
    """`mkdocs serve --dirty`: a changed finding reaches every page it is on; a renamed report's old page disappears."""
    log = tmp_path / "serve.log"
    server, base = start_serve(mini, log, "--dirty")
    try:
        assert wait_for(lambda: "warme overdracht gebeurt altijd" in fetch(base + "rapporten/2020-beta/")), log.read_text()

        # 1. a finding's text: its report page and the indicator page that shows it both change
        report = mini / "rapporten/2020-beta.yaml"
        edit(report, "De warme overdracht gebeurt altijd.", "De warme overdracht gebeurt altijd, ook in het weekend.")
        assert wait_for(lambda: "ook in het weekend" in fetch(base + "kader/proef/pk-1/")), log.read_text()
        assert "ook in het weekend" in fetch(base + "rapporten/2020-beta/")

        # 2. a report title is in the navigation of every page: pages the report is not on change too
        edit(report, "titel: Proefrapport Beta", "titel: Proefrapport Beta herzien")
        assert wait_for(lambda: "Proefrapport Beta herzien" in fetch(base + "rapporten/2019-alfa/")), log.read_text()

        # 3. a renamed report: the new page appears, the old one is gone (not served from the previous build)
        assert status(base + "rapporten/2016-thema/") == 200
        renamed = mini / "rapporten/2017-thema.yaml"
        renamed.write_text(
            (mini / "rapporten/2016-thema.yaml").read_text("utf-8").replace("id: 2016-thema", "id: 2017-thema"), "utf-8"
        )
        (mini / "rapporten/2016-thema.yaml").unlink()
        assert wait_for(lambda: status(base + "rapporten/2017-thema/") == 200), log.read_text()
        assert status(base + "rapporten/2016-thema/") == 404
        assert "2016-thema" not in fetch(base + "rapporten/")
        assert server.poll() is None
        assert "Traceback" not in log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert list((tmp_path / "tmp").iterdir()) == []  # the served folder, its build folders and the page sources


def test_serve_with_a_broken_template_keeps_serving_the_last_good_site(mini: Path, tmp_path: Path) -> None:
    """A template error during a rebuild: requests are answered at once (no hang), with the last good site."""
    edit(mini / "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    (mini / "overrides").mkdir()
    main = mini / "overrides/main.html"
    main.write_text('{% extends "base.html" %}\n{% block content %}{{ super() }}<p>sjabloon een</p>{% endblock %}\n', "utf-8")
    log = tmp_path / "serve.log"
    server, base = start_serve(mini, log, "--watch-theme")
    url = base + "rapporten/2020-beta/"
    try:
        assert wait_for(lambda: "sjabloon een" in fetch(url)), log.read_text()
        main.write_text('{% extends "base.html" %}\n{% block content %}{% if %}{% endblock %}\n', "utf-8")
        assert wait_for(lambda: "niet opnieuw gebouwd" in log.read_text()), log.read_text()
        started = time.monotonic()
        assert "sjabloon een" in fetch(url)  # fetch() gives up after 5 s: a hanging server fails here
        assert time.monotonic() - started < 5
        main.write_text(
            '{% extends "base.html" %}\n{% block content %}{{ super() }}<p>sjabloon twee</p>{% endblock %}\n', "utf-8"
        )
        assert wait_for(lambda: "sjabloon twee" in fetch(url)), log.read_text()
        assert server.poll() is None
        assert "Traceback" not in log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert server.returncode == 128 + 15  # SIGTERM ends serve cleanly…
    assert list((tmp_path / "tmp").iterdir()) == []  # …and removes its folders
