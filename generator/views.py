"""Stage 4a, views: what each page shows, as pure functions of the index returning typed data.

Nothing here renders or remembers anything between calls: the same index
gives the same views, in any order. ``render`` plans pages from these views
and hands them to the templates.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby, islice, pairwise

from . import model as m
from . import paths
from .index import Index, IndicatorRef, ItemRef, SectieRef

# Beyond this many, lists of examples elsewhere link to the indicator page instead.
ELDERS_MAX = 5
# Reports per page in the "in de praktijk" lists of indicator and onderwerp pages:
# at hundreds of reports one page would weigh megabytes.
PRAKTIJK_PER_PAGE = 40
# Above this many gemeenten the matrix is split into one page per region.
MATRIX_MAX_COLUMNS = 40
# Most good examples on one catalogue page: above it the catalogue is split per year (with
# excerpts), and a year with more is split into periods of publication (a page stays < 500 kB).
CATALOGUE_MAX = 300
# Up to this many examples the one-page catalogue shows each text in full (with its links); above it
# short excerpts, as on the pages per year: the record page has the whole text. 300 full texts of
# the real reports would weigh about 550 kB.
CATALOGUE_FULL_TEXT = 100

GROUPS = ("goed", "kan_beter", "goed_voorbeeld", "aanbeveling", "casus")
GROUP_LABELS = {
    "goed": "Wat gaat goed",
    "kan_beter": "Wat kan beter",
    "goed_voorbeeld": "Goede voorbeelden",
    "aanbeveling": "Aanbevelingen",
    "casus": "Casussen",
}

Groups = list[tuple[str, list[ItemRef]]]


@dataclass(frozen=True)
class RapportRegel:
    """A report as a row of the list of reports: only what the row shows, so that the list is reused under
    ``mkdocs serve`` while no row changes (a report object is new after every save of its file)."""

    id: str
    titel: str
    publicatie: str
    soort: str
    gemeenten: tuple[str, ...]
    kader: str | None
    variant: str | None


def rapport_regels(rapporten: list[m.Rapport]) -> list[RapportRegel]:
    return [
        RapportRegel(
            r.id,
            r.titel,
            r.publicatie,
            r.soort,
            tuple(r.gemeenten),
            r.kader.kader if r.kader else None,
            r.kader.variant if r.kader else None,
        )
        for r in rapporten
    ]


@dataclass(frozen=True)
class Chunk:
    """One page of a long list of report items: the groups on it and the links to all pages."""

    groups: list[tuple[m.Rapport, Groups]]
    number: int
    pages: list[str]
    per_page: int
    # chapters of the reports on this page linked to the indicator as a whole (a national report's themes)
    secties: dict[str, list[SectieRef]] = field(default_factory=dict)


@dataclass(frozen=True)
class Elders:
    """'Elders gaat het goed' for one kan-beter finding: each item elsewhere once, with the indicators it shares."""

    shown: list[tuple[ItemRef, list[IndicatorRef]]]
    more: list[tuple[IndicatorRef, int]]  # indicators with more items than shown: the total, linked to the indicator page
    same_as: ItemRef | None = None  # the previous kan-beter finding already shows exactly these: refer to it


@dataclass(frozen=True)
class Matrix:
    """Indicators × gemeenterapporten of one kader, with the goed/kan-beter counts per cell."""

    kader: m.Kader
    indicatoren: list[IndicatorRef]
    rapporten: list[m.Rapport]
    counts: dict[tuple[str, str], Counter[str]]
    examined: dict[str, frozenset[str]]
    pages: dict[tuple[str, str], str]  # (indicator, rapport) -> the practice page listing that cell


@dataclass(frozen=True)
class CatalogusItem:
    ref: ItemRef
    titel: str
    values: dict[str, list[str]]  # facet name -> the item's values (what the filters match on)


@dataclass(frozen=True)
class CatalogusDeel:
    """One page of the catalogue: every example, or at scale one year's, or one period of a year (newest first)."""

    path: str
    refs: list[ItemRef]
    jaar: int | None = None  # None: the whole catalogue on one page
    nummer: int = 1  # the part of its year (1 is the year's own page)
    periode: str = ""  # 'juli–september' when the year has more than one part


@dataclass(frozen=True)
class Facet:
    """One multi-select filter of the catalogue: (value, label, number of items) per option."""

    name: str
    label: str
    options: list[tuple[str, str, int]]


@dataclass(frozen=True)
class Oordelen:
    """Per report, how an indicator was judged: the summary block of an indicator page."""

    rapport: m.Rapport
    counts: Counter[str]  # goed, kan_beter, goed_voorbeeld, aanbeveling, casus
    page: str  # the practice page that lists this report


@dataclass(frozen=True)
class OordelenJaar:
    """Per year, how an indicator was judged: the summary block when there are too many reports for a row each."""

    jaar: int
    rapporten: int
    counts: Counter[str]
    page: str  # the practice page that lists the year's first report
    anchor: str  # that report's section on it


@dataclass(frozen=True)
class Woord:
    """One piece of a word-level comparison: 'gelijk', 'weg' (only in the first text) or 'nieuw'."""

    soort: str
    tekst: str


