"""Stage 4, render: turn the index into Markdown pages (and data files) with Jinja2.

Presentation lives in ``generator/templates``; this module only decides which
pages exist and what each template gets. A site can override any template
by placing a file with the same name in ``site_overrides/templates``.
The output is plain Markdown plus data files, so the content does not depend
on MkDocs: the same pages can be written to a folder for another engine.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import escape

from . import model as m
from . import paths
from .data import export_files
from .index import Index, IndicatorRef, ItemRef
from .rendermemo import RenderMemo
from .validate import FOOTNOTE_REF

TEMPLATES = Path(__file__).parent / "templates"

# Beyond this many, lists of examples elsewhere link to the indicator page instead.
ELDERS_MAX = 5
# Reports per page in the "in de praktijk" lists of indicator and onderwerp pages:
# at hundreds of reports one page would weigh megabytes.
PRAKTIJK_PER_PAGE = 40
# Above this many gemeenten the matrix is split into one page per region.
MATRIX_MAX_COLUMNS = 40
# Above this many good examples the catalogue is split per year and shows excerpts.
CATALOGUE_MAX = 300
# Pages whose templates read reports only through their context (not through the
# whole index), so a RenderMemo may reuse them while their context objects are the same.
CACHED_TEMPLATES = frozenset(
    {
        "rapport.md.j2",
        "gemeente.md.j2",
        "indicator.md.j2",
        "onderwerp.md.j2",
        "praktijk.md.j2",
        "goede-voorbeelden.md.j2",
        "variant.md.j2",
        "kader-volledig.md.j2",
    }
)


@dataclass
class Page:
    """One generated page: its source path, title for navigation, and Markdown."""

    path: str
    title: str
    markdown: str

    @property
    def text(self) -> str:
        return self.markdown


@dataclass
class Chunk:
    """One page of a long list of report items: the groups on it and the links to all pages."""

    groups: list[tuple[m.Rapport, list[tuple[str, list[ItemRef]]]]]
    number: int
    pages: list[str]
    per_page: int


@dataclass
class Job:
    """A planned page: rendered after all pages are planned, possibly in another process."""

    path: str
    template: str
    title: str
    context: dict[str, Any]


@dataclass
class Rendered:
    pages: list[Page] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # data files: path -> content
    nav: list[Any] = field(default_factory=list)  # MkDocs-style nav of the generated pages
    glossary: dict[str, str] = field(default_factory=dict)  # abbreviation -> meaning, for every page


class Linker:
    """Links from one page to the others; templates call it as ``L``."""

    def __init__(self, page: str) -> None:
        self.page = page

    def to(self, target: str, anchor: str = "") -> str:
        return paths.relative(self.page, target, anchor)

    def href(self, target: str, anchor: str = "") -> str:
        return paths.href(self.page, target, anchor)

    def indicator(self, ref: IndicatorRef, anchor: str = "") -> str:
        return self.to(paths.indicator(ref.kader.id, ref.indicator.id), anchor)

    def item(self, ref: ItemRef) -> str:
        return self.to(paths.rapport(ref.rapport.id), ref.anchor)

    def item_href(self, ref: ItemRef) -> str:
        return self.href(paths.rapport(ref.rapport.id), ref.anchor)


def make_environment(overrides: Path | None = None) -> Environment:
    """Jinja2 for Markdown output; ``e`` escapes values that go into HTML attributes."""
    search = [str(overrides)] if overrides and overrides.is_dir() else []
    env = Environment(
        loader=FileSystemLoader([*search, str(TEMPLATES)]),
        autoescape=False,  # output is Markdown; values are checked for HTML at validation, attributes use |e
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["inline"] = inline
    env.filters["plain"] = plain
    env.filters["nofootnotes"] = no_footnotes
    env.filters["oordeel"] = lambda value: {"goed": "Wat gaat goed", "kan_beter": "Wat kan beter"}[value]
    env.filters["waarneming"] = lambda value: WAARNEMING[value]
    env.filters["maand"] = maand
    env.filters["datum"] = datum
    env.globals["paths"] = paths
    env.globals["groupby_oordeel"] = groupby_oordeel
    env.globals["footnotes_for"] = footnotes_for
    env.globals["titel"] = lambda item: getattr(item, "titel", None)
    return env


WAARNEMING = {
    "gezien": "Gezien in de praktijk",
    "principe": "Principe, benoemd maar niet gezien in de dossiers",
    "organisatiegebonden": "Organisatiegebonden voorbeeld",
}

MAANDEN = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def slug(text: str) -> str:
    """A URL part for free text such as a region name."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "overig"


