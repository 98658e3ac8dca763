"""Published like a Dutch government site: addresses, metadata, feed, DiWoo sitemap, open-data descriptions, statement.

Each check uses a real parser or validator: the site is built with a real
`mkdocs build`, the feed is read by feedparser, the data package validated by
frictionless, the DCAT record parsed by rdflib, the sitemaps by ElementTree.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

import feedparser
import pytest
import yaml
from conftest import ROOT, edit
from frictionless import Package
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF
from sitetools import mkdocs_build

from generator import publicatie
from generator.pipeline import check
from generator.render import Page

SITE_URL = "https://kaderindepraktijk.toezichtsociaaldomein.nl/"  # the default in mkdocs.yml
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
DW = "{https://standaarden.overheid.nl/diwoo/metadata/}"
RAPPORTEN = sorted(p.stem for p in (ROOT / "rapporten").glob("*.yaml"))


class Head(HTMLParser):
    """The <meta>, <link> and JSON-LD scripts of a page's head."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.jsonld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("name" in values or "property" in values):
            self.meta[values.get("name") or values["property"]] = values.get("content", "")
        elif tag == "link":
            self.links.append(values)
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in_ld = True
            self.jsonld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.jsonld[-1] += data


def head_of(path: Path) -> Head:
    parser = Head()
    parser.feed(path.read_text("utf-8"))
    return parser


def html_pages(site: Path) -> list[Path]:
    """The pages MkDocs made (the static redirect of the old statement URL is not one of them)."""
    return [p for p in sorted(site.rglob("index.html")) if "toegankelijkheidsverklaring" not in p.parts]


# --------------------------------------------------------------------------- #
# Addresses
# --------------------------------------------------------------------------- #


def test_sitemap_lists_every_page_at_its_public_address(real_site: Path) -> None:
    locs = [el.text for el in ET.parse(real_site / "sitemap.xml").getroot().iter(f"{SM}loc")]
    assert len(locs) == len(set(locs))
    expected = {SITE_URL + str(p.parent.relative_to(real_site)).removeprefix(".") + "/" for p in html_pages(real_site)}
    expected = {url.replace(SITE_URL + "/", SITE_URL) for url in expected}
    assert set(locs) == expected
    for page in html_pages(real_site):
        canonical = [link["href"] for link in head_of(page).links if link.get("rel") == "canonical"]
        assert len(canonical) == 1 and canonical[0] in expected, page


def test_site_url_is_configurable_per_deployment(mini: Path, tmp_path: Path) -> None:
    """mkdocs.yml gives the default; KADER_SITE_URL overrides it without editing any file."""
    edit(
        mini / "mkdocs.yml", "site_name: Proef", 'site_name: Proef\nsite_url: !ENV [KADER_SITE_URL, "https://standaard.example/"]'
    )
    site = tmp_path / "site"
    result = mkdocs_build(mini, site, KADER_SITE_URL="https://test.example/kader/")
    assert result.returncode == 0, result.stderr
    locs = [el.text or "" for el in ET.parse(site / "sitemap.xml").getroot().iter(f"{SM}loc")]
    assert locs and all(loc.startswith("https://test.example/kader/") for loc in locs)
    assert "https://test.example/kader/rapporten/2019-alfa/" in locs
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert {entry.link for entry in feed.entries} >= {"https://test.example/kader/rapporten/2019-alfa/"}
    assert "Sitemap: https://test.example/kader/sitemaps/sitemapindex-diwoo-infocat015.xml" in (site / "robots.txt").read_text()


