"""Stage 3, index: resolve every cross-reference and build the backlinks.

Findings point at indicators and onderwerpen; pages need the reverse too
(an indicator page lists its findings). Cross-references form a graph, not a
tree, so everything is collected here before any page is rendered. Each map
is built in one pass over the items, so the cost grows linearly with the
number of reports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import model as m
from . import paths
from .load import Positions
from .problems import Problem
from .validate import FOOTNOTE_REF, Content, strings

Item = m.Bevinding | m.GoedVoorbeeld | m.Aanbeveling | m.Casus
LINKED_KINDS = (m.Bevinding, m.GoedVoorbeeld, m.Aanbeveling, m.Casus)


@dataclass(frozen=True)
class IndicatorRef:
    """An indicator in its place in the kader: the path a page needs for breadcrumbs."""

    kader: m.Kader
    thema: m.Thema
    criterium: m.Criterium
    indicator: m.Indicator

    def memo_inputs(self) -> tuple[m.Kader, m.Indicator]:
        """What it is made from (generator.rendermemo): thema and criterium are the indicator's place in this kader."""
        return self.kader, self.indicator


@dataclass(frozen=True)
class ItemRef:
    """A finding, example, recommendation or case in its place in a report."""

    rapport: m.Rapport
    item: Item
    secties: tuple[m.Sectie, ...]
    gemeenten: tuple[str, ...]

    def memo_inputs(self) -> tuple[m.Rapport, Item]:
        """What it is made from (generator.rendermemo): secties and gemeenten follow from the item in this report."""
        return self.rapport, self.item

    @property
    def anchor(self) -> str:
        return self.item.id

    @property
    def indicatoren(self) -> list[str]:
        return self.item.indicatoren

    @property
    def onderwerpen(self) -> list[str]:
        return self.item.onderwerpen

    @property
    def landelijk(self) -> bool:
        """An item without a gemeente in a report about several (or none): national or 'in meerdere gemeenten'."""
        return not self.gemeenten


@dataclass(frozen=True)
class SectieRef:
    """A chapter of a report that is linked to an indicator as a whole (a thematic report's theme)."""

    rapport: m.Rapport
    sectie: m.Sectie
    parents: tuple[m.Sectie, ...]

    def memo_inputs(self) -> tuple[m.Rapport, m.Sectie]:
        """What it is made from (generator.rendermemo): the parents are the sectie's place in this report."""
        return self.rapport, self.sectie


