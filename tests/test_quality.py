"""Quality gates on the real site in a real browser: accessibility, valid HTML, links, no other hosts, CSP, keyboard, journeys.

WCAG 2.1 AA (EN 301 549) is a correctness property here: zero axe-core
violations is the blocking gate; WCAG 2.2 AA findings are reported.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import GATES, ROOT
from playwright.sync_api import Browser, Page
from sitetools import broken_links

AXE = Axe.from_file(ROOT / "node_modules" / "axe-core" / "axe.min.js")
BLOCKING = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "EN-301-549"]
ADVISORY = ["wcag22aa"]

PAGE_TYPES = {
    "home": "",
    "kader": "kader/lokale-netwerk-na-veilig-thuis/",
    "indicator": "kader/lokale-netwerk-na-veilig-thuis/lnvt-3/",
    "kader-stj": "kader/stelseltoezicht-jeugd/stj-14/",
    "rapport": "rapporten/2020-leeuwarden/",
    "rapport-landelijk": "rapporten/2016-signaleren-van-onveiligheid/",
    "catalogus": "goede-voorbeelden/",
    "gemeente": "gemeenten/roermond/",
    "onderwerp": "onderwerpen/veiligheidsplan/",
    "matrix": "bevindingenmatrix/",
    "variant": "kader/lokale-netwerk-na-veilig-thuis/varianten/friesland/",
    "begrippen": "begrippen/",
    "toegankelijkheid": "toegankelijkheid/",
    "nazorg": "nazorg/",
    "indicator-redactioneel": "kader/lokale-netwerk-na-veilig-thuis/lnvt-7/",
}
_axe_counts: dict[str, int] = {"pagina's": 0, "overtredingen": 0, "WCAG 2.2 advies": 0}


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def open_search(page: Page, query: str) -> None:
    """Type a query in the header's search box (Pagefind) and wait until the results are shown."""
    box = page.locator("#kp-zoek-invoer")
    box.click()
    box.type(query)
    page.wait_for_function(
        "q => (document.querySelector('[data-kp-zoek-aantal]') || {}).textContent?.includes('‘' + q + '’')", arg=query
    )
    page.wait_for_timeout(300)  # a suggestion may follow the results


def set_scheme(page: Page, scheme: str) -> None:
    """Readers get the dark palette when their system prefers it (mkdocs.yml: palette media queries)."""
    page.emulate_media(color_scheme="dark" if scheme == "donker" else "light")


def violations(page: Page, tags: list[str]) -> list[dict]:  # type: ignore[type-arg]
    result = AXE.run(page, options={"runOnly": {"type": "tag", "values": tags}})
    return list(result.response["violations"])


def describe(found: list[dict]) -> str:  # type: ignore[type-arg]
    return "; ".join(f"{v['id']} ({len(v['nodes'])}x: {v['nodes'][0]['target']})" for v in found)


@pytest.mark.parametrize("scheme", ["licht", "donker"])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_accessibility_zero_violations(page: Page, site_url: str, name: str, scheme: str) -> None:
    set_scheme(page, scheme)  # before the first visit: Material stores the palette it starts with
    page.goto(site_url + PAGE_TYPES[name])
    page.wait_for_load_state("networkidle")
    scheme_attr = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert scheme_attr == ("slate" if scheme == "donker" else "default")
    found = violations(page, BLOCKING)
    advisory = violations(page, ADVISORY)
    _axe_counts["pagina's"] += 1
    _axe_counts["overtredingen"] += len(found)
    _axe_counts["WCAG 2.2 advies"] += len(advisory)
    GATES["axe-core (WCAG 2.1 AA, EN 301 549)"] = ", ".join(f"{k} {v}" for k, v in _axe_counts.items())
    assert found == [], describe(found)


@pytest.mark.parametrize("scheme", ["licht", "donker"])
@pytest.mark.parametrize("query", ["veiligheidsplan", "Lewarden"])
def test_accessibility_with_search_results_open(page: Page, site_url: str, scheme: str, query: str) -> None:
    """The open search panel: results with sub-results, filters, or a "Bedoelde u …?" suggestion."""
    set_scheme(page, scheme)
    page.goto(site_url + "gemeenten/roermond/")
    open_search(page, query)
    assert page.locator("#kp-zoek-paneel").is_visible()
    if query == "Lewarden":
        page.locator("[data-kp-zoek-suggestie]").wait_for(state="visible")
    else:
        assert page.locator(".kp-zoek__treffer").count() > 0
    page.locator(".kp-zoek__treffer a, .kp-zoek__bedoeld").first.focus()  # with a focus ring in view
    found = violations(page, BLOCKING)
    assert found == [], describe(found)


