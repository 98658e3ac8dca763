"""Stage 2, validate: turn parsed YAML into the typed model, or into problems.

Pydantic does the type checking; this module only translates its errors into
messages a maintainer can act on (Dutch, naming the key, the value and what
was expected) and adds the checks a schema cannot express: the text checks
that make a passing file always render safely (raw HTML, link targets,
footnote definitions, attributes, list depth, placeholders), and footnotes
that exist.
"""

from __future__ import annotations

import datetime
import difflib
import html
import re
import types
import typing
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from . import model as m
from .load import Loaded, Positions, Source, kind_of
from .problems import Problem, escape_controls, guard
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
    # Files left out because they could not be read or validated, by kind: references to what they
    # define cannot be checked, so the index stage skips those checks instead of reporting each one.
    failed: dict[str, list[str]] = field(default_factory=dict)


ValidateMemo = dict[str, tuple[int, BaseModel | None, list[Problem]]]


def validate_all(loaded: Loaded, positions: Positions, memo: ValidateMemo | None = None) -> tuple[Content, list[Problem]]:
    """Validate every parsed file; a file with problems is left out of the content.

    ``memo`` reuses the result for a file whose parse is the same object as
    last time (see ``load_all``), so ``mkdocs serve`` validates only what changed.
    """
    content = Content()
    problems: list[Problem] = []
    for problem in loaded.problems:
        kind = kind_of(problem.path)
        if kind is not None:
            content.failed.setdefault(kind, []).append(problem.path)
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
        else:
            content.failed.setdefault(source.kind, []).append(source.rel)
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
    with guard(source.rel):
        return _validate_source(source, positions)


def _validate_source(source: Source, positions: Positions) -> tuple[BaseModel | None, list[Problem]]:
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
            kind = node.get("soort")
            soort = kind if isinstance(kind, str) and kind in _KINDS else "onderdeel"
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

# Every pattern here runs in linear time on any text (tests/test_hostile.py measures it):
# no two adjacent quantifiers can match the same characters.
RAW_HTML = re.compile(r"<\s*(?:/\s*)?[A-Za-z!?]")
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s\[]+)\](?!:)")
INLINE_LINK = re.compile(r"\]\(")
IMAGE = re.compile(r"!\[")
# A reference or footnote definition at the start of a line, also inside a list item or quote.
DEFINITION = re.compile(r"(?m)^[ \t>*+\-0-9.)]*\[([^\[\]\n]*)\]:")
# attr_list syntax: {: …}, {#id}, {.class}, {key=value}
ATTR_LIST = re.compile(r"\{[ \t]*(?::|[#.][^\s}]|[A-Za-z_][\w-]*[ \t]*=)")
ALLOWED_TARGET = re.compile(r"(?i)(?:https?://|mailto:)\S")
# Markdown list (and quote) nesting deeper than this is refused: it never occurs in a report
# and a few hundred levels exhaust the Markdown converter's recursion.
MAX_LIST_DEPTH = 6
# Characters no transcribed text contains and a reader cannot see: controls (tab and newline are
# fine), DEL, C1 controls and the bidirectional overrides and isolates that reorder what is shown.
INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Every check below needs one of these; a text without any (most ids, names and sentences) is done at once.
# Split in three so that each search can skip ahead quickly (a leading character class or literal).
NEEDS_CHECK = re.compile("[<\\[\\]{}#\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MARKUP_LINE = re.compile(r"[ \t]*(?:[*+>=-]|\d{1,9}[.)])|[ \t]{7}")  # at the start of a line
MARKUP_AFTER_NEWLINE = re.compile(r"\n(?:[ \t]*(?:[*+>=-]|\d{1,9}[.)])|[ \t]{7})")


def _needs_check(text: str) -> bool:
    return bool(
        NEEDS_CHECK.search(text)
        or PLACEHOLDER in text
        or MARKUP_LINE.match(text)
        or ("\n" in text and MARKUP_AFTER_NEWLINE.search(text))
    )


