"""Search in Dutch, in a real browser against the real site: readers' queries land where they should.

Pagefind indexes the built site (generator/zoeken.py) and runs as WebAssembly
in the page; only a real browser typing in the real search box proves it.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.request import urlopen

import pytest
from conftest import QuietHandler
from playwright.sync_api import Browser, Page

from generator.zoeken import indexed_text

BOX = "#kp-zoek-invoer"
COUNT = "[data-kp-zoek-aantal]"
SUGGESTION = "[data-kp-zoek-suggestie]"


@pytest.fixture
def page(browser: Browser, site_url: str) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url)
    yield page
    page.close()


def type_query(page: Page, query: str) -> None:
    """Type a query in the header's search box like a reader and wait until its results are shown."""
    box = page.locator(BOX)
    box.click()
    box.fill("")
    box.type(query, delay=20)
    page.wait_for_function(
        "q => (document.querySelector('[data-kp-zoek-aantal]') || {}).textContent?.includes('‘' + q + '’')", arg=query
    )
    page.wait_for_timeout(300)  # a suggestion may follow the results


def search(page: Page, query: str) -> list[list[str]]:
    """The results, best first: per result (one page) its links, the page and the sections that match."""
    type_query(page, query)
    return page.locator(".kp-zoek__treffer").evaluate_all(
        "items => items.map(li => Array.from(li.querySelectorAll('a[href]')).map(a => a.getAttribute('href')))"
    )


def result_count(page: Page, query: str) -> int:
    type_query(page, query)
    text = page.locator(COUNT).inner_text()
    return 0 if text.startswith("Geen") else int(text.split()[0])


def own_text(site_url: str, path: str) -> str:
    """The text of a page that search indexes, without the hidden search words added for it."""
    with urlopen(site_url + path) as response:
        source = response.read().decode("utf-8")
    body = source.split("data-pagefind-body>", 1)[1]
    return indexed_text(re.sub(r"<div hidden[^>]*>.*?</div>", " ", body, flags=re.DOTALL))


# (query, a fragment one of the first results must contain, how many results (pages) to look at)
QUERIES = [
    ("veiligheidsplan", "kader/lokale-netwerk-na-veilig-thuis/lnvt-3/", 3),
    ("1Gezin1Plan", "1gezin1plan1regisseur", 5),
    ("zelfredzaamheidsmatrix", "rapporten/2020-leeuwarden/#leefgebieden-in-kaart", 5),
    ("zelfredzaamheidsmatrix", "kader/lokale-netwerk-na-veilig-thuis/lnvt-5/", 10),
    ("kindcheck", "onderwerpen/kindcheck-en-meldcode/", 3),
    ("Emmen", "gemeenten/emmen/", 5),
    # (Material linked the heading "Indicator 12: … warme overdracht …"; a result now links its page)
    ("warme overdracht", "kader/stelseltoezicht-jeugd/stj-12/", 3),
    ("indicator 3", "kader/lokale-netwerk-na-veilig-thuis/lnvt-3/", 3),
    ("indicator 12", "kader/lokale-netwerk-na-veilig-thuis/lnvt-12/", 3),
    # gemeente names: the page-header fields are separate words ("Regio Friesland", not "RegioFriesland")
    ("Friesland", "gemeenten/leeuwarden/", 5),
    ("Limburg", "gemeenten/roermond/", 5),
    ("Leeuwarden", "gemeenten/leeuwarden/", 3),
    ("Roermond", "rapporten/2019-roermond/", 5),
]


@pytest.mark.parametrize(("query", "expected", "within"), QUERIES, ids=[f"{q} -> {e}" for q, e, _ in QUERIES])
def test_query_lands_in_the_first_results(page: Page, query: str, expected: str, within: int) -> None:
    results = search(page, query)
    assert any(expected in href for links in results[:within] for href in links), f"{query!r}: {results[:within]}"


@pytest.mark.parametrize(
    ("inflected", "base"),
    [
        ("veiligheidsplannen", "veiligheidsplan"),
        ("overdrachten", "overdracht"),
        ("regisseurs", "regisseur"),
        ("afspraken", "afspraak"),
        ("risicotaxaties", "risicotaxatie"),
        ("kindchecks", "kindcheck"),
        ("huisverboden", "huisverbod"),
        ("gezinnen", "gezin"),
    ],
)
def test_dutch_word_forms_find_the_same_pages_as_their_base_word(page: Page, inflected: str, base: str) -> None:
    """A plural finds (nearly) every page its singular finds, and vice versa.

    Pagefind stems Dutch; the forms its stemmer misses come from generator/zoekvormen.py.
    """
    base_count, inflected_count = result_count(page, base), result_count(page, inflected)
    assert base_count > 0
    assert inflected_count >= 0.9 * base_count, f"{inflected!r}: {inflected_count}, {base!r}: {base_count}"
    assert base_count >= 0.9 * inflected_count, f"{base!r}: {base_count}, {inflected!r}: {inflected_count}"