@dataclass
class Index:
    """Forward maps and backlinks over all content."""

    kaders: dict[str, m.Kader] = field(default_factory=dict)
    varianten: dict[str, m.Variant] = field(default_factory=dict)
    rapporten: dict[str, m.Rapport] = field(default_factory=dict)
    gemeenten: dict[str, m.Gemeente] = field(default_factory=dict)
    onderwerpen: dict[str, m.Onderwerp] = field(default_factory=dict)
    begrippen: dict[str, m.Begrip] = field(default_factory=dict)
    indicatoren: dict[str, IndicatorRef] = field(default_factory=dict)
    elementen: dict[tuple[str, str], m.Element] = field(default_factory=dict)  # (kader, element) -> element
    items: list[ItemRef] = field(default_factory=list)
    # backlinks
    items_per_rapport: dict[str, list[ItemRef]] = field(default_factory=lambda: defaultdict(list))
    items_per_indicator: dict[str, list[ItemRef]] = field(default_factory=lambda: defaultdict(list))
    items_per_onderwerp: dict[str, list[ItemRef]] = field(default_factory=lambda: defaultdict(list))
    items_per_gemeente: dict[str, list[ItemRef]] = field(default_factory=lambda: defaultdict(list))
    indicatoren_per_onderwerp: dict[str, list[IndicatorRef]] = field(default_factory=lambda: defaultdict(list))
    rapporten_per_gemeente: dict[str, list[m.Rapport]] = field(default_factory=lambda: defaultdict(list))
    rapporten_per_kader: dict[str, list[m.Rapport]] = field(default_factory=lambda: defaultdict(list))
    secties_per_onderwerp: dict[str, list[tuple[m.Rapport, m.Sectie]]] = field(default_factory=lambda: defaultdict(list))
    varianten_per_kader: dict[str, list[m.Variant]] = field(default_factory=lambda: defaultdict(list))
    # Kinds of file (gemeenten, onderwerpen, begrippen, kader, variant) of which one could not be read:
    # references to them are not checked, so one broken list does not bury itself under follow-on problems.
    unchecked: frozenset[str] = frozenset()
    # chapters linked to an indicator of the kader their report was judged against
    secties_per_indicator: dict[str, list[SectieRef]] = field(default_factory=lambda: defaultdict(list))
    # editorial cross-references (``redactioneel``): kept apart, never counted
    redactioneel_per_indicator: dict[str, list[ItemRef | SectieRef]] = field(default_factory=lambda: defaultdict(list))
    # follow-up publications, both ways: report -> its follow-ups on this site, follow-up -> the reports it follows
    vervolg_op: dict[str, list[m.Rapport]] = field(default_factory=lambda: defaultdict(list))

    def kader_of(self, rapport: m.Rapport) -> m.Kader | None:
        return self.kaders.get(rapport.kader.kader) if rapport.kader else None

    def variant_of(self, rapport: m.Rapport) -> m.Variant | None:
        return self.varianten.get(rapport.kader.variant) if rapport.kader and rapport.kader.variant else None

    def gemeente_naam(self, gemeente_id: str | None) -> str:
        gemeente = self.gemeenten.get(gemeente_id or "")
        return gemeente.naam if gemeente else ""

    def gemeente_namen(self, gemeente_ids: tuple[str, ...] | list[str]) -> str:
        return ", ".join(self.gemeente_naam(g) for g in gemeente_ids)


def build_index(content: Content, positions: Positions) -> tuple[Index, list[Problem]]:
    """Register every id, then resolve every reference; report duplicates and dangling links."""
    index = Index(unchecked=frozenset(kind for kind in _REFERRED if kind in content.failed))
    problems: list[Problem] = []
    for kind in sorted(index.unchecked):
        problems += (Problem(rel, 1, 1, _REFERRED[kind]) for rel in content.failed[kind])
    problems += _register_lists(content, index, positions)
    problems += _register_kaders(content, index, positions)
    problems += _register_varianten(content, index, positions)
    problems += _register_rapporten(content, index, positions)
    problems += _check_regios(content, positions)
    problems += link_follow_ups(content, index, positions)
    return index, problems


def _check_regios(content: Content, positions: Positions) -> Iterator[Problem]:
    """At scale the matrix has a page per regio (bevindingenmatrix/<slug>/): two spellings must not share one."""
    first: dict[str, str] = {}
    places: list[tuple[str, str, tuple[Any, ...]]] = [
        (gemeente.regio, rel, ("gemeenten", i, "regio"))
        for bestand, rel in content.gemeenten
        for i, gemeente in enumerate(bestand.gemeenten)
        if gemeente.regio
    ]
    places += [(rapport.regio, rel, ("regio",)) for rapport, rel in content.rapporten if rapport.regio]
    for regio, rel, loc in places:
        slug = paths.slug(regio)
        yield from _reserved(rel, loc, "regio", slug, paths.matrix_regio(slug), positions)
        if first.setdefault(slug, regio) != regio:
            line, column = positions.of(rel, loc)
            yield Problem(
                rel,
                line,
                column,
                f"regio '{regio}' krijgt hetzelfde webadres ({paths.url(paths.matrix_regio(slug))}) als regio "
                f"'{first[slug]}'; schrijf de regio overal op dezelfde manier",
            )


