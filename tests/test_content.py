"""The published content, loaded through the real loader: counts fixed by the sources, and every link resolved.

The expected numbers were counted by hand in the source documents in
../shared/bronnen (see the comments); a transcription that drops or invents
an item fails here.
"""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import ROOT

from generator import model as m
from generator import pipeline
from generator.index import Index


@pytest.fixture(scope="module")
def index() -> Index:
    collected = pipeline.collect(ROOT)
    assert [str(p) for p in collected.problems] == []
    return collected.index


def kinds(index: Index, rapport_id: str) -> Counter[str]:
    """Counts per kind of item in one report: goed, kan_beter, goed_voorbeeld, aanbeveling, casus."""
    counted: Counter[str] = Counter()
    for ref in index.items_per_rapport[rapport_id]:
        counted[ref.item.oordeel if isinstance(ref.item, m.Bevinding) else ref.item.soort] += 1
    return counted


def blocks(rapport: m.Rapport, kind: type) -> list:  # type: ignore[type-arg]
    found = []

    def walk(secties: list[m.Sectie]) -> None:
        for s in secties:
            found.extend(b for b in s.inhoud if isinstance(b, kind))
            walk(s.secties)

    walk(rapport.secties)
    return found


def test_everything_is_there(index: Index) -> None:
    assert set(index.kaders) == {"lokale-netwerk-na-veilig-thuis", "stelseltoezicht-jeugd"}
    assert set(index.varianten) == {"noord-en-midden-limburg", "friesland"}
    assert set(index.rapporten) == {
        "2019-roermond",
        "2020-leeuwarden",
        "2016-signaleren-van-onveiligheid",
        "2016-leren-van-calamiteiten",
    }


def test_national_kader_structure(index: Index) -> None:
    """002: three onderzoeksvragen/thema's, twelve numbered indicators, 19 operationalisation elements, footnotes 4 and 5."""
    kader = index.kaders["lokale-netwerk-na-veilig-thuis"]
    assert len(kader.themas) == 3 and all(t.onderzoeksvraag for t in kader.themas)
    indicators = [i for t in kader.themas for c in t.criteria for i in c.indicatoren]
    assert [i.nummer for i in indicators] == list(range(1, 13))
    assert [i.id for i in indicators] == [f"lnvt-{n}" for n in range(1, 13)]
    elements = [e for i in indicators for e in i.elementen]
    assert len(elements) == 19
    assert all(e.beslisregel for e in elements)
    assert sorted(kader.voetnoten) == [4, 5]
    per_indicator = {i.nummer: [e.titel for e in i.elementen] for i in indicators}
    assert per_indicator[3] == ["Veiligheidsplan"]
    assert per_indicator[6] == ["1G, 1P en 1R", "Eigen kracht"]
    assert per_indicator[12] == [None]


def test_every_indicator_names_an_onderwerp(index: Index) -> None:
    assert all(ref.indicator.onderwerpen for ref in index.indicatoren.values())


def test_variants_change_only_existing_elements(index: Index) -> None:
    for variant in index.varianten.values():
        assert variant.wijzigingen
        for w in variant.wijzigingen:
            assert w.element is None or (variant.kader, w.element) in index.elementen


@pytest.mark.parametrize(
    ("rapport_id", "expected"),
    [
        # 000 Roermond: goed = Eén werkwijze, Korte lijnen, CJG visie, JGZ/Ernst Taxatie Model, Jeugdige/volwassene
        # centraal, Korte Interventie Methode, CJG op de scholen, Evalueren op casusniveau; kan beter = Schriftelijke
        # overdracht, Risico-inschatting, Gezamenlijke visie, 1G1P1R, Uitwisselen van informatie, RTO,
        # Casusoverstijgend evalueren; 8 goede voorbeelden (4 gezien, 2 principes, 2 organisatiegebonden); 6 aanbevelingen.
        ("2019-roermond", {"goed": 8, "kan_beter": 7, "goed_voorbeeld": 8, "aanbeveling": 6}),
        # 001 Leeuwarden: 7 goed, 12 kan beter, 3 goede voorbeelden, aanbevelingen 1-6.
        ("2020-leeuwarden", {"goed": 7, "kan_beter": 12, "goed_voorbeeld": 3, "aanbeveling": 6}),
        # 003: four "Goede voorbeelden" boxes with 2+2+3+1 entries; the four points of attention in the
        # samenvatting and again in 6.5.
        ("2016-signaleren-van-onveiligheid", {"goed_voorbeeld": 8, "aanbeveling": 8}),
    ],
)
def test_item_counts_per_report(index: Index, rapport_id: str, expected: dict[str, int]) -> None:
    assert dict(kinds(index, rapport_id)) == expected


