"""Real `mkdocs build --strict` runs on the small example content, asserting on the HTML."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import edit
from sitetools import broken_links, mkdocs_build, page, tree_digest


@pytest.fixture(scope="session")
def built(mini_site: Path) -> Path:
    """The small example site, built once per session (these tests only read it)."""
    return mini_site


def item_ids(html: str) -> list[str]:
    """Ids of the report items an HTML page links to (…/rapporten/<rapport>/#<item>)."""
    return re.findall(r'href="[^"]*rapporten/[^"/]+/#([a-z0-9-]+)"', html)


def test_indicator_page_lists_exactly_its_items(built: Path) -> None:
    html = page(built, "kader/proef/pk-1/").read_text("utf-8")
    practice = html.split('id="in-de-praktijk"', 1)[1]
    assert sorted(set(item_ids(practice))) == sorted(
        ["korte-lijnen", "schriftelijke-overdracht", "vaste-contactpersoon", "aanbeveling-overdracht", "warme-overdracht"]
    )
    # not the finding about the other indicator
    assert "geen-plan" not in practice
    # grouped by report, and by oordeel within the report
    assert practice.index('id="praktijk-2020-beta"') < practice.index('id="praktijk-2019-alfa"')
    assert 'id="praktijk-2019-alfa-goed"' in practice and 'id="praktijk-2019-alfa-kan-beter"' in practice


def test_indicator_page_shows_the_whole_kader_text(built: Path) -> None:
    html = page(built, "kader/proef/pk-1/").read_text("utf-8")
    for text in [
        "Jeugdigen worden toegeleid.",
        "Er is een overdracht.",
        "Overdracht na onderzoek",
        "schriftelijk;",
        "Om positief te beoordelen is er een overdracht.",
        "Heeft betrekking op huishoudens.",
    ]:
        assert text in html, text
    # the regional variant that changes this indicator is named and linked
    assert "varianten/noord/#overdracht-na-onderzoek" in html


def test_links_resolve_in_both_directions(built: Path) -> None:
    """Every internal link and anchor in the built site points at something that exists."""
    broken, checked = broken_links(built)
    assert checked > 100
    assert broken == []


def test_report_links_to_indicator_and_back(built: Path) -> None:
    report = page(built, "rapporten/2019-alfa/").read_text("utf-8")
    assert 'href="../../kader/proef/pk-1/"' in report
    indicator = page(built, "kader/proef/pk-1/").read_text("utf-8")
    assert "rapporten/2019-alfa/#schriftelijke-overdracht" in indicator


def test_elders_gaat_het_goed(built: Path) -> None:
    """A kan-beter finding links to goed findings on the same indicator from other gemeenten."""
    report = page(built, "rapporten/2019-alfa/").read_text("utf-8")
    block = report.split('id="schriftelijke-overdracht"', 1)[1].split("<h", 1)[0]
    assert "Elders gaat het goed" in block
    assert 'href="../2020-beta/#warme-overdracht"' in block
    # own gemeente's examples are not "elders"
    assert "#vaste-contactpersoon" not in block


def test_report_names_kader_and_variant(built: Path) -> None:
    report = page(built, "rapporten/2019-alfa/").read_text("utf-8")
    assert "kader/proef/varianten/noord/" in report
    assert "1 november 2019" in report


def test_matrix_counts_equal_the_data(built: Path) -> None:
    html = page(built, "bevindingenmatrix/").read_text("utf-8")
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r'<tr id="matrix-pk-\d"><th scope="row"><a href="[^"]*(pk-\d)/">.*?</th>(.*?)</tr>', html)
    }
    assert set(rows) == {"pk-1", "pk-2", "pk-3"}
    cells = {key: re.findall(r"<td[^>]*>(.*?)</td>", row) for key, row in rows.items()}
    # columns are Alfa, Beta (sorted by gemeente)
    assert "1 gaat goed" in cells["pk-1"][0] and "1 kan beter" in cells["pk-1"][0]
    assert "1 gaat goed" in cells["pk-1"][1]
    assert "1 kan beter" in cells["pk-2"][0] and "1 gaat goed" in cells["pk-2"][1]
    assert "onderzocht, geen bevinding" in cells["pk-3"][0]
    assert "niet onderzocht" in cells["pk-3"][1]  # Beta examined only pk-1 and pk-2
    assert "<caption" in html and 'scope="col"' in html


def test_abbreviations_have_their_meaning_everywhere(built: Path) -> None:
    html = page(built, "rapporten/2019-alfa/").read_text("utf-8")
    assert '<abbr title="Veilig Thuis">VT</abbr>' in html


def test_catalogue_has_filter_data(built: Path) -> None:
    html = page(built, "goede-voorbeelden/").read_text("utf-8")
    assert html.count('class="kp-voorbeeld ') == 2
    assert 'data-gemeente="alfa"' in html and 'data-regio="regio-noord"' in html and 'data-jaar="2019"' in html
    # every filter value is a checkbox with the number of examples it has
    assert 'name="regio" value="regio-noord"' in html and '>Regio Noord <span class="kp-facet__aantal"' in html
    assert 'data-onderwerp="overdracht"' in html  # reached through indicator pk-1


