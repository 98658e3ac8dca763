"""Readers get the answer at a glance (issue 11): the three users' journeys with their clicks
counted, accessibility of every new page type, the catalogue with the keyboard, print.

Real site, real Chromium, real axe-core (fixtures in conftest.py, helpers in test_quality.py).
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import ROOT, QuietHandler
from playwright.sync_api import Browser, Locator, Page, expect
from test_quality import BLOCKING, describe, focus_visible, set_scheme, violations

from generator import views

NEW_PAGE_TYPES = {
    "indicator-samenvatting": "kader/lokale-netwerk-na-veilig-thuis/lnvt-5/",
    "kaders": "kader/",
    "rapport-roermond": "rapporten/2019-roermond/",
    "voorbeeld": "goede-voorbeelden/2019-roermond/korte-interventie-methode/",
    "catalogus-gefilterd": "goede-voorbeelden/?gemeente=roermond&onderwerp=samenwerking-in-het-netwerk",
    "catalogus-leeg": "goede-voorbeelden/?q=bestaatnergens",
    "matrix": "bevindingenmatrix/",
    "variant": "kader/lokale-netwerk-na-veilig-thuis/varianten/friesland/",
    "varianten-vergelijking": "kader/lokale-netwerk-na-veilig-thuis/varianten/vergelijk/friesland/noord-en-midden-limburg/",
    "nazorg": "nazorg/",
    "404": "404.html",
}


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


class Actions:
    """Counts what a reader does: clicks, ticks and typing."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.count = 0

    def click(self, locator: Locator) -> None:
        self.count += 1
        locator.click()

    def check(self, locator: Locator) -> None:
        self.count += 1
        locator.check()


# --------------------------------------------------------------------------- #
# Journeys, one per user
# --------------------------------------------------------------------------- #


def test_journey_professional_home_to_practice_of_lnvt_3_in_three_clicks(page: Page, site_url: str) -> None:
    """A professional wants to see how indicator LNVT 3 (veiligheidsplan) works out in practice."""
    page.goto(site_url)
    act = Actions(page)
    act.click(page.get_by_role("link", name="Naar de toezichtkaders"))
    page.wait_for_url(re.compile(r".*/kader/$"))
    act.click(page.locator("a", has_text="LNVT 3").first)
    page.wait_for_url(re.compile(r".*/lnvt-3/$"))
    summary = page.locator("#samenvatting")
    assert "LNVT 3" in summary.inner_text() and "Het lokale netwerk na Veilig Thuis" in summary.inner_text()
    # the summary shows, per report, how often it goes well and could be better
    assert summary.locator("table.kp-oordelen tbody tr").count() >= 2
    act.click(summary.get_by_role("link", name="Naar de praktijk per rapport"))
    page.wait_for_url(re.compile(r".*/lnvt-3/#in-de-praktijk$"))
    assert act.count <= 3
    assert page.locator(".kp-item--goed, .kp-item--kan-beter").count() >= 2


def test_journey_gemeente_filters_examples_on_a_theme_and_shares_the_url(page: Page, browser: Browser, site_url: str) -> None:
    """A policy officer looks for good examples on 'samenwerking in het netwerk' in Roermond and shares them."""
    page.goto(site_url)
    act = Actions(page)
    act.click(page.get_by_role("link", name="Naar de goede voorbeelden"))
    page.wait_for_url(re.compile(r".*/goede-voorbeelden/$"))
    act.check(page.get_by_role("checkbox", name=re.compile(r"^Roermond")))
    act.check(page.get_by_role("checkbox", name=re.compile(r"^Samenwerking in het netwerk")))
    assert act.count <= 3
    shown = page.locator(".kp-voorbeeld:not([hidden])")
    titles = shown.locator(".kp-item__kop").all_inner_texts()
    assert titles and len(titles) < page.locator(".kp-voorbeeld").count()
    assert all("roermond" in g.split() for g in shown.evaluate_all("els => els.map(e => e.dataset.gemeente)"))
    query = parse_qs(urlparse(page.url).query)
    assert query == {"gemeente": ["roermond"], "onderwerp": ["samenwerking-in-het-netwerk"]}
    assert page.locator("#kp-filter-link").get_attribute("href") == urlparse(page.url).path + "?" + urlparse(page.url).query
    # the colleague who opens the shared address sees the same selection
    other = browser.new_context().new_page()
    other.goto(page.url)
    assert other.locator(".kp-voorbeeld:not([hidden]) .kp-item__kop").all_inner_texts() == titles
    assert other.get_by_role("checkbox", name=re.compile(r"^Roermond")).is_checked()
    assert "gemeente: Roermond" in other.locator("#kp-filter-status").inner_text()
    other.context.close()