# Headings: '# Kop' and a line of === or --- under a line of text. A report's structure is its sections.
HEADING = re.compile(r"(?m)^[ \t>*+\-0-9.)]*#|^[^\S\n]*\S.*\n[ \t>]*(?:=+|-+)[ \t]*$")
# Square brackets nested deeper than this are refused, and so is a '[' without its ']': Python-Markdown
# searches for the closing bracket from every '[', which is quadratic on thousands of open brackets.
MAX_BRACKET_DEPTH = 3
BRACKET = re.compile(r"\\.|[\[\]]", re.DOTALL)
# The scaffold (python -m generator nieuw-rapport) marks every text and date still to be filled in.
PLACEHOLDER = "VUL IN"
PLACEHOLDER_DATE = datetime.date(1111, 11, 11)
PLACEHOLDER_PUBLICATIE = "1111"


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
    """Refuse what the Markdown converter would turn into something other than safe text.

    Content is converted by Python-Markdown (core syntax) and cleaned by an
    allowlist sanitizer; these checks make sure a file that passes here always
    renders: no raw HTML, links only to https:, http: or mailto:, no images,
    no footnote definitions inside a text, no attr_list attributes and no
    absurdly deep lists. Each is reported at its position in the file.
    """
    for loc, text in strings(source.data):
        for offset, message in text_problems(text, _last_key(loc)):
            line, column = positions.within(source.rel, loc, text, offset)
            yield Problem(source.rel, line, column, message)
    yield from _placeholder_dates(source, positions)


def text_problems(text: str, key: str) -> Iterator[tuple[int, str]]:
    """(offset, message) for everything in one text that the checks refuse."""
    if not _needs_check(text):
        return
    if PLACEHOLDER in text:
        yield (
            text.index(PLACEHOLDER),
            f"'{key}' bevat nog de plaatshouder '{PLACEHOLDER}' uit het sjabloon; vervang die door de tekst uit de bron",
        )
    invisible = INVISIBLE.search(text)
    if invisible:
        yield (
            invisible.start(),
            f"onzichtbaar stuurteken {escape_controls(invisible.group())} in '{key}'; haal het weg (het komt meestal mee bij kopiëren uit een pdf)",
        )
    html = RAW_HTML.search(text)
    if html:
        snippet = text[html.start() : html.start() + 12].split(">")[0]
        yield (
            html.start(),
            f"ruwe HTML ('{snippet}…') in '{key}' is niet toegestaan; schrijf Markdown "
            "(bijv. *cursief*, [^1] voor een voetnoot, [tekst](https://…) voor een link)",
        )
    image = IMAGE.search(text)
    if image:
        yield image.start(), f"een afbeelding ('![…](…)') in '{key}' is niet toegestaan; de site toont alleen tekst"
    links = list(_link_problems(text, key))
    if links:
        offset, message = links[0]
        more = f" (en nog {len(links) - 1} andere links in deze tekst)" if len(links) > 1 else ""
        yield offset, message + more
    attr = ATTR_LIST.search(text)
    if attr:
        yield (
            attr.start(),
            f"'{text[attr.start() : attr.start() + 12].split('}')[0]}…' in '{key}' is niet toegestaan: "
            "attributen ({: …}, {#…}, {.…}) horen niet in de tekst",
        )
    heading = HEADING.search(text)
    if heading:
        yield (
            heading.start(),
            f"een kopje ('#' of een regel met === of --- onder tekst) in '{key}' is niet toegestaan; "
            "maak er een sectie van (id, titel) of schrijf \\# voor een gewoon hekje",
        )
    brackets = _bracket_problem(text, key)
    if brackets is not None:
        yield brackets
    deep = _deep_list(text)
    if deep is not None:
        yield (
            deep,
            f"opsomming of citaat in '{key}' is dieper genest dan {MAX_LIST_DEPTH} niveaus; "
            "maak de opsomming platter (minder inspringing)",
        )


def _link_problems(text: str, key: str) -> Iterator[tuple[int, str]]:
    """Every refused link target and footnote definition in a text (the caller reports the first and a count)."""
    for link in INLINE_LINK.finditer(text):
        start = link.end()
        # the target ends at ')' at the latest; another '](' or a blank line ends it too (bounded work per link)
        ends = [text.find(mark, start, start + 2048) for mark in (")", "](", "\n\n")]
        end = min([e for e in ends if e >= 0], default=min(len(text), start + 2048))
        problem = _target_problem(text[start:end], key)
        if problem:
            yield start, problem
    for definition in DEFINITION.finditer(text):
        if definition.group(1).startswith("^"):
            yield (
                definition.start(1) - 1,
                f"voetnoottekst ('[{definition.group(1)}]:') in '{key}' is niet toegestaan; "
                "zet de tekst onder 'voetnoten' en verwijs ernaar met [^1]",
            )
            continue
        rest = text[definition.end() : definition.end() + 2048].split(maxsplit=1)
        problem = _target_problem(rest[0] if rest else "", key)
        if problem:
            yield definition.end(), problem


