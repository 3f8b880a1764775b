"""The project's own error types and the "did you mean" helper.

Every problem with user input is reported as ``file:line:column: message``;
the CLI prints these and exits 2 without a traceback.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Problem:
    """One located complaint about an input file."""

    source: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        where = self.source
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class MtorlogicError(Exception):
    """Base class: anything the CLI reports as a user error (exit 2)."""


class InputError(MtorlogicError):
    """Bad input: one or more located problems."""

    def __init__(self, problems: Iterable[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem("<input>", 0, 0, problems)]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, source: str, message: str, line: int = 0, column: int = 0) -> "InputError":
        return cls([Problem(source, line, column, message)])


class TooLargeError(MtorlogicError):
    """A computation too large for the chosen method; the message names one that copes."""


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'X'?)`` or an empty string."""
    pool = list(candidates)
    close = difflib.get_close_matches(name, pool, n=3, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in pool}
        if name.lower() in lowered:
            close = [lowered[name.lower()]]
    if not close:
        return ""
    return " (did you mean " + " or ".join(f"'{c}'" for c in close) + "?)"
