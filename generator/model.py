"""Typed model of the content: kaders, regional variants, reports and shared lists.

The YAML files in ``kader/`` and ``rapporten/`` are validated into these classes.
Every class forbids unknown keys, so a misspelled key is an error instead of
silently missing content. The JSON Schema that editors use is generated from
these classes (see ``generator.schema``), so the two can never disagree.

Text fields hold Markdown (maintainers write Markdown, not HTML); footnote
references use Markdown's ``[^n]`` syntax and are resolved against the
``voetnoten`` of the enclosing kader or rapport.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic import Strict as StrictType

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=120),
    Field(description="Stabiele sleutel: kleine letters, cijfers en streepjes, bijv. 'lnvt-3'."),
]
Markdown = Annotated[str, StringConstraints(min_length=1), Field(description="Tekst in Markdown.")]
PartialDate = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}(-(0[1-9]|1[0-2]))?$"),
    Field(description="Jaar of jaar-maand van publicatie, bijv. '2020-01' of '2016'."),
]


class Model(BaseModel):
    """Base for all content classes: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- #
# Shared lists: gemeenten, onderwerpen, begrippen
# --------------------------------------------------------------------------- #


class Gemeente(Model):
    """A municipality that reports are about; reports refer to it by id."""

    id: Id
    naam: str
    regio: str | None = Field(default=None, description="Regio zoals het rapport die noemt; leeg als de bron die niet noemt.")
    provincie: str | None = None


class GemeentenBestand(Model):
    gemeenten: list[Gemeente]


class Onderwerp(Model):
    """A theme shared by both kaders and all reports.

    Onderwerpen are the bridge between a thematic report without indicator
    numbers and the indicators it is about, and between the two kaders.
    Indicators name their onderwerpen (not the other way round), so each
    kader file owns its own links.
    """

    id: Id
    naam: str
    omschrijving: Markdown | None = None
    begrippen: list[str] = Field(default_factory=list, description="Afkortingen/begrippen die bij dit onderwerp horen.")


class OnderwerpenBestand(Model):
    onderwerpen: list[Onderwerp]


class Begrip(Model):
    """An abbreviation or term with its meaning as the sources give it."""

    term: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    betekenis: Markdown
    afkorting: bool = Field(
        default=True,
        description="True: de term wordt op elke pagina als afkorting met uitleg getoond (tooltip).",
    )
    bron: str | None = Field(default=None, description="Rapport- of kader-id waar de betekenis vandaan komt.")
    algemeen: bool = Field(
        default=False,
        description="True: de betekenis komt niet uit de bronnen maar uit algemene kennis; de site zegt dat erbij.",
    )
    schrijfwijzen: list[Annotated[str, StringConstraints(min_length=1, max_length=60)]] = Field(
        default_factory=list, description="Andere schrijfwijzen van dezelfde term in de bronnen (bijv. 'GGZ' naast 'ggz')."
    )


class BegrippenBestand(Model):
    begrippen: list[Begrip]


# --------------------------------------------------------------------------- #
# Kader
# --------------------------------------------------------------------------- #


class Element(Model):
    """One operationalisation element of an indicator, with its own decision rule."""

    id: Id = Field(description="Uniek binnen het kader.")
    titel: str | None = None
    tekst: Markdown | None = None
    beslisregel: Markdown | None = Field(default=None, description="Oordeel/beslisregel die bij dit element hoort.")


class Indicator(Model):
    id: Id = Field(description="Stabiele id, bijv. 'lnvt-3'. Wordt nooit hergebruikt.")
    nummer: int | None = Field(default=None, description="Nummer zoals de bron het geeft.")
    tekst: Markdown
    ratio: Markdown | None = Field(default=None, description="Waarom is dit belangrijk? (indien het kader dat geeft)")
    onderwerpen: list[Id] = Field(
        default_factory=list, description="Gedeelde onderwerpen; verbinden indicatoren van beide kaders."
    )
    elementen: list[Element] = Field(default_factory=list)


