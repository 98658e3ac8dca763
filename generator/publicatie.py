"""Publication metadata: what a Dutch public publisher puts next to the pages.

Everything here is computed from the index (and the one data file
``publicatie.yaml``) and returned as plain data or file contents, so it does
not depend on MkDocs:

- per page front matter for the theme's ``<head>``: description, date and a
  schema.org ``Report`` (JSON-LD) for report pages (``page_meta``);
- an Atom feed of publications (``feed.xml``);
- a DiWoo sitemap for the Woo-index (``sitemaps/…``) and ``robots.txt``;
- a Frictionless ``data/datapackage.json`` and a DCAT-AP-NL catalogue record
  (``data/catalogus.jsonld``) for the open data;
- the accessibility statement page (``toegankelijkheid.md``).

Absolute addresses need the site's public address (``site_url``); without it
only the files that can do without are produced.
"""

from __future__ import annotations

import datetime
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import model as m
from . import paths
from .index import Index
from .load import Positions, parse_file
from .problems import Problem

SITE_URL_ENV = "KADER_SITE_URL"  # overrides site_url in mkdocs.yml (per deployment)
DATA_FILE = "publicatie.yaml"
FEED = "feed.xml"
ROBOTS = "robots.txt"
DATAPACKAGE = "data/datapackage.json"
TABLE_SCHEMA = "data/schema/items.tableschema.json"  # the columns of every CSV file (Frictionless Table Schema)
CATALOGUS = "data/catalogus.jsonld"
TOEGANKELIJKHEID = "toegankelijkheid.md"

# --------------------------------------------------------------------------- #
# DiWoo (Woo-index) vocabulary.
# Followed: "Handleiding voor de Woo-harvester" (standaarden.overheid.nl/diwoo/metadata):
#  - "Sitemapindex en Sitemaps": every sitemap sits in a sitemap index named
#    sitemapindex-diwoo-infocat<NNN>.xml; robots.txt points to the indexes, not the sitemaps;
#  - "Sitemap-voorbeelden": onderzoeksrapporten is infocat015;
#  - "Gebruik van het XML-Schema" (0.9.8): the metadata is a diwoo:Document/diwoo:DiWoo
#    child of each <url>; mandatory in DiWooType: publisher, titelcollectie/officieleTitel,
#    classificatiecollectie/informatiecategorieen, documenthandelingen (soortHandeling + atTime).
# The URIs below are members of the value lists of diwoo-metadata-lijsten.xsd 0.9.8
# (scw_woo_informatiecategorieen, ccw_plooi_documentsoorten, ccw_plooi_documenthandelingen,
# scw_talen, ccw_plooi_filetypes, rwc_overige_overheidsorganisaties_compleet version 12).
# --------------------------------------------------------------------------- #
DIWOO_NS = "https://standaarden.overheid.nl/diwoo/metadata/"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
TOOI_KERN = "https://identifier.overheid.nl/tooi/def/thes/kern/"
INFOCAT_ONDERZOEKSRAPPORTEN = ("015", TOOI_KERN + "c_fdaee95e", "onderzoeksrapporten")
DOCUMENTSOORT_INSPECTIERAPPORT = (TOOI_KERN + "c_4efe1293", "inspectierapport")
HANDELING_VASTSTELLING = (TOOI_KERN + "c_641ecd76", "vaststelling")
TAAL_NL = ("http://publications.europa.eu/resource/authority/language/NLD", "Nederlands")
FORMAT_HTML = ("http://publications.europa.eu/resource/authority/file-type/HTML", "html")
DIWOO_INDEX = f"sitemaps/sitemapindex-diwoo-infocat{INFOCAT_ONDERZOEKSRAPPORTEN[0]}.xml"
SITEMAP_MAX = 50_000  # urls per sitemap file (sitemaps protocol)