@dataclass(frozen=True)
class Verschil:
    woorden: list[Woord]
    alleen_spelling: bool
    gelijk: bool


def item_group(item: object) -> str:
    if isinstance(item, m.Bevinding):
        return item.oordeel
    return str(getattr(item, "soort", ""))


def is_positive(item: object) -> bool:
    return isinstance(item, m.GoedVoorbeeld) or (isinstance(item, m.Bevinding) and item.oordeel == "goed")


def indicators_of(index: Index, kader: m.Kader) -> list[IndicatorRef]:
    return [ref for ref in index.indicatoren.values() if ref.kader.id == kader.id]


# --------------------------------------------------------------------------- #
# Practice lists (indicator and onderwerp pages)
# --------------------------------------------------------------------------- #


def praktijk(index: Index, refs: list[ItemRef], secties: list[SectieRef] | None = None) -> list[tuple[m.Rapport, Groups]]:
    """Items grouped by report (newest first), then by kind (goed, kan beter, voorbeeld, aanbeveling, casus).

    A report with only linked chapters (``secties``) gets an entry without groups.
    """
    per_rapport: dict[str, list[ItemRef]] = defaultdict(list)
    for item_ref in refs:
        per_rapport[item_ref.rapport.id].append(item_ref)
    for sectie_ref in secties or []:
        per_rapport.setdefault(sectie_ref.rapport.id, [])
    result = []
    for rapport_id, items in sorted(per_rapport.items(), key=lambda kv: (-index.rapporten[kv[0]].jaar, kv[0])):
        per_group: dict[str, list[ItemRef]] = defaultdict(list)
        for r in items:
            per_group[item_group(r.item)].append(r)
        result.append((index.rapporten[rapport_id], [(label, per_group[label]) for label in GROUPS if label in per_group]))
    return result


def chunks(index: Index, main: str, refs: list[ItemRef], secties: list[SectieRef] | None = None) -> list[Chunk]:
    """A practice list split over pages of PRAKTIJK_PER_PAGE reports: the main page, then ``…/praktijk-N.md``."""
    groups = praktijk(index, refs, secties)
    per_rapport: dict[str, list[SectieRef]] = defaultdict(list)
    for sectie_ref in secties or []:
        per_rapport[sectie_ref.rapport.id].append(sectie_ref)
    parts = [groups[i : i + PRAKTIJK_PER_PAGE] for i in range(0, len(groups), PRAKTIJK_PER_PAGE)] or [[]]
    pages = [main] + [main[: -len(".md")] + f"/praktijk-{n}.md" for n in range(2, len(parts) + 1)]
    return [
        Chunk(part, n + 1, pages, PRAKTIJK_PER_PAGE, {r.id: per_rapport[r.id] for r, _ in part if r.id in per_rapport})
        for n, part in enumerate(parts)
    ]


def indicator_chunks(index: Index, ref: IndicatorRef) -> list[Chunk]:
    """An indicator's practice list: linked items and, for national and thematic reports, linked chapters."""
    main = paths.indicator(ref.kader.id, ref.indicator.id)
    indicator_id = ref.indicator.id
    return chunks(index, main, index.items_per_indicator.get(indicator_id, []), index.secties_per_indicator.get(indicator_id, []))


def praktijk_paginas(index: Index, indicator: IndicatorRef, chunk_list: list[Chunk] | None = None) -> dict[str, str]:
    """On which page of an indicator's practice list each report appears (``chunk_list``: that list, if at hand)."""
    return {
        rapport.id: chunk.pages[chunk.number - 1]
        for chunk in (indicator_chunks(index, indicator) if chunk_list is None else chunk_list)
        for rapport, _ in chunk.groups
    }


# --------------------------------------------------------------------------- #
# Report pages
# --------------------------------------------------------------------------- #


Positives = dict[str, tuple[list[ItemRef], Counter[str]]]


def positives(index: Index) -> Positives:
    """Goed findings and good examples per indicator, newest report first."""
    result: dict[str, tuple[list[ItemRef], Counter[str]]] = {}
    for indicator_id, refs in index.items_per_indicator.items():
        found = [r for r in refs if r.gemeenten and is_positive(r.item)]
        found.sort(key=lambda r: (-r.rapport.jaar, isinstance(r.item, m.Bevinding)))
        result[indicator_id] = (found, Counter(g for r in found for g in set(r.gemeenten)))
    return result