# --------------------------------------------------------------------------- #
# Per page metadata
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("rapport_id", RAPPORTEN)
def test_report_page_has_json_ld_dublin_core_and_open_graph(real_site: Path, rapport_id: str) -> None:
    source = yaml.safe_load((ROOT / "rapporten" / f"{rapport_id}.yaml").read_text("utf-8"))
    page = real_site / "rapporten" / rapport_id / "index.html"
    head = head_of(page)
    assert len(head.jsonld) == 1
    raw = head.jsonld[0]
    assert "<" not in raw and ">" not in raw  # JSON-escaped: "</script>" cannot occur
    data = json.loads(raw)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Report"
    assert data["url"] == data["@id"] == f"{SITE_URL}rapporten/{rapport_id}/"
    assert data["name"] == source["titel"] and data["inLanguage"] == "nl"
    assert data["datePublished"] == str(source["publicatie"])
    assert data["publisher"] == {"@type": "GovernmentOrganization", "name": source["uitgever"]}
    assert all(author["@type"] == "GovernmentOrganization" for author in data["author"])
    if source.get("gemeenten"):
        assert [a["@type"] for a in data["about"]] == ["AdministrativeArea"] * len(source["gemeenten"])
    if source.get("kader"):
        based = data["isBasedOn"] if isinstance(data["isBasedOn"], list) else [data["isBasedOn"]]
        assert based[0]["url"] == f"{SITE_URL}kader/{source['kader']['kader']}/"
    meta = head.meta
    assert meta["DCTERMS.title"] == meta["og:title"] == source["titel"]
    assert meta["DCTERMS.language"] == "nl" and meta["og:locale"] == "nl_NL"
    assert meta["DCTERMS.issued"].startswith(str(source["publicatie"])) and meta["og:type"] == "article"
    assert (
        meta["DCTERMS.description"] == meta["og:description"] == meta["description"]
        and (source.get("beschrijving") or source["onderzoek"]) in meta["description"]
    )
    assert meta["og:url"] == data["url"]


def test_theme_escapes_every_value_in_the_head() -> None:
    """The head template itself, rendered as MkDocs does (no autoescape), with hostile values."""
    hostile = '</script><script>alert(1)</script>" onload="x'
    base = DictLoader({"base.html": "<head>{% block extrahead %}{% endblock %}</head>"})
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(ROOT / "site_overrides")), base]), autoescape=False)
    env.filters["url"] = lambda value: value

    page = SimpleNamespace(
        title=hostile,
        canonical_url="https://x.example/?a=" + hostile,
        meta={"description": hostile, "date": hostile, "jsonld": {"name": hostile, "@type": "Report"}},
    )
    html = env.get_template("main.html").render(page=page, config={"site_name": hostile, "site_author": hostile})
    assert "<script>alert" not in html and 'onload="x' not in html
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert ld is not None and json.loads(ld.group(1))["name"] == hostile


def test_every_page_links_the_feed(real_site: Path) -> None:
    for page in html_pages(real_site):
        feeds = [link for link in head_of(page).links if link.get("type") == "application/atom+xml"]
        assert len(feeds) == 1, page
        assert (page.parent / feeds[0]["href"]).resolve() == (real_site / "feed.xml").resolve()


# --------------------------------------------------------------------------- #
# Feed
# --------------------------------------------------------------------------- #