def test_roermond_examples_keep_how_they_were_seen(index: Index) -> None:
    voorbeelden = blocks(index.rapporten["2019-roermond"], m.GoedVoorbeeld)
    assert Counter(v.waarneming for v in voorbeelden) == {"gezien": 4, "principe": 2, "organisatiegebonden": 2}


def test_leeuwarden_recommendations_are_numbered(index: Index) -> None:
    assert [a.nummer for a in blocks(index.rapporten["2020-leeuwarden"], m.Aanbeveling)] == [1, 2, 3, 4, 5, 6]


def test_quotes_in_signaleren(index: Index) -> None:
    """003 has nine quotes, each with the speaker's role."""
    quotes = blocks(index.rapporten["2016-signaleren-van-onveiligheid"], m.Citaat)
    assert len(quotes) == 9 and all(q.spreker for q in quotes)


def test_examples_in_signaleren_name_their_gemeenten(index: Index) -> None:
    voorbeelden = blocks(index.rapporten["2016-signaleren-van-onveiligheid"], m.GoedVoorbeeld)
    assert all(v.gemeenten for v in voorbeelden)
    assert {g for v in voorbeelden for g in v.gemeenten} == {"houten", "nieuwegein", "barneveld", "ede", "assen", "emmen"}


def test_leren_van_calamiteiten_has_three_rode_draden_and_five_questions(index: Index) -> None:
    rapport = index.rapporten["2016-leren-van-calamiteiten"]
    titles = [s.titel for s in rapport.secties]
    for draad in [
        "Volwassenenproblematiek is kindproblematiek",
        "Opschalen en afschalen",
        "Onderschatten chronische problematiek",
    ]:
        assert any(draad in t for t in titles), draad
    chapter5 = next(s for s in rapport.secties if "samen aan zet" in s.titel)
    questions = [s.titel for s in chapter5.secties if s.titel.startswith("Vraag")]
    assert len(questions) == 5
    assert "Wie let er op de kinderen?" in questions[0] and "Wanneer en hoe vaak kijken jullie terug?" in questions[4]
    assert blocks(rapport, m.Casus), "the anonymised case vignettes are casus blocks"


def test_nazorg_deadlines(index: Index) -> None:
    assert str(index.rapporten["2019-roermond"].nazorg.deadline) == "2019-11-01"  # type: ignore[union-attr]
    assert str(index.rapporten["2020-leeuwarden"].nazorg.deadline) == "2020-05-01"  # type: ignore[union-attr]


def test_gemeenterapport_items_link_to_indicators_and_2016_items_to_onderwerpen(index: Index) -> None:
    for ref in index.items:
        if ref.rapport.soort == "gemeenterapport" and not isinstance(ref.item, m.Casus):
            assert ref.item.indicatoren, ref.item.id
        else:
            assert ref.item.indicatoren or ref.item.onderwerpen, ref.item.id


def test_the_two_kaders_meet_through_onderwerpen(index: Index) -> None:
    """Every stj indicator shares an onderwerp with at least one lnvt indicator or report item."""
    shared = 0
    for ref in index.indicatoren.values():
        if ref.kader.id != "stelseltoezicht-jeugd":
            continue
        others = {o.kader.id for onderwerp in ref.indicator.onderwerpen for o in index.indicatoren_per_onderwerp[onderwerp]}
        shared += "lokale-netwerk-na-veilig-thuis" in others
    assert shared > 0


def test_begrippen_cover_the_abbreviations_readers_meet(index: Index) -> None:
    for term in ["VT", "CJG", "JGZ", "RTO", "1G1P1R", "ZRM", "VTO", "OTS", "MDA++", "SMART", "TSD", "STJ"]:
        assert term in index.begrippen, term


def test_no_extraction_noise_left(index: Index) -> None:
    """Bullets, page furniture and broken hyphenation from the PDFs must not survive."""
    import json

    text = json.dumps(
        [r.model_dump(mode="json") for r in index.rapporten.values()]
        + [k.model_dump(mode="json") for k in index.kaders.values()],
        ensure_ascii=False,
    )
    assert "•" not in text
    assert "<sup>" not in text and "<b>" not in text
    for broken in ["onder- steuning", "veilig- heid", "hulpverlenings- proces", "naVeilig", "inde praktijk", "ofoordeel"]:
        assert broken not in text, broken