# What is not checked while a file of this kind is broken (said once, at the broken file).
_REFERRED = {
    "gemeenten": "zolang dit bestand niet in orde is, worden de gemeenten in rapporten niet gecontroleerd",
    "onderwerpen": "zolang dit bestand niet in orde is, worden verwijzingen naar onderwerpen niet gecontroleerd",
    "begrippen": "zolang dit bestand niet in orde is, worden de begrippen van onderwerpen niet gecontroleerd",
    "kader": "zolang dit kader niet in orde is, worden verwijzingen naar kaders en indicatoren niet gecontroleerd",
    "variant": "zolang deze variant niet in orde is, worden verwijzingen naar varianten niet gecontroleerd",
}


def _reserved(rel: str, loc: tuple[Any, ...], what: str, key: str, page: str, positions: Positions) -> Iterator[Problem]:
    """A problem when ``key`` would give its page the address of a generated page."""
    if key in paths.RESERVED_IDS.get(what, frozenset()):
        line, column = positions.of(rel, loc)
        yield Problem(
            rel,
            line,
            column,
            f"{what} '{key}' kan niet: het webadres {paths.url(page)} is al een pagina van de site; kies een andere id",
        )


def _duplicate(rel: str, loc: tuple[Any, ...], what: str, key: str, positions: Positions, first: str) -> Problem:
    line, column = positions.of(rel, loc)
    return Problem(rel, line, column, f"{what} '{key}' bestaat al (in {first}); kies een andere id")


def _register_lists(content: Content, index: Index, positions: Positions) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for bestand, rel in content.gemeenten:
        for i, gemeente in enumerate(bestand.gemeenten):
            yield from _reserved(rel, ("gemeenten", i, "id"), "gemeente", gemeente.id, paths.gemeente(gemeente.id), positions)
            if gemeente.id in index.gemeenten:
                yield _duplicate(rel, ("gemeenten", i, "id"), "gemeente", gemeente.id, positions, seen[gemeente.id])
            index.gemeenten[gemeente.id] = gemeente
            seen.setdefault(gemeente.id, rel)
    for o_bestand, rel in content.onderwerpen:
        for i, onderwerp in enumerate(o_bestand.onderwerpen):
            yield from _reserved(
                rel, ("onderwerpen", i, "id"), "onderwerp", onderwerp.id, paths.onderwerp(onderwerp.id), positions
            )
            if onderwerp.id in index.onderwerpen:
                yield _duplicate(rel, ("onderwerpen", i, "id"), "onderwerp", onderwerp.id, positions, rel)
            index.onderwerpen[onderwerp.id] = onderwerp
    for b_bestand, rel in content.begrippen:
        for i, begrip in enumerate(b_bestand.begrippen):
            if begrip.term in index.begrippen:
                yield _duplicate(rel, ("begrippen", i, "term"), "begrip", begrip.term, positions, rel)
            index.begrippen[begrip.term] = begrip
    # onderwerpen name begrippen; only now are all begrippen known
    for o_bestand, rel in content.onderwerpen:
        for i, onderwerp in enumerate(o_bestand.onderwerpen):
            for j, term in enumerate(onderwerp.begrippen):
                if term not in index.begrippen and "begrippen" not in index.unchecked:
                    line, column = positions.of(rel, ("onderwerpen", i, "begrippen", j))
                    yield Problem(
                        rel,
                        line,
                        column,
                        f"onderwerp '{onderwerp.id}' noemt begrip '{term}', dat niet in kader/begrippen.yaml staat",
                    )


