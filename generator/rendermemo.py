"""Rendered pages kept between `mkdocs serve` rebuilds, so a save re-renders only what it touched.

A page is a pure function of its template and the model objects in its
context. The parse and validation memos hand back the *same* model objects
for every file that did not change, so the identities of those objects (plus
the plain values around them) form a key that changes exactly when the page's
inputs change. An entry holds on to the objects in its key, so an identity
can never be reused by a new object while the entry lives.

Pages that read report data through the whole index, rather than through
their context, are not cached (see ``render.CACHED_TEMPLATES``): their key
would not see every input.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel

PLAIN = (str, int, float, bool, date, type(None))
T = TypeVar("T")


class Unkeyable(TypeError):
    """A context value whose inputs cannot be told from its identity (a function, say)."""


class RenderMemo:
    def __init__(self) -> None:
        self._entries: dict[str, tuple[Hashable, Any, list[object]]] = {}
        self._base: Hashable = None
        self._base_objects: list[object] = []
        self._used: set[str] = set()
        self.hits = 0
        self.misses = 0
        # The Jinja environment of the last rebuild, kept while converter and overrides are the same: its
        # compiled templates (Jinja recompiles a template whose file changed).
        self.environment: tuple[Hashable, Any] | None = None

    @property
    def base(self) -> Hashable:
        """The fingerprint of what every page may read, as of the last ``begin``."""
        return self._base

    def begin(self, base: Any) -> None:
        """Start a rebuild; ``base`` is what every page may read (kaders, gemeenten, templates…)."""
        objects: list[object] = []
        key = fingerprint(base, objects)
        if key != self._base:
            self._entries.clear()
        self._base, self._base_objects = key, objects
        self._used.clear()
        self.hits = self.misses = 0

    def reuse(self, name: str, inputs: Any, make: Callable[[], T]) -> T:
        """What ``make()`` returned in the last rebuild if ``inputs`` are the same objects, else ``make()``.

        ``name`` identifies the output (a page path, a data file).
        """
        objects: list[object] = []
        try:
            key = fingerprint(inputs, objects)
        except Unkeyable:
            return make()
        self._used.add(name)
        entry = self._entries.get(name)
        if entry is not None and entry[0] == key:
            self.hits += 1
            return entry[1]  # type: ignore[no-any-return]
        self.misses += 1
        value = make()
        self._entries[name] = (key, value, objects)
        return value

    def end(self) -> None:
        """Forget outputs that were not made in this rebuild (and the objects they held)."""
        for path in self._entries.keys() - self._used:
            del self._entries[path]


def reuse(memo: RenderMemo | None, name: str, inputs: Any, make: Callable[[], T]) -> T:
    """``memo.reuse`` when there is a memo (serve), else just ``make()`` (a single build keys nothing)."""
    return make() if memo is None else memo.reuse(name, inputs, make)


_KINDS: dict[type, str] = {t: "plain" for t in PLAIN}


def _kind(cls: type) -> str:
    kind = _KINDS.get(cls)
    if kind is None:
        if issubclass(cls, BaseModel):
            kind = "model"
        elif issubclass(cls, (list, tuple)):
            kind = "seq"
        elif issubclass(cls, dict):
            kind = "dict"
        elif hasattr(cls, "memo_inputs"):
            kind = "derived"
        elif dataclasses.is_dataclass(cls):
            kind = "dataclass"
            _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
        elif issubclass(cls, PLAIN):
            kind = "plain"
        else:
            raise Unkeyable(cls.__name__)
        _KINDS[cls] = kind
    return kind


_FIELDS: dict[type, tuple[str, ...]] = {}


def fingerprint(value: Any, objects: list[object]) -> Hashable:
    """A hashable key: plain values as they are, model objects by identity, containers element-wise.

    A class with a ``memo_inputs()`` method (the model objects it is made from, and nothing else) is keyed
    by the identities of those.
    """
    cls = type(value)
    kind = _KINDS.get(cls) or _kind(cls)
    if kind == "plain":
        return value  # type: ignore[no-any-return]
    if kind == "model":
        objects.append(value)
        return ("@", id(value))
    if kind == "seq":
        return tuple([fingerprint(v, objects) for v in value])
    if kind == "dict":
        return ("{", *[(k, fingerprint(v, objects)) for k, v in value.items()])
    if kind == "derived":  # made from a few model objects only (see index.ItemRef): keyed by theirs
        inputs = value.memo_inputs()
        objects.extend(inputs)
        return (cls.__name__, *[id(o) for o in inputs])
    return (cls.__name__, *[fingerprint(getattr(value, n), objects) for n in _FIELDS[cls]])
