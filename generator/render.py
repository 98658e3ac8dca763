"""Stage 4b, render: plan the pages from the views and render them with Jinja2.

Presentation lives in ``generator/templates``; ``views`` computes what each
page shows; this module only decides which pages exist and what each
template gets. A site can override any template by placing a file with the
same name in ``site_overrides/templates``.

A page is Markdown headings with HTML blocks between them: content texts are
converted to sanitised HTML once per build (``markup``), every other value is
escaped by Jinja's autoescape (and by the ``md`` filter in headings). The
output does not depend on MkDocs: the same pages can be written to a folder
for another engine (``pipeline.export``).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import groupby
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import model as m
from . import paths, processes, views
from .data import export_files
from .index import Index, IndicatorRef, ItemRef
from .markup import Converter, unique_footnote_refs
from .rendermemo import RenderMemo
from .validate import FOOTNOTE_REF
from .views import GROUP_LABELS, MAANDEN, item_group

TEMPLATES = Path(__file__).parent / "templates"

# Pages whose templates read reports only through their context (not through the
# whole index), so a RenderMemo may reuse them while their context objects are the same.
CACHED_TEMPLATES = frozenset(
    {
        "rapport.md.j2",
        "gemeente.md.j2",
        "gemeenten.md.j2",
        "rapporten.md.j2",
        "indicator.md.j2",
        "onderwerp.md.j2",
        "praktijk.md.j2",
        "goede-voorbeelden.md.j2",
        "variant.md.j2",
        "kader-volledig.md.j2",
        "voorbeeld.md.j2",
    }
)


@dataclass
class Page:
    """One generated page: its source path, its title, front matter and Markdown body."""

    path: str
    title: str
    markdown: str
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The page as a Markdown file: front matter (JSON values are valid YAML) and body."""
        lines = [f"{key}: {front_matter_value(value)}" for key, value in self.meta.items()]
        return "---\n" + "\n".join(lines) + "\n---\n" + self.markdown


# Characters JSON leaves as they are but YAML reads differently (line separators, C1 controls, BOM).
NOT_YAML_LITERAL = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def front_matter_value(value: Any) -> str:
    """A front matter value as JSON, which YAML reads back unchanged once those few characters are escaped."""
    return NOT_YAML_LITERAL.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


@dataclass
class Job:
    """A planned page: rendered after all pages are planned."""

    path: str
    template: str
    title: str
    context: dict[str, Any]
    meta: dict[str, Any]


@dataclass
class Rendered:
    pages: list[Page] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # data files: path -> content
    nav: list[Any] = field(default_factory=list)  # MkDocs-style nav of the generated pages (titles HTML-escaped)
    glossary: dict[str, str] = field(default_factory=dict)  # abbreviation -> meaning, for every page


class Linker:
    """Links from one page to the others, as final relative URLs; templates call it as ``L``."""

    def __init__(self, page: str) -> None:
        self.page = page

    def href(self, target: str, anchor: str = "") -> str:
        return paths.href(self.page, target, anchor)

    def indicator_href(self, ref: IndicatorRef, anchor: str = "") -> str:
        return self.href(paths.indicator(ref.kader.id, ref.indicator.id), anchor)

    def item_href(self, ref: ItemRef) -> str:
        return self.href(paths.rapport(ref.rapport.id), ref.anchor)


# Characters that start inline Markdown (emphasis, code, links, images, attr_list, closing #): escaped in headings.
# (Python-Markdown drops the backslash only before characters it can escape, so no others.)
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]!#])")