def test_journey_reader_from_report_to_nazorg_and_matrix_column_in_one_click(page: Page, site_url: str) -> None:
    report = site_url + "rapporten/2019-roermond/"
    page.goto(report)
    act = Actions(page)
    act.click(page.get_by_role("link", name="overzicht nazorg"))
    page.wait_for_url(re.compile(r".*/nazorg/#2019-roermond$"))
    assert "Roermond" in page.locator("tr:target").inner_text()
    assert act.count <= 2

    page.goto(report)
    act = Actions(page)
    act.click(page.get_by_role("link", name=re.compile(r"in de matrix")))
    page.wait_for_url(re.compile(r".*/bevindingenmatrix/#matrix-2019-roermond$"))
    assert "Roermond" in page.locator("th:target").inner_text()
    assert act.count <= 2


def test_journey_reader_from_report_to_original_document(page: Page, site_url: str) -> None:
    """The report names its original document in its header; the sources give no address, so none is invented
    (with an address it is a link: test_publicaties)."""
    page.goto(site_url + "rapporten/2019-roermond/")
    document = page.locator(".kp-meta dt:has-text('Oorspronkelijk document') + dd")
    assert document.count() == 1 and document.is_visible()
    assert "geen openbaar adres bekend" in document.inner_text()
    assert document.locator("a").count() == 0


def test_report_links_the_other_reports_of_the_investigation(page: Page, site_url: str) -> None:
    page.goto(site_url + "rapporten/2019-roermond/")
    same = page.locator(".kp-meta dt:has-text('Zelfde onderzoek') + dd a")
    assert same.all_inner_texts() == ["Het lokale netwerk na Veilig Thuis Leeuwarden"]


def test_elders_lists_each_example_once_with_full_link_texts(page: Page, site_url: str) -> None:
    page.goto(site_url + "rapporten/2019-roermond/")
    boxes = page.locator(".kp-elders")
    assert boxes.count() >= 1
    for n in range(boxes.count()):
        hrefs = boxes.nth(n).locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert len(hrefs) == len(set(hrefs)), "an example appears twice in one box"
    lists = [boxes.nth(n).locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))") for n in range(boxes.count())]
    assert all(a != b for a, b in pairwise(lists)), "the same box twice in a row"
    assert page.locator(".kp-elders", has_text="Dezelfde voorbeelden als bij").count() >= 1
    texts = boxes.locator("a").all_inner_texts()
    assert all(not t.endswith("…") or len(t) > 80 for t in texts), texts


# --------------------------------------------------------------------------- #
# Catalogue: facets, text filter, zero results, keyboard
# --------------------------------------------------------------------------- #


def test_catalogue_facets_are_multi_select_with_counts(page: Page, site_url: str) -> None:
    page.goto(site_url + "goede-voorbeelden/")
    total = page.locator(".kp-voorbeeld").count()
    for name in ("gemeente", "regio", "onderwerp", "indicator", "jaar", "soort"):
        assert page.locator(f"fieldset[data-kp-facet={name}] input[type=checkbox]").count() >= 2, name
    # the indicator filter names the kader
    assert "Het lokale netwerk na Veilig Thuis" in page.locator("fieldset[data-kp-facet=indicator]").inner_text()
    roermond_label = page.locator("label[for^='kp-f-gemeente']", has_text="Roermond").inner_text()
    assert re.fullmatch(r"Roermond \((\d+)\)", roermond_label)
    page.check("input[name=gemeente][value=roermond]")
    roermond = page.locator(".kp-voorbeeld:not([hidden])").count()
    assert f"({roermond})" in roermond_label
    page.check("input[name=gemeente][value=leeuwarden]")  # or: both gemeenten
    both = page.locator(".kp-voorbeeld:not([hidden])").count()
    assert 0 < roermond < both < total
    # the count beside a value is what ticking it would add up to, given the other filters
    jaar = page.locator("label[for='kp-f-jaar-1'] .kp-facet__aantal").inner_text()
    page.check("#kp-f-jaar-1")
    assert f"({page.locator('.kp-voorbeeld:not([hidden])').count()})" == jaar