def _register_kaders(content: Content, index: Index, positions: Positions) -> Iterator[Problem]:
    first_file: dict[str, str] = {}
    for kader, rel in content.kaders:
        if kader.id in index.kaders:
            yield _duplicate(rel, ("id",), "kader", kader.id, positions, first_file[kader.id])
            continue
        index.kaders[kader.id] = kader
        first_file[kader.id] = rel
        elements_seen: set[str] = set()
        for ti, thema in enumerate(kader.themas):
            for ci, criterium in enumerate(thema.criteria):
                for ii, indicator in enumerate(criterium.indicatoren):
                    loc = ("themas", ti, "criteria", ci, "indicatoren", ii)
                    if indicator.id in index.indicatoren:
                        yield _duplicate(
                            rel, (*loc, "id"), "indicator", indicator.id, positions, index.indicatoren[indicator.id].kader.id
                        )
                        continue
                    yield from _reserved(
                        rel, (*loc, "id"), "indicator", indicator.id, paths.indicator(kader.id, indicator.id), positions
                    )
                    ref = IndicatorRef(kader, thema, criterium, indicator)
                    index.indicatoren[indicator.id] = ref
                    for oi, onderwerp_id in enumerate(indicator.onderwerpen):
                        if onderwerp_id not in index.onderwerpen and "onderwerpen" not in index.unchecked:
                            yield _unknown(
                                rel, (*loc, "onderwerpen", oi), positions, "onderwerp", onderwerp_id, index.onderwerpen
                            )
                        elif onderwerp_id in index.onderwerpen:
                            index.indicatoren_per_onderwerp[onderwerp_id].append(ref)
                    for ei, element in enumerate(indicator.elementen):
                        if element.id in elements_seen:
                            yield _duplicate(rel, (*loc, "elementen", ei, "id"), "element", element.id, positions, rel)
                        elements_seen.add(element.id)
                        index.elementen[(kader.id, element.id)] = element


def _unknown(rel: str, loc: tuple[Any, ...], positions: Positions, what: str, key: str, known: dict[str, Any]) -> Problem:
    line, column = positions.of(rel, loc)
    return Problem(rel, line, column, f"verwijst naar {what} '{key}', die niet bestaat; bekend: {_summary(list(known))}")


def _summary(keys: list[str]) -> str:
    if not keys:
        return "geen"
    if len(keys) <= 8:
        return ", ".join(keys)
    return f"{', '.join(keys[:4])} … {', '.join(keys[-2:])} ({len(keys)} in totaal)"


def _register_varianten(content: Content, index: Index, positions: Positions) -> Iterator[Problem]:
    first_file: dict[str, str] = {}
    for variant, rel in content.varianten:
        if variant.id in index.varianten:
            yield _duplicate(rel, ("id",), "variant", variant.id, positions, first_file[variant.id])
            continue
        index.varianten[variant.id] = variant
        first_file[variant.id] = rel
        kader = index.kaders.get(variant.kader)
        if kader is None:
            if "kader" not in index.unchecked:
                yield _unknown(rel, ("kader",), positions, "kader", variant.kader, index.kaders)
            continue
        yield from _reserved(rel, ("id",), "variant", variant.id, paths.variant(kader.id, variant.id), positions)
        index.varianten_per_kader[kader.id].append(variant)
        for wi, wijziging in enumerate(variant.wijzigingen):
            yield from _check_wijziging(variant, kader, wijziging, rel, ("wijzigingen", wi), index, positions)
        yield from _variant_footnotes(variant, kader, rel, positions)


def _check_wijziging(
    variant: m.Variant,
    kader: m.Kader,
    wijziging: m.Wijziging,
    rel: str,
    loc: tuple[Any, ...],
    index: Index,
    positions: Positions,
) -> Iterator[Problem]:
    if (wijziging.element is None) == (wijziging.indicator is None):
        line, column = positions.of(rel, loc)
        yield Problem(rel, line, column, "een wijziging noemt precies één van 'element' of 'indicator'")
        return
    if wijziging.element is not None and (kader.id, wijziging.element) not in index.elementen:
        known = [e for (k, e) in index.elementen if k == kader.id]
        line, column = positions.of(rel, (*loc, "element"))
        yield Problem(
            rel,
            line,
            column,
            f"variant '{variant.id}' wijzigt element '{wijziging.element}', maar kader '{kader.id}' heeft dat element niet; "
            f"bekend: {_summary(known)}",
        )
    if wijziging.indicator is not None:
        ref = index.indicatoren.get(wijziging.indicator)
        if ref is None or ref.kader.id != kader.id:
            line, column = positions.of(rel, (*loc, "indicator"))
            yield Problem(
                rel,
                line,
                column,
                f"variant '{variant.id}' wijzigt indicator '{wijziging.indicator}', die kader '{kader.id}' niet heeft",
            )
        if wijziging.beslisregel is not None:
            line, column = positions.of(rel, (*loc, "beslisregel"))
            yield Problem(rel, line, column, "een beslisregel hoort bij een element; noem 'element' in plaats van 'indicator'")


