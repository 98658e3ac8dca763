"""Stage 4a, views: what each page shows, as pure functions of the index returning typed data.

Nothing here renders or remembers anything between calls: the same index
gives the same views, in any order. ``render`` plans pages from these views
and hands them to the templates.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import islice

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
# Above this many good examples the catalogue is split per year and shows excerpts.
CATALOGUE_MAX = 300

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
    """'Elders gaat het goed' for one indicator of a kan-beter finding."""

    indicator: IndicatorRef
    shown: list[ItemRef]
    total: int


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
    regios: list[str]
    onderwerpen: list[str]


@dataclass(frozen=True)
class Facets:
    gemeente: list[tuple[str, str]]
    regio: list[str]
    onderwerp: list[tuple[str, str]]
    indicator: list[tuple[str, str]]
    jaar: list[int]


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


def practice(index: Index, refs: list[ItemRef], secties: list[SectieRef] | None = None) -> list[tuple[m.Rapport, Groups]]:
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
        groups = [(label, [r for r in items if item_group(r.item) == label]) for label in GROUPS]
        result.append((index.rapporten[rapport_id], [(label, group) for label, group in groups if group]))
    return result


def chunks(index: Index, main: str, refs: list[ItemRef], secties: list[SectieRef] | None = None) -> list[Chunk]:
    """A practice list split over pages of PRAKTIJK_PER_PAGE reports: the main page, then ``…/praktijk-N.md``."""
    groups = practice(index, refs, secties)
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


def practice_pages(index: Index, indicator: IndicatorRef) -> dict[str, str]:
    """On which page of an indicator's practice list each report appears."""
    return {
        rapport.id: chunk.pages[chunk.number - 1] for chunk in indicator_chunks(index, indicator) for rapport, _ in chunk.groups
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


def elders(index: Index, rapport: m.Rapport, positives_all: Positives) -> dict[str, list[Elders]]:
    """'Elders gaat het goed': per kan-beter finding and indicator, what works in other gemeenten.

    Shows at most ELDERS_MAX per indicator and the total, which links to the
    indicator page; ``positives_all`` (from ``positives``) is computed once per
    build, so this stays linear in the number of reports.
    """
    result: dict[str, list[Elders]] = {}
    for ref in index.items_per_rapport.get(rapport.id, []):
        if not (isinstance(ref.item, m.Bevinding) and ref.item.oordeel == "kan_beter"):
            continue
        entries = []
        own = set(ref.gemeenten)
        for indicator_id in ref.item.indicatoren:
            found, per_gemeente = positives_all.get(indicator_id, ([], Counter()))
            if len(own) == 1:
                total = len(found) - per_gemeente.get(next(iter(own)), 0)
            else:  # rare: a finding about several gemeenten
                total = sum(1 for p in found if not own & set(p.gemeenten))
            if total:
                shown = list(islice((p for p in found if not own.intersection(p.gemeenten)), ELDERS_MAX))
                entries.append(Elders(index.indicatoren[indicator_id], shown, total))
        result[ref.item.id] = entries
    return result


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


def catalogus(index: Index, refs: list[ItemRef], indicator_title: object) -> tuple[list[CatalogusItem], Facets]:
    """Good examples (newest first) with what the filters need, and the filter values."""
    ordered = sorted(refs, key=lambda r: (-r.rapport.jaar, index.gemeente_namen(r.gemeenten), r.rapport.id))
    items = [CatalogusItem(r, regios(index, r), onderwerpen_of(index, r)) for r in ordered]
    title = indicator_title if callable(indicator_title) else str
    landelijk = [(LANDELIJK, NIVEAU_LABELS[None])] if any(not r.gemeenten for r in ordered) else []
    facets = Facets(
        gemeente=sorted({(g, index.gemeente_naam(g)) for r in ordered for g in r.gemeenten}, key=lambda x: x[1]) + landelijk,
        regio=sorted({regio for item in items for regio in item.regios}),
        onderwerp=sorted(
            {(o, index.onderwerpen[o].naam) for item in items for o in item.onderwerpen},
            key=lambda x: x[1].lower(),
        ),
        indicator=[(i, title(index.indicatoren[i])) for i in index.indicatoren if any(i in r.item.indicatoren for r in ordered)],
        jaar=sorted({r.rapport.jaar for r in ordered}, reverse=True),
    )
    return items, facets


def matrices(index: Index) -> list[Matrix]:
    """Per kader with gemeenterapporten: indicators × gemeenten, counts of goed / kan beter."""
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
            for rapport_id, page in practice_pages(index, ref).items():
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