def test_catalogue_text_filter_zero_results_and_way_back(page: Page, site_url: str) -> None:
    page.goto(site_url + "goede-voorbeelden/")
    total = page.locator(".kp-voorbeeld").count()
    page.fill("#kp-filter-q", "korte interventie")
    assert 1 <= page.locator(".kp-voorbeeld:not([hidden])").count() < total
    assert "q=korte+interventie" in page.url
    page.fill("#kp-filter-q", "korte interventie bestaatnergens")
    assert page.locator(".kp-voorbeeld:not([hidden])").count() == 0
    empty = page.locator("#kp-filter-leeg")
    assert empty.is_visible() and "Geen goede voorbeelden" in empty.inner_text()
    page.click("#kp-filter-terug")
    assert page.input_value("#kp-filter-q") == "korte interventie"
    assert page.locator(".kp-voorbeeld:not([hidden])").count() >= 1 and not empty.is_visible()
    page.click("#kp-filters button[type=reset]")
    expect(page.locator(".kp-voorbeeld:not([hidden])")).to_have_count(total)  # (the form resets, then the filter runs)
    assert "?" not in page.url


def test_catalogue_filters_with_the_keyboard_only(page: Page, site_url: str) -> None:
    page.goto(site_url + "goede-voorbeelden/")
    total = page.locator(".kp-voorbeeld").count()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "kp-filter-q":
            break
    assert page.evaluate("document.activeElement.id") == "kp-filter-q"
    assert focus_visible(page)
    page.keyboard.type("signaleren")
    after_text = page.locator(".kp-voorbeeld:not([hidden])").count()
    assert 0 < after_text < total
    page.keyboard.press("Tab")  # the summary that folds the facets (open on a desktop)
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "checkbox"
    assert focus_visible(page)
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")
    assert page.locator(".kp-voorbeeld:not([hidden])").count() <= after_text
    assert page.evaluate("document.activeElement.name") + "=" in page.url


def test_catalogue_without_javascript_lists_everything(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "goede-voorbeelden/?gemeente=roermond")
    cards = page.locator(".kp-voorbeeld")
    assert cards.count() > 10
    assert page.locator(".kp-voorbeeld:not([hidden])").count() == cards.count()
    assert not page.locator("#kp-filters").is_visible()  # no controls that cannot work
    context.close()