def maand(publicatie: str) -> str:
    """'2020-01' → 'januari 2020'."""
    if len(publicatie) == 7:
        return f"{MAANDEN[int(publicatie[5:]) - 1]} {publicatie[:4]}"
    return publicatie


def datum(value: Any) -> str:
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"


@lru_cache(maxsize=65536)  # the same titles and names recur on thousands of pages
def inline(text: str | None) -> str:
    """A value safe as inline Markdown (link text, table cell, heading): one line, brackets escaped."""
    if not text:
        return ""
    one_line = " ".join(text.split())
    return str(escape(one_line)).replace("[", "\\[").replace("]", "\\]").replace("|", "\\|")


@lru_cache(maxsize=65536)
def plain(text: str | None, limit: int = 0) -> str:
    """Text without Markdown markup, for attributes, tooltips and excerpts."""
    if not text:
        return ""
    flat = FOOTNOTE_REF.sub("", text)
    flat = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", flat)
    flat = re.sub(r"[*_`#>]", "", flat)
    flat = " ".join(flat.split())
    if limit and len(flat) > limit:
        flat = flat[: limit - 1].rsplit(" ", 1)[0] + "…"
    return flat


def footnotes_for(notes: dict[int, str], *texts: str | None) -> list[tuple[int, str]]:
    """The footnotes that the given texts cite, for pages that show part of a document."""
    cited = {match.group(1) for text in texts if text for match in FOOTNOTE_REF.finditer(text)}
    return [(number, text) for number, text in sorted(notes.items()) if str(number) in cited]


def no_footnotes(text: str | None) -> str:
    """Item text shown outside its report: footnotes live on the report page."""
    return FOOTNOTE_REF.sub("", text or "")


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


# --------------------------------------------------------------------------- #
# Pages
# --------------------------------------------------------------------------- #