def elders(index: Index, rapport: m.Rapport, positives_all: Positives) -> dict[str, Elders]:
    """'Elders gaat het goed': per kan-beter finding, what works in other gemeenten on the same indicators.

    Per indicator at most ELDERS_MAX items; an item that fits several of the
    finding's indicators is listed once. ``positives_all`` (from ``positives``)
    is computed once per build, so this stays linear in the number of reports.
    """
    result: dict[str, Elders] = {}
    previous: tuple[ItemRef, Elders] | None = None
    for ref in index.items_per_rapport.get(rapport.id, []):
        if not (isinstance(ref.item, m.Bevinding) and ref.item.oordeel == "kan_beter"):
            continue
        shown: dict[int, tuple[ItemRef, list[IndicatorRef]]] = {}
        more: list[tuple[IndicatorRef, int]] = []
        own = set(ref.gemeenten)
        for indicator_id in dict.fromkeys(ref.item.indicatoren):
            found, per_gemeente = positives_all.get(indicator_id, ([], Counter()))
            if len(own) == 1:
                total = len(found) - per_gemeente.get(next(iter(own)), 0)
            else:  # rare: a finding about several gemeenten
                total = sum(1 for p in found if not own & set(p.gemeenten))
            if not total:
                continue
            indicator = index.indicatoren[indicator_id]
            for other in islice((p for p in found if not own.intersection(p.gemeenten)), ELDERS_MAX):
                shown.setdefault(id(other), (other, []))[1].append(indicator)
            if total > ELDERS_MAX:
                more.append((indicator, total))
        if not shown:
            continue
        entry = Elders(list(shown.values()), more)
        if previous and _same_box(previous[1], entry):
            result[ref.item.id] = Elders([], [], same_as=previous[0])  # not the same box twice in a row
        else:
            result[ref.item.id] = entry
            previous = (ref, entry)
    return result


def _same_box(a: Elders, b: Elders) -> bool:
    return [id(r) for r, _ in a.shown] == [id(r) for r, _ in b.shown] and a.more == b.more


# --------------------------------------------------------------------------- #
# Indicator pages
# --------------------------------------------------------------------------- #


def wijzigingen(index: Index, ref: IndicatorRef) -> list[tuple[m.Variant, m.Wijziging, m.Element | None]]:
    """The regional variants' changes to one indicator (or its elements)."""
    element_ids = {element.id: element for element in ref.indicator.elementen}
    found = []
    for variant in index.varianten_per_kader.get(ref.kader.id, []):
        for wijziging in variant.wijzigingen:
            if wijziging.element in element_ids or wijziging.indicator == ref.indicator.id:
                found.append((variant, wijziging, element_ids.get(wijziging.element or "")))
    return found


def verwant(index: Index, ref: IndicatorRef) -> list[tuple[m.Onderwerp, list[IndicatorRef]]]:
    """Indicators of other kaders that share an onderwerp with this one."""
    result = []
    for onderwerp_id in ref.indicator.onderwerpen:
        others = [o for o in index.indicatoren_per_onderwerp.get(onderwerp_id, []) if o.kader.id != ref.kader.id]
        if others and onderwerp_id in index.onderwerpen:
            result.append((index.onderwerpen[onderwerp_id], others))
    return result


def variant_rijen(index: Index, kader: m.Kader, variant: m.Variant) -> list[tuple[IndicatorRef, m.Wijziging, m.Element | None]]:
    """Each change of a variant next to the national text it replaces, in the kader's order."""
    rows = []
    indicators = indicators_of(index, kader)
    order = {ref.indicator.id: n for n, ref in enumerate(indicators)}
    for wijziging in variant.wijzigingen:
        for ref in indicators:
            elements = {e.id: e for e in ref.indicator.elementen}
            if wijziging.element in elements or wijziging.indicator == ref.indicator.id:
                rows.append((ref, wijziging, elements.get(wijziging.element or "")))
    return sorted(rows, key=lambda row: order[row[0].indicator.id])


# --------------------------------------------------------------------------- #
# Gemeente pages, catalogue, matrix, nazorg
# --------------------------------------------------------------------------- #


def groepen(items: list[ItemRef]) -> Groups:
    return [(label, [r for r in items if item_group(r.item) == label]) for label in GROUPS]


def regios(index: Index, ref: ItemRef) -> list[str]:
    """The regions of an item's gemeenten (or of its report when the gemeente has none)."""
    found = [g.regio for g in (index.gemeenten.get(i) for i in ref.gemeenten) if g and g.regio]
    return list(dict.fromkeys(found)) or ([ref.rapport.regio] if ref.rapport.regio else [])


def onderwerpen_of(index: Index, ref: ItemRef) -> list[str]:
    """An item's onderwerpen, including those reached through its indicators."""
    found = dict.fromkeys(ref.item.onderwerpen)
    for indicator_id in ref.item.indicatoren:
        found.update(dict.fromkeys(index.indicatoren[indicator_id].indicator.onderwerpen))
    return [o for o in found if o in index.onderwerpen]


def goede_voorbeelden(index: Index) -> list[ItemRef]:
    return [ref for ref in index.items if isinstance(ref.item, m.GoedVoorbeeld)]


FACET_LABELS = {
    "gemeente": "Gemeente",
    "regio": "Regio",
    "onderwerp": "Onderwerp",
    "indicator": "Indicator",
    "jaar": "Jaar",
    "soort": "Soort voorbeeld",
}
SOORTEN = {
    "gezien": "Gezien in de praktijk",
    "principe": "Principe (niet gezien in dossiers)",
    "organisatiegebonden": "Organisatiegebonden",
}


MAANDEN = (
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
)