TOOI_OORG = "https://identifier.overheid.nl/tooi/id/oorg/"
# The inspectorates as the reports name them (also by their former names) → today's
# organisation and its TOOI identifier. Former names map to their successor:
# IGZ and IJZ merged into IGJ (2017), Inspectie Veiligheid en Justitie became Inspectie
# Justitie en Veiligheid (2017), Inspectie SZW became Nederlandse Arbeidsinspectie (2022).
INSPECTIES: dict[str, tuple[str, str]] = {
    "Inspectie Gezondheidszorg en Jeugd": ("Inspectie Gezondheidszorg en Jeugd", TOOI_OORG + "oorg12354"),
    "Inspectie voor de Gezondheidszorg": ("Inspectie Gezondheidszorg en Jeugd", TOOI_OORG + "oorg12354"),
    "Inspectie Jeugdzorg": ("Inspectie Gezondheidszorg en Jeugd", TOOI_OORG + "oorg12354"),
    "Inspectie van het Onderwijs": ("Inspectie van het Onderwijs", TOOI_OORG + "oorg12355"),
    "Inspectie Justitie en Veiligheid": ("Inspectie Justitie en Veiligheid", TOOI_OORG + "oorg12351"),
    "Inspectie Veiligheid en Justitie": ("Inspectie Justitie en Veiligheid", TOOI_OORG + "oorg12351"),
    "Nederlandse Arbeidsinspectie": ("Nederlandse Arbeidsinspectie", TOOI_OORG + "oorg12349"),
    "Inspectie Sociale Zaken en Werkgelegenheid": ("Nederlandse Arbeidsinspectie", TOOI_OORG + "oorg12349"),
    "Inspectie SZW": ("Nederlandse Arbeidsinspectie", TOOI_OORG + "oorg12349"),
}


# --------------------------------------------------------------------------- #
# The data file: publisher, licence of the open data, accessibility statement
# --------------------------------------------------------------------------- #


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


EMAIL = r"^[^@\s<>()\[\]]+@[^@\s<>()\[\]]+\.[a-z]{2,}$"
HTTPS = r"^https://[^\s<>\"'`]+$"


class Uitgever(_Model):
    naam: str = Field(min_length=1, max_length=200)
    omschrijving: str | None = Field(default=None, max_length=300)
    email: str = Field(pattern=EMAIL)
    url: str = Field(pattern=HTTPS)


class Licentie(_Model):
    naam: str = Field(min_length=1, max_length=200)
    url: str = Field(pattern=HTTPS, description="Adres van de licentietekst, bijv. die van CC0 1.0.")
    spdx: str = Field(pattern=r"^[A-Za-z0-9.+-]+$", description="SPDX-code, bijv. CC0-1.0.")


class Onderzoek(_Model):
    datum: datetime.date
    methode: str = Field(min_length=1)
    omvang: str = Field(min_length=1)
    resultaat: str = Field(min_length=1)


class Beperking(_Model):
    probleem: str = Field(min_length=1)
    criterium: str | None = Field(default=None, description="WCAG-succescriterium, bijv. '2.5.8'.")
    oorzaak: str | None = None
    maatregel: str = Field(min_length=1, description="Wat wij eraan doen.")
    gepland: datetime.date | None = Field(default=None, description="Wanneer de maatregel klaar is.")


class Toegankelijkheid(_Model):
    """The fields of the national model statement (digitoegankelijk.nl, 'modelverklaring')."""

    status: Literal["A", "B", "C", "D", "E"] = Field(
        description="A voldoet volledig, B voldoet gedeeltelijk, C eerste maatregelen genomen, D voldoet niet, E geen inzicht."
    )
    datum: datetime.date = Field(description="Datum van deze verklaring.")
    herzien: datetime.date | None = Field(default=None, description="Datum van de laatste herziening.")
    norm: str = Field(min_length=1)
    reikwijdte: str = Field(min_length=1, description="Welke website(s) deze verklaring betreft.")
    inleiding: str = Field(min_length=1)
    onderzoeken: list[Onderzoek] = Field(min_length=1)
    voorbeelden: list[str] = Field(default_factory=list)
    beperkingen: list[Beperking] = Field(default_factory=list)
    contact: str = Field(min_length=1, description="Hoe bezoekers een probleem melden.")
    reactietermijn: str = Field(min_length=1)
    klachten: str = Field(min_length=1, description="Wat te doen als de reactie niet bevredigt.")