def test_open_data_files(built: Path) -> None:
    import csv
    import json

    whole = json.loads((built / "data/kader-in-de-praktijk.json").read_text("utf-8"))
    assert [r["id"] for r in whole["rapporten"]] == ["2016-thema", "2019-alfa", "2020-beta"]
    rows = list(csv.DictReader((built / "data/items.csv").read_text("utf-8-sig").splitlines()))
    assert len(rows) == 9 and {r["soort"] for r in rows} == {"bevinding", "goed_voorbeeld", "aanbeveling", "casus"}
    alfa = list(csv.DictReader((built / "data/gemeenten/alfa.csv").read_text("utf-8-sig").splitlines()))
    assert len(alfa) == 6
    assert (built / "data/schema/rapport.schema.json").exists()


def test_whole_data_files_put_together_per_object_are_what_json_and_csv_write(mini: Path) -> None:
    """Under serve the whole-site files are joined from per-object JSON and per-report rows: the same bytes."""
    import csv
    import io
    import json

    from generator import data, pipeline
    from generator.rendermemo import RenderMemo

    index = pipeline.collect(mini).index
    dumped = {kind: [o.model_dump(mode="json") for o in objects] for kind, objects in data.whole(index).items()}
    expected_json = (json.dumps(dumped, ensure_ascii=False) + "\n").encode("utf-8")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=data.CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for ref in index.items:
        record = data.item_record(index, ref)
        writer.writerow({k: data.csv_cell(" ".join(v) if isinstance(v, list) else v) for k, v in record.items()})
    expected_csv = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    memo = RenderMemo()
    for _ in range(2):  # made, then reused
        memo.begin(None)
        assert data.whole_json(index, memo) == data.whole_json(index) == expected_json
        assert data.items_csv(index, memo) == data.items_csv(index) == expected_csv
        memo.end()
    assert memo.hits > 0 and memo.misses == 0


def test_values_are_escaped_in_html(mini: Path, tmp_path: Path) -> None:
    """Characters that are harmless in Markdown text still arrive escaped in attributes and titles."""
    edit(mini / "kader/gemeenten.yaml", "naam: Alfa", 'naam: Alfa & "Omega"')
    site = tmp_path / "site"
    result = mkdocs_build(mini, site)
    assert result.returncode == 0, result.stderr
    html = page(site, "goede-voorbeelden/").read_text("utf-8")
    assert 'value="alfa"><label for="kp-f-gemeente-1">Alfa &amp; &#34;Omega&#34; <span' in html


def test_bad_content_stops_build_and_keeps_previous_site(mini: Path, published: Path) -> None:
    site = published
    before = tree_digest(site)
    edit(mini / "rapporten/2019-alfa.yaml", "indicatoren: [pk-2]", "indicatoren: [pk-13]")
    edit(mini / "rapporten/2020-beta.yaml", "titel: Plan bekend", "tital: Plan bekend")
    result = mkdocs_build(mini, site)
    assert result.returncode != 0
    assert "De inhoud bevat 2 problemen" in result.stderr
    assert "rapporten/2019-alfa.yaml:" in result.stderr and "rapporten/2020-beta.yaml:" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(site) == before


def test_export_writes_plain_markdown(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(mini), "export", str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    text = (out / "docs/kader/proef/pk-1.md").read_text("utf-8")
    front, body = text.removeprefix("---\n").split("---\n", 1)
    assert 'kind: "indicator"' in front.splitlines()
    assert body.startswith("# Indicator 1: Er is een overdracht.")
    # links are final (directory) URLs in HTML blocks, which no engine rewrites
    assert 'href="../../../rapporten/2019-alfa/#schriftelijke-overdracht"' in body
    assert (out / "docs/data/items.csv").exists() and (out / "mkdocs.yml").exists()


def test_full_kader_page_has_every_indicator_and_rule(built: Path) -> None:
    """The whole kader on one page, for reading and printing."""
    html = page(built, "kader/proef/volledig/").read_text("utf-8")
    for text in [
        "Er is een overdracht.",
        "Er is een veiligheidsplan.",
        "Er wordt gesignaleerd.",
        "Om positief te beoordelen is het plan bekend.",
        "Heeft betrekking op huishoudens.",
    ]:
        assert text in html, text
    assert html.index("Er is een overdracht.") < html.index("Er is een veiligheidsplan.") < html.index("Er wordt gesignaleerd.")


def test_every_page_has_exactly_one_h1(built: Path) -> None:
    """The page heading once: the theme adds its own <h1> only to a content without one (engine.content_marker)."""
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 25
    wrong = {str(p.relative_to(built)): n for p in pages if (n := p.read_text("utf-8").count("<h1")) != 1}
    assert wrong == {}


def test_every_page_of_a_build_gets_the_date_the_build_started(monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs reads the clock for each page; the plugin gives the pages one date per build (SOURCE_DATE_EPOCH
    still counts, for reproducible builds)."""
    import mkdocs.structure.pages

    from generator import engine

    monkeypatch.setattr(mkdocs.structure.pages, "get_build_date", mkdocs.structure.pages.get_build_date)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    engine.one_build_date()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(86400 * 400))
    assert mkdocs.structure.pages.get_build_date() == "1970-01-02"  # this build's date, not the clock's
    engine.one_build_date()  # the next build
    assert mkdocs.structure.pages.get_build_date() == "1971-02-05"
