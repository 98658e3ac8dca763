"""The whole pipeline: load → validate → index → render, with all problems collected first.

Nothing is rendered unless the content is free of problems, so a broken file
can never produce a half-right site. This module imports nothing from MkDocs:
the plugin and the command line both call ``collect`` and ``render``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .index import Index, build_index
from .load import ParseMemo, Positions, load_all
from .problems import ContentError, Problem
from .render import Rendered, render_site
from .rendermemo import RenderMemo
from .validate import ValidateMemo, validate_all


@dataclass
class Memo:
    """What a long-running caller (``mkdocs serve``) keeps between builds: per-file parses and validations,
    and (when ``render`` is set) the rendered pages, so a save re-renders only the pages it touched."""

    parsed: ParseMemo = field(default_factory=dict)
    validated: ValidateMemo = field(default_factory=dict)
    render: RenderMemo | None = None


@dataclass
class Collected:
    index: Index
    problems: list[Problem]


def collect(root: Path, memo: Memo | None = None) -> Collected:
    """Load, validate and index every content file below ``root``; never raises for bad content."""
    positions = Positions(root)
    loaded = load_all(root, memo.parsed if memo else None)
    content, invalid = validate_all(loaded, positions, memo.validated if memo else None)
    index, dangling = build_index(content, positions)
    return Collected(index, sorted(set(loaded.problems + invalid + dangling)))


def check(root: Path) -> list[Problem]:
    """All problems in the content below ``root`` (empty when it is fine)."""
    return collect(root).problems


def build(root: Path, overrides: Path | None = None, memo: Memo | None = None) -> Rendered:
    """The pages and data files for the content below ``root``; raises ContentError on any problem."""
    collected = collect(root, memo)
    if collected.problems:
        raise ContentError(collected.problems)
    return render_site(collected.index, overrides, memo.render if memo else None)


def export(root: Path, target: Path, overrides: Path | None = None) -> list[Path]:
    """Write the generated pages as plain Markdown (and the data files) into ``target``.

    This keeps the content independent of any one site engine.
    """
    rendered = build(root, overrides)
    written = []
    for page in rendered.pages:
        path = target / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.text, encoding="utf-8")
        written.append(path)
    for name, data in rendered.files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written