class Publicatie(_Model):
    uitgever: Uitgever
    licentie: Licentie
    toegankelijkheid: Toegankelijkheid | None = None


STATUS = {
    "A": "voldoet volledig",
    "B": "voldoet gedeeltelijk",
    "C": "eerste maatregelen genomen",
    "D": "voldoet niet",
    "E": "geen inzicht",
}


def load(root: Path) -> tuple[Publicatie | None, list[Problem]]:
    """``publicatie.yaml`` validated; a missing file is fine (a site without these pages)."""
    path = root / DATA_FILE
    if not path.exists():
        return None, []
    source, problem = parse_file(path, DATA_FILE, "publicatie")
    if source is None:
        return None, [problem] if problem else []
    try:
        return Publicatie.model_validate(source.data), []
    except ValidationError as exc:
        from .validate import explain

        positions = Positions(root)
        problems = []
        for error in exc.errors(include_url=False):
            line, column = positions.of(DATA_FILE, tuple(error["loc"]), key=error["type"] == "extra_forbidden")
            problems.append(Problem(DATA_FILE, line, column, explain(error, Publicatie, source.data)))
        return None, problems


# --------------------------------------------------------------------------- #
# Addresses and dates
# --------------------------------------------------------------------------- #


def site_url(configured: str | None) -> str:
    """The public address of the site: the environment override, else the configured one; ends in '/'."""
    url = os.environ.get(SITE_URL_ENV) or configured or ""
    return url if not url or url.endswith("/") else url + "/"


def absolute(base: str, page: str) -> str:
    """The public URL of a page or file (``base`` ends in '/')."""
    return base + paths.url(page)


def published(rapport: m.Rapport) -> datetime.date:
    """The first day of the publication month (or year): the YAML gives only jaar or jaar-maand."""
    month = int(rapport.publicatie[5:7]) if len(rapport.publicatie) == 7 else 1
    return datetime.date(int(rapport.publicatie[:4]), month, 1)


