"""Golden files: the generated Markdown of every page of the mini fixture, committed and compared.

A change to a template or a view shows up here as a diff to review. After an
intended change, `make golden` rewrites the files; `git diff tests/golden`
shows what changed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import pipeline

MINI = Path(__file__).parent / "fixtures" / "mini"
GOLDEN = Path(__file__).parent / "golden" / "mini"
UPDATE = os.environ.get("KADER_GOLDEN") == "bijwerken"

PAGES = {page.path: page.text for page in pipeline.build(MINI).pages}


@pytest.mark.parametrize("path", sorted(PAGES))
def test_generated_page_equals_its_golden_file(path: str) -> None:
    golden = GOLDEN / path
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(PAGES[path], "utf-8")
    assert golden.exists(), f"no golden file for {path}: run `make golden` and review the diff"
    assert PAGES[path] == golden.read_text("utf-8"), f"{path} differs from its golden file: review, then `make golden`"


def test_every_golden_file_is_a_generated_page() -> None:
    """A page that is no longer generated must not keep a golden file (removed pages are changes too)."""
    if UPDATE:
        for stale in {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")} - PAGES.keys():
            (GOLDEN / stale).unlink()
    assert {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")} == set(PAGES)