def _variant_footnotes(variant: m.Variant, kader: m.Kader, rel: str, positions: Positions) -> Iterator[Problem]:
    """A variant's text may cite its own footnotes or those of the base kader."""
    for loc, text in strings(variant.model_dump(mode="python", exclude={"voetnoten"})):
        for match in FOOTNOTE_REF.finditer(text):
            number = match.group(1)
            if not number.isdigit() or (int(number) not in variant.voetnoten and int(number) not in kader.voetnoten):
                line, column = positions.of(rel, loc)
                yield Problem(
                    rel, line, column, f"voetnoot [^{number}] staat niet in de voetnoten van de variant of van kader '{kader.id}'"
                )


def _register_rapporten(content: Content, index: Index, positions: Positions) -> Iterator[Problem]:
    first_file: dict[str, str] = {}
    for rapport, rel in content.rapporten:
        if rapport.id in index.rapporten:
            yield _duplicate(rel, ("id",), "rapport", rapport.id, positions, first_file[rapport.id])
            continue
        index.rapporten[rapport.id] = rapport
        first_file[rapport.id] = rel
        yield from _reserved(rel, ("id",), "rapport", rapport.id, paths.rapport(rapport.id), positions)
        yield from _check_rapport_header(rapport, rel, index, positions)
        seen: dict[str, tuple[Any, ...]] = {}
        for si, sectie in enumerate(rapport.secties):
            yield from _walk_sectie(rapport, sectie, ("secties", si), (), rel, index, positions, seen)


def _check_rapport_header(rapport: m.Rapport, rel: str, index: Index, positions: Positions) -> Iterator[Problem]:
    for gi, gemeente_id in enumerate(rapport.gemeenten):
        if gemeente_id not in index.gemeenten:
            if "gemeenten" not in index.unchecked:
                yield _unknown(rel, ("gemeenten", gi), positions, "gemeente", gemeente_id, index.gemeenten)
        else:
            index.rapporten_per_gemeente[gemeente_id].append(rapport)
    if rapport.soort == "gemeenterapport" and len(rapport.gemeenten) != 1:
        line, column = positions.of(rel, ("gemeenten",), key=True)
        yield Problem(rel, line, column, "een gemeenterapport gaat over precies één gemeente: geef 'gemeenten: [<id>]'")
    if rapport.soort == "gemeenterapport" and rapport.nazorg is None:
        line, column = positions.of(rel, ("soort",))
        yield Problem(rel, line, column, "een gemeenterapport heeft 'nazorg: {deadline: jjjj-mm-dd}'")
    if rapport.kader is None:
        return
    kader = index.kaders.get(rapport.kader.kader)
    if kader is None:
        if "kader" not in index.unchecked:
            yield _unknown(rel, ("kader", "kader"), positions, "kader", rapport.kader.kader, index.kaders)
        return
    index.rapporten_per_kader[kader.id].append(rapport)
    for ii, indicator_id in enumerate(rapport.kader.indicatoren):
        ref = index.indicatoren.get(indicator_id)
        if (ref is None and "kader" not in index.unchecked) or (ref is not None and ref.kader.id != kader.id):
            line, column = positions.of(rel, ("kader", "indicatoren", ii))
            yield Problem(rel, line, column, f"'kader.indicatoren' noemt '{indicator_id}', die niet in kader '{kader.id}' staat")
    variant_id = rapport.kader.variant
    if variant_id is not None:
        variant = index.varianten.get(variant_id)
        if (variant is None and "variant" not in index.unchecked) or (variant is not None and variant.kader != kader.id):
            known = [v.id for v in index.varianten_per_kader.get(kader.id, [])]
            line, column = positions.of(rel, ("kader", "variant"))
            yield Problem(
                rel,
                line,
                column,
                f"verwijst naar variant '{variant_id}' van kader '{kader.id}', die niet bestaat; bekend: {_summary(known)}",
            )