def _timestamp(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def organisaties(rapport: m.Rapport) -> list[tuple[str, str | None]]:
    """The inspectorates of a report, by today's name, with their TOOI identifier where known."""
    seen: dict[str, str | None] = {}
    for naam in rapport.inspecties:
        current, tooi = INSPECTIES.get(naam, (naam, None))
        seen.setdefault(current, tooi)
    return list(seen.items())


SOORT = {"gemeenterapport": "Rapport over een gemeente", "landelijk": "Landelijk rapport", "thematisch": "Thematisch rapport"}


def description(index: Index, rapport: m.Rapport) -> str:
    """One sentence about a report, for search results and link previews: the editors' ``beschrijving``, or made from the data."""
    if rapport.beschrijving:
        return rapport.beschrijving
    gemeenten = index.gemeente_namen(rapport.gemeenten)
    over = f" over {gemeenten}" if gemeenten else ""
    return f"{SOORT[rapport.soort]}{over} van {rapport.uitgever} ({rapport.publicatie}), onderzoek: {rapport.onderzoek}."


# --------------------------------------------------------------------------- #
# Per page metadata (front matter)
# --------------------------------------------------------------------------- #


def page_meta(index: Index, base: str, site_name: str = "Kader in de praktijk") -> dict[str, dict[str, Any]]:
    """Front matter keys per page path: ``description``, ``date`` (ISO) and ``jsonld`` for report pages.

    The theme puts ``jsonld`` in a ``<script type="application/ld+json">`` with
    Jinja's ``tojson`` (which escapes ``<``, ``>``, ``&`` and ``'``).
    """
    meta: dict[str, dict[str, Any]] = {}
    for rapport in index.rapporten.values():
        page = paths.rapport(rapport.id)
        meta[page] = {
            "description": description(index, rapport),
            "date": published(rapport).isoformat(),
            "jsonld": report_jsonld(index, rapport, base, site_name),
        }
    return meta


def report_jsonld(index: Index, rapport: m.Rapport, base: str, site_name: str) -> dict[str, Any]:
    """A schema.org Report: publisher, date, the gemeenten it is about, the kader it is based on."""
    url = absolute(base, paths.rapport(rapport.id)) if base else paths.url(paths.rapport(rapport.id))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Report",
        "@id": url,
        "url": url,
        "name": rapport.titel,
        "headline": rapport.titel,
        "description": description(index, rapport),
        "inLanguage": "nl",
        "datePublished": rapport.publicatie,
        "publisher": {"@type": "GovernmentOrganization", "name": rapport.uitgever},
        "author": [
            {"@type": "GovernmentOrganization", "name": naam, **({"identifier": tooi, "sameAs": tooi} if tooi else {})}
            for naam, tooi in organisaties(rapport)
        ],
        "isPartOf": {"@type": "WebSite", "name": site_name, **({"url": base} if base else {})},
    }
    about = [{"@type": "AdministrativeArea", "name": index.gemeente_naam(g)} for g in rapport.gemeenten]
    if about:
        data["about"] = about
        data["spatialCoverage"] = about
    kader = index.kader_of(rapport)
    if kader is not None:
        based: dict[str, Any] = {
            "@type": "CreativeWork",
            "name": kader.titel,
            "url": absolute(base, paths.kader(kader.id)) if base else paths.url(paths.kader(kader.id)),
        }
        if kader.versie:
            based["version"] = kader.versie
        variant = index.variant_of(rapport)
        if variant is not None:
            data["isBasedOn"] = [
                based,
                {
                    "@type": "CreativeWork",
                    "name": variant.titel,
                    "url": absolute(base, paths.variant(kader.id, variant.id))
                    if base
                    else paths.url(paths.variant(kader.id, variant.id)),
                },
            ]
        else:
            data["isBasedOn"] = based
    return data


# Characters YAML 1.1 does not take literally inside a double-quoted scalar: C1 controls (and
# NEL), the Unicode line and paragraph separators (read as line breaks), BOM and non-characters.
# --------------------------------------------------------------------------- #
# Files
# --------------------------------------------------------------------------- #