def test_numbers_are_searchable(page: Page) -> None:
    """Dates and years are found (Material's lunr with a language set dropped numbers)."""
    results = search(page, "2019")
    assert any("nazorg" in href or "roermond" in href for links in results[:10] for href in links)


@pytest.mark.parametrize(
    ("query", "expected", "page_without_the_query"),
    [
        # the page says "zelfredzaamheidsmatrix", not "ZRM"
        ("ZRM", "kader/lokale-netwerk-na-veilig-thuis/lnvt-5/", "kader/lokale-netwerk-na-veilig-thuis/lnvt-5/"),
        # the page says "ZRM", not "zelfredzaamheidsmatrix"
        ("zelfredzaamheidsmatrix", "onderwerpen/passende-hulp/", "onderwerpen/passende-hulp/"),
        # the page says "Veilig Thuis", not "VT"
        ("VT", "onderwerpen/overdracht/", "onderwerpen/overdracht/"),
        ("1G1P1R", "onderwerpen/1gezin1plan1regisseur/", None),
        ("1Gezin1Plan1Regisseur", "rapporten/2019-roermond/", None),
    ],
)
def test_abbreviations_find_what_they_stand_for_and_back(
    page: Page, site_url: str, query: str, expected: str, page_without_the_query: str | None
) -> None:
    if page_without_the_query:  # the hit comes from the glossary, not from the page's own words
        assert not re.search(rf"(?<!\w){re.escape(query)}(?!\w)", own_text(site_url, page_without_the_query), re.IGNORECASE)
    results = search(page, query)
    assert any(expected in href for links in results[:10] for href in links), f"{query!r}: {results[:10]}"


@pytest.mark.parametrize(
    ("typo", "meant", "lands_on"),
    [
        ("veilgheidsplan", "veiligheidsplan", "kader/lokale-netwerk-na-veilig-thuis/lnvt-3/"),
        ("Lewarden", "Leeuwarden", "gemeenten/leeuwarden/"),
        ("zelfredzaamheidsmatirx", "zelfredzaamheidsmatrix", "onderwerpen/passende-hulp/"),
    ],
)
def test_a_typo_gets_a_suggestion_that_finds_the_page(page: Page, typo: str, meant: str, lands_on: str) -> None:
    type_query(page, typo)
    suggestion = page.locator(SUGGESTION)
    suggestion.wait_for(state="visible")
    assert suggestion.inner_text().startswith("Bedoelde u ")
    button = suggestion.locator("button", has_text=meant).first
    assert button.inner_text() == meant
    # the suggestion is announced with the number of results
    assert "Bedoelde u" in (page.locator("[data-kp-zoek-melding]").text_content() or "")
    button.click()
    assert page.locator(BOX).input_value() == meant
    results = _results_after(page, meant)
    assert any(lands_on in href for links in results[:5] for href in links), results[:5]


def _results_after(page: Page, query: str) -> list[list[str]]:
    page.wait_for_function(
        "q => (document.querySelector('[data-kp-zoek-aantal]') || {}).textContent?.includes('‘' + q + '’')", arg=query
    )
    return page.locator(".kp-zoek__treffer").evaluate_all(
        "items => items.map(li => Array.from(li.querySelectorAll('a[href]')).map(a => a.getAttribute('href')))"
    )


def test_a_well_spelled_query_gets_no_suggestion(page: Page) -> None:
    type_query(page, "veiligheidsplan")
    page.wait_for_timeout(300)
    assert page.locator(SUGGESTION).is_hidden()


def test_results_jump_to_the_heading_and_repeat_no_line(page: Page, site_url: str) -> None:
    results = search(page, "zelfredzaamheidsmatrix")
    anchors = [href for links in results for href in links if "#" in href]
    assert anchors, results
    for href in anchors[:5]:  # every section link points at a heading that exists on its page
        path, _, anchor = href.partition("#")
        with urlopen(site_url + path.lstrip("/")) as response:
            assert f'id="{anchor}"' in response.read().decode("utf-8"), href
    lines = page.locator(".kp-zoek__treffer").evaluate_all(
        "items => items.map(li => Array.from(li.querySelectorAll('li, .kp-zoek__kop')).map(e => e.innerText.trim()))"
    )
    for item in lines:
        assert len(item) == len(set(item)), f"a repeated line in {item}"
    # hidden search words (markers, word forms) never show in the results
    text = page.locator("[data-kp-zoek-lijst]").inner_text()
    assert "⁂" not in text and "⁑" not in text and "¶" not in text