def _walk_sectie(
    rapport: m.Rapport,
    sectie: m.Sectie,
    loc: tuple[Any, ...],
    parents: tuple[m.Sectie, ...],
    rel: str,
    index: Index,
    positions: Positions,
    seen: dict[str, tuple[Any, ...]],
) -> Iterator[Problem]:
    path = (*parents, sectie)
    yield from _check_unique(sectie.id, (*loc, "id"), rel, positions, seen)
    yield from _check_links(rapport, sectie, loc, rel, index, positions, require=False)
    for onderwerp_id in sectie.onderwerpen:
        if onderwerp_id in index.onderwerpen:
            index.secties_per_onderwerp[onderwerp_id].append((rapport, sectie))
    sectie_ref = SectieRef(rapport, sectie, parents)
    _link_indicators(index, sectie, sectie_ref, index.secties_per_indicator)
    for bi, blok in enumerate(sectie.inhoud):
        if isinstance(blok, LINKED_KINDS):
            bloc = (*loc, "inhoud", bi)
            yield from _check_unique(blok.id, (*bloc, "id"), rel, positions, seen)
            yield from _register_item(rapport, blok, path, bloc, rel, index, positions)
        elif isinstance(blok, m.Aanbevelingen):
            for ai, aanbeveling in enumerate(blok.aanbevelingen):
                aloc = (*loc, "inhoud", bi, "aanbevelingen", ai)
                yield from _check_unique(aanbeveling.id, (*aloc, "id"), rel, positions, seen)
                yield from _register_item(rapport, aanbeveling, path, aloc, rel, index, positions)
    for ci, child in enumerate(sectie.secties):
        yield from _walk_sectie(rapport, child, (*loc, "secties", ci), path, rel, index, positions, seen)


def _check_unique(
    key: str, loc: tuple[Any, ...], rel: str, positions: Positions, seen: dict[str, tuple[Any, ...]]
) -> Iterator[Problem]:
    """Section and item ids share one anchor namespace per report page."""
    if key in seen:
        line, column = positions.of(rel, loc)
        first_line, _ = positions.of(rel, seen[key])
        yield Problem(
            rel,
            line,
            column,
            f"id '{key}' komt in dit rapport al voor (regel {first_line}); ids van secties en onderdelen zijn uniek per rapport",
        )
    else:
        seen[key] = loc


