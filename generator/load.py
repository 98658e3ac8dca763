"""Stage 1, load: find the content files and parse them as YAML.

Parsing uses ruamel.yaml's fast safe loader. Positions are needed only when
something is wrong, so ``Positions`` re-reads a file with the round-trip
loader (which records line and column of every key and item) on demand.

Content is text. Before anything is constructed, the composed node tree is
walked once, without recursion, and refused with a position when it holds a
tag other than the plain YAML ones (no ``!!binary``, ``!!set``, ``!!python/…``
or custom tags), an anchor or alias (content never needs them; refusing them
ends alias bombs and recursive aliases), nesting deeper than ``MAX_DEPTH``,
an integer longer than ``MAX_INT_DIGITS`` digits or a text longer than
``MAX_TEXT_CHARS``. Files larger than ``MAX_FILE_BYTES`` are not read, and
symbolic links (or anything resolving outside the project) are never followed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from . import processes
from .problems import Problem, escape_controls, guard

CONTENT_DIRS = ("kader", "rapporten")

# Which model a file is validated into, decided by where it lives.
SHARED_LISTS = {
    "kader/gemeenten.yaml": "gemeenten",
    "kader/onderwerpen.yaml": "onderwerpen",
    "kader/begrippen.yaml": "begrippen",
}


# Limits. The largest real file is about 70 kB and the longest text about 5 500 characters;
# the deepest real nesting is 10 levels (a report's sections, blocks and their lists).
MAX_FILE_BYTES = 2_000_000
MAX_TEXT_CHARS = 100_000
MAX_DEPTH = 40
MAX_INT_DIGITS = 18
# Below this bound on the nesting (see _nesting_bound) libyaml's C composer is safe to run directly;
# its recursion crashes the interpreter somewhere above 10 000 levels.
_COMPOSE_SAFE = 1000

_YAML_TAG = "tag:yaml.org,2002:"
_INT_TAG = _YAML_TAG + "int"
ALLOWED_TAGS = frozenset(_YAML_TAG + t for t in ("str", "int", "bool", "null", "float", "timestamp", "map", "seq"))


class Refused(YAMLError):
    """A file that is well-formed YAML but not acceptable content; carries the position to report."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


class _AliasFound(YAMLError):
    """An alias (*name) in the tree; its exact position is found from the event stream."""


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else tag


def check_tree(root: Node) -> None:
    """Refuse what content never needs, walking the node tree without recursion (see the module docstring).

    Runs on every node of every file, so the common case (an allowed tag, a
    short scalar) takes as few steps as possible.
    """
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 1)]
    pop, push, allowed = stack.pop, stack.append, ALLOWED_TAGS
    while stack:
        node, depth = pop()
        tag = node.tag
        if tag not in allowed and str(getattr(tag, "value", tag)) not in allowed:
            raise Refused(
                *_at(node), f"de YAML-tag '{_tag_name(str(getattr(tag, 'value', tag)))}' is niet toegestaan: " + _TAG_HINT
            )
        kind = type(node)
        if kind is ScalarNode:
            value = node.value
            if len(value) > MAX_INT_DIGITS and (tag == _INT_TAG or len(value) > MAX_TEXT_CHARS):
                _check_long_scalar(node, tag == _INT_TAG, value)
            continue
        if id(node) in seen:  # an alias of a collection (anchors are refused from the events, this is the backstop)
            raise _AliasFound()
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise Refused(*_at(node), _too_deep())
        if kind is MappingNode or isinstance(node, MappingNode):
            for key, value in reversed(node.value):
                if type(key) is not ScalarNode:
                    raise Refused(*_at(key), "een sleutel moet een woord of getal zijn, geen lijst of mapping")
                push((value, depth + 1))
                push((key, depth + 1))
        else:
            for item in reversed(node.value):
                push((item, depth + 1))


_TAG_HINT = "inhoud is gewone tekst, getallen, datums, lijsten en mappings; haal de tag weg (zet tekst die met ! begint tussen aanhalingstekens)"