class Criterium(Model):
    id: Id
    tekst: Markdown
    ratio: Markdown | None = None
    indicatoren: list[Indicator]


class Thema(Model):
    id: Id
    titel: str
    onderzoeksvraag: str | None = Field(default=None, description="De onderzoeksvraag waar dit thema onder valt.")
    criteria: list[Criterium]


class Kolommen(Model):
    """Column labels of the kader table as the source names them.

    The renderer shows these labels, so both kaders render with one template.
    """

    criterium: str
    indicator: str
    ratio: str | None = None
    element: str | None = None
    beslisregel: str | None = None


class Kader(Model):
    """A supervisory framework: (onderzoeksvraag →) thema → criterium → indicator → element."""

    id: Id
    titel: str
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]{0,9}$")] | None = Field(
        default=None,
        description="Korte code voor de ids van de indicatoren, bijv. 'LNVT' (dan 'LNVT 3'); leeg: afgeleid uit de indicator-ids.",
    )
    uitgever: str
    jaar: int
    versie: str | None = None
    datum: PartialDate | None = Field(
        default=None, description="Datum (jaar of jaar-maand) van deze versie, zoals de bron die geeft."
    )
    gewijzigd: Annotated[datetime.date, StrictType()] | None = Field(
        default=None, description="Datum waarop de inhoud van deze pagina voor het laatst is gewijzigd (jjjj-mm-dd)."
    )
    toelichting: Markdown | None = None
    bron: str = Field(description="Waar de tekst vandaan komt (document en bijlage).")
    kolommen: Kolommen
    themas: list[Thema]
    voetnoten: dict[int, Markdown] = Field(default_factory=dict)


class Wijziging(Model):
    """A change a region made to one element (or indicator) of the base kader.

    Only the fields given replace the base; everything else is inherited.
    """

    element: Id | None = Field(default=None, description="Id van het element in het basiskader.")
    indicator: Id | None = Field(default=None, description="Id van de indicator, voor een wijziging van de indicatortekst.")
    titel: str | None = None
    tekst: Markdown | None = None
    beslisregel: Markdown | None = None
    toelichting: Markdown | None = Field(default=None, description="Redactionele toelichting bij deze wijziging.")


class Variant(Model):
    """A regional version of a kader, stored as differences against the base."""

    id: Id
    kader: Id
    titel: str
    regio: str
    bron: str
    toelichting: Markdown | None = None
    wijzigingen: list[Wijziging]
    voetnoten: dict[int, Markdown] = Field(default_factory=dict)


# --------------------------------------------------------------------------- #
# Rapport
# --------------------------------------------------------------------------- #


Oordeel = Literal["goed", "kan_beter"]

# Where a finding or example without a gemeente applies: the country as a whole, or several
# gemeenten the report does not name one by one.
Niveau = Literal["landelijk", "meerdere_gemeenten"]

# How a good example was seen, as the Roermond report distinguishes:
# gezien (in the files or in practice), principe (named as valuable by
# interviewees but not seen in the files), organisatiegebonden (bound to one
# organisation).
Waarneming = Literal["gezien", "principe", "organisatiegebonden"]


class Links(Model):
    """Cross-reference fields shared by findings, examples and recommendations."""

    indicatoren: list[Id] = Field(
        default_factory=list,
        description="Indicatoren van het kader waaraan het rapport is getoetst (zie 'kader' van het rapport).",
    )
    onderwerpen: list[Id] = Field(default_factory=list)
    redactioneel: list[Id] = Field(
        default_factory=list,
        description=(
            "Redactionele koppeling: indicatoren van een kader waaraan het rapport níet is getoetst, die de redactie "
            "verwant vindt. Getoond onder een eigen kop, nooit meegeteld in de matrix of bij 'gaat goed/kan beter'."
        ),
    )
    elementen: list[Id] = Field(
        default_factory=list,
        description="Operationaliseringselementen (van de genoemde indicatoren) waar de bron dit onderdeel bij noemt.",
    )