def newest_first(index: Index, refs: list[ItemRef]) -> list[ItemRef]:
    """Examples by publication, newest first ('2024-09', '2024-03', then '2024' without a month), then by gemeente."""
    by_gemeente = sorted(refs, key=lambda r: (index.gemeente_namen(r.gemeenten), r.rapport.id))
    return sorted(by_gemeente, key=lambda r: r.rapport.publicatie, reverse=True)


def catalogus_delen(index: Index, refs: list[ItemRef], limit: int | None = None) -> list[CatalogusDeel]:
    """The catalogue's pages, each with at most ``limit`` (CATALOGUE_MAX) examples and each example on one page.

    Up to the limit all examples are on the overview page; above it every year
    has its own page, and a year with more than the limit is cut into parts at
    months of publication (newest first, parts as even as the months allow).
    """
    limit = limit or CATALOGUE_MAX
    ordered = newest_first(index, refs)
    if len(ordered) <= limit:
        return [CatalogusDeel(paths.goede_voorbeelden(), ordered)]
    result = []
    for jaar, group in groupby(ordered, key=lambda r: r.rapport.jaar):
        parts = _split(list(group), limit)
        labels = [_periode(part) if len(parts) > 1 else "" for part in parts]
        for nummer, (part, label) in enumerate(zip(parts, labels, strict=True), start=1):
            if set(labels) == {"zonder maand"}:  # no month known in this year at all
                label = f"deel {nummer}"
            elif labels.count(label) > 1:  # a month too big for one page spans parts
                label += f" (deel {nummer})"
            result.append(CatalogusDeel(paths.goede_voorbeelden_jaar(jaar, nummer), part, jaar, nummer, label))
    return result