def _register_item(
    rapport: m.Rapport,
    item: Item,
    path: tuple[m.Sectie, ...],
    loc: tuple[Any, ...],
    rel: str,
    index: Index,
    positions: Positions,
) -> Iterator[Problem]:
    named: list[str] = getattr(item, "gemeenten", [])
    for gi, gemeente in enumerate(named):
        if gemeente not in rapport.gemeenten:
            line, column = positions.of(rel, (*loc, "gemeenten", gi))
            yield Problem(
                rel,
                line,
                column,
                f"gemeente '{gemeente}' staat niet in 'gemeenten' van dit rapport ({', '.join(rapport.gemeenten) or 'leeg'})",
            )
    gemeenten = tuple(named) if named else tuple(rapport.gemeenten[:1]) if len(rapport.gemeenten) == 1 else ()
    ref = ItemRef(rapport, item, path, gemeenten)
    index.items.append(ref)
    index.items_per_rapport[rapport.id].append(ref)
    for gemeente in dict.fromkeys(gemeenten):
        if gemeente in index.gemeenten:
            index.items_per_gemeente[gemeente].append(ref)
    required = not isinstance(item, m.Casus)
    yield from _check_links(rapport, item, loc, rel, index, positions, require=required)
    _link_indicators(index, item, ref, index.items_per_indicator)
    niveau = getattr(item, "niveau", None)
    if niveau is not None and named:
        line, column = positions.of(rel, (*loc, "niveau"))
        yield Problem(rel, line, column, "'niveau' is alleen voor een onderdeel zonder 'gemeenten'; laat een van beide weg")
    for onderwerp_id in dict.fromkeys(item.onderwerpen):
        if onderwerp_id in index.onderwerpen:
            index.items_per_onderwerp[onderwerp_id].append(ref)


def _check_links(
    rapport: m.Rapport,
    thing: m.Links,
    loc: tuple[Any, ...],
    rel: str,
    index: Index,
    positions: Positions,
    *,
    require: bool,
) -> Iterator[Problem]:
    """Every indicator and onderwerp a block names exists; gemeenterapport items name an indicator."""
    kader = index.kader_of(rapport)
    for ii, indicator_id in enumerate(thing.indicatoren):
        if indicator_id not in index.indicatoren and "kader" not in index.unchecked:
            line, column = positions.of(rel, (*loc, "indicatoren", ii))
            owner = f"{getattr(thing, 'soort', 'sectie')} '{thing.id}'" if hasattr(thing, "id") else "dit onderdeel"
            if kader is not None:
                ids = [ref.indicator.id for ref in index.indicatoren.values() if ref.kader.id == kader.id]
                range_text = (
                    f"kader '{kader.id}' kent {ids[0]} … {ids[-1]}" if ids else f"kader '{kader.id}' heeft geen indicatoren"
                )
            else:
                range_text = f"bekend: {_summary(list(index.indicatoren))}"
            yield Problem(rel, line, column, f"{owner} verwijst naar indicator '{indicator_id}'; {range_text}")
    for oi, onderwerp_id in enumerate(thing.onderwerpen):
        if onderwerp_id not in index.onderwerpen and "onderwerpen" not in index.unchecked:
            yield _unknown(rel, (*loc, "onderwerpen", oi), positions, "onderwerp", onderwerp_id, index.onderwerpen)
    yield from _check_editorial(rapport, thing, loc, rel, index, positions)
    own = {e.id for i in thing.indicatoren if i in index.indicatoren for e in index.indicatoren[i].indicator.elementen}
    for ei, element_id in enumerate(thing.elementen):
        if element_id not in own:
            line, column = positions.of(rel, (*loc, "elementen", ei))
            yield Problem(
                rel,
                line,
                column,
                f"element '{element_id}' hoort niet bij de genoemde indicatoren; bekend: {_summary(sorted(own))}",
            )
    if not require:
        return
    if rapport.soort == "gemeenterapport" and not thing.indicatoren:
        line, column = positions.of(rel, (*loc, "id"))
        yield Problem(
            rel,
            line,
            column,
            f"{getattr(thing, 'soort', '')} '{getattr(thing, 'id', '')}' in een gemeenterapport verwijst naar minstens één indicator ('indicatoren: [lnvt-1]')",
        )
    if rapport.soort != "gemeenterapport" and not thing.indicatoren and not thing.onderwerpen and not thing.redactioneel:
        line, column = positions.of(rel, (*loc, "id"))
        yield Problem(
            rel,
            line,
            column,
            f"{getattr(thing, 'soort', '')} '{getattr(thing, 'id', '')}' verwijst naar minstens één onderwerp of indicator",
        )