class Tekst(Model):
    soort: Literal["tekst"]
    tekst: Markdown


class Bevinding(Links):
    soort: Literal["bevinding"]
    id: Id
    oordeel: Oordeel
    titel: str | None = None
    tekst: Markdown
    gemeenten: list[Id] = Field(
        default_factory=list,
        description="Alleen nodig als het rapport over meer gemeenten gaat; leeg betekent: de gemeente van het rapport.",
    )
    niveau: Niveau | None = Field(
        default=None,
        description="Alleen bij een landelijk of thematisch rapport, voor een onderdeel zonder 'gemeenten': 'landelijk' of 'meerdere_gemeenten'.",
    )


class GoedVoorbeeld(Links):
    soort: Literal["goed_voorbeeld"]
    id: Id
    titel: str | None = None
    tekst: Markdown
    gemeenten: list[Id] = Field(
        default_factory=list,
        description="Alleen nodig als het rapport over meer gemeenten gaat; meer dan één als het voorbeeld voor meer gemeenten geldt.",
    )
    waarneming: Waarneming = "gezien"
    niveau: Niveau | None = Field(
        default=None,
        description="Alleen bij een landelijk of thematisch rapport, voor een onderdeel zonder 'gemeenten': 'landelijk' of 'meerdere_gemeenten'.",
    )
    # Structured fields as in a practice databank; only what the source says, empty ones are not shown.
    wat: str | None = Field(default=None, description="Wat is het voorbeeld (werkwijze, instrument, afspraak)?")
    voor_wie: str | None = Field(default=None, description="Voor wie is het bedoeld (doelgroep)?")
    hoe: str | None = Field(default=None, description="Hoe werkt het (aanpak)?")
    met_wie: str | None = Field(default=None, description="Met wie (samenwerkingspartners)?")


class Aanbeveling(Links):
    soort: Literal["aanbeveling"]
    id: Id
    nummer: int | None = None
    tekst: Markdown


class Aanbevelingen(Model):
    """Unnumbered recommendations under one introduction ("TSD vindt het noodzakelijk dat:"), shown as one list."""

    soort: Literal["aanbevelingen"]
    inleiding: Markdown = Field(description="De zin waar de lijst onder staat, zoals de bron die geeft.")
    aanbevelingen: list[Aanbeveling] = Field(min_length=1)


class Citaat(Model):
    soort: Literal["citaat"]
    tekst: Markdown
    spreker: str = Field(description="Rol van de spreker, zoals de bron die noemt.")


class Casus(Links):
    soort: Literal["casus"]
    id: Id
    titel: str | None = None
    tekst: Markdown


Blok = Annotated[
    Tekst | Bevinding | GoedVoorbeeld | Aanbeveling | Aanbevelingen | Citaat | Casus,
    Field(discriminator="soort"),
]


class Sectie(Links):
    """A chapter or paragraph of a report; content blocks keep the report's order.

    A section may link to indicatoren and onderwerpen itself, for chapters of
    thematic reports that are about one topic as a whole.
    """

    id: Id
    titel: str
    toon_kader: bool = Field(
        default=False,
        description="Deze sectie is de bijlage met het toezichtkader: de site toont hier het kader (of de variant) van het rapport in plaats van een kopie.",
    )
    inhoud: list[Blok] = Field(default_factory=list)
    secties: list[Sectie] = Field(default_factory=list)


