"""Helpers for tests that build a real site and read its HTML."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any


def mkdocs_build(project: Path, site: Path, *extra: str, **env_vars: str) -> subprocess.CompletedProcess[str]:
    """Run a real `mkdocs build --strict` in a subprocess, as a maintainer would."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env_vars}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site), *extra],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
    )


def start_build(project: Path, site: Path, *extra: str, **popen: Any) -> subprocess.Popen[str]:
    """Start a real `mkdocs build --strict` without waiting for it (for signals and concurrent builds)."""
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        cwd=project,
        **popen,
    )


def build_folders(site: Path) -> list[Path]:
    """The build folders of ``site`` (``.site.kader-*`` next to it): none may remain after a build."""
    return sorted(p for p in site.parent.iterdir() if p.name.startswith(f".{site.name}.kader-"))


def wait_for_build_folder(site: Path, process: subprocess.Popen[str], timeout: float = 60.0) -> Path:
    """Wait until a running build has created its folder and written into it (the build is then mid-way)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        assert process.poll() is None, "the build ended before it wrote its folder"
        for folder in build_folders(site):
            if any(folder.iterdir()):
                return folder
        time.sleep(0.002)
    raise AssertionError("no build folder appeared")


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below folder with the hash of its bytes, to prove nothing changed."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()
    }


class Links(HTMLParser):
    """Collects ids, hrefs and the text of elements with a given class."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text("utf-8"))
    return parser


def page(site: Path, url: str) -> Path:
    """The HTML file for a directory URL like 'kader/proef/pk-1/'."""
    return site / url / "index.html" if url.endswith("/") or not url else site / url


def broken_links(site: Path) -> tuple[list[str], int]:
    """Every internal link and anchor in a built site that points at nothing; and how many were checked."""
    import re

    parsed: dict[Path, Links] = {}

    def get(path: Path) -> Links:
        if path not in parsed:
            parsed[path] = parse(path)
        return parsed[path]

    broken, checked = [], 0
    for html_file in sorted(site.rglob("*.html")):
        for href in get(html_file).hrefs:
            if re.match(r"^[a-z]+:", href) or href.startswith("//"):
                continue
            checked += 1
            target, _, anchor = href.partition("#")
            target = target.split("?", 1)[0]
            base = site if target.startswith("/") else html_file.parent
            target_file = (base / target.lstrip("/")).resolve() if target else html_file
            if target_file.is_dir():
                target_file = target_file / "index.html"
            if not target_file.exists():
                broken.append(f"{html_file.relative_to(site)} -> {href}")
            elif anchor and target_file.suffix == ".html" and anchor not in get(target_file).ids:
                broken.append(f"{html_file.relative_to(site)} -> {href} (anker)")
    return broken, checked