class Renderer:
    """Renders all pages of one index with one Jinja2 environment."""

    def __init__(self, index: Index, env: Environment, memo: RenderMemo | None = None) -> None:
        self.index = index
        self.env = env
        self.memo = memo
        self.jobs: list[Job] = []
        self.out = Rendered()
        self._positives: dict[str, tuple[list[ItemRef], Counter[str]]] = {}
        self.practice_page: dict[tuple[str, str], str] = {}  # (indicator or onderwerp, rapport) -> page

    def page(self, path: str, template: str, title: str, **context: Any) -> None:
        """Plan a page; ``render_all`` renders them once every page is known."""
        self.jobs.append(Job(path, template, title, context))

    def render(self, job: Job) -> str:
        def make() -> str:
            return self.env.get_template(job.template).render(
                L=Linker(job.path), index=self.index, page_path=job.path, title=job.title, **job.context
            )

        if self.memo is not None and job.template in CACHED_TEMPLATES:
            return self.memo.reuse(job.path, (job.template, job.title, job.context), make)
        return make()

    def render_all(self) -> Rendered:
        """Plan every page, then render them."""
        self.home()
        self.kaders()
        self.rapporten()
        self.gemeenten()
        self.onderwerpen()
        self.catalogue_pages()
        self.matrix_pages()
        self.page(
            paths.begrippen(),
            "begrippen.md.j2",
            "Begrippenlijst",
            begrippen=sorted(self.index.begrippen.values(), key=lambda b: b.term.lower()),
        )
        self.page(paths.nazorg(), "nazorg.md.j2", "Nazorg", rapporten=self.nazorg_rapporten())
        planned = self.jobs
        self.out.files.update(export_files(self.index, self.memo))
        self.jobs = []
        self.page(paths.open_data(), "open-data.md.j2", "Open data", files=sorted(self.out.files))
        texts = [self.render(job) for job in planned]
        texts += [self.render(job) for job in self.jobs]
        self.out.pages = [Page(job.path, job.title, text) for job, text in zip(planned + self.jobs, texts, strict=True)]
        self.out.nav = self.nav()
        self.out.glossary = {b.term: plain(b.betekenis) for b in self.index.begrippen.values() if b.afkorting}
        return self.out

    def home(self) -> None:
        counts = Counter(type(ref.item).__name__ for ref in self.index.items)
        self.page(paths.home(), "home.md.j2", "Kader in de praktijk", counts=counts)

    def kaders(self) -> None:
        self.page(paths.kaders(), "kaders.md.j2", "Toezichtkaders")
        for kader in self.index.kaders.values():
            self.page(
                paths.kader(kader.id),
                "kader.md.j2",
                kader.titel,
                kader=kader,
                varianten=self.index.varianten_per_kader.get(kader.id, []),
            )
            self.page(paths.kader_volledig(kader.id), "kader-volledig.md.j2", f"{kader.titel}: volledige tekst", kader=kader)
            for ref in self._indicators(kader):
                self.page(
                    paths.indicator(kader.id, ref.indicator.id),
                    "indicator.md.j2",
                    indicator_title(ref),
                    ref=ref,
                    praktijk=self.paginate(
                        ref.indicator.id,
                        paths.indicator(kader.id, ref.indicator.id),
                        indicator_title(ref),
                        self.index.items_per_indicator.get(ref.indicator.id, []),
                    ),
                    wijzigingen=self.wijzigingen(ref),
                    verwant=self.verwant(ref),
                )
            for variant in self.index.varianten_per_kader.get(kader.id, []):
                self.page(
                    paths.variant(kader.id, variant.id),
                    "variant.md.j2",
                    variant.titel,
                    kader=kader,
                    variant=variant,
                    rijen=self.variant_rijen(kader, variant),
                )

    def _indicators(self, kader: m.Kader) -> list[IndicatorRef]:
        return [ref for ref in self.index.indicatoren.values() if ref.kader.id == kader.id]

    def practice(self, refs: list[ItemRef]) -> list[tuple[m.Rapport, list[tuple[str, list[ItemRef]]]]]:
        """Items grouped by report (newest first), then by kind (goed, kan beter, voorbeeld, aanbeveling, casus)."""
        per_rapport: dict[str, list[ItemRef]] = defaultdict(list)
        for item_ref in refs:
            per_rapport[item_ref.rapport.id].append(item_ref)
        result = []
        for rapport_id, items in sorted(per_rapport.items(), key=lambda kv: (-self.index.rapporten[kv[0]].jaar, kv[0])):
            groups = [(label, [r for r in items if item_group(r.item) == label]) for label in GROUPS]
            result.append((self.index.rapporten[rapport_id], [(label, group) for label, group in groups if group]))
        return result

    def paginate(self, key: str, main: str, title: str, refs: list[ItemRef]) -> Chunk:
        """Split a practice list over pages of PRAKTIJK_PER_PAGE reports; returns the first chunk.

        Every later chunk becomes its own page below the main page, and the
        page of every (key, report) is remembered so the matrix links there.
        """
        groups = self.practice(refs)
        parts = [groups[i : i + PRAKTIJK_PER_PAGE] for i in range(0, len(groups), PRAKTIJK_PER_PAGE)] or [[]]
        pages = [main] + [main[: -len(".md")] + f"/praktijk-{n}.md" for n in range(2, len(parts) + 1)]
        chunks = [Chunk(part, n + 1, pages, PRAKTIJK_PER_PAGE) for n, part in enumerate(parts)]
        for chunk, path in zip(chunks, pages, strict=True):
            for rapport, _ in chunk.groups:
                self.practice_page[(key, rapport.id)] = path
        for chunk, path in zip(chunks[1:], pages[1:], strict=True):
            self.page(
                path,
                "praktijk.md.j2",
                f"{title}: in de praktijk ({chunk.number}/{len(pages)})",
                praktijk=chunk,
                terug=main,
                onderwerp_titel=title,
            )
        return chunks[0]

    def wijzigingen(self, ref: IndicatorRef) -> list[tuple[m.Variant, m.Wijziging, m.Element | None]]:
        element_ids = {element.id: element for element in ref.indicator.elementen}
        found = []
        for variant in self.index.varianten_per_kader.get(ref.kader.id, []):
            for wijziging in variant.wijzigingen:
                if wijziging.element in element_ids or wijziging.indicator == ref.indicator.id:
                    found.append((variant, wijziging, element_ids.get(wijziging.element or "")))
        return found

    def verwant(self, ref: IndicatorRef) -> list[tuple[m.Onderwerp, list[IndicatorRef]]]:
        """Indicators of other kaders that share an onderwerp with this one."""
        result = []
        for onderwerp_id in ref.indicator.onderwerpen:
            others = [o for o in self.index.indicatoren_per_onderwerp.get(onderwerp_id, []) if o.kader.id != ref.kader.id]
            if others and onderwerp_id in self.index.onderwerpen:
                result.append((self.index.onderwerpen[onderwerp_id], others))
        return result

    def variant_rijen(self, kader: m.Kader, variant: m.Variant) -> list[tuple[IndicatorRef, m.Wijziging, m.Element | None]]:
        rows = []
        order = {ref.indicator.id: n for n, ref in enumerate(self._indicators(kader))}
        for wijziging in variant.wijzigingen:
            for ref in self._indicators(kader):
                elements = {e.id: e for e in ref.indicator.elementen}
                if wijziging.element in elements or wijziging.indicator == ref.indicator.id:
                    rows.append((ref, wijziging, elements.get(wijziging.element or "")))
        return sorted(rows, key=lambda row: order[row[0].indicator.id])

    def rapporten(self) -> None:
        ordered = sorted(self.index.rapporten.values(), key=lambda r: (-r.jaar, r.titel))
        self.page(paths.rapporten(), "rapporten.md.j2", "Rapporten", rapporten=ordered)
        for rapport in ordered:
            self.page(
                paths.rapport(rapport.id),
                "rapport.md.j2",
                rapport.titel,
                rapport=rapport,
                kader=self.index.kader_of(rapport),
                variant=self.index.variant_of(rapport),
                elders=self.elders(rapport),
            )

    def elders(self, rapport: m.Rapport) -> dict[str, list[tuple[IndicatorRef, list[ItemRef], int]]]:
        """'Elders gaat het goed': per kan-beter finding and indicator, what works in other gemeenten.

        Shows at most ELDERS_MAX per indicator and the total, which links to the
        indicator page; positives are precomputed per indicator, so this stays
        linear in the number of reports.
        """
        result: dict[str, list[tuple[IndicatorRef, list[ItemRef], int]]] = {}
        for ref in self.index.items_per_rapport.get(rapport.id, []):
            if not (isinstance(ref.item, m.Bevinding) and ref.item.oordeel == "kan_beter"):
                continue
            entries = []
            own = set(ref.gemeenten)
            for indicator_id in ref.item.indicatoren:
                positives, per_gemeente = self.positives(indicator_id)
                if len(own) == 1:
                    total = len(positives) - per_gemeente.get(next(iter(own)), 0)
                else:  # rare: a finding about several gemeenten
                    total = sum(1 for p in positives if not own & set(p.gemeenten))
                shown = list(islice((p for p in positives if not own.intersection(p.gemeenten)), ELDERS_MAX)) if total else []
                if total:
                    entries.append((self.index.indicatoren[indicator_id], shown, total))
            result[ref.item.id] = entries
        return result

    def positives(self, indicator_id: str) -> tuple[list[ItemRef], Counter[str]]:
        """Goed findings and good examples on one indicator, newest report first (cached)."""
        if indicator_id not in self._positives:
            found = [r for r in self.index.items_per_indicator.get(indicator_id, []) if r.gemeenten and is_positive(r.item)]
            found.sort(key=lambda r: (-r.rapport.jaar, isinstance(r.item, m.Bevinding)))
            self._positives[indicator_id] = (found, Counter(g for r in found for g in set(r.gemeenten)))
        return self._positives[indicator_id]

    def gemeenten(self) -> None:
        ordered = sorted(self.index.gemeenten.values(), key=lambda g: g.naam)
        self.page(paths.gemeenten(), "gemeenten.md.j2", "Gemeenten", gemeenten=ordered)
        for gemeente in ordered:
            items = self.index.items_per_gemeente.get(gemeente.id, [])
            self.page(
                paths.gemeente(gemeente.id),
                "gemeente.md.j2",
                gemeente.naam,
                gemeente=gemeente,
                rapporten=self.index.rapporten_per_gemeente.get(gemeente.id, []),
                groepen=[(label, [r for r in items if item_group(r.item) == label]) for label in GROUPS],
            )

    def onderwerpen(self) -> None:
        ordered = sorted(self.index.onderwerpen.values(), key=lambda o: o.naam.lower())
        self.page(paths.onderwerpen(), "onderwerpen.md.j2", "Onderwerpen", onderwerpen=ordered)
        for onderwerp in ordered:
            items = self.index.items_per_onderwerp.get(onderwerp.id, [])
            self.page(
                paths.onderwerp(onderwerp.id),
                "onderwerp.md.j2",
                onderwerp.naam,
                onderwerp=onderwerp,
                indicatoren=self.index.indicatoren_per_onderwerp.get(onderwerp.id, []),
                secties=self.index.secties_per_onderwerp.get(onderwerp.id, []),
                praktijk=self.paginate(onderwerp.id, paths.onderwerp(onderwerp.id), onderwerp.naam, items),
            )

    def catalogue_pages(self) -> None:
        """The catalogue on one page, or at scale one page per year with short excerpts."""
        alle = [ref for ref in self.index.items if isinstance(ref.item, m.GoedVoorbeeld)]
        if len(alle) <= CATALOGUE_MAX:
            self.page(
                paths.goede_voorbeelden(),
                "goede-voorbeelden.md.j2",
                "Goede voorbeelden",
                jaren=[],
                excerpt=False,
                **self.catalogue(alle),
            )
            return
        per_jaar: dict[int, list[ItemRef]] = defaultdict(list)
        for ref in alle:
            per_jaar[ref.rapport.jaar].append(ref)
        jaren = [(jaar, paths.goede_voorbeelden_jaar(jaar), len(refs)) for jaar, refs in sorted(per_jaar.items(), reverse=True)]
        self.page(
            paths.goede_voorbeelden(),
            "goede-voorbeelden.md.j2",
            "Goede voorbeelden",
            jaren=jaren,
            excerpt=True,
            **self.catalogue([]),
        )
        for jaar, refs in per_jaar.items():
            self.page(
                paths.goede_voorbeelden_jaar(jaar),
                "goede-voorbeelden.md.j2",
                f"Goede voorbeelden {jaar}",
                jaren=[],
                excerpt=True,
                **self.catalogue(refs),
            )

    def catalogue(self, voorbeelden: list[ItemRef]) -> dict[str, Any]:
        voorbeelden = list(voorbeelden)
        voorbeelden.sort(key=lambda r: (-r.rapport.jaar, self.index.gemeente_namen(r.gemeenten), r.rapport.id))
        facets = {
            "gemeente": sorted({(g, self.index.gemeente_naam(g)) for r in voorbeelden for g in r.gemeenten}, key=lambda x: x[1]),
            "regio": sorted({regio for r in voorbeelden for regio in self.regios(r)}),
            "onderwerp": sorted(
                {(o, self.index.onderwerpen[o].naam) for r in voorbeelden for o in self.onderwerpen_of(r)},
                key=lambda x: x[1].lower(),
            ),
            "indicator": [
                (i, indicator_title(self.index.indicatoren[i]))
                for i in self.index.indicatoren
                if any(i in r.item.indicatoren for r in voorbeelden)
            ],
            "jaar": sorted({r.rapport.jaar for r in voorbeelden}, reverse=True),
        }
        return {"voorbeelden": voorbeelden, "facets": facets, "regios": self.regios, "onderwerpen_of": self.onderwerpen_of}

    def regios(self, ref: ItemRef) -> list[str]:
        """The regions of an item's gemeenten (or of its report when the gemeente has none)."""
        found = [g.regio for g in (self.index.gemeenten.get(i) for i in ref.gemeenten) if g and g.regio]
        return list(dict.fromkeys(found)) or ([ref.rapport.regio] if ref.rapport.regio else [])

    def onderwerpen_of(self, ref: ItemRef) -> list[str]:
        """An item's onderwerpen, including those reached through its indicators."""
        found = dict.fromkeys(ref.item.onderwerpen)
        for indicator_id in ref.item.indicatoren:
            found.update(dict.fromkeys(self.index.indicatoren[indicator_id].indicator.onderwerpen))
        return [o for o in found if o in self.index.onderwerpen]

    def matrices(self) -> list[dict[str, Any]]:
        """Per kader with findings: indicators × gemeenten, counts of goed / kan beter."""
        result = []
        for kader in self.index.kaders.values():
            rapporten = [r for r in self.index.rapporten_per_kader.get(kader.id, []) if r.soort == "gemeenterapport"]
            indicators = self._indicators(kader)
            if not rapporten:
                continue
            columns = sorted(rapporten, key=lambda r: (self.index.gemeente_naam(r.gemeenten[0]), r.jaar))
            counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
            for ref in indicators:
                for item_ref in self.index.items_per_indicator.get(ref.indicator.id, []):
                    if isinstance(item_ref.item, m.Bevinding):
                        counts[(ref.indicator.id, item_ref.rapport.id)][item_ref.item.oordeel] += 1
            examined = {
                r.id: set(r.kader.indicatoren) if r.kader and r.kader.indicatoren else {i.indicator.id for i in indicators}
                for r in columns
            }
            result.append(
                {"kader": kader, "indicatoren": indicators, "rapporten": columns, "counts": counts, "examined": examined}
            )
        return result

    def matrix_pages(self) -> None:
        """One matrix page, or at scale one page per region (a table of 1000 gemeenten helps nobody)."""
        matrices = self.matrices()
        context = {"page_of": lambda i, r: self.practice_page.get((i, r), paths.indicator(self.index.indicatoren[i].kader.id, i))}
        if all(len(mx["rapporten"]) <= MATRIX_MAX_COLUMNS for mx in matrices):
            self.page(paths.matrix(), "matrix.md.j2", "Bevindingenmatrix", matrices=matrices, regios=[], **context)
            return
        regios: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for mx in matrices:
            per_regio: dict[str, list[m.Rapport]] = defaultdict(list)
            for rapport in mx["rapporten"]:
                gemeente = self.index.gemeenten.get(rapport.gemeenten[0])
                per_regio[(gemeente.regio if gemeente else None) or rapport.regio or "Overig"].append(rapport)
            for regio, rapporten in per_regio.items():
                regios[regio].append({**mx, "rapporten": rapporten})
        listing = [
            (regio, paths.matrix_regio(slug(regio)), sum(len(x["rapporten"]) for x in mxs))
            for regio, mxs in sorted(regios.items())
        ]
        self.page(paths.matrix(), "matrix.md.j2", "Bevindingenmatrix", matrices=[], regios=listing, **context)
        for regio, mxs in sorted(regios.items()):
            self.page(
                paths.matrix_regio(slug(regio)), "matrix.md.j2", f"Bevindingenmatrix {regio}", matrices=mxs, regios=[], **context
            )

    def nazorg_rapporten(self) -> list[m.Rapport]:
        with_deadline = [r for r in self.index.rapporten.values() if r.nazorg]
        return sorted(with_deadline, key=lambda r: r.nazorg.deadline if r.nazorg else None)  # type: ignore[arg-type,return-value]

    def nav(self) -> list[Any]:
        """Navigation: the kader's structure, and index pages for the long lists."""
        kader_nav: list[Any] = [{"Overzicht": paths.kaders()}]
        for kader in self.index.kaders.values():
            section: list[Any] = [{"Opbouw": paths.kader(kader.id)}, {"Volledige tekst": paths.kader_volledig(kader.id)}]
            for thema in kader.themas:
                entries = [
                    {indicator_title(IndicatorRef(kader, thema, c, i), short=True): paths.indicator(kader.id, i.id)}
                    for c in thema.criteria
                    for i in c.indicatoren
                ]
                section.append({thema.titel: entries})
            for variant in self.index.varianten_per_kader.get(kader.id, []):
                section.append({f"Variant {variant.regio}": paths.variant(kader.id, variant.id)})
            kader_nav.append({kader.titel: section})
        rapporten = sorted(self.index.rapporten.values(), key=lambda r: (-r.jaar, r.titel))
        gemeenten = sorted(self.index.gemeenten.values(), key=lambda g: g.naam)
        onderwerpen = sorted(self.index.onderwerpen.values(), key=lambda o: o.naam.lower())
        return [
            {"Home": paths.home()},
            {"Toezichtkaders": kader_nav},
            {"Rapporten": _listing(paths.rapporten(), [(r.titel, paths.rapport(r.id)) for r in rapporten])},
            {"Goede voorbeelden": paths.goede_voorbeelden()},
            {"Bevindingenmatrix": paths.matrix()},
            {"Gemeenten": _listing(paths.gemeenten(), [(g.naam, paths.gemeente(g.id)) for g in gemeenten])},
            {"Onderwerpen": _listing(paths.onderwerpen(), [(o.naam, paths.onderwerp(o.id)) for o in onderwerpen])},
            {"Nazorg": paths.nazorg()},
            {"Begrippenlijst": paths.begrippen()},
            {"Open data": paths.open_data()},
        ]


