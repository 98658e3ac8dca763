"""Problems found in the content, reported all at once as ``path:line:column: message``.

Every stage (load, validate, index) returns problems instead of raising, so a
maintainer sees every mistake in one run, and no stage needs a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at a position a maintainer's editor can jump to."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


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
