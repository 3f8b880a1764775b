"""The project's own error types and the "did you mean" helper.

Every problem with user input is reported as ``file:line:column: message``;
the CLI prints these and exits 2 without a traceback. A computation that runs
out of its time budget raises :class:`TimeoutExceeded` (exit 3), saying what
was computed and what was not.
"""

from __future__ import annotations

import contextlib
import contextvars
import difflib
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, TypeVar


@dataclass(frozen=True)
class Problem:
    """One located complaint about an input file."""

    source: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if not self.source:  # not about a file: the message alone
            return printable(self.message)
        where = self.source
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return printable(f"{where}: {self.message}")

    def to_dict(self) -> dict[str, Any]:
        """``{"file", "line", "column", "message"}``; unknown parts are None."""
        return {"file": self.source or None, "line": self.line or None,
                "column": (self.column or None) if self.line else None, "message": self.message}


# Who reads the messages: a Python caller (the default) or the command line, which says so while a
# command runs. Advice is spelt for the reader: ``timeout=60`` in Python, ``--timeout 60`` in a shell.
_AUDIENCE: contextvars.ContextVar[str] = contextvars.ContextVar("audience", default="python")


@contextlib.contextmanager
def speaking_to_the_command_line() -> Iterator[None]:
    """Within the block, errors name command-line options and say ``<command line>`` for where a value came from."""
    token = _AUDIENCE.set("command line")
    try:
        yield
    finally:
        _AUDIENCE.reset(token)


def spell(command_line: str, python: str) -> str:
    """The same advice for the reader at hand: ``spell("--timeout 60", "timeout=60")``.

    >>> spell("--timeout 60", "timeout=60")
    'timeout=60'
    """
    return command_line if _AUDIENCE.get() == "command line" else python


def given_at() -> str:
    """Where a value passed as an argument came from: ``<command line>``, or nothing in Python."""
    return "<command line>" if _AUDIENCE.get() == "command line" else ""


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN``: a message quoting an input never sends the
    terminal an escape sequence it would obey (newlines and tabs stay).

    >>> printable("bad name '\\x1b[2J'")
    "bad name '\\\\x1b[2J'"
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class MtorlogicError(Exception):
    """Base class: anything the CLI reports as a user error (exit 2)."""

    exit_code = 2

    @property
    def problems(self) -> list[Problem]:
        """The error as located problems (one, without a location, unless a subclass knows more)."""
        return [Problem("", 0, 0, str(self))]


_E = TypeVar("_E", bound="InputError")


class InputError(MtorlogicError, ValueError):
    """Bad input: one or more located problems. A ValueError too, so ``except ValueError`` catches it."""

    def __init__(self, problems: Iterable[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem("<input>", 0, 0, problems)]
        self._problems = list(problems)
        super().__init__("\n".join(str(p) for p in self._problems))

    @property
    def problems(self) -> list[Problem]:
        return self._problems

    def __reduce__(self) -> tuple[type[InputError], tuple[list[Problem]]]:
        # keep the locations when sent from a worker process
        return (type(self), (self._problems,))

    @classmethod
    def at(cls: type[_E], source: str, message: str, line: int = 0, column: int = 0) -> _E:
        return cls([Problem(source, line, column, message)])


class UnknownName(InputError, KeyError):
    """An unknown node, drug or alteration. A KeyError too (``except KeyError`` works), that prints as
    its message (a plain KeyError would print the message in quotes).

    >>> try:
    ...     raise UnknownName.at("", "unknown node 'X'")
    ... except KeyError as e:
    ...     print(e)
    unknown node 'X'
    """

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class TooLargeError(MtorlogicError):
    """A computation too large for the chosen method; the message names one that copes."""


class TimeoutExceeded(MtorlogicError):
    """A bounded computation ran out of time (the CLI exits 3).

    Attributes
    ----------
    seconds : the time budget that ran out
    done, total, unit : how much of the work was finished (``total`` None when unknown)
    partial : results streamed back before the deadline (possibly empty)
    """

    exit_code = 3

    def __init__(self, message: str, seconds: float = 0.0, done: int = 0, total: int | None = None,
                 unit: str = "", partial: list[Any] | None = None):
        super().__init__(message)
        self.seconds, self.done, self.total, self.unit = seconds, done, total, unit
        self.partial = list(partial or [])

    def __reduce__(self) -> tuple[type[TimeoutExceeded], tuple[str, float, int, int | None, str, list[Any]]]:
        return (type(self), (str(self), self.seconds, self.done, self.total, self.unit, self.partial))


class OutOfMemory(MtorlogicError):
    """A computation needed more memory than it may use (the machine's, or the cap given to it)."""


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