# A list longer than this gets only its index page in the navigation: a sidebar that
# repeats hundreds of reports on every page makes every page heavy and the build slow.
NAV_MAX = 40


def _listing(index_page: str, entries: list[tuple[str, str]]) -> str | list[Any]:
    if len(entries) > NAV_MAX:
        return index_page
    return [index_page, *({title: path} for title, path in entries)]


GROUPS = ("goed", "kan_beter", "goed_voorbeeld", "aanbeveling", "casus")
GROUP_LABELS = {
    "goed": "Wat gaat goed",
    "kan_beter": "Wat kan beter",
    "goed_voorbeeld": "Goede voorbeelden",
    "aanbeveling": "Aanbevelingen",
    "casus": "Casussen",
}


def item_group(item: Any) -> str:
    if isinstance(item, m.Bevinding):
        return item.oordeel
    return str(item.soort)


def is_positive(item: Any) -> bool:
    return isinstance(item, m.GoedVoorbeeld) or (isinstance(item, m.Bevinding) and item.oordeel == "goed")


def begrip_anchors(index: Index) -> dict[str, str]:
    """A unique, stable anchor per begrip on the glossary ('ggz' and 'GGZ' get two)."""
    anchors: dict[str, str] = {}
    for term in sorted(index.begrippen, key=lambda t: (t.lower(), t)):
        base = "begrip-" + slug(term.replace("+", "plus"))
        anchor, n = base, 2
        while anchor in anchors.values():
            anchor, n = f"{base}-{n}", n + 1
        anchors[term] = anchor
    return anchors


def indicator_title(ref: IndicatorRef, short: bool = False) -> str:
    """'Indicator 3: Er is door een professional…' (short: '3. Er is door…' cut for navigation)."""
    number = ref.indicator.nummer
    text = plain(ref.indicator.tekst)
    if short:
        text = plain(ref.indicator.tekst, 60)
        return f"{number}. {text}" if number is not None else text
    return f"Indicator {number}: {text}" if number is not None else text


def render_site(
    index: Index,
    overrides: Path | None = None,
    memo: RenderMemo | None = None,
) -> Rendered:
    """All pages and data files for one index.

    With a ``memo`` (kept by ``mkdocs serve``) pages whose inputs did not change
    since the previous call are reused instead of rendered again.
    """
    renderer = Renderer(index, make_environment(overrides), memo)
    renderer.env.globals["GROUP_LABELS"] = GROUP_LABELS
    renderer.env.globals["indicator_title"] = indicator_title
    renderer.env.globals["item_group"] = item_group
    renderer.env.globals["begrip_anchor"] = begrip_anchors(index)
    if memo is not None:
        memo.begin(_shared_inputs(index, overrides))
    rendered = renderer.render_all()
    if memo is not None:
        memo.end()
    return rendered


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
