"""Problems found in the content, reported all at once as ``path:line:column: message``.

Every stage (load, validate, index) returns problems instead of raising, so a
maintainer sees every mistake in one run, and no stage needs a traceback.
An exception that escapes anyway is a bug: ``guard`` turns it into one line
that names the file and asks for a bug report.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# Characters a terminal or editor would act on instead of showing: C0 and C1 controls, DEL,
# and the bidirectional overrides and isolates that can make a message read differently.
_UNSHOWABLE = {code: f"\\x{code:02x}" for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_UNSHOWABLE |= {code: f"\\u{code:04x}" for code in [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


def escape_controls(text: str) -> str:
    """``text`` with every control and bidi character written as an escape such as ``\\x1b``."""
    return text.translate(_UNSHOWABLE)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at a position a maintainer's editor can jump to."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return escape_controls(f"{self.path}:{self.line}:{self.column}: {self.message}")


class ContentError(Exception):
    """Raised by the pipeline when the content has problems; carries all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem]) -> str:
    """The text shown to a maintainer: a count, then one line per problem."""
    count = len(problems)
    noun = "probleem" if count == 1 else "problemen"
    lines = [f"De inhoud bevat {count} {noun}:"]
    lines += [f"  {p}" for p in problems]
    lines.append("Herstel deze en bouw opnieuw; er is niets gepubliceerd of overschreven.")
    return "\n".join(lines)


# Set to "raise" (the tests do) to let an unexpected exception through the guard with its traceback,
# so that a test fails whenever the guard is reached.
INTERNAL_ERROR_ENV = "KADER_INTERN_FOUT"


class InternalError(Exception):
    """An unexpected exception (a bug), as one line that names the file being processed."""

    def __init__(self, where: str, error: BaseException) -> None:
        self.where = where
        detail = escape_controls(str(error))
        detail = detail if len(detail) <= 300 else detail[:299] + "…"
        super().__init__(
            f"interne fout bij het verwerken van {escape_controls(where)}: {type(error).__name__}: {detail}"
            " — meld dit als bug met dit bestand"
        )


@contextmanager
def guard(where: str) -> Iterator[None]:
    """Turn any unexpected exception inside the block into ``InternalError`` naming ``where``.

    Use it around the work on one file (``where`` is that file) and once at the
    top of every entry point (command line, MkDocs plugin), which prints the
    error's one line and exits non-zero instead of showing a traceback.
    ``ContentError`` and an ``InternalError`` from an inner guard pass unchanged.
    """
    try:
        yield
    except (ContentError, InternalError):
        raise
    except Exception as error:
        if os.environ.get(INTERNAL_ERROR_ENV) == "raise":
            raise
        raise InternalError(where, error) from None
