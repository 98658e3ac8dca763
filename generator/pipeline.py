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
from .markup import Converter, check_documents
from .problems import ContentError, Problem
from .render import Rendered, glossary, render_site
from .rendermemo import RenderMemo
from .validate import ValidateMemo, validate_all


@dataclass
class Memo:
    """What a long-running caller (``mkdocs serve``) keeps between builds: per-file parses and validations,
    and (when ``render`` is set) the rendered pages, so a save re-renders only the pages it touched."""

    parsed: ParseMemo = field(default_factory=dict)
    validated: ValidateMemo = field(default_factory=dict)
    render: RenderMemo | None = None
    converter: Converter | None = None  # content HTML, kept while the glossary stays the same


@dataclass
class Collected:
    index: Index
    problems: list[Problem]
    converter: Converter


def collect(root: Path, memo: Memo | None = None) -> Collected:
    """Load, validate, index and convert every content file below ``root``; never raises for bad content.

    Every content text is converted to HTML here, so a text that the build
    could not convert is a problem ``kader-check`` reports, with its position.
    """
    positions = Positions(root)
    loaded = load_all(root, memo.parsed if memo else None)
    content, invalid = validate_all(loaded, positions, memo.validated if memo else None)
    index, dangling = build_index(content, positions)
    converter = _converter(glossary(index), memo)
    documents = [*content.kaders, *content.varianten, *content.rapporten, *content.onderwerpen, *content.begrippen]
    unconvertible = check_documents(converter, documents, positions.of)
    return Collected(index, sorted(set(loaded.problems + invalid + dangling + unconvertible)), converter)


def _converter(terms: dict[str, str], memo: Memo | None) -> Converter:
    """A converter for this glossary; ``mkdocs serve`` keeps it (and its cache) while the glossary is unchanged."""
    if memo is None:
        return Converter(terms)
    if memo.converter is None or memo.converter.glossary != terms:
        memo.converter = Converter(terms)
    return memo.converter


def check(root: Path) -> list[Problem]:
    """All problems in the content below ``root`` (empty when it is fine)."""
    return collect(root).problems


def build(root: Path, overrides: Path | None = None, memo: Memo | None = None) -> Rendered:
    """The pages and data files for the content below ``root``; raises ContentError on any problem."""
    collected = collect(root, memo)
    if collected.problems:
        raise ContentError(collected.problems)
    return render_site(collected.index, overrides, memo.render if memo else None, collected.converter)


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