@lru_cache(maxsize=65536)  # the same titles and names recur on thousands of pages
def md(text: str | None) -> Markup:
    """Plain text as inline Markdown (a heading): one line, HTML-escaped, Markdown syntax escaped."""
    if not text:
        return Markup("")
    one_line = " ".join(str(text).split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # (not markupsafe.escape: its numeric entities for quotes end up double-escaped in MkDocs' table of contents)
    return Markup(MARKDOWN_SPECIAL.sub(r"\\\1", one_line))


LINK = re.compile(r"\[([^\[\]]*)\]\([^()\s]*\)")
MARKUP_CHARS = re.compile(r"[*_`#>]")


@lru_cache(maxsize=65536)
def plain(text: str | None, limit: int = 0) -> str:
    """Text without Markdown markup, for attributes, tooltips, titles and excerpts (escaped later)."""
    if not text:
        return ""
    flat = FOOTNOTE_REF.sub("", text)
    flat = LINK.sub(r"\1", flat)
    flat = MARKUP_CHARS.sub("", flat)
    flat = " ".join(flat.split())
    if limit and len(flat) > limit:
        flat = flat[: limit - 1].rsplit(" ", 1)[0] + "…"
    return flat


WAARNEMING = {
    "gezien": "Gezien in de praktijk",
    "principe": "Principe, benoemd maar niet gezien in de dossiers",
    "organisatiegebonden": "Organisatiegebonden voorbeeld",
}


def maand(publicatie: str) -> str:
    """'2020-01' → 'januari 2020'."""
    if len(publicatie) == 7:
        return f"{MAANDEN[int(publicatie[5:]) - 1]} {publicatie[:4]}"
    return publicatie


def datum(value: Any) -> str:
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"


def footnotes_for(notes: dict[int, str], *texts: str | None) -> list[tuple[int, str]]:
    """The footnotes that the given texts cite, for pages that show part of a document."""
    cited = {match.group(1) for text in texts if text for match in FOOTNOTE_REF.finditer(text)}
    return [(number, text) for number, text in sorted(notes.items()) if str(number) in cited]


def groupby_oordeel(blokken: Iterable[Any]) -> list[tuple[str | None, list[Any]]]:
    """Consecutive findings with the same oordeel form one 'Wat gaat goed/kan beter' group."""
    groups: list[tuple[str | None, list[Any]]] = []
    for blok in blokken:
        key = blok.oordeel if isinstance(blok, m.Bevinding) else None
        if groups and groups[-1][0] == key and key is not None:
            groups[-1][1].append(blok)
        else:
            groups.append((key, [blok]))
    return groups


def begrip_anchors(index: Index) -> dict[str, str]:
    """A unique, stable anchor per begrip on the glossary ('ggz' and 'GGZ' get two)."""
    anchors: dict[str, str] = {}
    for term in sorted(index.begrippen, key=lambda t: (t.lower(), t)):
        base = "begrip-" + paths.slug(term.replace("+", "plus"))
        anchor, n = base, 2
        while anchor in anchors.values():
            anchor, n = f"{base}-{n}", n + 1
        anchors[term] = anchor
    return anchors


def indicator_title(ref: IndicatorRef, short: bool = False) -> str:
    """'Indicator 3: Er is door een professional…' (short: '3. Er is door…' cut for navigation)."""
    number = ref.indicator.nummer
    if short:
        text = plain(ref.indicator.tekst, 60)
        return f"{number}. {text}" if number is not None else text
    text = plain(ref.indicator.tekst)
    return f"Indicator {number}: {text}" if number is not None else text


def glossary(index: Index) -> dict[str, str]:
    """Abbreviation → meaning, marked on every page."""
    return {
        term: plain(b.betekenis) + (" (uitleg uit algemene kennis)" if b.algemeen else "")
        for b in index.begrippen.values()
        if b.afkorting
        for term in [b.term, *b.schrijfwijzen]
    }


def make_environment(converter: Converter, overrides: Path | None = None) -> Environment:
    """Jinja2 with autoescape: values are HTML-escaped unless they are sanitised content (Markup)."""
    search = [str(overrides)] if overrides and overrides.is_dir() else []
    env = Environment(
        loader=FileSystemLoader([*search, str(TEMPLATES)]),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md
    env.filters["t"] = converter.text  # plain text in HTML, with glossary abbreviations marked
    env.filters["plain"] = plain
    env.filters["oordeel"] = lambda value: {"goed": "Wat gaat goed", "kan_beter": "Wat kan beter"}[value]
    env.filters["waarneming"] = lambda value: WAARNEMING[value]
    env.filters["maand"] = maand
    env.filters["datum"] = datum
    env.globals.update(
        paths=paths,
        html=converter.block,
        html_inline=converter.inline,
        groupby_oordeel=groupby_oordeel,
        footnotes_for=footnotes_for,
        titel=lambda item: getattr(item, "titel", None),
        GROUP_LABELS=GROUP_LABELS,
        indicator_title=indicator_title,
        item_group=item_group,
        niveau_label=views.niveau_label,
        omvang=views.omvang,
        koppeling_door_redactie=views.koppeling_door_redactie,
        catalogus_gemeenten=views.catalogus_gemeenten,
        laatste_stap=views.laatste_stap,
        kader_code=views.kader_code,
        verschil=views.verschil,
        gewijzigd=gewijzigd,
    )
    return env


def gewijzigd(*things: Any) -> str:
    """'laatst gewijzigd' of a page: the newest date the data gives for the things it shows ('' if none)."""
    found = [value for thing in things if (value := getattr(thing, "gewijzigd", None))]
    if not found:
        return ""
    newest = max(found, key=str)
    return datum(newest) if hasattr(newest, "day") else maand(str(newest))


# --------------------------------------------------------------------------- #
# Pages
# --------------------------------------------------------------------------- #


class Planner:
    """Decides which pages exist (path, template, title, context); rendering comes after."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.jobs: list[Job] = []
        self.planned: set[str] = set()
        self.indicator_chunks: dict[str, list[views.Chunk]] = {}
        self.titels = views.voorbeeld_titels(index)
        self.codes = views.indicator_codes(index)
        columns = Counter(r.kader.kader for r in index.rapporten.values() if r.kader and r.soort == "gemeenterapport")
        self.matrix_whole = all(n <= views.MATRIX_MAX_COLUMNS for n in columns.values())
        self.matrix_kaders = set(columns)
        self.delen = views.catalogus_delen(index, views.goede_voorbeelden(index))
        pages: dict[str, set[str]] = defaultdict(set)
        for deel in self.delen:
            for ref in deel.refs:
                for gemeente in ref.gemeenten:
                    pages[gemeente].add(deel.path)
        # the catalogue page with all of a gemeente's examples (none when they are spread over pages)
        self.catalogus_van = {gemeente: found.pop() for gemeente, found in pages.items() if len(found) == 1}

    def chunks_of(self, ref: IndicatorRef) -> list[views.Chunk]:
        """An indicator's practice list (views.indicator_chunks), worked out once for its pages and the matrix."""
        found = self.indicator_chunks.get(ref.indicator.id)
        if found is None:
            found = self.indicator_chunks[ref.indicator.id] = views.indicator_chunks(self.index, ref)
        return found

    def matrix_page(self, rapport: m.Rapport | None = None) -> str:
        """The matrix page that shows a report's column (at scale: its region's page)."""
        if self.matrix_whole or rapport is None:
            return paths.matrix()
        return paths.matrix_regio(paths.slug(views.matrix_regio(self.index, rapport)))

    def page(self, path: str, template: str, title: str, meta: dict[str, Any] | None = None, **context: Any) -> None:
        # Ids are unique and the reserved names (paths.RESERVED) are refused by validation, so two
        # pages can never share a path; if they ever did, one would silently replace the other.
        if path in self.planned:
            raise ValueError(f"two generated pages share the path {path}")
        self.planned.add(path)
        self.jobs.append(Job(path, template, title, context, meta or {}))

    def plan(self) -> list[Job]:
        self.home()
        self.kaders()
        self.rapporten()
        self.gemeenten()
        self.onderwerpen()
        self.catalogus()
        self.matrix()
        begrippen = sorted(self.index.begrippen.values(), key=lambda b: b.term.lower())
        self.page(paths.begrippen(), "begrippen.md.j2", "Begrippenlijst", {"kind": "overzicht"}, begrippen=begrippen)
        today = views.vandaag()  # the only use of the build clock: what is overdue on the nazorg page
        self.page(
            paths.nazorg(),
            "nazorg.md.j2",
            "Nazorg",
            {"kind": "overzicht"},
            rapporten=views.nazorg(self.index),
            rijen=views.nazorg_rijen(self.index, today),
            vandaag=today,
        )
        return self.jobs

    def home(self) -> None:
        counts = Counter(type(ref.item).__name__ for ref in self.index.items)
        meta = {"kind": "overzicht", "hide": ["navigation", "toc"]}
        self.page(paths.home(), "home.md.j2", "Kader in de praktijk", meta, counts=counts)

    def kaders(self) -> None:
        index = self.index
        self.page(paths.kaders(), "kaders.md.j2", "Toezichtkaders", {"kind": "overzicht"})
        for kader in index.kaders.values():
            in_matrix = kader.id in self.matrix_kaders
            matrix_anchor = "matrix-{}" if self.matrix_whole else ""
            kader_meta: dict[str, Any] = {
                "kind": "kader",
                "context": kader.titel,
                "filters": {"kader": [kader.titel]},
                "inhoud_datum": gewijzigd(kader) or str(kader.jaar),
            }
            if kader.datum:
                kader_meta["date"] = kader.datum  # ISO 8601, as precise as the source
            if kader.gewijzigd:
                kader_meta["updated"] = kader.gewijzigd.isoformat()
            varianten = index.varianten_per_kader.get(kader.id, [])
            self.page(paths.kader(kader.id), "kader.md.j2", kader.titel, kader_meta, kader=kader, varianten=varianten)
            self.page(
                paths.kader_volledig(kader.id),
                "kader-volledig.md.j2",
                f"{kader.titel}: volledige tekst",
                {**kader_meta, "search": False},  # repeats the indicator pages, which are the hits
                kader=kader,
            )
            for ref in views.indicators_of(index, kader):
                main = paths.indicator(kader.id, ref.indicator.id)
                title = indicator_title(ref)
                meta = {**kader_meta, "kind": "indicator"}
                all_chunks = self.chunks_of(ref)
                oordelen = views.oordelen(index, ref, all_chunks)
                first, *rest = all_chunks
                self.page(
                    main,
                    "indicator.md.j2",
                    title,
                    meta,
                    ref=ref,
                    praktijk=first,
                    wijzigingen=views.wijzigingen(index, ref),
                    verwant=views.verwant(index, ref),
                    zwijgend=views.zwijgend(index, ref, all_chunks),
                    redactioneel=views.redactioneel(index, ref),
                    oordelen=oordelen,
                    oordelen_per_jaar=views.oordelen_per_jaar(oordelen) if len(oordelen) > views.OORDELEN_PER_RAPPORT_MAX else [],
                    oordelen_per_rapport_max=views.OORDELEN_PER_RAPPORT_MAX,
                    per_element=views.per_element(index, ref),
                    matrix=(paths.matrix(), matrix_anchor.format(ref.indicator.id)) if in_matrix else None,
                )
                self.meer_praktijk(rest, main, title, meta)
            for variant in varianten:
                self.page(
                    paths.variant(kader.id, variant.id),
                    "variant.md.j2",
                    variant.titel,
                    {**kader_meta, "kind": "variant"},
                    kader=kader,
                    variant=variant,
                    rijen=views.variant_rijen(index, kader, variant),
                    andere=[v for v in varianten if v.id != variant.id],
                )
            by_id = sorted(varianten, key=lambda v: v.id)  # one page per pair, the lower id first
            for n, a in enumerate(by_id):
                for b in by_id[n + 1 :]:
                    self.page(
                        paths.varianten_vergelijking(kader.id, a.id, b.id),
                        "varianten-vergelijking.md.j2",
                        f"Regionale varianten vergeleken: {a.regio} en {b.regio}",
                        {**kader_meta, "kind": "variant"},
                        kader=kader,
                        a=a,
                        b=b,
                        rijen=views.vergelijking(index, kader, a, b),
                    )

    def meer_praktijk(self, rest: list[views.Chunk], main: str, title: str, meta: dict[str, Any]) -> None:
        """The later pages of a long practice list (not indexed for search: the items are in their reports)."""
        for chunk in rest:
            self.page(
                chunk.pages[chunk.number - 1],
                "praktijk.md.j2",
                f"{title}: in de praktijk ({chunk.number}/{len(chunk.pages)})",
                {**meta, "search": False},
                praktijk=chunk,
                terug=main,
                onderwerp_titel=title,
            )

    def rapporten(self) -> None:
        index = self.index
        ordered = sorted(index.rapporten.values(), key=lambda r: (-r.jaar, r.titel))
        self.page(
            paths.rapporten(), "rapporten.md.j2", "Rapporten", {"kind": "overzicht"}, rapporten=views.rapport_regels(ordered)
        )
        positives = views.positives(index)
        per_onderzoek = views.onderzoeken(index)
        for rapport in ordered:
            kader = index.kader_of(rapport)
            gemeenten = [index.gemeente_naam(g) for g in rapport.gemeenten]
            filters = {"soort": [rapport.soort], "jaar": [str(rapport.jaar)], "gemeente": gemeenten}
            if kader:
                filters["kader"] = [kader.titel]
            meta = {
                "kind": "rapport",
                "context": " · ".join([*gemeenten, str(rapport.jaar)]),
                "filters": filters,
                "date": rapport.publicatie,  # ISO 8601, as precise as the source: '2016' or '2020-01'
                "inhoud_datum": gewijzigd(rapport) or maand(rapport.publicatie),
            }
            if rapport.gewijzigd:
                meta["updated"] = rapport.gewijzigd.isoformat()
            self.page(
                paths.rapport(rapport.id),
                "rapport.md.j2",
                rapport.titel,
                meta,
                rapport=rapport,
                kader=kader,
                variant=index.variant_of(rapport),
                elders=views.elders(index, rapport, positives),
                omvang=views.omvang(rapport),
                vervolg_op=index.vervolg_op.get(rapport.id, []),
                # follow-ups on this site, in the context so that the render memo sees their titles change
                vervolg={
                    v.rapport: index.rapporten[v.rapport] for v in (rapport.nazorg.vervolg if rapport.nazorg else []) if v.rapport
                },
                onderzoek=views.zelfde_onderzoek(per_onderzoek, rapport),
                matrix=self.matrix_page(rapport) if rapport.soort == "gemeenterapport" and kader is not None else None,
            )

    def gemeenten(self) -> None:
        index = self.index
        ordered = sorted(index.gemeenten.values(), key=lambda g: g.naam)
        aantallen = [(g, len(index.rapporten_per_gemeente.get(g.id, []))) for g in ordered]
        self.page(paths.gemeenten(), "gemeenten.md.j2", "Gemeenten", {"kind": "overzicht"}, gemeenten=aantallen)
        for gemeente in ordered:
            meta = {
                "kind": "gemeente",
                "context": " · ".join(dict.fromkeys(filter(None, [gemeente.regio, gemeente.provincie]))),
                "filters": {"gemeente": [gemeente.naam]},
            }
            self.page(
                paths.gemeente(gemeente.id),
                "gemeente.md.j2",
                gemeente.naam,
                meta,
                gemeente=gemeente,
                rapporten=index.rapporten_per_gemeente.get(gemeente.id, []),
                groepen=views.groepen(index.items_per_gemeente.get(gemeente.id, [])),
                catalogus=self.catalogus_van.get(gemeente.id),
            )

    def onderwerpen(self) -> None:
        index = self.index
        ordered = sorted(index.onderwerpen.values(), key=lambda o: o.naam.lower())
        self.page(paths.onderwerpen(), "onderwerpen.md.j2", "Onderwerpen", {"kind": "overzicht"}, onderwerpen=ordered)
        for onderwerp in ordered:
            main = paths.onderwerp(onderwerp.id)
            meta = {"kind": "onderwerp"}
            first, *rest = views.chunks(index, main, index.items_per_onderwerp.get(onderwerp.id, []))
            self.page(
                main,
                "onderwerp.md.j2",
                onderwerp.naam,
                meta,
                onderwerp=onderwerp,
                indicatoren=index.indicatoren_per_onderwerp.get(onderwerp.id, []),
                secties=index.secties_per_onderwerp.get(onderwerp.id, []),
                praktijk=first,
            )
            self.meer_praktijk(rest, main, onderwerp.naam, meta)

    def catalogus(self) -> None:
        """The catalogue on one page; at scale an overview of the years, a page per year and, for a
        year with more than CATALOGUE_MAX examples, a page per period (short excerpts)."""
        index = self.index
        for ref in views.goede_voorbeelden(index):
            self.voorbeeld(ref)
        meta = {"kind": "goede-voorbeelden", "hide": ["toc"]}  # the cards themselves are not indexed (data-pagefind-ignore)
        page = partial(self.page, template="goede-voorbeelden.md.j2", meta=meta, deel=None, delen=[])
        if self.delen[0].jaar is None:
            items, facets = views.catalogus(index, self.delen[0].refs, self.titels, self.codes)
            short = len(items) > views.CATALOGUE_FULL_TEXT
            page(paths.goede_voorbeelden(), title="Goede voorbeelden", jaren=[], excerpt=short, voorbeelden=items, facets=facets)
            return
        jaren = [(jaar, list(delen)) for jaar, delen in groupby(self.delen, key=lambda d: d.jaar)]
        page(paths.goede_voorbeelden(), title="Goede voorbeelden", jaren=jaren, excerpt=True, voorbeelden=[], facets=[])
        for jaar, delen in jaren:
            for deel in delen:
                items, facets = views.catalogus(index, deel.refs, self.titels, self.codes, jaar=False)
                page(
                    deel.path,
                    title=f"Goede voorbeelden {jaar}" + (f", {deel.periode}" if deel.periode else ""),
                    jaren=[],
                    excerpt=True,
                    voorbeelden=items,
                    facets=facets,
                    deel=deel,
                    delen=delen,
                )

    def voorbeeld(self, ref: ItemRef) -> None:
        """A good example as a record of its own, with its context (not indexed: the report is the canonical hit)."""
        titel = self.titels[(ref.rapport.id, ref.item.id)]
        gemeenten = [self.index.gemeente_naam(g) for g in ref.gemeenten]
        meta = {
            "kind": "goed-voorbeeld",
            "context": " · ".join([*gemeenten, str(ref.rapport.jaar)]),
            "search": False,
            "inhoud_datum": gewijzigd(ref.rapport) or maand(ref.rapport.publicatie),
        }
        self.page(
            paths.goed_voorbeeld(ref.rapport.id, ref.item.id),
            "voorbeeld.md.j2",
            titel,
            meta,
            ref=ref,
            catalogus=self.catalogus_van.get(ref.gemeenten[0]) if len(ref.gemeenten) == 1 else None,
            illustreert=views.illustreert(self.index, ref),
            regios=views.regios(self.index, ref),
            onderwerpen=views.onderwerpen_of(self.index, ref),
        )

    def matrix(self) -> None:
        """One matrix page, or at scale one page per region (a table of 1000 gemeenten helps nobody)."""
        index = self.index
        matrices = views.matrices(index, self.chunks_of)
        uitgesloten = views.matrix_uitgesloten(index)
        meta = {"kind": "overzicht", "hide": ["toc"]}
        if all(len(mx.rapporten) <= views.MATRIX_MAX_COLUMNS for mx in matrices):
            self.page(
                paths.matrix(), "matrix.md.j2", "Bevindingenmatrix", meta, matrices=matrices, regios=[], uitgesloten=uitgesloten
            )
            return
        regios: dict[str, list[views.Matrix]] = defaultdict(list)
        for mx in matrices:
            per_regio: dict[str, list[m.Rapport]] = defaultdict(list)
            for rapport in mx.rapporten:
                per_regio[views.matrix_regio(index, rapport)].append(rapport)
            for regio, rapporten in per_regio.items():
                regios[regio].append(views.Matrix(mx.kader, mx.indicatoren, rapporten, mx.counts, mx.examined, mx.pages))
        listing = [
            (regio, paths.matrix_regio(paths.slug(regio)), sum(len(x.rapporten) for x in mxs))
            for regio, mxs in sorted(regios.items())
        ]
        self.page(paths.matrix(), "matrix.md.j2", "Bevindingenmatrix", meta, matrices=[], regios=listing, uitgesloten=uitgesloten)
        for regio, mxs in sorted(regios.items()):
            self.page(
                paths.matrix_regio(paths.slug(regio)),
                "matrix.md.j2",
                f"Bevindingenmatrix {regio}",
                meta,
                matrices=mxs,
                regios=[],
                uitgesloten=[],
            )


def nav(index: Index) -> list[Any]:
    """Navigation: the kader's structure, and index pages for the long lists. Titles are
    HTML-escaped: the theme puts them into pages as they are."""

    def entry(title: str, target: Any) -> dict[str, Any]:
        return {str(escape(title)): target}

    kader_nav: list[Any] = [entry("Overzicht van de kaders", paths.kaders())]
    for kader in index.kaders.values():
        section: list[Any] = [
            entry(f"Opbouw: {kader.titel}", paths.kader(kader.id)),
            entry("Volledige tekst", paths.kader_volledig(kader.id)),
        ]
        for thema in kader.themas:
            entries = [
                entry(indicator_title(IndicatorRef(kader, thema, c, i), short=True), paths.indicator(kader.id, i.id))
                for c in thema.criteria
                for i in c.indicatoren
            ]
            section.append(entry(thema.titel, entries))
        for variant in index.varianten_per_kader.get(kader.id, []):
            section.append(entry(f"Variant {variant.regio}", paths.variant(kader.id, variant.id)))
        kader_nav.append(entry(kader.titel, section))
    rapporten = sorted(index.rapporten.values(), key=lambda r: (-r.jaar, r.titel))
    gemeenten = sorted(index.gemeenten.values(), key=lambda g: g.naam)
    onderwerpen = sorted(index.onderwerpen.values(), key=lambda o: o.naam.lower())
    return [
        entry("Home", paths.home()),
        entry("Toezichtkaders", kader_nav),
        entry("Rapporten", _listing(paths.rapporten(), [(r.titel, paths.rapport(r.id)) for r in rapporten])),
        entry("Goede voorbeelden", paths.goede_voorbeelden()),
        entry("Bevindingenmatrix", paths.matrix()),
        entry("Gemeenten", _listing(paths.gemeenten(), [(g.naam, paths.gemeente(g.id)) for g in gemeenten])),
        entry("Onderwerpen", _listing(paths.onderwerpen(), [(o.naam, paths.onderwerp(o.id)) for o in onderwerpen])),
        entry("Nazorg", paths.nazorg()),
        entry("Begrippenlijst", paths.begrippen()),
        entry("Open data", paths.open_data()),
    ]


# A list longer than this gets only its index page in the navigation: a sidebar that
# repeats hundreds of reports on every page makes every page heavy and the build slow.
NAV_MAX = 40


def _listing(index_page: str, entries: list[tuple[str, str]]) -> str | list[Any]:
    if len(entries) > NAV_MAX:
        return index_page
    return [index_page, *({str(escape(title)): path} for title, path in entries)]


def render_site(
    index: Index,
    overrides: Path | None = None,
    memo: RenderMemo | None = None,
    converter: Converter | None = None,
) -> Rendered:
    """All pages and data files for one index.

    ``converter`` turns content Markdown into sanitised HTML (and caches it;
    ``pipeline.collect`` has already converted every text once to check it).
    With a ``memo`` (kept by ``mkdocs serve``) pages whose inputs did not
    change since the previous call are reused instead of rendered again.
    """
    converter = converter or Converter(glossary(index))
    if memo is None:
        env = make_environment(converter, overrides)
    else:  # mkdocs serve: the environment and its compiled templates from the last rebuild, while the same
        memo.begin(_shared_inputs(index, overrides))  # (template files with their times: a new override counts)
        key = (id(converter), overrides, memo.base)
        if memo.environment is None or memo.environment[0] != key:
            memo.environment = (key, make_environment(converter, overrides))
        env = memo.environment[1]
    env.globals.update(index=index, begrip_anchor=begrip_anchors(index))
    planner = Planner(index)
    jobs = planner.plan()
    # (not closing over the planner: the environment outlives this build under serve, the planned pages need not)
    titels, codes = planner.titels, planner.codes
    env.globals["kop"] = lambda ref: titels.get((ref.rapport.id, ref.item.id)) or getattr(ref.item, "titel", None)
    env.globals["indicator_code"] = lambda ref: codes[ref.indicator.id]
    out = Rendered(files=export_files(index, memo))
    jobs.append(Job(paths.open_data(), "open-data.md.j2", "Open data", {"files": sorted(out.files)}, {"kind": "overzicht"}))
    if memo is None:  # a single build: the pages in two processes where the machine allows
        texts = processes.map_halves(lambda job: _render(env, job, None), jobs)
    else:  # mkdocs serve: only the pages whose inputs changed, here
        texts = [_render(env, job, memo) for job in jobs]
    for job, text in zip(jobs, texts, strict=True):
        out.pages.append(Page(job.path, job.title, text, {"title": str(escape(job.title)), **job.meta}))
    if memo is not None:
        memo.end()
    out.nav = nav(index)
    out.glossary = glossary(index)
    return out


def _render(env: Environment, job: Job, memo: RenderMemo | None) -> str:
    def make() -> str:
        context = {"L": Linker(job.path), "page_path": job.path, "title": job.title, **job.context}
        return unique_footnote_refs(env.get_template(job.template).render(context))

    if memo is not None and job.template in CACHED_TEMPLATES:
        return memo.reuse(job.path, (job.template, job.title, job.context), make)
    return make()


def _shared_inputs(index: Index, overrides: Path | None) -> tuple[Any, ...]:
    """What any page may read besides its own context: the non-report content and the templates."""
    templates = sorted(
        (str(path), path.stat().st_mtime_ns)
        for folder in (overrides, TEMPLATES)
        if folder and folder.is_dir()
        for path in folder.rglob("*")
        if path.is_file()
    )
    return (
        list(index.kaders.values()),
        list(index.varianten.values()),
        list(index.gemeenten.values()),
        list(index.onderwerpen.values()),
        list(index.begrippen.values()),
        templates,
    )