def _target_problem(raw: str, key: str) -> str | None:
    """Why a link target is refused, or None when it is an absolute https:, http: or mailto: address.

    Decided after HTML entities are decoded and whitespace and control
    characters removed, as a browser would read it: ``jav&#x61;script:`` and
    ``java<newline>script:`` are caught.
    """
    decoded = html.unescape(raw.lstrip(" \t\n").removeprefix("<"))
    url = decoded.split(maxsplit=1)[0] if decoded[:1].strip() else ""  # an encoded space before the address: refused
    squashed = "".join(ch for ch in decoded if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf"))
    shown = squashed if len(squashed) <= 60 else squashed[:57] + "…"
    if ALLOWED_TARGET.match(url) and url == squashed[: len(url)] and url.isprintable():
        return None
    if re.match(r"(?i)<?(javascript|vbscript|data|file):", squashed):
        kind = "een script- of datalink"
    elif squashed.startswith("#"):
        kind = "een link naar een anker"
    elif squashed.startswith("//"):
        kind = "een link zonder protocol"
    elif not squashed:
        kind = "een link zonder adres"
    else:
        kind = "een relatieve link of onbekend protocol"
    return f"link naar '{shown}' in '{key}' is niet toegestaan ({kind}): links beginnen met https://, http:// of mailto:"


def _bracket_problem(text: str, key: str) -> tuple[int, str] | None:
    """A '[' without its ']', or brackets nested deeper than MAX_BRACKET_DEPTH (escaped ones, \\[, do not count)."""
    if "[" not in text:
        return None
    open_at: list[int] = []
    for match in BRACKET.finditer(text):
        bracket = match.group()
        if bracket == "[":
            open_at.append(match.start())
            if len(open_at) > MAX_BRACKET_DEPTH:
                return (
                    match.start(),
                    f"blokhaken in '{key}' zijn dieper genest dan {MAX_BRACKET_DEPTH} niveaus; schrijf \\[ voor een losse blokhaak",
                )
        elif bracket == "]" and open_at:
            open_at.pop()
    if open_at:
        return open_at[0], f"'[' zonder ']' in '{key}'; sluit de link of voetnoot af, of schrijf \\[ voor een losse blokhaak"
    return None


def _deep_list(text: str) -> int | None:
    """Offset of the first line nested deeper than MAX_LIST_DEPTH lists and quotes, or None."""
    offset = 0
    for line in text.split("\n"):
        depth, indent, i, n = 0, 0, 0, len(line)
        while i < n and depth + indent // 4 <= MAX_LIST_DEPTH:
            ch = line[i]
            if ch == " ":
                indent, i = indent + 1, i + 1
            elif ch == "\t":
                indent, i = indent + 4, i + 1
            elif ch == ">":
                depth, i = depth + 1, i + 1
            elif ch in "*+-" and line[i + 1 : i + 2] in (" ", "\t"):
                depth, i = depth + 1, i + 2
            elif ch.isdigit():
                j = i
                while j < n and line[j].isdigit():
                    j += 1
                if line[j : j + 1] not in (".", ")") or line[j + 1 : j + 2] not in (" ", "\t"):
                    break
                depth, i = depth + 1, j + 2
            else:
                break
        if depth + indent // 4 > MAX_LIST_DEPTH:
            return offset
        offset += len(line) + 1
    return None


PLACEHOLDER_NUMBER = 1111


def _placeholder_dates(source: Source, positions: Positions) -> Iterator[Problem]:
    """The scaffold's example dates and numbers (1111-11-11, '1111', 1111) are still there, anywhere in the file."""
    for loc, value in _values(source.data):
        if value == PLACEHOLDER_DATE or (value == PLACEHOLDER_PUBLICATIE and isinstance(value, str)):
            what = "voorbeelddatum"
        elif value == PLACEHOLDER_NUMBER and type(value) is int:
            what = "voorbeeldgetal"
        else:
            continue
        line, column = positions.of(source.rel, loc)
        yield Problem(source.rel, line, column, f"'{_last_key(loc)}' is nog het {what} uit het sjabloon; vul in wat de bron zegt")


def _values(data: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every scalar value in parsed YAML, with its loc."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _values(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _values(value, (*loc, index))
    else:
        yield loc, data


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
