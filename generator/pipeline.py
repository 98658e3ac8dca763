"""The whole pipeline: load → validate → index → render, with all problems collected first.

Nothing is rendered unless the content is free of problems, so a broken file
can never produce a half-right site. This module imports nothing from MkDocs:
the plugin and the command line both call ``collect`` and ``render``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import export as export_site
from . import publicatie
from .index import Index, build_index
from .load import ParseMemo, Positions, load_all
from .markup import Converter, check_documents
from .problems import ContentError, Problem
from .render import Page, Rendered, glossary, render_site
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
    publicatie: publicatie.Publicatie | None = None  # publicatie.yaml: publisher, licence, accessibility statement


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
    settings, unsettled = publicatie.load(root)
    problems = sorted(set(loaded.problems + invalid + dangling + unconvertible + unsettled))
    return Collected(index, problems, converter, settings)


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


def build(
    root: Path,
    overrides: Path | None = None,
    memo: Memo | None = None,
    site_url: str = "",
    site_name: str = "Kader in de praktijk",
) -> Rendered:
    """The pages and data files for the content below ``root``; raises ContentError on any problem.

    ``site_url``: the public address (ends in '/'); absolute addresses in feed, sitemaps and metadata.
    """
    collected = collect(root, memo)
    if collected.problems:
        raise ContentError(collected.problems)
    rendered = render_site(collected.index, overrides, memo.render if memo else None, collected.converter)
    publish(rendered, collected, overrides, site_url, site_name)
    return rendered


def publish(rendered: Rendered, collected: Collected, overrides: Path | None, site_url: str, site_name: str) -> None:
    """Add the publication metadata (see generator.publicatie): front matter, feed, sitemaps, statement page."""
    meta = publicatie.page_meta(collected.index, site_url, site_name)
    for page in rendered.pages:
        page.meta = {**meta.get(page.path, {}), **page.meta}  # the renderer's keys win
    rendered.files.update(publicatie.files(collected.index, site_url, collected.publicatie, list(rendered.files), site_name))
    statement = publicatie.toegankelijkheid_page(collected.publicatie, overrides)
    if statement is not None:
        rendered.pages.append(Page(publicatie.TOEGANKELIJKHEID, "Toegankelijkheid", statement, {"title": "Toegankelijkheid"}))
        rendered.nav.append({"Toegankelijkheid": publicatie.TOEGANKELIJKHEID})


def export(root: Path, target: Path, overrides: Path | None = None, site_url: str | None = None) -> list[Path]:
    """Write a complete site source into ``target`` that any MkDocs-compatible engine builds without the plugin.

    ``target/docs``: the generated pages as Markdown, the data and publication files, the hand-written pages;
    ``target/overrides``: the theme overrides and assets; ``target/mkdocs.yml``. See generator.export.
    """
    config = export_site.project_config(root)
    url = site_url.rstrip("/") + "/" if site_url else publicatie.site_url(config.get("site_url"))
    rendered = build(root, overrides, site_url=url, site_name=str(config.get("site_name") or "Kader in de praktijk"))
    return export_site.write(root, target, rendered, config, url)
