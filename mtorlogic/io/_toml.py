"""TOML input: parsing with located syntax errors, and locating later problems in the text.

Scenario, catalog, rates and initial-state files are TOML. tomllib reports a
syntax error with its line and column in the message only; :func:`parse_toml`
turns it into ``file:line:column: not valid TOML: ...``. tomllib keeps no
positions for values, so :class:`Document` finds the line of a key path in
the text to locate problems found after parsing.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ._read import read_input

# A parsed TOML table: keys are strings, values anything TOML holds (nested tables included).
Table = dict[str, Any]


def parse_toml(text: str, source: str) -> Table:
    """Parse TOML text; a TOML syntax error becomes ``file:line:column: not valid TOML: ...``."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        line, column = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
        if "at end of document" in str(e):
            line, column = text.count("\n") + 1, len(text) - text.rfind("\n")
        reason = re.sub(r" \(at line.*|\(at end of document\)", "", str(e)).strip()
        raise InputError.at(source, f"not valid TOML: {reason}", line, column) from None


class Document:
    """A TOML text with its source name, to point at the line and column of a problem.

    ``prefix`` is the key path of the settings inside the text (``("simulation",)``
    for a scenario's ``[simulation]`` table, empty for a file of their own).
    """

    def __init__(self, text: str, source: str, prefix: tuple[str, ...] = ()):
        self.text, self.source, self.prefix = text, source, prefix
        self.problems: list[Problem] = []

    @classmethod
    def read(cls, path: str | Path) -> tuple[Table, "Document"]:
        """Parse a TOML file; a clear located error when it is missing or not TOML."""
        return cls.parse(read_input(path), str(path))

    @classmethod
    def parse(cls, text: str, source: str) -> tuple[Table, "Document"]:
        """Parse TOML text; a located error when it is not TOML."""
        return parse_toml(text, source), cls(text, source)

    def problem(self, message: str, path: tuple[str, ...] = (), needle: object = None) -> Problem:
        """A problem located at the key ``path`` (below the prefix), at ``needle`` when given."""
        line, column = self.locate(self.prefix + tuple(path), needle) if path or self.prefix else (0, 0)
        return Problem(self.source, line, column, message)

    def complain(self, path: tuple[str, ...], message: str, needle: object = None) -> None:
        """Record a problem at the key ``path`` (below the prefix), at ``needle`` when given."""
        self.problems.append(self.problem(message, path, needle))

    def check(self) -> None:
        if self.problems:
            raise InputError(self.problems)

    def locate(self, path: tuple[str, ...], needle: object = None) -> tuple[int, int]:
        """Line and column of the deepest key of ``path`` set in the text, then of ``needle`` after it."""
        lines = self.text.splitlines()
        table: tuple[str, ...] = ()
        best = (0, 0, 0, -1)  # line, column, where a needle search starts, depth matched
        for number, line in enumerate(lines, start=1):
            header = _HEADER.match(line)
            assignment = None if header else _ASSIGNMENT.match(line)
            if header:
                table = _keys(header.group(1))
                keys, column, after = table, line.index("[") + 1, header.end()
            elif assignment:
                keys, column, after = table + _keys(assignment.group(1)), assignment.start(1) + 1, assignment.end()
            else:
                continue
            if path[: len(keys)] == keys and len(keys) > best[3]:
                best = (number, column, after, len(keys))
        at, column, after, _ = best
        if needle is not None and at:
            pattern = re.compile(r"(?<![\w-])[\"']?" + re.escape(str(needle)) + r"[\"']?(?![\w-])")
            for number in range(at, min(at + 100, len(lines)) + 1):
                found = pattern.search(lines[number - 1], after if number == at else 0)
                if found:
                    return number, found.start() + 1
        return at, column


_KEY = r"(?:[\w-]+|\"[^\"]*\"|'[^']*')"  # a bare or quoted TOML key
_HEADER = re.compile(r"\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")  # [table] or [[array]]
_ASSIGNMENT = re.compile(rf"\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*=")  # key = or dotted.key =


def _keys(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in re.findall(r"\"[^\"]*\"|'[^']*'|[^.]+", dotted))
