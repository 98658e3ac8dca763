"""The words a page adds for Pagefind, and the index run (the browser tests prove the effect on queries)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import edit
from mkdocs.exceptions import PluginError

from generator import zoeken

GLOSSARY = {
    "VT": "Veilig Thuis, het Advies- en Meldpunt Huiselijk geweld en kindermishandeling.",
    "ZRM": "zelfredzaamheidsmatrix, een instrument om de leefgebieden in kaart te brengen.",
    "1G1P1R": "1Gezin1Plan1Regisseur; het principe van 1 gezin, 1 plan en 1 regisseur.",
    "SMART": "Specifiek, Meetbaar, Acceptabel, Realistisch en Tijdgebonden.",
}


def hidden(html: str) -> list[str]:
    return re.findall(r'<div hidden data-pagefind-weight="0\.5">⁂ (.*?) ⁑</div>', html)


def test_each_section_gets_its_own_hidden_words_before_the_next_heading() -> None:
    html = '<h1 id="a">Veiligheidsplan</h1><p>Het gezin.</p><h2 id="b">Overleg</h2><p>Met Veilig Thuis.</p>'
    out = zoeken.add_search_words(html, "t/", GLOSSARY)
    first, second = out.split('<h2 id="b">')
    assert "veiligheidsplannen" in hidden(first)[0].split() and "gezinnen" in hidden(first)[0].split()
    assert hidden(second)[-1] == "VT"  # the abbreviation, in the section that says what it stands for
    assert re.sub(r"<div hidden.*?</div>", "", out) == html  # the visible page is unchanged


def test_abbreviations_both_directions_and_only_when_the_letters_match() -> None:
    out = zoeken.add_search_words("<p>De ZRM en 1G1P1R; specifiek.</p>", "t/", GLOSSARY)
    words = " ".join(hidden(out))
    assert "zelfredzaamheidsmatrix" in words and "1Gezin1Plan1Regisseur" in words
    assert "SMART" not in words  # "Specifiek, …" is not what SMART stands for as a phrase
    assert zoeken.expansion_of("SMART", GLOSSARY["SMART"]) is None
    assert zoeken.expansion_of("VT", GLOSSARY["VT"]) == "Veilig Thuis"
    # "vt" inside another word, or in lower case, is not the abbreviation
    assert "Veilig Thuis" not in " ".join(hidden(zoeken.add_search_words("<p>Het vt-nummer, vtx.</p>", "t/", GLOSSARY)))


def test_header_fields_are_separate_words_and_permalinks_are_not_indexed() -> None:
    out = zoeken.add_search_words(
        '<h1 id="x">Leeuwarden<a class="headerlink" href="#x">¶</a></h1><dl><dt>Regio</dt><dd>Friesland</dd></dl>', "t/", {}
    )
    assert "</dt> <dd>Friesland</dd> " in out
    assert '<a class="headerlink" data-pagefind-ignore href="#x">' in out


def test_ignored_item_cards_add_no_words_and_do_not_split_sections() -> None:
    card = '<div class="kp-item" data-pagefind-ignore><h3 id="c">Huisverboden</h3><div><p>Gezinnen</p></div></div>'
    out = zoeken.add_search_words(f'<h2 id="a">Kort</h2><p>Overleg.</p>{card}<p>Plan.</p>', "t/", {})
    assert card in out  # not cut at the card's own heading
    assert not any("huisverbod" in words or "gezin" in words for words in hidden(out))
    assert "Gezinnen" not in zoeken.indexed_text(out)
    # an ignored void element ignores only itself
    assert "Gezinnen" in zoeken.indexed_text('<img alt="" data-pagefind-ignore><p>Gezinnen</p>')


def test_hostile_text_stays_text_in_the_hidden_words() -> None:
    out = zoeken.add_search_words("<p>Veilig Thuis &lt;script&gt;</p>", "t/", {"<b>": "<b>x</b>", **GLOSSARY})
    assert "<script" not in out and "<b>" not in out


def test_index_site_writes_the_index_and_the_vocabulary(tmp_path: Path) -> None:
    zoeken.add_search_words("<h1>Leeuwarden</h1><p>Veiligheidsplan en veiligheidsplan.</p>", "", {})
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="nl"><head><title>T</title></head><body><main data-pagefind-body>'
        "<h1>Leeuwarden</h1><p>Veiligheidsplan.</p></main></body></html>",
        "utf-8",
    )
    zoeken.index_site(tmp_path)
    assert (tmp_path / "pagefind" / "pagefind.js").exists()
    words = json.loads((tmp_path / "pagefind" / "woorden.json").read_text("utf-8"))
    assert {"Leeuwarden", "veiligheidsplan"} <= set(words)  # a tie between spellings: the lower-case one
    assert "Veiligheidsplan" not in words


def page(folder: Path, n: int) -> None:
    (folder / f"p{n}").mkdir(parents=True, exist_ok=True)
    (folder / f"p{n}/index.html").write_text(
        f'<!doctype html><html lang="nl"><head><title>P{n}</title></head><body><main data-pagefind-body>'
        f"<h1>Pagina {n}</h1><p>Veiligheidsplan nummer {n} voor wijkteam {n * 7}.</p></main></body></html>",
        "utf-8",
    )


def test_the_new_index_replaces_the_old_one_in_one_step(tmp_path: Path) -> None:
    """Written next to the site, then moved in: the old index (in a dirty build: links to the published site's
    files) is moved aside and unlinked, never written to; nothing is left next to the site."""
    site, published = tmp_path / "site", tmp_path / "gepubliceerd"
    page(site, 1)
    (published / "pagefind").mkdir(parents=True)
    (published / "pagefind/pagefind.js").write_text("oude index", "utf-8")
    (site / "pagefind").mkdir()
    os.link(published / "pagefind/pagefind.js", site / "pagefind/pagefind.js")
    zoeken.index_site(site)
    assert (published / "pagefind/pagefind.js").read_text("utf-8") == "oude index"
    assert "oude index" not in (site / "pagefind/pagefind.js").read_text("utf-8")
    assert (site / "pagefind/woorden.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gepubliceerd", "site"]
    umask = os.umask(0)
    os.umask(umask)
    assert (site / "pagefind").stat().st_mode & 0o777 == 0o777 & ~umask  # a web server reads it


def test_a_failed_index_run_keeps_the_old_index(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "pagefind").mkdir(parents=True)
    (site / "pagefind/pagefind.js").write_text("oude index", "utf-8")
    with pytest.raises(PluginError, match="Pagefind is mislukt"):
        zoeken.index_site(site)  # no page to index
    assert (site / "pagefind/pagefind.js").read_text("utf-8") == "oude index"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_rebuild_stops_the_background_index_run_and_a_failed_one_resumes_it(tmp_path: Path) -> None:
    """`mkdocs serve`: a rebuild must not share the cores with Pagefind. The stopped run leaves the old index;
    when the rebuild fails, the site still served is indexed after all."""
    site = tmp_path / "site"
    for n in range(400):
        page(site, n)
    (site / "pagefind").mkdir()
    (site / "pagefind/pagefind.js").write_text("oude index", "utf-8")
    zoeken.index_site(site, background=True)
    deadline = time.monotonic() + 60
    while zoeken._process is None and time.monotonic() < deadline:
        time.sleep(0.001)
    process = zoeken._process
    assert process is not None, "Pagefind did not start"
    zoeken.stop_background()
    assert process.wait(timeout=30) == -signal.SIGTERM
    while zoeken._worker is not None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert (site / "pagefind/pagefind.js").read_text("utf-8") == "oude index"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    zoeken.resume_background()  # the rebuild failed
    while zoeken._worker is not None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert "oude index" not in (site / "pagefind/pagefind.js").read_text("utf-8")
    assert (site / "pagefind/woorden.json").exists()
    zoeken.resume_background()  # nothing was stopped since: no second run
    assert zoeken._worker is None


def test_index_site_fails_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(PluginError, match=r"^Zoekindex: Pagefind is mislukt: Error: Pagefind was not able to build an index\."):
        zoeken.index_site(tmp_path)  # no page to index
    with pytest.raises(PluginError, match=r"^Zoekindex: de map met de gebouwde site bestaat niet"):
        zoeken.index_site(tmp_path / "bestaat-niet")


def test_serve_indexes_again_after_every_rebuild(mini: Path, tmp_path: Path) -> None:
    """`mkdocs serve --dirty`: a save rebuilds the changed pages and Pagefind indexes the whole site again."""
    from test_serve import fetch, free_port, wait_for

    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}", "-f", str(mini / "mkdocs.yml")],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=mini,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: "warme" in fetch(base + "pagefind/woorden.json").lower()), log.read_text()
        before = set(json.loads(fetch(base + "pagefind/woorden.json")))
        entry = json.loads(fetch(base + "pagefind/pagefind-entry.json"))
        assert "nl" in entry["languages"]  # Dutch stemming: the pages say <html lang="nl">
        edit(
            mini / "rapporten/2020-beta.yaml",
            "De warme overdracht gebeurt altijd.",
            "De warme overdracht gebeurt altijd, ook weekenddiensten.",
        )
        assert wait_for(lambda: "weekenddiensten" in fetch(base + "pagefind/woorden.json")), log.read_text()
        after = set(json.loads(fetch(base + "pagefind/woorden.json")))
        assert before - after <= {"altijd"} and after - before == {"weekenddiensten"}  # the pages not rebuilt kept their words
        assert json.loads(fetch(base + "pagefind/pagefind-entry.json")) != entry  # a new index
        assert server.poll() is None
        assert "Traceback" not in log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=10)
