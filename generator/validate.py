"""Stage 2, validate: turn parsed YAML into the typed model, or into problems.

Pydantic does the type checking; this module only translates its errors into
messages a maintainer can act on (Dutch, naming the key, the value and what
was expected) and adds the checks a schema cannot express: no raw HTML in
text, and footnotes that exist.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from . import model as m
from .load import Loaded, Positions, Source
from .problems import Problem
from .schema import SCHEMAS

# One model per kind of file; the same map generates the JSON Schemas.
MODELS: dict[str, type[BaseModel]] = SCHEMAS


@dataclass
class Content:
    """All validated documents, each with the file it came from."""

    kaders: list[tuple[m.Kader, str]] = field(default_factory=list)
    varianten: list[tuple[m.Variant, str]] = field(default_factory=list)
    rapporten: list[tuple[m.Rapport, str]] = field(default_factory=list)
    gemeenten: list[tuple[m.GemeentenBestand, str]] = field(default_factory=list)
    onderwerpen: list[tuple[m.OnderwerpenBestand, str]] = field(default_factory=list)
    begrippen: list[tuple[m.BegrippenBestand, str]] = field(default_factory=list)


ValidateMemo = dict[str, tuple[int, BaseModel | None, list[Problem]]]


def validate_all(loaded: Loaded, positions: Positions, memo: ValidateMemo | None = None) -> tuple[Content, list[Problem]]:
    """Validate every parsed file; a file with problems is left out of the content.

    ``memo`` reuses the result for a file whose parse is the same object as
    last time (see ``load_all``), so ``mkdocs serve`` validates only what changed.
    """
    content = Content()
    problems: list[Problem] = []
    for source in loaded.sources:
        if memo is not None and source.rel in memo and memo[source.rel][0] == id(source):
            _, document, found = memo[source.rel]
        else:
            document, found = validate_source(source, positions)
            if memo is not None:
                memo[source.rel] = (id(source), document, found)
        problems += found
        if document is not None and not found:
            bucket = getattr(content, _BUCKETS[source.kind])
            bucket.append((document, source.rel))
    return content, problems


_BUCKETS = {
    "kader": "kaders",
    "variant": "varianten",
    "rapport": "rapporten",
    "gemeenten": "gemeenten",
    "onderwerpen": "onderwerpen",
    "begrippen": "begrippen",
}


def validate_source(source: Source, positions: Positions) -> tuple[BaseModel | None, list[Problem]]:
    """Validate one file: schema errors first, then text checks on the same data."""
    model_class = MODELS[source.kind]
    problems = list(check_texts(source, positions))
    try:
        document = model_class.model_validate(source.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            if error["type"] == "union_tag_invalid":
                loc = (*loc, "soort")  # point at the misspelled kind itself
            line, column = positions.of(source.rel, loc, key=error["type"] == "extra_forbidden")
            problems.append(Problem(source.rel, line, column, explain(error, model_class, source.data)))
        return None, problems
    problems += check_footnotes(source, document, positions)
    return document, problems


# --------------------------------------------------------------------------- #
# Messages
# --------------------------------------------------------------------------- #


def explain(error: Any, model_class: type[BaseModel], data: Any) -> str:
    """A Dutch message for one pydantic error, naming key, value and what is expected."""
    loc = tuple(error["loc"])
    kind = error["type"]
    keys = [part for part in loc if isinstance(part, str)]
    key = keys[-1] if keys else "bestand"
    where = _owner(data, loc)
    value = error.get("input")
    shown = _show(value)
    if kind == "extra_forbidden":
        allowed = sorted(_fields_at(model_class, loc[:-1]))
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f"; bedoelde u '{close[0]}'?" if close else ""
        return f"onbekende sleutel '{key}'{where}{hint} Toegestaan: {', '.join(allowed)}"
    if kind == "missing":
        return f"verplichte sleutel '{key}' ontbreekt{where}"
    if kind == "union_tag_invalid":
        ctx = error.get("ctx", {})
        return f"onbekende soort '{ctx.get('tag', '')}'{where}; kies uit {ctx.get('expected_tags', '')}"
    if kind == "union_tag_not_found":
        return f"blok zonder 'soort'{where}; geef 'soort: tekst', 'soort: bevinding', 'soort: goed_voorbeeld', 'soort: aanbeveling', 'soort: aanbevelingen', 'soort: citaat' of 'soort: casus'"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"'{key}' heeft waarde {shown}{where}; toegestaan is {expected}"
    if kind == "string_pattern_mismatch":
        if key in ("publicatie",):
            return f"'{key}' is {shown}{where}; verwacht een jaar of jaar-maand, bijv. '2020-01'"
        return (
            f"'{key}' is {shown}{where}: geen geldige id; gebruik kleine letters, cijfers en streepjes, bijv. 'warme-overdracht'"
        )
    if kind.startswith("date"):
        return f"'{key}' is {shown}{where}: geen geldige datum; schrijf jjjj-mm-dd zonder aanhalingstekens, bijv. 2019-11-01"
    if kind in ("string_too_short",):
        return f"'{key}' is leeg{where}; vul tekst in of laat de sleutel weg"
    expected = _EXPECTED.get(kind)
    if expected:
        return f"'{key}' moet {expected} zijn{where}, maar is {shown}"
    return f"'{key}'{where}: {error['msg']} (waarde: {shown})"


_EXPECTED = {
    "string_type": "tekst",
    "int_type": "een geheel getal",
    "int_parsing": "een geheel getal",
    "int_from_float": "een geheel getal",
    "bool_type": "true of false",
    "bool_parsing": "true of false",
    "list_type": "een lijst (regels die beginnen met '- ')",
    "dict_type": "een mapping (sleutel: waarde)",
    "model_type": "een mapping (sleutel: waarde)",
    "model_attributes_type": "een mapping (sleutel: waarde)",
}


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "een mapping"
    if isinstance(value, list):
        return "een lijst"
    if value is None:
        return "leeg"
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "…'"


def _owner(data: Any, loc: tuple[Any, ...]) -> str:
    """' in bevinding 'x'' for the nearest enclosing mapping that has an id."""
    node, owner = data, ""
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            continue
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            soort = node.get("soort") if node.get("soort") in _KINDS else "onderdeel"
            owner = f" in {soort} '{node['id']}'"
    return owner


_KINDS = {"tekst", "bevinding", "goed_voorbeeld", "aanbeveling", "aanbevelingen", "citaat", "casus"}


def _fields_at(model_class: type[BaseModel], loc: tuple[Any, ...]) -> set[str]:
    """The allowed keys of the model at ``loc``, to suggest the intended key."""
    current: Any = model_class
    for part in loc:
        current = _step(current, part)
        if current is None:
            return set()
    return set(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else set()


def _step(annotation: Any, part: Any) -> Any:
    """Follow one loc part through a type annotation (model field, list item, union tag)."""
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if isinstance(part, str) and part in annotation.model_fields:
            return annotation.model_fields[part].annotation
        return None
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (list, tuple) and isinstance(part, int):
        return args[0]
    if origin is dict:
        return args[1]
    if origin in (Union, types.UnionType):
        for member in args:
            member = _unwrap(member)
            if isinstance(member, type) and issubclass(member, BaseModel):
                tag = member.model_fields.get("soort")
                if tag is not None and part in typing.get_args(tag.annotation):
                    return member
        return None
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional so the model or container type is left."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return _unwrap(members[0])
        return annotation
    return annotation


# --------------------------------------------------------------------------- #
# Text checks
# --------------------------------------------------------------------------- #

RAW_HTML = re.compile(r"<\s*/?\s*[A-Za-z!?]")
UNSAFE_LINK = re.compile(r"(?i)\b(javascript|vbscript|data)\s*:")
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def strings(data: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string value (and string key) in parsed YAML, with its loc."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*loc, index))
    elif isinstance(data, str):
        yield loc, data


def check_texts(source: Source, positions: Positions) -> Iterator[Problem]:
    """Refuse raw HTML and script links: maintainers write Markdown, readers must be safe."""
    for loc, text in strings(source.data):
        html = RAW_HTML.search(text)
        if html:
            snippet = text[html.start() : html.start() + 12].split(">")[0]
            line, column = positions.within(source.rel, loc, text, html.start())
            yield Problem(
                source.rel,
                line,
                column,
                f"ruwe HTML ('{snippet}…') in '{_last_key(loc)}' is niet toegestaan; schrijf Markdown "
                "(bijv. *cursief*, [^1] voor een voetnoot, [tekst](https://…) voor een link)",
            )
        unsafe = UNSAFE_LINK.search(text)
        if unsafe:
            line, column = positions.within(source.rel, loc, text, unsafe.start())
            yield Problem(
                source.rel,
                line,
                column,
                f"'{unsafe.group(0)}' in '{_last_key(loc)}' is niet toegestaan: links moeten beginnen met https://, http:// of mailto:",
            )


def _last_key(loc: tuple[Any, ...]) -> str:
    keys = [part for part in loc if isinstance(part, str)]
    return keys[-1] if keys else "tekst"


def check_footnotes(source: Source, document: BaseModel, positions: Positions) -> Iterator[Problem]:
    """Every [^n] has a footnote text, and every footnote text is used somewhere.

    A variant may also refer to the footnotes of its base kader; that is
    checked in the index stage, where the base is known.
    """
    notes = getattr(document, "voetnoten", None)
    if notes is None:
        return
    used: set[str] = set()
    for loc, text in strings(source.data):
        if loc and loc[0] == "voetnoten":
            continue
        for match in FOOTNOTE_REF.finditer(text):
            used.add(match.group(1))
            if source.kind == "variant":
                continue
            if not match.group(1).isdigit() or int(match.group(1)) not in notes:
                line, column = positions.within(source.rel, loc, text, match.start())
                known = ", ".join(str(n) for n in sorted(notes)) or "geen"
                yield Problem(
                    source.rel,
                    line,
                    column,
                    f"voetnoot [^{match.group(1)}] in '{_last_key(loc)}' heeft geen tekst onder 'voetnoten' (bekend: {known})",
                )
    for number in notes:
        if str(number) not in used:
            line, column = positions.of(source.rel, ("voetnoten", number), key=True)
            yield Problem(
                source.rel,
                line,
                column,
                f"voetnoot {number} wordt nergens gebruikt; verwijs ernaar met [^{number}] of verwijder hem",
            )
