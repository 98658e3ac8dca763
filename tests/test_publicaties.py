"""Every publication fits (issue 10): national reports, both kaders in practice, editorial links apart,
nazorg as a process, provenance, and the content audit's corrections.

The national report is a fixture (tests/fixtures/landelijk) copied into the small example content;
the real content is checked through the real loader and, for the pages, the real renderer.
"""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, edit
from sitetools import mkdocs_build, page

from generator import model as m
from generator import pipeline, publicatie, views
from generator.index import Index
from generator.render import render_site

LANDELIJK = Path(__file__).parent / "fixtures" / "landelijk"


@pytest.fixture
def national(mini: Path) -> Path:
    """The small example content plus a national report and its follow-up."""
    for file in (LANDELIJK / "rapporten").iterdir():
        shutil.copy(file, mini / "rapporten" / file.name)
    return mini


def collect(root: Path) -> Index:
    collected = pipeline.collect(root)
    assert [str(p) for p in collected.problems] == []
    return collected.index


def problems(root: Path) -> list[str]:
    return [str(p) for p in pipeline.collect(root).problems]


def pages(index: Index) -> dict[str, str]:
    return {p.path: p.markdown for p in render_site(index).pages}


def section(text: str, start: str, end: str | None = None) -> str:
    """The part of a page from one marker up to the next (or the end)."""
    part = text.split(start, 1)[1]
    return part.split(end, 1)[0] if end and end in part else part


# --------------------------------------------------------------------------- #
# 1. National reports are first-class
# --------------------------------------------------------------------------- #


def test_national_report_states_what_it_examined_and_names(national: Path) -> None:
    index = collect(national)
    rapport = index.rapporten["2021-landelijk"]
    assert views.omvang(rapport) == "18 gemeenten onderzocht, 2 genoemd · 6 regio’s · 150 dossiers"
    site = pages(index)
    report = site["rapporten/2021-landelijk.md"]
    assert "18 gemeenten onderzocht, 2 genoemd" in report
    assert "<dt>Genoemde gemeenten</dt>" in report
    # the gemeente pages say so too, instead of suggesting the named ones are all
    for gemeente in ("alfa", "beta"):
        assert "landelijk rapport: 18 gemeenten onderzocht, 2 genoemd" in site[f"gemeenten/{gemeente}.md"]


def test_items_without_gemeente_have_a_place(national: Path) -> None:
    index = collect(national)
    refs = {r.item.id: r for r in index.items_per_rapport["2021-landelijk"]}
    assert refs["landelijk-goed"].gemeenten == () and refs["landelijk-goed"].landelijk
    assert refs["alfa-kan-beter"].gemeenten == ("alfa",)
    site = pages(index)
    report = site["rapporten/2021-landelijk.md"]
    assert '<span class="kp-label">Landelijk</span>' in report
    assert '<span class="kp-label">In meerdere gemeenten</span>' in report
    # on the indicator page the card says where it applies
    pk1 = section(site["kader/proef/pk-1.md"], "{#in-de-praktijk}")
    assert "Landelijk · februari 2021" in pk1 and "In meerdere gemeenten · februari 2021" in pk1
    # a gemeente page shows what the report says about that gemeente, not the national items
    alfa = site["gemeenten/alfa.md"]
    assert "#alfa-kan-beter" in alfa and "#landelijk-goed" not in alfa and "#meerdere-kan-beter" not in alfa
    assert "wat het landelijk of over meerdere gemeenten samen vaststelt, staat in het rapport zelf" in alfa


def test_matrix_states_what_it_leaves_out(national: Path) -> None:
    index = collect(national)
    for mx in views.matrices(index):
        assert all(r.soort == "gemeenterapport" for r in mx.rapporten)
    left_out = {u.rapport.id: u for u in views.matrix_uitgesloten(index)}
    assert left_out["2021-landelijk"].bevindingen == 3 and left_out["2021-landelijk"].voorbeelden == 2
    assert "landelijk rapport" in left_out["2021-landelijk"].reden
    matrix = pages(index)["bevindingenmatrix.md"]
    niet = section(matrix, "{#niet-in-de-matrix}")
    assert "Proef landelijke rapportage" in niet and "niet geteld: 3 bevindingen en 2 goede voorbeelden" in niet
    assert "Redactionele koppelingen tellen nooit mee" in niet