def _check_editorial(
    rapport: m.Rapport, thing: m.Links, loc: tuple[Any, ...], rel: str, index: Index, positions: Positions
) -> Iterator[Problem]:
    """A link to an indicator of a kader the report was not judged against is editorial, and says so.

    'indicatoren' holds the inspectorates' own subject: indicators of the report's kader.
    'redactioneel' holds the editors' cross-references to other kaders.
    """
    judged = rapport.kader.kader if rapport.kader else None
    owner = f"{getattr(thing, 'soort', 'sectie')} '{getattr(thing, 'id', '')}'"
    for ii, indicator_id in enumerate(thing.indicatoren):
        ref = index.indicatoren.get(indicator_id)
        if ref is None or ref.kader.id == judged:
            continue
        line, column = positions.of(rel, (*loc, "indicatoren", ii))
        against = f"aan kader '{judged}'" if judged else "aan geen kader (er staat geen 'kader' in het rapport)"
        yield Problem(
            rel,
            line,
            column,
            f"{owner} verwijst naar indicator '{indicator_id}' van kader '{ref.kader.id}', maar dit rapport is getoetst {against}; "
            f"is dit een koppeling van de redactie, zet hem dan onder 'redactioneel: [{indicator_id}]'",
        )
    for ii, indicator_id in enumerate(thing.redactioneel):
        ref = index.indicatoren.get(indicator_id)
        line, column = positions.of(rel, (*loc, "redactioneel", ii))
        if ref is None:
            yield Problem(rel, line, column, f"{owner}: 'redactioneel' noemt indicator '{indicator_id}', die niet bestaat")
        elif ref.kader.id == judged:
            yield Problem(
                rel,
                line,
                column,
                f"{owner}: indicator '{indicator_id}' hoort bij kader '{judged}', waaraan dit rapport is getoetst; "
                "zet hem onder 'indicatoren' in plaats van 'redactioneel'",
            )


def link_follow_ups(content: Content, index: Index, positions: Positions) -> Iterator[Problem]:
    """Nazorg: follow-up reports exist (and are linked back), steps name the report's own gemeenten."""
    for rapport, rel in content.rapporten:
        if rapport.nazorg is None or index.rapporten.get(rapport.id) is not rapport:
            continue
        for vi, vervolg in enumerate(rapport.nazorg.vervolg):
            if vervolg.rapport is None and vervolg.titel is None:
                line, column = positions.of(rel, ("nazorg", "vervolg", vi))
                yield Problem(rel, line, column, "een vervolg noemt 'rapport' (id op deze site) of 'titel'")
            elif vervolg.rapport is not None:
                if vervolg.rapport not in index.rapporten:
                    yield _unknown(
                        rel, ("nazorg", "vervolg", vi, "rapport"), positions, "rapport", vervolg.rapport, index.rapporten
                    )
                else:
                    index.vervolg_op[vervolg.rapport].append(rapport)
        for si, stap in enumerate(rapport.nazorg.stappen):
            if stap.gemeente is not None and stap.gemeente not in rapport.gemeenten:
                line, column = positions.of(rel, ("nazorg", "stappen", si, "gemeente"))
                yield Problem(
                    rel,
                    line,
                    column,
                    f"gemeente '{stap.gemeente}' staat niet in 'gemeenten' van dit rapport ({', '.join(rapport.gemeenten) or 'leeg'})",
                )


def _link_indicators(index: Index, thing: m.Links, ref: Any, judged: dict[str, list[Any]]) -> None:
    """Backlinks from indicators to a section or item: its own links into ``judged``, editorial ones apart."""
    for indicator_id in dict.fromkeys(thing.indicatoren):
        if indicator_id in index.indicatoren:
            judged[indicator_id].append(ref)
    for indicator_id in dict.fromkeys(thing.redactioneel):
        if indicator_id in index.indicatoren:
            index.redactioneel_per_indicator[indicator_id].append(ref)
