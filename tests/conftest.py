"""Shared fixtures: copies of the small example content, and the real project root."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small example content (kader/, rapporten/, docs/, mkdocs.yml)."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    mkdocs_yml = target / "mkdocs.yml"
    mkdocs_yml.write_text(
        mkdocs_yml.read_text("utf-8").replace("../../../site_overrides/templates", str(ROOT / "site_overrides" / "templates")),
        "utf-8",
    )
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact snippet in a file; fails loudly if the snippet is not there."""
    text = path.read_text("utf-8")
    assert old in text, f"snippet not in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), "utf-8")