def files(index: Index, base: str, publicatie: Publicatie | None, data_files: list[str], site_name: str) -> dict[str, bytes]:
    """Feed, sitemaps, robots.txt, datapackage and catalogue record, by path below the site root.

    ``data_files``: the open-data files the site already has (``data/…``).
    """
    out: dict[str, bytes] = {
        TABLE_SCHEMA: (json.dumps(table_schema(), ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
        DATAPACKAGE: datapackage([*data_files, TABLE_SCHEMA], publicatie, site_name),
    }
    if not base:
        return out
    out[FEED] = feed(index, base, site_name)
    out.update(diwoo_sitemaps(index, base))
    out[ROBOTS] = robots(base)
    if publicatie is not None:
        out[CATALOGUS] = catalogus(index, base, publicatie, data_files, site_name)
    return out


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def feed(index: Index, base: str, site_name: str) -> bytes:
    """Atom (RFC 4287): every report and every kader version, newest first."""
    atom = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", atom)

    def el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        child = ET.SubElement(parent, f"{{{atom}}}{tag}", attrs)
        if text is not None:
            child.text = text
        return child

    entries: list[tuple[datetime.date, str, str, str, str, str]] = []  # date, page, title, summary, author, category
    for rapport in index.rapporten.values():
        entries.append(
            (
                published(rapport),
                paths.rapport(rapport.id),
                rapport.titel,
                description(index, rapport),
                rapport.uitgever,
                "rapport",
            )
        )
    for kader in index.kaders.values():
        versie = f" ({kader.versie})" if kader.versie else ""
        entries.append(
            (
                datetime.date(kader.jaar, 1, 1),
                paths.kader(kader.id),
                f"{kader.titel}{versie}",
                f"Toezichtkader van {kader.uitgever}, {kader.jaar}{versie}.",
                kader.uitgever,
                "toezichtkader",
            )
        )
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    root = ET.Element(f"{{{atom}}}feed", {"xml:lang": "nl"})
    el(root, "id", base)
    el(root, "title", f"{site_name}: publicaties")
    el(root, "subtitle", "Nieuwe inspectierapporten en versies van toezichtkaders.")
    el(root, "updated", _timestamp(entries[0][0]) if entries else "1970-01-01T00:00:00Z")
    el(root, "link", rel="self", type="application/atom+xml", href=base + FEED)
    el(root, "link", rel="alternate", type="text/html", href=base)
    author = el(root, "author")
    el(author, "name", site_name)
    for day, page, title, summary, by, category in entries:
        entry = el(root, "entry")
        url = absolute(base, page)
        el(entry, "id", url)
        el(entry, "title", title)
        el(entry, "updated", _timestamp(day))
        el(entry, "published", _timestamp(day))
        el(entry, "link", rel="alternate", type="text/html", href=url)
        el(entry, "summary", summary)
        writer = el(entry, "author")
        el(writer, "name", by)
        el(entry, "category", term=category)
    return _xml(root)


def diwoo_sitemaps(index: Index, base: str) -> dict[str, bytes]:
    """The sitemap index for information category 'onderzoeksrapporten' and its sitemaps, with DiWoo metadata."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("diwoo", DIWOO_NS)
    rapporten = sorted(index.rapporten.values(), key=lambda r: r.id)
    chunks = [rapporten[i : i + SITEMAP_MAX] for i in range(0, len(rapporten), SITEMAP_MAX)] or [[]]
    out: dict[str, bytes] = {}
    sitemapindex = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for number, chunk in enumerate(chunks, start=1):
        name = f"sitemaps/sitemap-{INFOCAT_ONDERZOEKSRAPPORTEN[2]}-{number}.xml"
        entry = ET.SubElement(sitemapindex, f"{{{SITEMAP_NS}}}sitemap")
        ET.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = base + name
        if chunk:
            ET.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = max(published(r) for r in chunk).isoformat()
        urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
        for rapport in chunk:
            urlset.append(_diwoo_url(index, rapport, base))
        out[name] = _xml(urlset)
    out[DIWOO_INDEX] = _xml(sitemapindex)
    return out


def _diwoo_url(index: Index, rapport: m.Rapport, base: str) -> ET.Element:
    def d(parent: ET.Element, tag: str, text: str | None = None, resource: str | None = None) -> ET.Element:
        child = ET.SubElement(parent, f"{{{DIWOO_NS}}}{tag}", {"resource": resource} if resource else {})
        if text is not None:
            child.text = text
        return child

    url = ET.Element(f"{{{SITEMAP_NS}}}url")
    ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = absolute(base, paths.rapport(rapport.id))
    ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = published(rapport).isoformat()
    diwoo = d(d(url, "Document"), "DiWoo")
    identifiers = d(diwoo, "identifiers")
    d(identifiers, "identifier", rapport.id)
    orgs = organisaties(rapport)
    known = [(naam, tooi) for naam, tooi in orgs if tooi]
    # publisher: the first inspectorate with a TOOI identifier; the report's own publisher
    # name (a cooperation without an identifier) is given as naamOpsteller
    first_naam, first_tooi = known[0] if known else (rapport.uitgever, None)
    d(diwoo, "publisher", first_naam, first_tooi)
    d(diwoo, "verantwoordelijke", first_naam, first_tooi)
    if len(known) > 1:
        mede = d(diwoo, "medeverantwoordelijken")
        for naam, tooi in known[1:]:
            d(mede, "medeverantwoordelijke", naam, tooi)
    d(diwoo, "naamOpsteller", rapport.uitgever)
    titels = d(diwoo, "titelcollectie")
    d(titels, "officieleTitel", rapport.titel)
    d(d(diwoo, "omschrijvingen"), "omschrijving", description(index, rapport))
    classificatie = d(diwoo, "classificatiecollectie")
    d(
        d(classificatie, "informatiecategorieen"),
        "informatiecategorie",
        INFOCAT_ONDERZOEKSRAPPORTEN[2],
        INFOCAT_ONDERZOEKSRAPPORTEN[1],
    )
    d(d(classificatie, "documentsoorten"), "documentsoort", DOCUMENTSOORT_INSPECTIERAPPORT[1], DOCUMENTSOORT_INSPECTIERAPPORT[0])
    trefwoorden = [index.gemeente_naam(g) for g in rapport.gemeenten] + [rapport.onderzoek]
    woorden = d(classificatie, "trefwoorden")
    for woord in dict.fromkeys(w for w in trefwoorden if w):
        d(woorden, "trefwoord", woord)
    d(diwoo, "language", TAAL_NL[1], TAAL_NL[0])
    d(diwoo, "format", FORMAT_HTML[1], FORMAT_HTML[0])
    handeling = d(d(diwoo, "documenthandelingen"), "documenthandeling")
    d(handeling, "soortHandeling", HANDELING_VASTSTELLING[1], HANDELING_VASTSTELLING[0])
    d(handeling, "atTime", f"{published(rapport).isoformat()}T00:00:00")
    return url


def robots(base: str) -> bytes:
    """Everything may be crawled; the sitemaps are named (the Woo-harvester reads its index from here)."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\nSitemap: {base}{DIWOO_INDEX}\n".encode()


# --------------------------------------------------------------------------- #
# Open data descriptions
# --------------------------------------------------------------------------- #

CSV_FIELDS: list[tuple[str, str, str]] = [
    ("rapport", "string", "Id van het rapport (deel van het webadres /rapporten/<id>/)."),
    ("rapport_titel", "string", "Titel van het rapport."),
    ("jaar", "integer", "Jaar van publicatie."),
    ("gemeente", "string", "Id('s) van de gemeente(n), gescheiden door spaties; leeg bij een landelijk of thematisch onderdeel."),
    ("regio", "string", "Regio zoals het rapport die noemt."),
    ("soort", "string", "bevinding, goed_voorbeeld, aanbeveling of casus."),
    ("id", "string", "Id van het onderdeel, uniek binnen het rapport (anker op de rapportpagina)."),
    ("oordeel", "string", "Bij een bevinding: goed of kan_beter."),
    ("waarneming", "string", "Bij een goed voorbeeld: gezien, principe of organisatiegebonden."),
    ("nummer", "integer", "Nummer van de aanbeveling zoals het rapport het geeft."),
    ("titel", "string", "Titel van het onderdeel."),
    ("tekst", "string", "De tekst, letterlijk uit het rapport (Markdown)."),
    ("indicatoren", "string", "Ids van de indicatoren, gescheiden door spaties."),
    ("onderwerpen", "string", "Ids van de onderwerpen, gescheiden door spaties."),
]
CSV_ENUMS = {
    "soort": ["bevinding", "goed_voorbeeld", "aanbeveling", "casus"],
    "oordeel": ["", "goed", "kan_beter"],
    "waarneming": ["", "gezien", "principe", "organisatiegebonden"],
}


def table_schema() -> dict[str, Any]:
    """Frictionless Table Schema of the items CSV files (columns as generator.data writes them)."""
    from .data import CSV_COLUMNS

    fields = []
    for name, kind, about in CSV_FIELDS:
        field: dict[str, Any] = {"name": name, "type": kind, "description": about}
        if name in CSV_ENUMS:
            field["constraints"] = {"enum": CSV_ENUMS[name]}
        if name in ("rapport", "soort", "id", "rapport_titel", "tekst"):
            field.setdefault("constraints", {})["required"] = True
        fields.append(field)
    assert [f["name"] for f in fields] == CSV_COLUMNS, "CSV_FIELDS out of step with data.CSV_COLUMNS"
    return {"fields": fields, "missingValues": [""]}


def datapackage(data_files: list[str], publicatie: Publicatie | None, site_name: str) -> bytes:
    """A Frictionless Data Package (v1 profile) describing every JSON and CSV file below data/.

    The CSV files share one Table Schema, by its path (TABLE_SCHEMA): written out for each of a thousand
    gemeenten' files it made the package 4 MB.
    """
    resources: list[dict[str, Any]] = []
    schema = TABLE_SCHEMA[len("data/") :]
    for name in sorted(data_files):
        if not name.startswith("data/") or name in (DATAPACKAGE, CATALOGUS):
            continue
        rel = name[len("data/") :]
        stem = rel.rsplit(".", 1)[0].replace("/", "-").replace(".", "-").lower()
        if name.endswith(".csv"):
            resources.append(
                {
                    "name": f"{stem}-csv",
                    "path": rel,
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8-sig",
                    "title": _resource_title(rel),
                    "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                    "schema": schema,
                }
            )
        elif name.endswith(".json"):
            is_schema = rel.startswith("schema/")
            json_schema = is_schema and name != TABLE_SCHEMA
            resources.append(
                {
                    "name": f"{stem}-json",
                    "path": rel,
                    "profile": "data-resource",
                    # a schema is a file, not data (read as data, Frictionless takes it for a table schema)
                    "type": "file" if is_schema else "json",
                    "format": "json",
                    "mediatype": "application/schema+json" if json_schema else "application/json",
                    "encoding": "utf-8",
                    "title": _resource_title(rel),
                }
            )
    package: dict[str, Any] = {
        "profile": "data-package",
        "name": "kader-in-de-praktijk",
        "title": site_name,
        "description": "Toezichtkaders en inspectierapporten van Toezicht Sociaal Domein, met alle bevindingen, goede "
        "voorbeelden, aanbevelingen en casussen gekoppeld aan de indicatoren van het kader.",
        "language": "nl",
        "resources": resources,
    }
    if publicatie is not None:
        package["licenses"] = [
            {"name": publicatie.licentie.spdx, "path": publicatie.licentie.url, "title": publicatie.licentie.naam}
        ]
        package["contributors"] = [{"title": publicatie.uitgever.naam, "email": publicatie.uitgever.email, "role": "publisher"}]
        package["homepage"] = publicatie.uitgever.url
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _resource_title(rel: str) -> str:
    if rel == "kader-in-de-praktijk.json":
        return "Alle inhoud (kaders, varianten, rapporten, gemeenten, onderwerpen, begrippen)"
    if rel == "items.csv":
        return "Alle bevindingen, goede voorbeelden, aanbevelingen en casussen"
    if rel.startswith("gemeenten/"):
        return f"Gemeente {rel.split('/')[-1].rsplit('.', 1)[0]}"
    if "data/" + rel == TABLE_SCHEMA:
        return "Table Schema van de CSV-bestanden (kolommen, typen, toegestane waarden)"
    if rel.startswith("schema/"):
        return f"JSON Schema {rel.split('/')[-1]}"
    return rel


def catalogus(index: Index, base: str, publicatie: Publicatie, data_files: list[str], site_name: str) -> bytes:
    """A DCAT-AP-NL 3.0 record (JSON-LD): catalogue, dataset and one distribution per whole-site file."""
    uitgever = publicatie.uitgever
    publisher = {"@type": "foaf:Agent", "foaf:name": {"@value": uitgever.naam, "@language": "nl"}}
    contact = {
        "@type": "vcard:Kind",
        "vcard:fn": {"@value": uitgever.naam, "@language": "nl"},
        "vcard:hasEmail": {"@id": f"mailto:{uitgever.email}"},
        "vcard:hasURL": {"@id": uitgever.url},
    }
    licence = {"@id": publicatie.licentie.url, "@type": "dct:LicenseDocument"}
    dataset_id = base + "data/#dataset"
    years = [r.jaar for r in index.rapporten.values()] + [k.jaar for k in index.kaders.values()]
    distributions = []
    for name, fmt, media, title in (
        ("data/kader-in-de-praktijk.json", "JSON", "application/json", "Alle inhoud als JSON"),
        ("data/items.csv", "CSV", "text/csv", "Alle onderdelen van de rapporten als CSV"),
        (DATAPACKAGE, "JSON", "application/json", "Beschrijving van alle bestanden (Frictionless Data Package)"),
    ):
        if name not in data_files and name != DATAPACKAGE:
            continue
        distributions.append(
            {
                "@id": base + name + "#distributie",
                "@type": "dcat:Distribution",
                "dct:title": {"@value": title, "@language": "nl"},
                "dct:description": {"@value": f"{title}; zie {base}{paths.url(paths.open_data())}", "@language": "nl"},
                "dcat:accessURL": {"@id": base + paths.url(paths.open_data())},
                "dcat:downloadURL": {"@id": base + name},
                "dct:format": {"@id": f"http://publications.europa.eu/resource/authority/file-type/{fmt}"},
                "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media}"},
                "dct:license": licence,
                "dct:language": {"@id": TAAL_NL[0]},
            }
        )
    dataset = {
        "@id": dataset_id,
        "@type": "dcat:Dataset",
        "dct:identifier": dataset_id,
        "dct:title": {"@value": site_name, "@language": "nl"},
        "dct:description": {
            "@value": "Toezichtkaders en inspectierapporten van de samenwerkende rijksinspecties in het sociaal domein, "
            "met alle bevindingen, goede voorbeelden, aanbevelingen en casussen gekoppeld aan de indicatoren.",
            "@language": "nl",
        },
        "dct:publisher": publisher,
        "dcat:contactPoint": contact,
        "dct:accessRights": {"@id": "http://publications.europa.eu/resource/authority/access-right/PUBLIC"},
        "dct:license": licence,
        "dcat:theme": {"@id": "http://publications.europa.eu/resource/authority/data-theme/SOCI"},
        "dct:language": {"@id": TAAL_NL[0]},
        "dcat:landingPage": {"@id": base + paths.url(paths.open_data())},
        "dcat:keyword": [{"@value": word, "@language": "nl"} for word in ("toezicht", "sociaal domein", "jeugd", "inspectie")],
        "dct:spatial": {"@id": "http://publications.europa.eu/resource/authority/country/NLD"},
        "dcat:distribution": distributions,
    }
    if years:
        dataset["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": f"{min(years)}-01-01", "@type": "xsd:date"},
            "dcat:endDate": {"@value": f"{max(years)}-12-31", "@type": "xsd:date"},
        }
    record = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": base + "data/#catalogus",
        "@type": "dcat:Catalog",
        "dct:title": {"@value": f"{site_name}: open data", "@language": "nl"},
        "dct:description": {"@value": f"De open data van {site_name}.", "@language": "nl"},
        "dct:publisher": publisher,
        "dcat:contactPoint": contact,
        "dct:license": licence,
        "dct:language": {"@id": TAAL_NL[0]},
        "foaf:homepage": {"@id": base},
        "dcat:dataset": dataset,
    }
    return (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- #
# Accessibility statement page
# --------------------------------------------------------------------------- #


def toegankelijkheid_page(publicatie: Publicatie | None, overrides: Path | None) -> str | None:
    """The Markdown of /toegankelijkheid/, from ``publicatie.yaml`` (None without a statement)."""
    if publicatie is None or publicatie.toegankelijkheid is None:
        return None
    from .markup import Converter
    from .render import make_environment

    env = make_environment(Converter({}), overrides)
    return env.get_template("toegankelijkheid.md.j2").render(
        v=publicatie.toegankelijkheid, uitgever=publicatie.uitgever, status=STATUS[publicatie.toegankelijkheid.status]
    )