def test_repeated_item_cards_are_not_indexed(real_site: Path) -> None:
    """Finding cards on indicator/gemeente/onderwerp pages repeat report text: Pagefind skips them."""
    page_html = (real_site / "kader" / "lokale-netwerk-na-veilig-thuis" / "lnvt-3" / "index.html").read_text("utf-8")
    assert re.search(r'class="kp-item[^"]*"[^>]*data-(?:pagefind-ignore|search-exclude)', page_html)
    assert "data-pagefind-body" in page_html


# --------------------------------------------------------------------------- #
# Kinds, context and filters come from the pages' front matter (page.meta)
# --------------------------------------------------------------------------- #


def test_each_result_names_its_kind_and_context(page: Page) -> None:
    search(page, "Leeuwarden")
    labels = dict(
        page.locator(".kp-zoek__kop").evaluate_all(
            "heads => heads.map(h => [h.querySelector('a').getAttribute('href'), (h.querySelector('.kp-zoek__soort') || {}).textContent || ''])"
        )
    )
    # the kind, unless the context already starts with it
    assert labels["/rapporten/2020-leeuwarden/"] == "Rapport · Leeuwarden · 2020"
    assert labels["/gemeenten/leeuwarden/"] == "Gemeente · Friesland"
    # front matter values are text, never markup, in the results
    assert page.locator(".kp-zoek__soort *").count() == 0


def test_a_filter_narrows_the_results(page: Page) -> None:
    unfiltered = search(page, "veiligheidsplan")
    select = page.locator("#kp-zoek-filter-gemeente")
    assert select.is_visible()
    assert page.locator("label[for='kp-zoek-filter-gemeente']").inner_text() == "Gemeente"
    select.select_option("Leeuwarden")
    page.wait_for_function("() => document.querySelector('[data-kp-zoek-aantal]').textContent.includes('filter')")
    filtered = page.locator(".kp-zoek__titel").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert 0 < len(filtered) < len(unfiltered)
    assert set(filtered) <= {"/rapporten/2020-leeuwarden/", "/gemeenten/leeuwarden/"}, filtered
    assert "met 1 filter" in (page.locator("[data-kp-zoek-melding]").text_content() or "")
    # every filter the contract names that pages carry is offered
    for key in ("soort", "jaar", "kader"):
        assert page.locator(f"#kp-zoek-filter-{key} option").count() > 1, key


def test_a_page_with_search_false_is_not_indexed(page: Page, real_site: Path) -> None:
    """The full kader text repeats the indicator pages; with `search: false` it gives no duplicate hits."""
    full = "/kader/lokale-netwerk-na-veilig-thuis/volledig/"
    hits = [links[0] for links in search(page, "veiligheidsplan")]
    assert "/kader/lokale-netwerk-na-veilig-thuis/lnvt-3/" in hits and full not in hits
    assert "data-pagefind-body" not in (real_site / full.strip("/") / "index.html").read_text("utf-8")
    assert "data-pagefind-body" in (real_site / "kader/lokale-netwerk-na-veilig-thuis/lnvt-3/index.html").read_text("utf-8")


def test_more_results_on_request_with_the_focus_on_the_first_new_one(page: Page) -> None:
    results = search(page, "VT")
    total = int(page.locator(COUNT).inner_text().split()[0])
    assert len(results) == 10 < total
    more = page.locator("[data-kp-zoek-meer]")
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('.kp-zoek__treffer').length > 10")
    eleventh = page.locator(".kp-zoek__treffer").nth(10).locator("a").first.get_attribute("href")
    assert page.evaluate("document.activeElement.getAttribute('href')") == eleventh


class PrefixHandler(QuietHandler):
    """Serves the site under /sub/, as a host that publishes it in a subfolder."""

    def translate_path(self, path: str) -> str:
        return super().translate_path(path.removeprefix("/sub"))


def test_search_works_when_the_site_is_published_in_a_subfolder(browser: Browser, real_site: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PrefixHandler, directory=str(real_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/sub/gemeenten/roermond/")
        results = search(page, "Emmen")
        assert results and all(href.startswith("/sub/") for links in results for href in links), results
        page.locator(".kp-zoek__titel").first.click()
        page.wait_for_url("**/sub/gemeenten/emmen/")
    finally:
        page.close()
        server.shutdown()
        server.server_close()