def test_catalogue_parts_of_a_year_keep_the_chosen_filters(page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real content with CATALOGUE_MAX lowered to 3, so that each year is split over pages (2019 has no
    month: 'deel 1..3'): the links to a year's other parts carry the reader's choice, the next part opens
    with it applied, and the part page and the overview pass axe-core."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setattr(views, "CATALOGUE_MAX", 3)
    monkeypatch.chdir(ROOT)
    site = tmp_path / "site"
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    shown = page.locator(".kp-voorbeeld:not([hidden])")
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/goede-voorbeelden/"
        page.goto(base + "2019-deel-2/")
        expect(page.locator("[aria-current=page]")).to_have_text("2019, deel 2")
        found = violations(page, BLOCKING)
        assert found == [], describe(found)
        page.check("input[name=soort][value=principe]")
        expect(shown).to_have_count(page.locator(".kp-voorbeeld[data-soort~=principe]").count())
        parts = page.locator("a[data-kp-filter-mee]")
        assert parts.count() == 3  # the two other parts, and 'verder' to the next
        for href in parts.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
            assert href.endswith("/?soort=principe"), href
        page.locator(".kp-verder a[data-kp-filter-mee]").click()
        page.wait_for_url(re.compile(r".*/2019-deel-3/[?]soort=principe$"))
        assert page.locator("input[name=soort][value=principe]").is_checked()
        principe = page.locator(".kp-voorbeeld[data-soort~=principe]").count()
        assert 0 < principe < page.locator(".kp-voorbeeld").count()
        expect(shown).to_have_count(principe)
        page.goto(base)
        expect(page.get_by_role("link", name="2019, deel 3")).to_have_count(1)
        found = violations(page, BLOCKING)
        assert found == [], describe(found)
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- #
# Records, kader overview, phone, variants
# --------------------------------------------------------------------------- #


def test_good_example_record_has_context_and_a_stable_url(page: Page, site_url: str) -> None:
    page.goto(site_url + "goede-voorbeelden/2019-roermond/korte-interventie-methode/")
    meta = page.locator("#samenvatting").inner_text()
    for text in ("Roermond", "Het lokale netwerk na Veilig Thuis Roermond", "2019", "LNVT 5", "Passende hulp"):
        assert text in meta, text
    assert "Bij de bevinding" in meta  # the finding it illustrates
    assert "Korte Interventie Methode" in page.locator(".kp-item").inner_text()
    page.locator("#samenvatting a", has_text="Goede voorbeelden/werkzame elementen").click()
    page.wait_for_url(re.compile(r".*/rapporten/2019-roermond/#korte-interventie-methode$"))


def test_example_titles_are_unique_within_each_report(site_url: str) -> None:
    from pathlib import Path

    from generator import pipeline

    index = pipeline.collect(Path(__file__).resolve().parent.parent).index
    titles = views.voorbeeld_titels(index)
    per_report: dict[str, list[str]] = {}
    for (rapport, _), title in titles.items():
        per_report.setdefault(rapport, []).append(title)
    for rapport, found in per_report.items():
        assert len(found) == len(set(found)), rapport
    assert titles[("2016-signaleren-van-onveiligheid", "emmen-elkaar-kennen-helpt")] == "Elkaar kennen helpt (Emmen)"


def test_kader_overview_lists_every_indicator_with_id_and_text(page: Page, site_url: str) -> None:
    page.goto(site_url + "kader/")
    items = page.locator("ul.kp-indicatoren li")
    from pathlib import Path

    from generator import pipeline

    assert items.count() == len(pipeline.collect(Path(__file__).resolve().parent.parent).index.indicatoren)
    first = items.first
    assert re.match(r"^LNVT 1 Bij de overdracht", first.inner_text())
    assert first.get_attribute("id") == "lnvt-1"  # usable as an anchor
    assert page.locator("li#stj-14").inner_text().startswith("STJ 14 ")


def test_indicator_heading_is_compact_on_a_phone(phone: Page, site_url: str) -> None:
    phone.goto(site_url + "kader/lokale-netwerk-na-veilig-thuis/lnvt-3/")
    box = phone.locator("h1").bounding_box()
    assert box and box["height"] < 844 / 4, box
    assert phone.locator("h1").count() == 1
    # the indicator text is the heading and not repeated below it
    text = "Er is door een professional een veiligheidsplan opgesteld"
    above_practice = phone.evaluate(
        """() => { let text = ''; const body = document.querySelector('.md-content__inner [data-pagefind-body]') || document.querySelector('.md-content__inner');
            for (const el of body.children) {
            if (el.id === 'in-de-praktijk') break; if (el.checkVisibility()) text += el.innerText + '\\n'; } return text; }"""
    )
    assert above_practice.count(text) == 1
    summary = phone.locator("#samenvatting").bounding_box()
    assert summary and summary["y"] < 844, "the summary starts on the first screen"


def test_matrix_on_a_phone_keeps_the_indicator_column_and_full_labels(phone: Page, site_url: str) -> None:
    phone.goto(site_url + "bevindingenmatrix/")
    label = phone.locator("tr#matrix-lnvt-5 th[scope=row]")
    assert label.inner_text().endswith("De zorg en de ondersteuning vanuit de professional is passend.")
    wrap = phone.locator(".kp-matrix-wrap").first
    before = label.bounding_box()
    wrap.evaluate("el => el.scrollLeft = 400")
    after = label.bounding_box()
    assert before and after and abs(before["x"] - after["x"]) < 1, "the first column is sticky"
    uitleg = phone.locator(".kp-matrix-uitleg").first.bounding_box()
    assert uitleg and uitleg["x"] >= 0 and uitleg["x"] + uitleg["width"] <= 390


def test_variant_highlights_words_and_labels_spelling_only(page: Page, site_url: str) -> None:
    page.goto(site_url + "kader/lokale-netwerk-na-veilig-thuis/varianten/friesland/")
    diff = page.locator(".kp-diff")
    assert diff.count() >= 1
    assert page.locator(".kp-diff del").count() >= 1 or page.locator(".kp-diff ins").count() >= 1
    zelfredzaamheid = page.locator("h2#zelfredzaamheid-bepalen ~ .kp-diff").first
    assert zelfredzaamheid.locator(".kp-label").text_content() == "Alleen spelling gewijzigd"
    assert zelfredzaamheid.locator("ins").first.inner_text() == "zelfredzaamheidsmatrix."
    page.locator(".md-content a[href*='vergelijk/']").first.click()
    page.wait_for_url(re.compile(r".*/varianten/vergelijk/friesland/noord-en-midden-limburg/$"))
    assert page.locator(".kp-vergelijk").count() >= 1


def test_word_diff_escapes_every_piece() -> None:
    found = views.verschil("a <b> c", "a <i> c")
    assert [(w.soort, w.tekst) for w in found.woorden] == [("gelijk", "a "), ("weg", "<b>"), ("nieuw", "<i>"), ("gelijk", " c")]
    # (the template escapes each piece: Jinja autoescape; checked in the built page above)
    assert views.verschil("veiligheids-plan", "veiligheidsplan").alleen_spelling
    assert not views.verschil("een plan", "geen plan").alleen_spelling


# --------------------------------------------------------------------------- #
# Print and 404
# --------------------------------------------------------------------------- #


def test_print_has_site_address_dates_filters_and_link_targets(page: Page, site_url: str) -> None:
    page.goto(site_url + "goede-voorbeelden/?gemeente=roermond")
    page.emulate_media(media="print")
    head = page.locator(".kp-print")
    assert head.is_visible()
    text = head.inner_text()
    assert "Kader in de praktijk" in text and "goede-voorbeelden/?gemeente=roermond" in text
    assert re.search(r"Afgedrukt op \d{1,2} \w+ \d{4}", text)
    assert not page.locator(".md-header").is_visible() and not page.locator(".md-sidebar--primary").is_visible()
    assert "gemeente: Roermond" in page.locator("#kp-filter-status").inner_text()  # the applied filters print
    page.goto(site_url + "rapporten/2020-leeuwarden/")
    page.emulate_media(media="print")
    assert "inhoud van 30 november 2026" in page.locator(".kp-print").inner_text()  # gewijzigd in the report's data
    external = page.locator(".md-content a[href^='http']").first
    after = external.evaluate("el => getComputedStyle(el, '::after').content")
    assert external.get_attribute("href") in after
    breaks = page.locator(".kp-item").first.evaluate("el => getComputedStyle(el).breakInside")
    assert breaks == "avoid"


def test_404_is_dutch_with_search_and_entry_points(page: Page, site_url: str) -> None:
    page.goto(site_url + "404.html")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "bestaat niet" in page.locator("h1").inner_text()
    search = page.get_by_role("button", name="Zoeken op deze site")
    search.focus()  # reachable with the keyboard, and Enter opens the site search
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "kp-zoek-invoer"  # the search box in the header
    for name in ("Toezichtkaders en indicatoren", "Rapporten", "Goede voorbeelden", "Bevindingenmatrix"):
        assert page.get_by_role("link", name=name, exact=True).count() >= 1, name


# --------------------------------------------------------------------------- #
# Accessibility of every new page type, light and dark
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("scheme", ["licht", "donker"])
@pytest.mark.parametrize("name", list(NEW_PAGE_TYPES))
def test_new_page_types_have_zero_axe_violations(page: Page, site_url: str, name: str, scheme: str) -> None:
    set_scheme(page, scheme)
    page.goto(site_url + NEW_PAGE_TYPES[name])
    page.wait_for_load_state("networkidle")
    found = violations(page, BLOCKING)
    assert found == [], describe(found)


@pytest.mark.parametrize("name", ["indicator-samenvatting", "catalogus-gefilterd", "matrix", "voorbeeld"])
def test_new_page_types_on_a_phone_have_zero_axe_violations(phone: Page, site_url: str, name: str) -> None:
    phone.goto(site_url + NEW_PAGE_TYPES[name])
    phone.wait_for_load_state("networkidle")
    found = violations(phone, BLOCKING)
    assert found == [], describe(found)