def _split(refs: list[ItemRef], limit: int) -> list[list[ItemRef]]:
    """Consecutive parts of at most ``limit``: cut between months, as few parts as possible, the largest as small as possible.

    A month with more than ``limit`` examples is first cut into even pieces.
    Greedy packing gives the fewest parts for a cap; the smallest cap that
    keeps that number makes the parts even.
    """
    units: list[list[ItemRef]] = []
    for _, run in groupby(refs, key=lambda r: r.rapport.publicatie):
        month = list(run)
        pieces = math.ceil(len(month) / limit)
        bounds = [len(month) * k // pieces for k in range(pieces + 1)]  # even pieces of at most limit
        units += [month[a:b] for a, b in pairwise(bounds)]

    def pack(cap: int) -> list[list[ItemRef]]:
        parts: list[list[ItemRef]] = [[]]
        for unit in units:
            if parts[-1] and len(parts[-1]) + len(unit) > cap:
                parts.append([])
            parts[-1] += unit
        return parts

    fewest = len(pack(limit))
    lowest = max(max(map(len, units)), math.ceil(len(refs) / fewest))
    return pack(next(cap for cap in range(lowest, limit + 1) if len(pack(cap)) == fewest))


def _periode(refs: list[ItemRef]) -> str:
    """The months a part covers, in calendar order: 'juli–september', 'maart', 'januari–maart, zonder maand'."""
    months = sorted({int(r.rapport.publicatie[5:7] or 0) for r in refs})
    named = [MAANDEN[n - 1] for n in months if n]
    label = "–".join(dict.fromkeys([named[0], named[-1]])) if named else ""
    return ", ".join(filter(None, [label, "zonder maand" if 0 in months else ""]))


def catalogus(
    index: Index, refs: list[ItemRef], titels: dict[tuple[str, str], str], codes: dict[str, str], jaar: bool = True
) -> tuple[list[CatalogusItem], list[Facet]]:
    """Good examples (newest first) with the values each filter matches, and the filters with counts.

    Without ``jaar`` (a page of one year) there is no year filter.
    """
    ordered = newest_first(index, refs)
    labels: dict[str, dict[str, str]] = {name: {} for name in FACET_LABELS}
    items = []
    for ref in ordered:
        regio_namen = regios(index, ref)
        values = {
            "gemeente": catalogus_gemeenten(ref),
            "regio": [paths.slug(r) for r in regio_namen],
            "onderwerp": onderwerpen_of(index, ref),
            "indicator": [i for i in dict.fromkeys(ref.item.indicatoren) if i in index.indicatoren],
            "jaar": [str(ref.rapport.jaar)],
            "soort": [getattr(ref.item, "waarneming", "gezien")],
        }
        labels["gemeente"].update(
            (g, index.gemeente_naam(g) if g != LANDELIJK else NIVEAU_LABELS[None]) for g in values["gemeente"]
        )
        labels["regio"].update(zip(values["regio"], regio_namen, strict=True))
        labels["onderwerp"].update((o, index.onderwerpen[o].naam) for o in values["onderwerp"])
        labels["indicator"].update((i, indicator_label(codes[i], index.indicatoren[i])) for i in values["indicator"])
        labels["jaar"].update((j, j) for j in values["jaar"])
        labels["soort"].update((s, SOORTEN[s]) for s in values["soort"])
        items.append(CatalogusItem(ref, titels.get((ref.rapport.id, ref.item.id), ""), values))
    facets = []
    order = {ref_id: n for n, ref_id in enumerate(index.indicatoren)}
    for name, label in FACET_LABELS.items():
        if name == "jaar" and not jaar:
            continue
        counts = Counter(v for item in items for v in item.values[name])
        if name == "jaar":
            keys = sorted(counts, reverse=True)
        elif name == "indicator":
            keys = sorted(counts, key=lambda i: order[i])
        elif name == "soort":
            keys = [s for s in SOORTEN if s in counts]
        else:
            keys = sorted(counts, key=lambda v: labels[name][v].lower())
        facets.append(Facet(name, label, [(key, labels[name][key], counts[key]) for key in keys]))
    return items, facets


def matrices(index: Index, chunks_of: Callable[[IndicatorRef], list[Chunk]] | None = None) -> list[Matrix]:
    """Per kader with gemeenterapporten: indicators × gemeenten, counts of goed / kan beter.

    ``chunks_of``: an indicator's practice list (``indicator_chunks``), when the caller already has them.
    """
    chunks_of = chunks_of or (lambda ref: indicator_chunks(index, ref))
    result = []
    for kader in index.kaders.values():
        rapporten = [r for r in index.rapporten_per_kader.get(kader.id, []) if r.soort == "gemeenterapport"]
        if not rapporten:
            continue
        indicators = indicators_of(index, kader)
        columns = sorted(rapporten, key=lambda r: (index.gemeente_naam(r.gemeenten[0]), r.jaar))
        counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        pages: dict[tuple[str, str], str] = {}
        for ref in indicators:
            for item_ref in index.items_per_indicator.get(ref.indicator.id, []):
                if isinstance(item_ref.item, m.Bevinding):
                    counts[(ref.indicator.id, item_ref.rapport.id)][item_ref.item.oordeel] += 1
            for rapport_id, page in praktijk_paginas(index, ref, chunks_of(ref)).items():
                pages[(ref.indicator.id, rapport_id)] = page
        all_ids = frozenset(i.indicator.id for i in indicators)
        examined = {r.id: frozenset(r.kader.indicatoren) if r.kader and r.kader.indicatoren else all_ids for r in columns}
        result.append(Matrix(kader, indicators, columns, dict(counts), examined, pages))
    return result


def matrix_regio(index: Index, rapport: m.Rapport) -> str:
    gemeente = index.gemeenten.get(rapport.gemeenten[0])
    return (gemeente.regio if gemeente else None) or rapport.regio or "Overig"


def nazorg(index: Index) -> list[m.Rapport]:
    with_nazorg = [r for r in index.rapporten.values() if r.nazorg]
    return sorted(with_nazorg, key=lambda r: r.nazorg.deadline if r.nazorg and r.nazorg.deadline else datetime.date.max)


# --------------------------------------------------------------------------- #
# Publications: scope, silence, editorial links, exclusions, nazorg
# --------------------------------------------------------------------------- #

LANDELIJK = "landelijk"  # the catalogue's gemeente facet value for items without a gemeente
NIVEAU_LABELS = {
    "landelijk": "Landelijk",
    "meerdere_gemeenten": "In meerdere gemeenten",
    None: "Landelijk / meerdere gemeenten",
}


def niveau_label(thing: object) -> str:
    """How an item (or item reference) without a gemeente is labelled: its 'niveau', or both when the report does not say."""
    item = getattr(thing, "item", thing)
    return NIVEAU_LABELS[getattr(item, "niveau", None)]


def omvang(rapport: m.Rapport) -> str:
    """'18 gemeenten onderzocht, 6 genoemd · 6 regio's · 150 dossiers' (empty without 'omvang')."""
    scope = rapport.omvang
    if scope is None:
        return ""
    parts = []
    if scope.gemeenten:
        named = len(rapport.gemeenten)
        if named == scope.gemeenten:
            parts.append(f"{scope.gemeenten} gemeente{'n' if scope.gemeenten != 1 else ''} onderzocht, alle genoemd")
        else:
            parts.append(f"{scope.gemeenten} gemeente{'n' if scope.gemeenten != 1 else ''} onderzocht, {named} genoemd")
    if scope.regios:
        parts.append(f"{scope.regios} regio{'’s' if scope.regios != 1 else ''}")
    if scope.dossiers:
        parts.append(f"{scope.dossiers} dossiers")
    return " · ".join(parts)


def zwijgend(index: Index, ref: IndicatorRef, chunk_list: list[Chunk]) -> list[m.Rapport]:
    """Reports judged against this indicator's kader (and examining it) that say nothing about it."""
    spoken = {rapport.id for chunk in chunk_list for rapport, _ in chunk.groups}
    silent = []
    for rapport in index.rapporten_per_kader.get(ref.kader.id, []):
        examined = rapport.kader.indicatoren if rapport.kader and rapport.kader.indicatoren else None
        if rapport.id not in spoken and (examined is None or ref.indicator.id in examined):
            silent.append(rapport)
    return sorted(silent, key=lambda r: (-r.jaar, r.titel))


def redactioneel(index: Index, ref: IndicatorRef) -> list[tuple[m.Rapport, list[ItemRef | SectieRef]]]:
    """Editorial cross-references to this indicator, per report (newest first)."""
    per_rapport: dict[str, list[ItemRef | SectieRef]] = defaultdict(list)
    for link in index.redactioneel_per_indicator.get(ref.indicator.id, []):
        per_rapport[link.rapport.id].append(link)
    ordered = sorted(per_rapport, key=lambda r: (-index.rapporten[r].jaar, r))
    return [(index.rapporten[r], per_rapport[r]) for r in ordered]


def koppeling_door_redactie(rapport: m.Rapport) -> bool:
    return rapport.kader is not None and rapport.kader.koppeling == "redactie"


@dataclass(frozen=True)
class Uitgesloten:
    """A report the matrix does not show, why, and how many of its findings and examples that leaves out."""

    rapport: m.Rapport
    reden: str
    bevindingen: int
    voorbeelden: int


def matrix_uitgesloten(index: Index) -> list[Uitgesloten]:
    """What the matrix leaves out: every report that is not a gemeenterapport judged against a kader."""
    result = []
    for rapport in sorted(index.rapporten.values(), key=lambda r: (-r.jaar, r.titel)):
        if rapport.soort == "gemeenterapport" and rapport.kader is not None:
            continue
        refs = index.items_per_rapport.get(rapport.id, [])
        bevindingen = sum(1 for r in refs if isinstance(r.item, m.Bevinding))
        voorbeelden = sum(1 for r in refs if isinstance(r.item, m.GoedVoorbeeld))
        if rapport.kader is None:
            reden = "niet getoetst aan een toezichtkader; koppelingen aan indicatoren zijn redactioneel en tellen niet mee"
        elif rapport.soort == "landelijk":
            reden = "landelijk rapport: het geeft geen oordeel per gemeente en indicator"
        else:
            reden = "thematisch rapport: het geeft geen oordeel per gemeente en indicator"
        result.append(Uitgesloten(rapport, reden, bevindingen, voorbeelden))
    return result


def catalogus_gemeenten(ref: ItemRef) -> list[str]:
    """The catalogue's gemeente filter values of one example: its gemeenten, or 'landelijk'."""
    return list(ref.gemeenten) or [LANDELIJK]


def vandaag() -> datetime.date:
    """The build date, for the nazorg page only: SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.datetime.now(tz=datetime.UTC).date()


def laatste_stap(rapport: m.Rapport, gemeente: str | None = None) -> m.NazorgStap | None:
    """The latest nazorg step of a report (for one gemeente: its own steps and those for the whole report)."""
    if rapport.nazorg is None:
        return None
    stappen = [s for s in rapport.nazorg.stappen if gemeente is None or s.gemeente in (None, gemeente)]
    return max(stappen, key=lambda s: (s.datum, NAZORG_ORDER.index(s.status)), default=None)


NAZORG_ORDER = ("gevraagd", "ontvangen", "afgerond")


@dataclass(frozen=True)
class NazorgRij:
    """The follow-up of one report for one gemeente (or for the report as a whole)."""

    rapport: m.Rapport
    gemeente: str | None
    deadline: datetime.date | None
    laatste: m.NazorgStap | None
    te_laat: bool


def nazorg_rijen(index: Index, today: datetime.date) -> list[NazorgRij]:
    """Per report with nazorg, per gemeente: the latest status, and whether the reply is overdue on ``today``."""
    rows = []
    for rapport in index.rapporten.values():
        if rapport.nazorg is None:
            continue
        nazorg = rapport.nazorg
        gemeenten: list[str | None] = list(rapport.gemeenten) if len(rapport.gemeenten) > 1 else [None]
        if len(rapport.gemeenten) > 1 and not any(stap.gemeente for stap in nazorg.stappen):
            gemeenten = [None]  # the report's follow-up as a whole
        for gemeente in gemeenten:
            laatste = laatste_stap(rapport, gemeente)
            replied = laatste is not None and laatste.status in ("ontvangen", "afgerond")
            te_laat = nazorg.deadline is not None and nazorg.deadline < today and not replied
            rows.append(
                NazorgRij(
                    rapport,
                    gemeente or (rapport.gemeenten[0] if len(rapport.gemeenten) == 1 else None),
                    nazorg.deadline,
                    laatste,
                    te_laat,
                )
            )
    return sorted(rows, key=lambda r: (r.deadline or datetime.date.max, index.gemeente_naam(r.gemeente), r.rapport.id))


# --------------------------------------------------------------------------- #
# IDs: short codes that readers can cite ("LNVT 3")
# --------------------------------------------------------------------------- #

NUMBERED_ID = re.compile(r"^([a-z]+)-\d+$")


def kader_code(kader: m.Kader) -> str:
    """The kader's short code: its ``code``, or the common prefix of its indicator ids ('lnvt-3' → 'LNVT')."""
    if kader.code:
        return kader.code
    prefixes = {
        match.group(1)
        for thema in kader.themas
        for criterium in thema.criteria
        for indicator in criterium.indicatoren
        if (match := NUMBERED_ID.match(indicator.id))
    }
    if len(prefixes) == 1:
        return prefixes.pop().upper()
    return "".join(word[0] for word in kader.titel.split() if len(word) > 2).upper()


def indicator_codes(index: Index) -> dict[str, str]:
    """'LNVT 3' per indicator id (an indicator without a number is cited by its id); once per build."""
    kaders = {kader.id: kader_code(kader) for kader in index.kaders.values()}
    return {
        i: ref.indicator.id.upper() if ref.indicator.nummer is None else f"{kaders[ref.kader.id]} {ref.indicator.nummer}"
        for i, ref in index.indicatoren.items()
    }


def indicator_label(code: str, ref: IndicatorRef) -> str:
    """'LNVT 3 · Het lokale netwerk na Veilig Thuis': for filters that mix kaders."""
    return f"{code} · {ref.kader.titel}"


# --------------------------------------------------------------------------- #
# Indicator summary and practice per element
# --------------------------------------------------------------------------- #


def oordelen(index: Index, ref: IndicatorRef, chunk_list: list[Chunk] | None = None) -> list[Oordelen]:
    """Per report (newest first) the counts of goed / kan beter / examples for one indicator."""
    pages = praktijk_paginas(index, ref, chunk_list)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for item_ref in index.items_per_indicator.get(ref.indicator.id, []):
        counts[item_ref.rapport.id][item_group(item_ref.item)] += 1
    ordered = sorted(counts, key=lambda r: (-index.rapporten[r].jaar, r))
    return [Oordelen(index.rapporten[r], counts[r], pages.get(r, "")) for r in ordered]


# Up to this many reports the summary of an indicator page has a row per report; above it a row per year
# (at 1000 reports a row per report made the page 230 kB heavier).
OORDELEN_PER_RAPPORT_MAX = PRAKTIJK_PER_PAGE


def oordelen_per_jaar(rows: list[Oordelen]) -> list[OordelenJaar]:
    """The per-report rows (newest first) summed per year, each year linked to its first report's section."""
    years: dict[int, list[Oordelen]] = defaultdict(list)
    for row in rows:
        years[row.rapport.jaar].append(row)
    return [
        OordelenJaar(
            jaar, len(group), sum((row.counts for row in group), Counter()), group[0].page, "praktijk-" + group[0].rapport.id
        )
        for jaar, group in years.items()
    ]


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def per_element(index: Index, ref: IndicatorRef) -> dict[str, list[ItemRef]]:
    """Items that name one of the indicator's elements: explicitly (``elementen``) or by carrying its exact title."""
    titles = {_norm(e.titel): e.id for e in ref.indicator.elementen if e.titel}
    result: dict[str, list[ItemRef]] = defaultdict(list)
    for item_ref in index.items_per_indicator.get(ref.indicator.id, []):
        named = [e for e in item_ref.item.elementen if any(e == x.id for x in ref.indicator.elementen)]
        by_title = titles.get(_norm(getattr(item_ref.item, "titel", None)))
        for element_id in dict.fromkeys([*named, *([by_title] if by_title else [])]):
            result[element_id].append(item_ref)
    return dict(result)


# --------------------------------------------------------------------------- #
# Good examples as records
# --------------------------------------------------------------------------- #


def _first_words(text: str, count: int = 12) -> str:
    """The first clause of a text (up to ``count`` words), without Markdown marks."""
    flat = re.sub(r"\[\^\d+\]|[*_`#>\[\]]", "", text)
    clause = re.split(r"(?<=[.;:!?])\s+(?=[A-Z‘'\"(])", flat.strip(), maxsplit=1)[0].rstrip(".;:")
    words = clause.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def voorbeeld_titels(index: Index) -> dict[tuple[str, str], str]:
    """A meaningful title per good example, unique within its report.

    The example's own title if the report uses it once and it is not just its
    chapter heading; a title shared by examples in several gemeenten gets the
    gemeente; otherwise '<section title>: <first words>'.
    """
    result: dict[tuple[str, str], str] = {}
    for rapport_id, refs in index.items_per_rapport.items():
        examples = [(r, r.item) for r in refs if isinstance(r.item, m.GoedVoorbeeld)]
        used = Counter(_norm(item.titel) for _, item in examples if item.titel)
        titles: dict[str, str] = {}
        for r, item in examples:
            section = r.secties[-1].titel if r.secties else ""
            own = item.titel if item.titel and _norm(item.titel) != _norm(section) else None
            if own and used[_norm(own)] == 1:
                title = own
            elif own and r.gemeenten:
                title = f"{own} ({index.gemeente_namen(r.gemeenten)})"
            elif "voorbeeld" in _norm(item.titel or section):  # a generic heading adds nothing
                title = _first_words(item.tekst)
            else:
                title = f"{item.titel or section}: {_first_words(item.tekst)}"
            titles[item.id] = title
        seen = Counter(titles.values())
        for item_id, title in titles.items():
            result[(rapport_id, item_id)] = title if seen[title] == 1 else f"{title} ({item_id})"
    return result


WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=65536)  # each finding is compared with every example of its report
def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in WORD.findall(text.lower()) if len(w) > 3)