class KaderVerwijzing(Model):
    """The kader (and regional variant) a report was judged against."""

    kader: Id
    variant: Id | None = None
    indicatoren: list[Id] = Field(
        default_factory=list,
        description="De indicatoren die dit onderzoek toetste; leeg betekent: alle indicatoren van het kader.",
    )
    versie: str | None = Field(
        default=None, description="Versie van het kader waaraan is getoetst, zoals het kader die noemt ('versie')."
    )
    koppeling: Literal["bron", "redactie"] = Field(
        default="bron",
        description=(
            "bron: het rapport ordent zijn bevindingen zelf naar de indicatoren; redactie: het rapport doet dat niet en "
            "de koppeling van hoofdstukken en voorbeelden aan indicatoren is van de redactie (de site zegt dat erbij)."
        ),
    )


Datum = Annotated[datetime.date, StrictType()]
NazorgStatus = Literal["gevraagd", "ontvangen", "afgerond"]


class NazorgStap(Model):
    """One step in the follow-up: asked, received, closed, with its date (per gemeente in a report about several)."""

    status: NazorgStatus
    datum: Datum
    gemeente: Id | None = Field(default=None, description="Alleen bij een rapport over meer gemeenten.")
    toelichting: Markdown | None = None


class Vervolg(Model):
    """A follow-up publication: a later report on this site (by id) or a letter or document elsewhere."""

    rapport: Id | None = Field(default=None, description="Id van het vervolgrapport als het op deze site staat.")
    titel: str | None = Field(default=None, description="Titel als het vervolg niet op deze site staat.")
    datum: PartialDate | None = None
    url: str | None = Field(default=None, description="Alleen een adres dat echt bestaat; laat weg als het onbekend is.")


class Nazorg(Model):
    deadline: Datum | None = Field(default=None, description="Datum waarvóór de gemeente schriftelijk reageert.")
    stappen: list[NazorgStap] = Field(default_factory=list, description="Verloop: gevraagd, ontvangen, afgerond, met datum.")
    vervolg: list[Vervolg] = Field(default_factory=list, description="Vervolgpublicaties (monitoring, brief).")


class Omvang(Model):
    """How much the study examined; the report's 'gemeenten' are the ones it names, often fewer."""

    gemeenten: int | None = Field(default=None, ge=1, description="Aantal onderzochte gemeenten.")
    regios: int | None = Field(default=None, ge=1, description="Aantal onderzochte regio's.")
    dossiers: int | None = Field(default=None, ge=1, description="Aantal onderzochte dossiers.")
    toelichting: Markdown | None = None


class Document(Model):
    """The original publication; never invent an identifier or address."""

    titel: str
    kenmerk: str | None = Field(default=None, description="Kenmerk of ander identificatienummer, als de bron dat geeft.")
    url: str | None = Field(default=None, description="Alleen een bekend adres van het oorspronkelijke document.")


class Rapport(Model):
    id: Id
    titel: str
    soort: Literal["gemeenterapport", "landelijk", "thematisch"]
    uitgever: str
    publicatie: PartialDate
    onderzoek: str = Field(description="Onderzoek of reeks waar het rapport bij hoort.")
    regio: str | None = None
    gemeenten: list[Id] = Field(default_factory=list)
    inspecties: list[str] = Field(default_factory=list)
    kader: KaderVerwijzing | None = None
    nazorg: Nazorg | None = None
    omvang: Omvang | None = None
    uitgevers: list[str] = Field(
        default_factory=list, description="Alle uitgevers, als het er meer zijn dan 'uitgever' noemt (bijv. STJ en TSD)."
    )
    document: Document | None = Field(default=None, description="Het oorspronkelijke document.")
    gewijzigd: Datum | None = Field(
        default=None, description="Datum waarop de inhoud van deze pagina voor het laatst is gewijzigd (jjjj-mm-dd)."
    )
    beschrijving: str | None = Field(
        default=None, description="Korte beschrijving (één of twee zinnen) voor zoekmachines en feeds."
    )
    secties: list[Sectie]
    voetnoten: dict[int, Markdown] = Field(default_factory=dict)

    @property
    def jaar(self) -> int:
        return int(self.publicatie[:4])