def test_html_is_valid(real_site: Path) -> None:
    """The Nu Html Checker over every generated page: zero errors."""
    java = shutil.which("java")
    assert java, "Java is needed for the Nu Html Checker (make tools)"
    jar = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    assert jar.exists(), "vnu.jar is missing (make tools)"
    pages = sorted(str(p) for p in real_site.rglob("*.html"))
    result = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--exit-zero-always", *pages], capture_output=True, text=True
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error"]
    warnings = [m for m in messages if m.get("type") != "error"]
    GATES["HTML (Nu Html Checker)"] = f"pagina's {len(pages)}, fouten {len(errors)}, waarschuwingen {len(warnings)}"
    assert errors == [], "\n".join(f"{e.get('url', '')}: {e.get('message')}" for e in errors[:20])


def test_no_broken_links(real_site: Path) -> None:
    broken, checked = broken_links(real_site)
    GATES["Links"] = f"interne links gecontroleerd {checked}, kapot {len(broken)}"
    assert broken == []


def test_no_request_leaves_the_site_and_no_csp_violation(page: Page, site_url: str) -> None:
    """Every page type, and search (a web worker), load only from 127.0.0.1 under the site's CSP."""
    outside: list[str] = []
    csp_errors: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None) else None)
    page.on(
        "console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text or "Refused to" in m.text else None
    )
    for path in PAGE_TYPES.values():
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    open_search(page, "kindcheck")
    GATES["Externe verzoeken / CSP"] = (
        f"pagina's {len(PAGE_TYPES)}, externe verzoeken {len(outside)}, CSP-overtredingen {len(csp_errors)}"
    )
    assert outside == []
    assert csp_errors == []