def illustreert(index: Index, ref: ItemRef) -> ItemRef | None:
    """The finding in the same report that an example illustrates: same gemeente, a shared
    indicator (or onderwerp), and the most words in common (at least a quarter); else none."""
    words = _words(ref.item.tekst)
    best: tuple[float, ItemRef | None] = (0.25, None)
    for other in index.items_per_rapport.get(ref.rapport.id, []):
        if not isinstance(other.item, m.Bevinding) or other.item.oordeel != "goed":
            continue
        if ref.gemeenten and other.gemeenten and not set(ref.gemeenten) & set(other.gemeenten):
            continue
        same_indicator = set(ref.item.indicatoren) & set(other.item.indicatoren)
        if not (same_indicator or set(ref.item.onderwerpen) & set(other.item.onderwerpen)):
            continue
        theirs = _words(other.item.tekst)
        score = len(words & theirs) / max(1, min(len(words), len(theirs)))
        if score > best[0]:
            best = (score, other)
    return best[1]


# A report lists at most this many others of its investigation (at scale hundreds share one).
ONDERZOEK_MAX = 10


def onderzoeken(index: Index) -> dict[str, list[m.Rapport]]:
    """The reports per investigation (``onderzoek``), newest first; once per build."""
    result: dict[str, list[m.Rapport]] = defaultdict(list)
    for rapport in sorted(index.rapporten.values(), key=lambda r: (-r.jaar, r.titel)):
        result[rapport.onderzoek].append(rapport)
    return dict(result)