def test_catalogue_shows_and_filters_national_examples(national: Path) -> None:
    index = collect(national)
    items, facets = views.catalogus(
        index, views.goede_voorbeelden(index), views.voorbeeld_titels(index), views.indicator_codes(index)
    )
    gemeente = next(f for f in facets if f.name == "gemeente")
    assert (views.LANDELIJK, "Landelijk / meerdere gemeenten") in [(key, label) for key, label, _ in gemeente.options]
    by_id = {i.ref.item.id: i for i in items}
    assert views.catalogus_gemeenten(by_id["voorbeeld-meerdere"].ref) == ["landelijk"]
    assert views.catalogus_gemeenten(by_id["voorbeeld-beta"].ref) == ["beta"]
    catalogue = pages(index)["goede-voorbeelden.md"]
    assert 'value="landelijk"' in catalogue and "Landelijk / meerdere gemeenten" in catalogue
    assert 'data-gemeente="landelijk"' in catalogue and 'data-gemeente="beta"' in catalogue


def test_unnumbered_recommendations_are_one_list_under_their_introduction(national: Path) -> None:
    index = collect(national)
    assert {r.item.id for r in index.items_per_rapport["2021-landelijk"] if isinstance(r.item, m.Aanbeveling)} == {
        "noodzakelijk-1",
        "noodzakelijk-2",
    }
    report = pages(index)["rapporten/2021-landelijk.md"]
    block = section(report, '<div class="kp-aanbevelingen">', "</div>\n\n")
    assert block.lstrip().startswith("<p>De inspecties vinden het noodzakelijk dat:</p>\n<ul>")
    assert block.count("<li id=") == 2 and 'id="noodzakelijk-1"' in block and 'id="noodzakelijk-2"' in block
    assert "kp-item--aanbeveling" not in report  # no unlabelled cards


def test_real_recommendations_of_2016_are_one_list(real: Index) -> None:
    report = pages(real)["rapporten/2016-signaleren-van-onveiligheid.md"]
    assert (
        report.count('<div class="kp-aanbevelingen">\n<p>Hierbij vragen de inspecties nadrukkelijk aandacht voor:</p>\n<ul>') == 2
    )
    assert "kp-item--aanbeveling" not in report


# --------------------------------------------------------------------------- #
# 2. Both kaders in practice
# --------------------------------------------------------------------------- #


@pytest.fixture(scope="module")
def real() -> Index:
    return collect(ROOT)


@pytest.fixture(scope="module")
def real_pages(real: Index) -> dict[str, str]:
    return pages(real)