def _at(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _check_long_scalar(node: Node, is_int: bool, value: str) -> None:
    digits = sum(c.isdigit() for c in value) if is_int else 0
    if digits > MAX_INT_DIGITS:
        raise Refused(
            *_at(node),
            f"getal van {digits} cijfers; de grens is {MAX_INT_DIGITS} cijfers (is het tekst, zet het dan tussen aanhalingstekens)",
        )
    if len(value) > MAX_TEXT_CHARS:
        raise Refused(
            *_at(node),
            f"tekst van {len(value)} tekens; de grens is {MAX_TEXT_CHARS} tekens per waarde: verdeel de tekst over meer blokken",
        )


def _too_deep() -> str:
    return f"de inhoud is dieper genest dan {MAX_DEPTH} niveaus; zo diep gaat geen rapport of kader (controleer de inspringing)"


class _Constructor(SafeConstructor):
    """Safe constructor that accepts only plain content (check_tree) and reports impossible dates with a position."""

    def construct_document(self, node: Any) -> Any:
        check_tree(node)
        return super().construct_document(node)

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError as exc:
            raise ConstructorError(
                None, None, f"ongeldige datum '{node.value}' ({exc}); schrijf een bestaande datum als 2019-11-01", node.start_mark
            ) from None


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


class _Resolver(VersionedResolver):
    """ruamel's resolver, looking up its YAML-version table once per loader instead of once per scalar.

    ruamel recomputes the table for every scalar (through a failing attribute
    lookup on the C parser), a third of the loading time at 1000 reports. The
    C parser reports no ``%YAML`` directive, so the version is fixed per loader.
    """

    @property
    def versioned_resolver(self) -> Any:
        table = self.__dict__.get("_table")
        if table is None:
            table = self.__dict__["_table"] = VersionedResolver.versioned_resolver.fget(self)  # type: ignore[attr-defined]
        return table


def _safe_yaml() -> YAML:
    """The fast loader: libyaml's C parser (ruamel.yaml.clib) when installed, about 7x faster at 1000 reports."""
    try:
        yaml = YAML(typ="safe", pure=False)
        yaml.Resolver = _Resolver
    except (ImportError, NotImplementedError):  # pragma: no cover - clib missing
        yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = _Constructor
    return yaml


@dataclass
class Source:
    """One parsed content file."""

    path: Path
    rel: str  # path relative to the project root, as shown in messages
    kind: str  # kader | variant | rapport | gemeenten | onderwerpen | begrippen
    data: Any
    mtime_ns: int = 0


@dataclass
class Loaded:
    sources: list[Source] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def kind_of(rel: str) -> str | None:
    """The document kind for a path relative to the root, or None if no content file belongs there."""
    if rel in SHARED_LISTS:
        return SHARED_LISTS[rel]
    parts = rel.split("/")
    if not rel.endswith(".yaml"):
        return None
    if parts[0] == "kader" and len(parts) == 3 and parts[1] == "varianten":
        return "variant"
    if parts[0] == "kader" and len(parts) == 2:
        return "kader"
    if parts[0] == "rapporten" and len(parts) == 2:
        return "rapport"
    return None


def content_files(root: Path) -> Iterator[Path]:
    """Every regular file below the content folders, in a stable order; dotfiles and links are left out."""
    for path, refused in _entries(root):
        if not refused:
            yield path


def refused_entries(root: Path) -> Iterator[Problem]:
    """A problem for every symbolic link (or other non-regular file) below the content folders: never read, never published."""
    for path, refused in _entries(root):
        if refused:
            rel = path.relative_to(root).as_posix()
            what = "een symbolische koppeling" if path.is_symlink() else "geen gewoon bestand"
            yield Problem(
                rel,
                1,
                1,
                f"dit is {what}; die worden niet gelezen en niet gepubliceerd: zet het bestand zelf hier neer of verwijder het",
            )


def _entries(root: Path) -> Iterator[tuple[Path, bool]]:
    """(path, refused) for every entry below kader/ and rapporten/; links are reported, never followed."""
    for name in CONTENT_DIRS:
        folder = root / name
        if folder.is_symlink():
            yield folder, True
            continue
        if not folder.is_dir():
            continue
        found: list[tuple[Path, bool]] = []
        for dirpath, dirnames, filenames in os.walk(folder):  # does not follow links to folders
            here = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            found += [(here / d, True) for d in dirnames if (here / d).is_symlink()]
            for file_name in filenames:
                if not file_name.startswith("."):
                    path = here / file_name
                    found.append((path, path.is_symlink() or not path.is_file()))
        yield from sorted(found)


# A file's stamp: when it is unchanged, its parse (and validation) can be reused.
Stamp = tuple[int, int]
ParseMemo = dict[str, tuple[Stamp, "Source | None", "Problem | None"]]


def load_all(root: Path, memo: ParseMemo | None = None) -> Loaded:
    """Parse every content file; collect a problem for each file that cannot be read.

    ``memo`` (kept by a long-running caller such as ``mkdocs serve``) maps a
    file to its last parse; a file whose size and modification time did not
    change is not parsed again.
    """
    loaded = Loaded()
    results: dict[str, tuple[Source | None, Problem | None]] = {}
    todo: list[tuple[Path, str, str, Stamp]] = []
    loaded.problems += refused_entries(root)
    for path in content_files(root):
        rel = path.relative_to(root).as_posix()
        kind = kind_of(rel)
        if kind is None:
            results[rel] = (
                None,
                Problem(
                    rel,
                    1,
                    1,
                    "dit is geen inhoudsbestand: in kader/ en rapporten/ horen alleen .yaml-bestanden "
                    "(kader/<id>.yaml, kader/varianten/<id>.yaml, rapporten/<id>.yaml); verplaats of verwijder het",
                ),
            )
            continue
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        if memo is not None and rel in memo and memo[rel][0] == stamp:
            results[rel] = memo[rel][1:]
        else:
            results[rel] = None, None  # keeps the files' order
            todo.append((path, rel, kind, stamp))
    for (_, rel, _, stamp), parsed in zip(todo, parse_files([t[:3] for t in todo]), strict=True):
        results[rel] = parsed
        if memo is not None:
            memo[rel] = (stamp, *parsed)
    for source, problem in results.values():
        if problem:
            loaded.problems.append(problem)
        if source:
            loaded.sources.append(source)
    return loaded


def parse_files(files: list[tuple[Path, str, str]]) -> list[tuple[Source | None, Problem | None]]:
    """Parse the files, in two processes where the machine allows (``processes.map_halves``)."""
    return processes.map_halves(lambda file: parse_file(*file), files)


def parse_file(path: Path, rel: str, kind: str) -> tuple[Source | None, Problem | None]:
    """Read one file as UTF-8 YAML; a problem names the exact position of a syntax error or refused content."""
    with guard(rel):
        return _parse_file(path, rel, kind)


def _parse_file(path: Path, rel: str, kind: str) -> tuple[Source | None, Problem | None]:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, Problem(
            rel, 1, 1, f"het bestand is {size} bytes; de grens is {MAX_FILE_BYTES} bytes: verdeel de inhoud over meer bestanden"
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position_of_byte(raw, exc.start)
        return None, Problem(rel, line, column, f"het bestand is geen UTF-8 (byte 0x{raw[exc.start]:02x}); sla het op als UTF-8")
    try:
        if _nesting_bound(text) > _COMPOSE_SAFE or _MAYBE_ANCHOR.search(text):
            _check_events(text)
        data = _safe_yaml().load(text)
    except Refused as exc:
        return None, Problem(rel, exc.line, exc.column, exc.message)
    except _AliasFound:
        line, column = _first_alias(text)
        return None, Problem(rel, line, column, _ALIAS_MESSAGE)
    except ReaderError as exc:  # a character YAML does not allow, such as NUL
        line, column = _position_of_char(text, exc.position)
        shown = escape_controls(chr(exc.character)) if isinstance(exc.character, int) else repr(exc.character)
        return None, Problem(rel, line, column, f"het teken {shown} mag niet in een YAML-bestand staan; haal het weg")
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(filter(None, [exc.context, exc.problem])) or "ongeldige YAML"
        return None, Problem(rel, line, column, f"YAML-syntaxfout: {_dutch_yaml(what)}")
    except YAMLError as exc:  # errors without a position
        return None, Problem(rel, 1, 1, f"YAML-fout: {exc}")
    if data is None:
        return None, Problem(rel, 1, 1, "het bestand is leeg; vul het aan (zie BEHEER.md) of verwijder het")
    if not isinstance(data, dict):
        return None, Problem(rel, 1, 1, "het bestand moet een mapping (sleutel: waarde) bevatten, geen losse waarde of lijst")
    return Source(path, rel, kind, data, path.stat().st_mtime_ns), None


_ALIAS_MESSAGE = (
    "ankers (&naam) en verwijzingen (*naam) zijn niet toegestaan; schrijf de waarde voluit "
    "(zet tekst die met & of * begint tussen aanhalingstekens)"
)
_LINE_PREFIX = re.compile(r"(?m)^[ ?:-]*")
# Where an anchor may start (the composer forgets anchors, so their presence is read from the events).
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")


def _nesting_bound(text: str) -> int:
    """A cheap upper bound on the nesting depth: every flow bracket, plus the deepest block indentation.

    A block collection nests only by indenting further or by a compact '- '
    or '? ' on the same line, so the longest run of spaces and indicators at
    the start of a line bounds the block depth.
    """
    deepest_line = max((len(prefix) for prefix in _LINE_PREFIX.findall(text)), default=0)
    return text.count("[") + text.count("{") + deepest_line + 1


def _check_events(text: str) -> None:
    """Refuse anchors and too deep nesting from libyaml's event stream, which (unlike its composer) needs no recursion."""
    depth = 0
    for event in _safe_yaml().parse(text):
        if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
            raise Refused(event.start_mark.line + 1, event.start_mark.column + 1, _ALIAS_MESSAGE)
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise Refused(event.start_mark.line + 1, event.start_mark.column + 1, _too_deep())
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def _first_alias(text: str) -> tuple[int, int]:
    """Position of the first anchor or alias in the file (only called when the tree holds one)."""
    try:
        for event in _safe_yaml().parse(text):
            if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
                return event.start_mark.line + 1, event.start_mark.column + 1
    except YAMLError:
        pass
    return 1, 1


def _position_of_char(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _position_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


def _dutch_yaml(message: str) -> str:
    """ruamel's messages are English; keep them, but explain the usual ones."""
    hints = {
        "found duplicate key": "dubbele sleutel in dezelfde mapping",
        "mapping values are not allowed": "':' op een plek waar geen sleutel kan staan (zet tekst met ': ' tussen aanhalingstekens of gebruik |)",
        "could not find expected ':'": "een sleutel zonder ':' (of verkeerd ingesprongen regel)",
        "found character '\\t'": "een tab; YAML springt in met spaties",
    }
    for english, dutch in hints.items():
        if english in message:
            return f"{dutch} ({message})"
    return message


class Positions:
    """Line and column of any key or item in a file, read only when a message needs it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._trees: dict[str, Any] = {}

    def _tree(self, rel: str) -> Any:
        if rel not in self._trees:
            try:
                self._trees[rel] = YAML(typ="rt").load((self.root / rel).read_text("utf-8"))
            except (YAMLError, OSError, UnicodeDecodeError, ValueError, RecursionError):
                self._trees[rel] = None
        return self._trees[rel]

    def of(self, rel: str, loc: tuple[Any, ...], *, key: bool = False) -> tuple[int, int]:
        """Position of the node at ``loc`` (a path of keys and indexes, as pydantic reports it).

        Parts that are not in the tree (pydantic adds names of union members or
        tags) are skipped; a missing key ends the walk at its parent mapping,
        which is where the maintainer has to add it. With ``key=True`` the
        position is that of the key itself rather than its value.
        """
        node = self._tree(rel)
        line, column = 1, 1
        for index, part in enumerate(loc):
            last = index == len(loc) - 1
            if isinstance(node, CommentedMap) and part in node:
                at_key = (key and last) or isinstance(node[part], (CommentedMap, CommentedSeq))
                ln, col = node.lc.key(part) if at_key else node.lc.value(part)
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                ln, col = node.lc.item(part)
            else:
                continue  # a union tag or a key that is missing: stay at the parent
            line, column = ln + 1, col + 1
            node = node[part]
        return line, column

    def within(self, rel: str, loc: tuple[Any, ...], text: str, offset: int) -> tuple[int, int]:
        """Position of character ``offset`` of the string value at ``loc``.

        Finds the text's line in the file below the value's start; for block
        scalars (``|``) and single-line strings this gives the exact column.
        When the line cannot be found (a plain scalar folded over several
        lines), the value's start is the answer.
        """
        line, column = self.of(rel, loc)
        before = text[:offset]
        text_line = text.splitlines()[before.count("\n")] if text.strip() else ""
        in_line = offset - (before.rfind("\n") + 1)
        try:
            lines = (self.root / rel).read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return line, column
        for number in range(line - 1, min(len(lines), line + before.count("\n") + 3)):
            found = lines[number].find(text_line) if text_line else -1
            if found >= 0:
                return number + 1, found + in_line + 1
        return line, column
