"""Stage 1, load: find the content files and parse them as YAML.

Parsing uses ruamel.yaml's fast safe loader. Positions are needed only when
something is wrong, so ``Positions`` re-reads a file with the round-trip
loader (which records line and column of every key and item) on demand.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.resolver import VersionedResolver

from .problems import Problem

CONTENT_DIRS = ("kader", "rapporten")

# Which model a file is validated into, decided by where it lives.
SHARED_LISTS = {
    "kader/gemeenten.yaml": "gemeenten",
    "kader/onderwerpen.yaml": "onderwerpen",
    "kader/begrippen.yaml": "begrippen",
}


class _Constructor(SafeConstructor):
    """Safe constructor whose impossible dates (2019-11-31) are YAML errors with a position."""

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
    """Every file below the content folders, in a stable order; dotfiles are ignored."""
    for name in CONTENT_DIRS:
        folder = root / name
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts):
                yield path


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
    """Parse many files, in order."""
    return [parse_file(*f) for f in files]


def parse_file(path: Path, rel: str, kind: str) -> tuple[Source | None, Problem | None]:
    """Read one file as UTF-8 YAML; a problem names the exact position of a syntax error."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position_of_byte(raw, exc.start)
        return None, Problem(rel, line, column, f"het bestand is geen UTF-8 (byte 0x{raw[exc.start]:02x}); sla het op als UTF-8")
    try:
        data = _safe_yaml().load(text)
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
            except (YAMLError, OSError, UnicodeDecodeError, ValueError):
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