def focus_visible(page: Page) -> bool:
    """The focused element shows an outline or a box shadow."""
    return bool(
        page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
                return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; }"""
        )
    )


def test_catalogue_filters_work_with_the_keyboard(page: Page, site_url: str) -> None:
    page.goto(site_url + "goede-voorbeelden/")
    total = page.locator(".kp-voorbeeld").count()
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "kp-f-gemeente-1":
            break
    assert page.evaluate("document.activeElement.id") == "kp-f-gemeente-1", "gemeente filter not reachable with Tab"
    assert focus_visible(page)
    page.keyboard.press("Space")  # the first gemeente
    chosen = page.evaluate("document.activeElement.value")
    assert chosen and page.evaluate("document.activeElement.checked")
    shown = page.locator(".kp-voorbeeld:not([hidden])").count()
    assert 0 < shown < total
    assert f"{shown} van de {total}" in page.locator("#kp-filter-status").inner_text()
    assert all(
        chosen in g.split()
        for g in page.locator(".kp-voorbeeld:not([hidden])").evaluate_all("els => els.map(e => e.dataset.gemeente)")
    )
    page.keyboard.press("Tab")  # on to the next value of the same filter
    assert page.evaluate("document.activeElement.id") == "kp-f-gemeente-2"


@pytest.mark.parametrize("scheme", ["licht", "donker"])
def test_search_works_with_the_keyboard(page: Page, site_url: str, scheme: str) -> None:
    set_scheme(page, scheme)
    page.goto(site_url + "rapporten/2020-leeuwarden/")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")  # the shortcut to the search box, as with Material's search
    assert page.evaluate("document.activeElement.id") == "kp-zoek-invoer"
    assert page.evaluate("document.activeElement.type") == "search"
    assert page.evaluate("!!document.activeElement.closest('header')"), "the search box is in the header"
    page.keyboard.type("veiligheidsplan")
    page.wait_for_function("() => (document.querySelector('[data-kp-zoek-aantal]') || {}).textContent?.includes('resultaten')")
    status = page.locator("[data-kp-zoek-melding]")
    assert status.get_attribute("role") == "status" and re.match(
        r"\d+ resultaten voor ‘veiligheidsplan’", status.text_content() or ""
    )
    page.keyboard.press("ArrowDown")  # into the results
    first = page.evaluate("document.activeElement.getAttribute('href') || ''")
    assert first, "ArrowDown must move the focus to the first result"
    assert focus_visible(page)
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.getAttribute('href') || ''")
    assert second and second != first
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.getAttribute('href')") == first
    page.keyboard.press("ArrowUp")  # above the first result: back in the box
    assert page.evaluate("document.activeElement.id") == "kp-zoek-invoer"
    page.keyboard.press("Escape")  # closes the results, the focus stays in (returns to) the box
    assert page.locator("#kp-zoek-paneel").is_hidden()
    assert page.evaluate("document.activeElement.id") == "kp-zoek-invoer"
    page.keyboard.type("n")  # typing again opens them again
    page.wait_for_function(
        "() => (document.querySelector('[data-kp-zoek-aantal]') || {}).textContent?.includes('veiligheidsplann')"
    )
    page.keyboard.press("Tab")  # Tab goes on into the panel (the filters or the first result)
    assert page.evaluate("!!document.activeElement.closest('#kp-zoek-paneel')")
    page.keyboard.press("Escape")  # from inside the panel: closes it and returns to the box
    assert page.locator("#kp-zoek-paneel").is_hidden()
    assert page.evaluate("document.activeElement.id") == "kp-zoek-invoer"
    page.keyboard.press("Backspace")
    page.wait_for_function(
        "() => (document.querySelector('[data-kp-zoek-aantal]') || {}).textContent?.includes('‘veiligheidsplan’')"
    )
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "lnvt-3" in page.url or "veiligheidsplan" in page.url


def test_abbreviations_show_their_meaning_on_hover_and_focus(page: Page, site_url: str) -> None:
    page.goto(site_url + "rapporten/2019-roermond/")
    abbr = page.locator("abbr", has_text="1G1P1R").first
    assert abbr.get_attribute("title") and "1Gezin1Plan1Regisseur" in abbr.get_attribute("title")
    assert abbr.get_attribute("tabindex") == "0", "abbreviations must be reachable with the keyboard"
    abbr.focus()
    assert page.evaluate("document.activeElement.tagName") == "ABBR"
    abbr.hover()
    tooltip = page.locator(".md-tooltip, [role=tooltip]").filter(has_text="1Gezin1Plan1Regisseur")
    tooltip.first.wait_for(state="visible", timeout=3000)


# --------------------------------------------------------------------------- #
# User journeys
# --------------------------------------------------------------------------- #


def test_journey_professional_from_search_to_leeuwarden_and_back(page: Page, site_url: str) -> None:
    page.goto(site_url)
    open_search(page, "veiligheidsplan")
    page.locator(".kp-zoek__treffer a[href*='lnvt-3/']").first.click()
    page.wait_for_url(re.compile(r".*/lnvt-3/.*"))
    assert "Indicator 3" in page.locator("h1").inner_text()
    page.locator("a[href*='rapporten/2020-leeuwarden/#']").first.click()
    page.wait_for_url(re.compile(r".*/rapporten/2020-leeuwarden/#.+"))
    anchor = page.url.split("#")[1]
    target = page.locator(f"[id='{anchor}']")
    assert target.count() == 1
    # the item is the target itself, or (an item with a title) the block after its heading
    item = target.locator(
        "xpath=ancestor-or-self::div[contains(@class,'kp-item')] | following-sibling::div[contains(@class,'kp-item')][1]"
    ).first
    item.locator("a[href*='lnvt-3/']").first.click()
    page.wait_for_url(re.compile(r".*/lnvt-3/$"))


def test_journey_municipality_filters_good_examples_and_opens_one(page: Page, site_url: str) -> None:
    page.goto(site_url + "goede-voorbeelden/")
    page.check("input[name=onderwerp][value=samenwerking-in-het-netwerk]")
    page.check("input[name=gemeente][value=roermond]")
    cards = page.locator(".kp-voorbeeld:not([hidden])")
    assert cards.count() >= 1
    assert "gemeente=roermond" in page.url and "onderwerp=samenwerking-in-het-netwerk" in page.url
    cards.first.locator("a[href*='rapporten/2019-roermond/#']").first.click()
    page.wait_for_url(re.compile(r".*/rapporten/2019-roermond/#.+"))
    assert page.locator(f"[id='{page.url.split('#')[1]}']").count() == 1


def test_journey_matrix_cell_leads_to_exactly_the_findings_it_counts(page: Page, site_url: str) -> None:
    page.goto(site_url + "bevindingenmatrix/")
    cell = page.locator("tr:has(a[href*='lnvt-2/']) td").nth(1)  # indicator 2, second gemeente column
    link = cell.locator("a", has_text="kan beter").first
    counted = int(link.inner_text().split()[0])
    link.click()
    page.wait_for_url(re.compile(r".*lnvt-2/#praktijk-.*-kan-beter"))
    group = page.url.split("#")[1]
    heading = page.locator(f"[id='{group}']")
    assert f"({counted})" in heading.inner_text()
    items = heading.locator("xpath=following-sibling::*").evaluate_all(
        """els => { let n = 0; for (const e of els) { if (/^H[1-4]$/.test(e.tagName)) break; if (e.classList.contains('kp-item')) n++; } return n; }"""
    )
    assert items == counted