def test_feed_is_valid_atom_and_lists_every_report_and_kader(real_site: Path) -> None:
    feed = feedparser.parse((real_site / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    links = [entry.link for entry in feed.entries]
    assert len(links) == len(set(links))
    kaders = sorted(p.stem for p in (ROOT / "kader").glob("*.yaml") if yaml.safe_load(p.read_text("utf-8")).get("themas"))
    assert set(links) == {f"{SITE_URL}rapporten/{r}/" for r in RAPPORTEN} | {f"{SITE_URL}kader/{k}/" for k in kaders}
    for entry in feed.entries:
        assert entry.id == entry.link and entry.published_parsed and entry.updated_parsed and entry.title and entry.author
    dates = [entry.updated_parsed for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)


# --------------------------------------------------------------------------- #
# DiWoo sitemap for the Woo-index
# --------------------------------------------------------------------------- #

# Members of the DiWoo 0.9.8 value lists (diwoo-metadata-lijsten.xsd), see generator/publicatie.py
ONDERZOEKSRAPPORTEN = "https://identifier.overheid.nl/tooi/def/thes/kern/c_fdaee95e"
INSPECTIE_TOOI = {
    "https://identifier.overheid.nl/tooi/id/oorg/oorg12354": "Inspectie Gezondheidszorg en Jeugd",
    "https://identifier.overheid.nl/tooi/id/oorg/oorg12355": "Inspectie van het Onderwijs",
    "https://identifier.overheid.nl/tooi/id/oorg/oorg12351": "Inspectie Justitie en Veiligheid",
    "https://identifier.overheid.nl/tooi/id/oorg/oorg12349": "Nederlandse Arbeidsinspectie",
}


def local(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    return site / url.removeprefix(SITE_URL)


def test_diwoo_sitemap_lists_every_report_with_its_metadata(real_site: Path) -> None:
    robots = (real_site / "robots.txt").read_text("utf-8")
    sitemaps = re.findall(r"^Sitemap: (\S+)$", robots, re.M)
    assert f"{SITE_URL}sitemap.xml" in sitemaps
    index_url = next(u for u in sitemaps if "diwoo" in u)
    assert re.fullmatch(r".*/sitemapindex-diwoo-infocat015\.xml", index_url)  # naming convention of the Woo-harvester
    index = ET.parse(local(real_site, index_url)).getroot()
    assert index.tag == f"{SM}sitemapindex"
    urls: dict[str, ET.Element] = {}
    for loc in index.iter(f"{SM}loc"):
        urlset = ET.parse(local(real_site, loc.text or "")).getroot()
        assert urlset.tag == f"{SM}urlset"
        for url in urlset.findall(f"{SM}url"):
            urls[url.findtext(f"{SM}loc") or ""] = url
    assert set(urls) == {f"{SITE_URL}rapporten/{r}/" for r in RAPPORTEN}
    for address, url in urls.items():
        assert local(real_site, address).joinpath("index.html").exists()
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", url.findtext(f"{SM}lastmod") or "")
        diwoo = url.find(f"{DW}Document/{DW}DiWoo")
        assert diwoo is not None
        # the mandatory elements of DiWooType (0.9.8)
        publisher = diwoo.find(f"{DW}publisher")
        assert publisher is not None and INSPECTIE_TOOI[publisher.get("resource", "")] == publisher.text
        assert diwoo.findtext(f"{DW}titelcollectie/{DW}officieleTitel")
        category = diwoo.find(f"{DW}classificatiecollectie/{DW}informatiecategorieen/{DW}informatiecategorie")
        assert category is not None and category.get("resource") == ONDERZOEKSRAPPORTEN and category.text == "onderzoeksrapporten"
        handeling = diwoo.find(f"{DW}documenthandelingen/{DW}documenthandeling")
        assert handeling is not None and handeling.find(f"{DW}soortHandeling") is not None
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", handeling.findtext(f"{DW}atTime") or "")
        for org in diwoo.iter():
            if org.tag in (f"{DW}verantwoordelijke", f"{DW}medeverantwoordelijke"):
                assert INSPECTIE_TOOI[org.get("resource", "")] == org.text


def test_every_inspectie_in_the_content_has_a_tooi_identifier() -> None:
    """A new inspectorate name in a report must be added to publicatie.INSPECTIES (else it has no identifier)."""
    names = {
        name
        for path in (ROOT / "rapporten").glob("*.yaml")
        for name in yaml.safe_load(path.read_text("utf-8")).get("inspecties", [])
    }
    assert names and names <= set(publicatie.INSPECTIES)
    assert {tooi for _, tooi in publicatie.INSPECTIES.values()} <= set(INSPECTIE_TOOI)


# --------------------------------------------------------------------------- #
# Open data descriptions
# --------------------------------------------------------------------------- #


def test_datapackage_describes_every_data_file_and_validates(real_site: Path) -> None:
    data = real_site / "data"
    descriptor = json.loads((data / "datapackage.json").read_text("utf-8"))
    described = {r["path"] for r in descriptor["resources"]}
    present = {str(p.relative_to(data)) for p in data.rglob("*") if p.suffix in (".json", ".csv")}
    assert described == present - {"datapackage.json"}
    tables = [r for r in descriptor["resources"] if r["path"].endswith(".csv")]
    assert tables and {r["schema"] for r in tables} == {"schema/items.tableschema.json"}  # one, shared
    assert json.loads((data / "schema/items.tableschema.json").read_text("utf-8")) == publicatie.table_schema()
    report = Package(str(data / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])


def test_datapackage_validation_catches_a_value_outside_the_schema(real_site: Path, tmp_path: Path) -> None:
    """The Table Schema is applied: an unknown 'soort' in a CSV row makes the package invalid."""
    data = tmp_path / "data"
    shutil.copytree(real_site / "data", data)
    items = data / "items.csv"
    rows = list(csv.DictReader(io.StringIO(items.read_text("utf-8-sig"))))
    rows[0]["soort"] = "roddel"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    items.write_text("\ufeff" + out.getvalue(), "utf-8")
    report = Package(str(data / "datapackage.json")).validate()
    assert not report.valid
    assert [task.name for task in report.tasks if not task.valid] == ["items-csv"]
    assert report.flatten(["type"]) == [["constraint-error"]]


DCT = DCTERMS  # (rdflib's defined namespaces: DCT.title is a term, not str.title)
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
# Mandatory properties of DCAT-AP-NL 3.0 (Geonovum; 'verplicht' per class) that this record must carry
MANDATORY = {
    DCAT.Catalog: [DCT.title, DCT.description, DCT.publisher, DCAT.dataset, DCAT.contactPoint],
    DCAT.Dataset: [DCT.title, DCT.description, DCT.identifier, DCT.publisher, DCAT.contactPoint, DCT.accessRights, DCAT.theme],
    DCAT.Distribution: [DCAT.accessURL, DCT.format, DCT.title, DCT.description, DCT.license],
}


@pytest.mark.filterwarnings("ignore:.*is deprecated:DeprecationWarning:rdflib.*")  # rdflib's own JSON-LD parser
def test_dcat_record_has_every_mandatory_property(real_site: Path) -> None:
    graph = Graph().parse(data=(real_site / "data" / "catalogus.jsonld").read_text("utf-8"), format="json-ld")
    for cls, properties in MANDATORY.items():
        subjects = list(graph.subjects(RDF.type, cls))
        assert subjects, cls
        for subject in subjects:
            for prop in properties:
                assert graph.value(subject, prop) is not None, (subject, prop)
    for contact in graph.objects(None, DCAT.contactPoint):
        assert str(graph.value(contact, VCARD.hasEmail)).startswith("mailto:") and graph.value(contact, VCARD.fn)
    for publisher in graph.objects(None, DCT.publisher):
        assert graph.value(publisher, FOAF.name)
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    assert graph.value(dataset, DCT.license) == URIRef("https://creativecommons.org/publicdomain/zero/1.0/deed.nl")
    for download in graph.objects(None, DCAT.downloadURL):
        assert local(real_site, str(download)).exists(), download


# --------------------------------------------------------------------------- #
# Accessibility statement
# --------------------------------------------------------------------------- #


def test_accessibility_statement_from_the_data_file(real_site: Path) -> None:
    data = yaml.safe_load((ROOT / "publicatie.yaml").read_text("utf-8"))["toegankelijkheid"]
    html = (real_site / "toegankelijkheid" / "index.html").read_text("utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert f"Status {data['status']}: {publicatie.STATUS[data['status']]}" in text
    assert "Datum van deze verklaring" in text and "Reikwijdte" in text and "Bekende beperkingen" in text
    for beperking in data["beperkingen"]:
        assert beperking["maatregel"].split(";")[0] in text
    assert 'href="mailto:info@toezichtsociaaldomein.nl"' in html
    old = (real_site / "toegankelijkheidsverklaring" / "index.html").read_text("utf-8")
    assert 'content="0; url=../toegankelijkheid/"' in old and 'href="../toegankelijkheid/"' in old


def test_a_mistake_in_the_data_file_is_reported_with_its_position(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(ROOT / "kader", root / "kader")
    shutil.copytree(ROOT / "rapporten", root / "rapporten")
    text = (ROOT / "publicatie.yaml").read_text("utf-8").replace("  status: C\n", "  status: Z\n")
    (root / "publicatie.yaml").write_text(text, "utf-8")
    line = text.splitlines().index("  status: Z") + 1
    problems = [p for p in check(root) if p.path == "publicatie.yaml"]
    assert [(p.line, p.column) for p in problems] == [(line, 11)]
    assert "status" in problems[0].message


def test_parsed_url_of_default_is_a_host_root() -> None:
    """robots.txt only works at the root of a host: the default address has no path."""
    assert urlparse(SITE_URL).path == "/"


def test_front_matter_keeps_the_renderer_keys_and_is_valid_yaml() -> None:
    """Keys the renderer set win over the publication metadata; the values are valid YAML, whatever the text."""
    hostile = 'a: "b"\n---\n</script> & \u2028'
    page = Page("rapporten/x.md", "X", "# Titel\n", {"kind": "rapport", "description": "eigen"})
    page.meta = {**{"description": "ander", "date": "2020-01-01", "jsonld": {"name": hostile}}, **page.meta}
    head, _, body = page.text.removeprefix("---\n").partition("\n---\n")
    assert body == "# Titel\n"
    assert yaml.safe_load(head) == {"kind": "rapport", "description": "eigen", "date": "2020-01-01", "jsonld": {"name": hostile}}


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.text())
def test_any_text_survives_the_front_matter(text: str) -> None:
    page = Page("p.md", "T", "# T\n", {"description": text, "jsonld": {"name": text, "list": [text]}})
    head = page.text.removeprefix("---\n").partition("\n---\n")[0]
    assert yaml.safe_load(head) == {"description": text, "jsonld": {"name": text, "list": [text]}}