# The STJ indicators the 2016 report addresses (its chapters and examples, linked by the editors).
ADDRESSED_2016 = {f"stj-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 13, 14, 15)}


def test_stj_indicators_show_what_the_2016_report_found(real: Index, real_pages: dict[str, str]) -> None:
    linked = {
        i for i, refs in real.items_per_indicator.items() if any(r.rapport.id == "2016-signaleren-van-onveiligheid" for r in refs)
    } | {i for i, refs in real.secties_per_indicator.items() if refs}
    assert linked == ADDRESSED_2016
    for indicator_id in ADDRESSED_2016:
        text = real_pages[f"kader/stelseltoezicht-jeugd/{indicator_id}.md"]
        practice = section(text, "{#in-de-praktijk}")
        assert "nog geen bevindingen" not in practice, indicator_id
        assert "{#praktijk-2016-signaleren-van-onveiligheid}" in practice, indicator_id
        assert "de koppeling van hoofdstukken en voorbeelden aan deze indicator is van de redactie" in practice.lower()


def test_stj_indicators_the_report_does_not_address_say_so(real_pages: dict[str, str]) -> None:
    for n in (9, 12):
        practice = section(real_pages[f"kader/stelseltoezicht-jeugd/stj-{n}.md"], "{#in-de-praktijk}")
        assert "Getoetst aan dit kader, maar zonder bevinding bij deze indicator" in practice
        assert "Signaleren van onveiligheid bij jeugdigen" in practice


def test_chapter_links_point_at_the_chapter(real_pages: dict[str, str]) -> None:
    stj8 = real_pages["kader/stelseltoezicht-jeugd/stj-8.md"]
    assert "Hoofdstuk: 4.2 Verborgen betrokkenheid" in stj8
    assert "rapporten/2016-signaleren-van-onveiligheid/#h4-2-verborgen-betrokkenheid" in stj8


def test_national_fixture_chapter_and_findings_on_indicator_pages(national: Path) -> None:
    index = collect(national)
    site = pages(index)
    pk3 = section(site["kader/proef/pk-3.md"], "{#in-de-praktijk}")
    assert "{#praktijk-2021-landelijk}" in pk3 and "Hoofdstuk: Landelijk beeld" in pk3
    pk2 = section(site["kader/proef/pk-2.md"], "{#in-de-praktijk}")
    assert "#meerdere-kan-beter" in pk2 and "#alfa-kan-beter" in pk2 and "#noodzakelijk-1" in pk2
    # the follow-up report was judged against the kader but says nothing about pk-2
    assert "zonder bevinding bij deze indicator" in pk2 and "Proef monitoring na twee jaar" in pk2


# --------------------------------------------------------------------------- #
# 3. Editorial links are kept apart
# --------------------------------------------------------------------------- #


def test_no_2016_item_under_an_lnvt_findings_heading(real: Index, real_pages: dict[str, str]) -> None:
    for indicator_id, refs in real.items_per_indicator.items():
        if indicator_id.startswith("lnvt-"):
            assert all(r.rapport.jaar >= 2019 for r in refs), indicator_id
    for path, text in real_pages.items():
        if path.startswith("kader/lokale-netwerk-na-veilig-thuis/lnvt-"):
            practice = section(text, "{#in-de-praktijk}", "{#redactioneel}")
            assert "2016-" not in practice, path


def test_editorial_links_under_their_own_heading(real_pages: dict[str, str]) -> None:
    for n in (1, 7):
        text = real_pages[f"kader/lokale-netwerk-na-veilig-thuis/lnvt-{n}.md"]
        editorial = section(text, "## Verwant, redactionele koppeling {#redactioneel}")
        assert "#ede-informatie-verrijken" in editorial
        assert "niet</strong> aan dit kader zijn getoetst" in editorial
    assert "#casus-huiselijk-geweld-gericht-op-moeder" in section(
        real_pages["kader/lokale-netwerk-na-veilig-thuis/lnvt-7.md"], "{#redactioneel}"
    )
    # the report shows the editorial link apart from the indicators it was judged against
    report = real_pages["rapporten/2016-signaleren-van-onveiligheid.md"]
    ede = section(report, "{#ede-informatie-verrijken}", "\n#")
    assert "Verwant, redactionele koppeling:" in ede and "lnvt-1/#redactioneel" in ede


def test_leren_van_calamiteiten_links_are_all_editorial(real: Index) -> None:
    refs = real.items_per_rapport["2016-leren-van-calamiteiten"]
    assert all(not r.item.indicatoren for r in refs)
    editorial = sum(len(r.item.redactioneel) for r in refs)
    assert editorial == 16  # the audit's 16 links to the 2019 kader, now editorial


def test_editorial_links_are_never_counted(national: Path) -> None:
    index = collect(national)
    assert "tk-1" not in index.items_per_indicator
    assert [r.item.id for _, links in views.redactioneel(index, index.indicatoren["tk-1"]) for r in links] == [  # type: ignore[union-attr]
        "meerdere-kan-beter"
    ]
    for mx in views.matrices(index):
        assert all(not indicator_id.startswith("tk-") for indicator_id, _ in mx.counts)
    tk1 = pages(index)["kader/tweede/tk-1.md"]
    assert "nog geen bevindingen" in section(tk1, "{#in-de-praktijk}", "{#redactioneel}")
    assert "#meerdere-kan-beter" in section(tk1, "{#redactioneel}")


def test_validator_refuses_a_finding_link_to_another_kader(national: Path) -> None:
    rapport = national / "rapporten" / "2021-landelijk.yaml"
    edit(rapport, "        indicatoren: [pk-2]\n        redactioneel: [tk-1]", "        indicatoren: [pk-2, tk-1]")
    found = problems(national)
    assert len(found) == 1, found
    assert found[0].startswith("rapporten/2021-landelijk.yaml:49:29: ")  # points at tk-1 itself
    assert "bevinding 'meerdere-kan-beter' verwijst naar indicator 'tk-1' van kader 'tweede'" in found[0]
    assert "getoetst aan kader 'proef'" in found[0] and "'redactioneel: [tk-1]'" in found[0]


def test_validator_refuses_editorial_link_to_the_judged_kader(national: Path) -> None:
    rapport = national / "rapporten" / "2021-landelijk.yaml"
    edit(rapport, "        redactioneel: [tk-1]", "        redactioneel: [pk-3]")
    found = problems(national)
    assert len(found) == 1 and "hoort bij kader 'proef'" in found[0] and "onder 'indicatoren'" in found[0], found


def test_validator_a_report_without_kader_links_only_editorially(mini: Path) -> None:
    edit(
        mini / "rapporten" / "2016-thema.yaml",
        "        onderwerpen: [signaleren]\n",
        "        onderwerpen: [signaleren]\n        indicatoren: [pk-3]\n",
    )
    found = problems(mini)
    assert len(found) == 1 and "aan geen kader" in found[0] and "redactioneel" in found[0], found


def test_validator_niveau_only_without_gemeenten(national: Path) -> None:
    rapport = national / "rapporten" / "2021-landelijk.yaml"
    edit(rapport, "        gemeenten: [alfa]\n", "        gemeenten: [alfa]\n        niveau: landelijk\n")
    found = problems(national)
    assert len(found) == 1 and "'niveau' is alleen voor een onderdeel zonder 'gemeenten'" in found[0], found


# --------------------------------------------------------------------------- #
# 4. Nazorg is a process
# --------------------------------------------------------------------------- #


def test_nazorg_status_per_gemeente_and_overdue(national: Path) -> None:
    index = collect(national)
    rows = {(r.rapport.id, r.gemeente): r for r in views.nazorg_rijen(index, datetime.date(2021, 7, 1))}
    alfa, beta = rows[("2021-landelijk", "alfa")], rows[("2021-landelijk", "beta")]
    assert alfa.laatste is not None and alfa.laatste.status == "ontvangen" and not alfa.te_laat
    assert beta.laatste is not None and beta.laatste.status == "gevraagd" and beta.te_laat
    before = {(r.rapport.id, r.gemeente): r for r in views.nazorg_rijen(index, datetime.date(2021, 5, 1))}
    assert not before[("2021-landelijk", "beta")].te_laat
    # the gemeente page shows its own latest step
    site = pages(index)
    assert "nazorg vóór 1 juni 2021 (ontvangen op 20 mei 2021)" in site["gemeenten/alfa.md"]
    assert "nazorg vóór 1 juni 2021 (gevraagd op 15 februari 2021)" in site["gemeenten/beta.md"]


def test_follow_ups_are_linked_both_ways(national: Path) -> None:
    index = collect(national)
    assert [r.id for r in index.vervolg_op["2023-monitoring"]] == ["2021-landelijk"]
    site = pages(index)
    assert (
        '<dt>Vervolg</dt><dd><a href="../2023-monitoring/">Proef monitoring na twee jaar</a>'
        in site["rapporten/2021-landelijk.md"]
    )
    assert "Brief aan de minister over de proef (september 2021)" in site["rapporten/2021-landelijk.md"]
    assert (
        '<dt>Vervolg op</dt><dd><a href="../2021-landelijk/">Proef landelijke rapportage</a>'
        in site["rapporten/2023-monitoring.md"]
    )


def test_validator_checks_follow_ups_and_steps(national: Path) -> None:
    rapport = national / "rapporten" / "2021-landelijk.yaml"
    edit(rapport, "    - rapport: 2023-monitoring", "    - rapport: 2024-bestaat-niet")
    edit(
        rapport,
        "    - {status: gevraagd, datum: 2021-02-15, gemeente: beta}",
        "    - {status: gevraagd, datum: 2021-02-15, gemeente: gamma}",
    )
    found = problems(national)
    assert len(found) == 2, found
    assert any("rapport '2024-bestaat-niet'" in p for p in found)
    assert any("gemeente 'gamma' staat niet in 'gemeenten'" in p for p in found)


# --------------------------------------------------------------------------- #
# 5. Provenance
# --------------------------------------------------------------------------- #


def test_provenance_on_the_report_page(national: Path) -> None:
    index = collect(national)
    out = {p.path: p for p in render_site(index).pages}
    report = out["rapporten/2021-landelijk.md"]
    for text in [
        "<dt>Uitgevers</dt><dd>Testinspectie, Tweede testinspectie</dd>",
        '<time datetime="2021-02">februari 2021</time>',
        "Proef landelijke rapportage (pdf), kenmerk PROEF-2021-01 (geen openbaar adres bekend)",
        "versie ‘Proefversie 2019’",
        '<dt>Pagina gewijzigd</dt><dd><time datetime="2021-03-15">15 maart 2021</time>',
    ]:
        assert text in report.markdown, text
    assert report.meta["date"] == "2021-02"
    assert report.meta["updated"] == "2021-03-15"
    described = publicatie.page_meta(index, "https://example.org/")
    assert (
        described["rapporten/2021-landelijk.md"]["description"]
        == "Landelijke proefrapportage over achttien gemeenten in zes regio's."
    )
    # without 'beschrijving' the description is made from the data
    assert described["rapporten/2023-monitoring.md"]["description"].startswith("Landelijk rapport van Testinspectie (2023)")
    # the kader page says which report used which version
    kader = out["kader/proef/index.md"].markdown
    assert "Proef landelijke rapportage</a> (februari 2021), getoetst aan versie ‘Proefversie 2019’" in kader
    assert "Proef monitoring na twee jaar</a> (2023), getoetst aan een niet genoemde versie" in kader


def test_real_reports_carry_provenance(real: Index, real_pages: dict[str, str]) -> None:
    for rapport in real.rapporten.values():
        assert rapport.gewijzigd is not None and rapport.document is not None, rapport.id
        text = real_pages[f"rapporten/{rapport.id}.md"]
        assert "<dt>Oorspronkelijk document</dt>" in text and "<dt>Pagina gewijzigd</dt>" in text
        assert "http" not in section(text, "<dt>Oorspronkelijk document</dt>", "</dd>")  # no invented addresses
    for kader in real.kaders.values():
        assert kader.versie and kader.datum and kader.gewijzigd, kader.id
    stj = real_pages["kader/stelseltoezicht-jeugd/index.md"]
    assert "getoetst aan versie ‘Operationalisering Toegang 2015’" in stj
    meta = {p.path: p.meta for p in render_site(real).pages}
    assert meta["kader/stelseltoezicht-jeugd/index.md"]["date"] == "2016"
    assert meta["kader/stelseltoezicht-jeugd/index.md"]["updated"] == "2026-11-30"
    for rapport_id in real.rapporten:
        assert re.fullmatch(r"\d{4}(-\d{2})?", meta[f"rapporten/{rapport_id}.md"]["date"])
        assert publicatie.page_meta(real, "https://example.org/")[f"rapporten/{rapport_id}.md"]["description"]


# --------------------------------------------------------------------------- #
# 6. The content audit's corrections
# --------------------------------------------------------------------------- #


def test_begrippen_make_no_claims_the_sources_do_not(real: Index, real_pages: dict[str, str]) -> None:
    begrippen = real.begrippen
    assert "voorganger" not in begrippen["STJ"].betekenis
    assert "GGZ" not in begrippen and begrippen["ggz"].schrijfwijzen == ["GGZ"]
    assert begrippen["ggz"].bron is None and begrippen["ggz"].algemeen
    assert begrippen["dranghulpverlening"].bron is None and begrippen["dranghulpverlening"].algemeen
    assert "Werkwijze voor veiligheid" not in begrippen["Signs of Safety"].betekenis
    for begrip in begrippen.values():
        assert begrip.algemeen or begrip.bron, f"{begrip.term}: uit de bronnen (bron) of uit algemene kennis (algemeen)"
    glossary = real_pages["begrippen.md"]
    assert glossary.count("uitleg van de redactie uit algemene kennis") == sum(b.algemeen for b in begrippen.values())
    assert re.search(r"<strong>(<abbr [^>]*>)?ggz(</abbr>)?</strong> \(ook: GGZ\)", glossary)


def test_stj_ratio_paragraphs_are_where_the_source_puts_them(real: Index) -> None:
    criterium = real.indicatoren["stj-11"].criterium
    assert criterium.ratio is not None and "volwassenenzorg" not in criterium.ratio
    assert criterium.ratio.rstrip().endswith("opgeschaald moet worden naar dwang en drang.")
    stj14 = real.indicatoren["stj-14"].indicator
    assert stj14.ratio is not None and stj14.ratio.startswith("Specifieke aandacht wordt gevraagd voor de volwassenenzorg.")


def test_no_empty_parentheses_after_indicators(real_pages: dict[str, str]) -> None:
    for path in ("kader/stelseltoezicht-jeugd/index.md", "kader/lokale-netwerk-na-veilig-thuis/index.md"):
        assert "()" not in real_pages[path], path
    assert re.search(
        r"LNVT 6</span> [^<]*</a> \(1G, 1P en 1R, Eigen kracht\)", real_pages["kader/lokale-netwerk-na-veilig-thuis/index.md"]
    )


def test_page_titles_are_unique(real: Index) -> None:
    titles = [p.title for p in render_site(real).pages]
    assert len(titles) == len(set(titles))
    assert not {"Opbouw", "Overzicht"} & set(titles)


# --------------------------------------------------------------------------- #
# End to end: a real build with the national fixture
# --------------------------------------------------------------------------- #


def test_national_report_end_to_end(national: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    # SOURCE_DATE_EPOCH fixes the build date that the nazorg page compares with (2021-07-01)
    result = mkdocs_build(
        national, site, SOURCE_DATE_EPOCH=str(int(datetime.datetime(2021, 7, 1, tzinfo=datetime.UTC).timestamp()))
    )
    assert result.returncode == 0, result.stderr
    report = page(site, "rapporten/2021-landelijk/").read_text("utf-8")
    assert "18 gemeenten onderzocht, 2 genoemd" in report and "De inspecties vinden het noodzakelijk dat:" in report
    assert "Verwant, redactionele koppeling:" in report
    pk1 = page(site, "kader/proef/pk-1/").read_text("utf-8")
    assert "#landelijk-goed" in pk1 and "#voorbeeld-meerdere" in pk1
    tk1 = page(site, "kader/tweede/tk-1/").read_text("utf-8")
    assert 'id="redactioneel"' in tk1 and "#meerdere-kan-beter" in tk1.split('id="redactioneel"', 1)[1]
    catalogue = page(site, "goede-voorbeelden/").read_text("utf-8")
    assert 'data-gemeente="landelijk"' in catalogue
    matrix = page(site, "bevindingenmatrix/").read_text("utf-8")
    assert 'id="niet-in-de-matrix"' in matrix and "Proef landelijke rapportage" in matrix.split('id="niet-in-de-matrix"', 1)[1]
    alfa = page(site, "gemeenten/alfa/").read_text("utf-8")
    assert "18 gemeenten onderzocht, 2 genoemd" in alfa and "#alfa-kan-beter" in alfa
    nazorg = page(site, "nazorg/").read_text("utf-8")
    assert '<time datetime="2021-07-01">1 juli 2021</time>' in nazorg
    assert "Dit is de enige plek waar de site de bouwdatum gebruikt" in nazorg
    rows = {row.split("</td>", 1)[0]: row for row in re.split(r"<tr(?: id=\"[^\"]*\")?><td>", nazorg)[1:]}
    alfa_row = next(r for k, r in rows.items() if ">Alfa<" in k and "2021-landelijk" in r)
    beta_row = next(r for k, r in rows.items() if ">Beta<" in k and "2021-landelijk" in r)
    assert "ontvangen op" in alfa_row and "termijn verstreken" not in alfa_row
    assert "gevraagd op" in beta_row and "termijn verstreken" in beta_row


def test_report_page_links_the_original_document_when_its_address_is_known(mini: Path) -> None:
    """One click from a report to the original publication: a link only where the data gives the address."""
    edit(
        mini / "rapporten" / "2019-alfa.yaml",
        "onderzoek: Proefonderzoek\n",
        'onderzoek: Proefonderzoek\ndocument:\n  titel: "Rapport Alfa (pdf)"\n  url: "https://example.org/rapport-alfa.pdf"\n',
    )
    text = pages(collect(mini))["rapporten/2019-alfa.md"]
    document = section(text, "<dt>Oorspronkelijk document</dt>", "</dd>")
    assert '<a href="https://example.org/rapport-alfa.pdf">Rapport Alfa (pdf)</a>' in document
    assert "geen openbaar adres" not in document