def zelfde_onderzoek(per_onderzoek: dict[str, list[m.Rapport]], rapport: m.Rapport) -> tuple[list[m.Rapport], int]:
    """Up to ONDERZOEK_MAX other reports of the same investigation, and how many there are in all."""
    group = per_onderzoek.get(rapport.onderzoek, [])
    # (not a full list of the others per report: with one investigation of 1000 reports that was a million)
    others = list(islice((r for r in group if r.id != rapport.id), ONDERZOEK_MAX))
    return others, sum(1 for r in group if r.id != rapport.id)


# --------------------------------------------------------------------------- #
# Regional variants: word-level comparison
# --------------------------------------------------------------------------- #

TOKEN = re.compile(r"\s+|[^\s]+")


def _spelling_key(word: str) -> str:
    return re.sub(r"[^\w]", "", word.lower())


def verschil(oud: str, nieuw: str) -> Verschil:
    """Word-level differences between two plain texts (whitespace kept), and whether only spelling changed.

    A change is 'spelling only' when the texts have the same words apart from
    case, punctuation, quote marks and hyphens.
    """
    a, b = TOKEN.findall(oud), TOKEN.findall(nieuw)
    woorden: list[Woord] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            woorden.append(Woord("gelijk", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            woorden.append(Woord("weg", "".join(a[i1:i2])))
        if j2 > j1:
            woorden.append(Woord("nieuw", "".join(b[j1:j2])))
    gelijk = oud == nieuw
    return Verschil(woorden, alleen_spelling=not gelijk and _spelling_only(oud, nieuw), gelijk=gelijk)


def _spelling_only(oud: str, nieuw: str) -> bool:
    """The same words apart from case, punctuation, hyphens and small changes within a word
    ('zelfredzaamheidmatrix' → 'zelfredzaamheidsmatrix'): at most two letters per word differ."""
    a = [k for k in map(_spelling_key, oud.split()) if k]
    b = [k for k in map(_spelling_key, nieuw.split()) if k]
    if "".join(a) == "".join(b):
        return True
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x != y:
            ops = difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes()
            changed = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal")
            if changed > 2 or len(x) < 4:
                return False
    return True


Tekstdelen = dict[str, str | None]


def tekst_in(variant: m.Variant | None, ref: IndicatorRef, element: m.Element | None) -> Tekstdelen:
    """An element's (or indicator's) texts as a variant has them: the base with the variant's changes applied."""
    if element is not None:
        texts: Tekstdelen = {"titel": element.titel, "tekst": element.tekst, "beslisregel": element.beslisregel}
    else:
        texts = {"tekst": ref.indicator.tekst}
    for w in variant.wijzigingen if variant else []:
        if (element is not None and w.element == element.id) or (element is None and w.indicator == ref.indicator.id):
            texts.update({key: getattr(w, key) for key in texts if getattr(w, key) is not None})
    return texts


def vergelijking(
    index: Index, kader: m.Kader, a: m.Variant | None, b: m.Variant
) -> list[tuple[IndicatorRef, m.Element | None, Tekstdelen, Tekstdelen]]:
    """Every element or indicator that variant ``a`` (None: the national kader) or ``b`` changes, with both texts."""
    touched = {(w.indicator, w.element) for v in (a, b) if v for w in v.wijzigingen}
    rows: list[tuple[IndicatorRef, m.Element | None, Tekstdelen, Tekstdelen]] = []
    for ref in indicators_of(index, kader):
        if (ref.indicator.id, None) in touched:
            rows.append((ref, None, tekst_in(a, ref, None), tekst_in(b, ref, None)))
        for element in ref.indicator.elementen:
            if (None, element.id) in touched:
                rows.append((ref, element, tekst_in(a, ref, element), tekst_in(b, ref, element)))
    return rows
