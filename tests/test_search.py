"""Search in Dutch, in a real browser against the real site: readers' queries land where they should.

Material's search runs lunr in a web worker; only a real browser proves it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page


@pytest.fixture
def page(browser: Browser, site_url: str) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url)
    yield page
    page.close()


def search(page: Page, query: str) -> list[str]:
    """Type a query like a reader and return the result links (without Material's ?h= highlight), best first."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.type(query, delay=20)
    # the worker answers with "N overeenkomende documenten" or "Geen overeenkomende documenten"
    page.wait_for_function(
        "() => (document.querySelector('.md-search-result__meta') || {}).textContent?.includes('overeenkomend')"
    )
    page.wait_for_timeout(400)
    hrefs = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return [_clean(href) for href in hrefs]


def _clean(href: str) -> str:
    base, _, anchor = href.partition("#")
    base = base.split("?", 1)[0]
    return f"{base}#{anchor}" if anchor else base


# (query, a fragment one of the first results must contain, how many results to look at)
QUERIES = [
    ("veiligheidsplan", "kader/lokale-netwerk-na-veilig-thuis/lnvt-3/", 5),
    ("1Gezin1Plan", "1gezin1plan1regisseur", 5),
    ("zelfredzaamheidsmatrix", "rapporten/2020-leeuwarden/#leefgebieden-in-kaart", 5),
    ("zelfredzaamheidsmatrix", "kader/lokale-netwerk-na-veilig-thuis/lnvt-5/", 10),
    ("kindcheck", "onderwerpen/kindcheck-en-meldcode/", 3),
    ("Emmen", "gemeenten/emmen/", 5),
    ("warme overdracht", "warme-overdracht", 5),
    ("indicator 3", "kader/lokale-netwerk-na-veilig-thuis/lnvt-3/", 3),
    ("indicator 12", "kader/lokale-netwerk-na-veilig-thuis/lnvt-12/", 3),
]


@pytest.mark.parametrize(("query", "expected", "within"), QUERIES, ids=[f"{q} -> {e}" for q, e, _ in QUERIES])
def test_query_lands_in_the_first_results(page: Page, query: str, expected: str, within: int) -> None:
    results = search(page, query)
    assert any(expected in href for href in results[:within]), f"{query!r}: {results[:within]}"


def result_count(page: Page, query: str) -> int:
    search(page, query)
    meta = page.locator(".md-search-result__meta").text_content() or ""
    return 0 if meta.startswith("Geen") else int(meta.split()[0])


@pytest.mark.parametrize(
    ("inflected", "base"),
    [
        ("veiligheidsplannen", "veiligheidsplan"),
        ("overdrachten", "overdracht"),
        ("regisseurs", "regisseur"),
        ("afspraken", "afspraak"),
        ("risicotaxaties", "risicotaxatie"),
        ("kindchecks", "kindcheck"),
    ],
)
def test_dutch_word_forms_find_the_same_pages_as_their_base_word(page: Page, inflected: str, base: str) -> None:
    """A plural finds (nearly) every document its singular finds, and vice versa.

    Material's stemmer is off (it does not apply to the last word typed); the
    forms come from generator/zoekvormen.py.
    """
    base_count, inflected_count = result_count(page, base), result_count(page, inflected)
    assert base_count > 0
    assert inflected_count >= 0.9 * base_count, f"{inflected!r}: {inflected_count}, {base!r}: {base_count}"


def test_numbers_are_searchable(page: Page) -> None:
    """Material with a search language set drops numbers (mkdocs-material issue 3148); dates and years must still be found."""
    assert any("nazorg" in href or "roermond" in href for href in search(page, "2019")[:10])
