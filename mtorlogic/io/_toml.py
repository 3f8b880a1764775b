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
from ._read import CONTROL, read_input

# A parsed TOML table: keys are strings, values anything TOML holds (nested tables included).
Table = dict[str, Any]


def parse_toml(text: str, source: str) -> Table:
    """Parse TOML text; a TOML syntax error becomes ``file:line:column: not valid TOML: ...``.

    Arrays and tables nested deeper than :data:`MAX_NESTING` (and dotted keys of more parts), and
    files of more than :data:`MAX_ENTRIES` keys and values, are refused before tomllib, which
    recurses per level and slows down quadratically on long keys.

    >>> parse_toml("a = " + "[" * 500 + "]" * 500, "x.toml")
    Traceback (most recent call last):
    ...
    mtorlogic.errors.InputError: x.toml:1:105: arrays and tables nested more than 100 deep
    """
    deep = _too_deep(text)
    if deep:
        line, column, message = deep
        raise InputError.at(source, message, line, column)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        line, column = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
        if "at end of document" in str(e):
            line, column = text.count("\n") + 1, len(text) - text.rfind("\n")
        reason = re.sub(r" \(at line.*|\(at end of document\)", "", str(e)).strip()
        raise InputError.at(source, f"not valid TOML: {reason}", line, column) from None
    _check_strings(data, text, source)
    return data


_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})")


def _check_strings(data: Table, text: str, source: str) -> None:
    """Control characters written as escapes (``"\\u001b"``) in strings are refused like raw ones."""
    stack: list[Any] = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and (bad := CONTROL.search(value)):
            where = next((m for m in _ESCAPE.finditer(text) if CONTROL.match(chr(int(m.group(1) or m.group(2), 16)))),
                         None)
            line = text.count("\n", 0, where.start()) + 1 if where else 0
            column = where.start() - text.rfind("\n", 0, where.start()) if where else 0
            raise InputError.at(source, f"control character 0x{ord(bad.group()):02x} in a string (written as an "
                                "escape): input files are plain text", line, column)


MAX_NESTING = 100
MAX_PROBLEMS = 20  # located problems reported from one file; the rest are counted
MAX_ENTRIES = 50_000  # keys and array items in one file (the bundled ledger has about 2,000)
_TOKENS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}.=,\n]')


def _too_deep(text: str) -> tuple[int, int, str] | None:
    """(line, column, message) of the first place nested or dotted past :data:`MAX_NESTING`, else None."""
    level = dots = entries = 0
    line, line_start = 1, 0
    for found in _TOKENS.finditer(text):
        token = found.group()
        if token in "=,":
            entries += 1
            if entries > MAX_ENTRIES:
                return line, found.start() - line_start + 1, f"more than {MAX_ENTRIES:,} keys and values: too " \
                                                             "large for a settings file"
        if token == "\n":
            line, line_start, dots = line + 1, found.end(), 0
        elif token in "[{":
            level, dots = level + 1, 0
            if level > MAX_NESTING:
                return line, found.start() - line_start + 1, f"arrays and tables nested more than {MAX_NESTING} deep"
        elif token in "]}":
            level = max(0, level - 1)
        elif token == ".":
            dots += 1
            if dots >= MAX_NESTING:
                return line, found.start() - line_start + 1, f"a dotted key of more than {MAX_NESTING} parts " \
                                                             "(tables nested too deep)"
        elif token in "=,":
            dots = 0
        elif token[0] in "\"'":
            newlines = token.count("\n")
            if newlines:
                line, line_start = line + newlines, found.start() + token.rfind("\n") + 1
    return None


class Document:
    """A TOML text with its source name, to point at the line and column of a problem.

    ``prefix`` is the key path of the settings inside the text (``("simulation",)``
    for a scenario's ``[simulation]`` table, empty for a file of their own).
    """

    def __init__(self, text: str, source: str, prefix: tuple[str, ...] = ()):
        self.text, self.source, self.prefix = text, source, prefix
        self.problems: list[Problem] = []
        self.more = 0  # problems past MAX_PROBLEMS, counted only (-1: not counted, the checks stopped)
        self._lines: list[str] = []
        self._keys: dict[tuple[str, ...], tuple[int, int, int]] | None = None

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
        """Record a problem at the key ``path`` (below the prefix), at ``needle`` when given.

        After :data:`MAX_PROBLEMS` the rest are counted, not located (locating is a search of the
        text: a file of 100,000 mistakes would take minutes to describe)."""
        if self.full:
            self.more += 1
            return
        self.problems.append(self.problem(message, path, needle))

    @property
    def full(self) -> bool:
        """Whether enough problems are recorded to stop looking for more."""
        return len(self.problems) >= MAX_PROBLEMS

    def check(self) -> None:
        if self.problems:
            more = [Problem(self.source, 0, 0, f"... and {self.more:,} more problems")] if self.more > 0 else \
                [Problem(self.source, 0, 0, f"... stopped after {MAX_PROBLEMS} problems")] if self.more < 0 else []
            raise InputError([*self.problems, *more])

    def locate(self, path: tuple[str, ...], needle: object = None) -> tuple[int, int]:
        """Line and column of the deepest key of ``path`` set in the text, then of ``needle`` after it."""
        lines, keys = self._index()
        at, column, after = 0, 0, 0
        for depth in range(len(path), 0, -1):
            if path[:depth] in keys:
                at, column, after = keys[path[:depth]]
                break
        if needle is not None and at:
            pattern = re.compile(r"(?<![\w-])[\"']?" + re.escape(str(needle)) + r"[\"']?(?![\w-])")
            for number in range(at, min(at + 100, len(lines)) + 1):
                found = pattern.search(lines[number - 1], after if number == at else 0)
                if found:
                    return number, found.start() + 1
        return at, column


    def _index(self) -> tuple[list[str], dict[tuple[str, ...], tuple[int, int, int]]]:
        """The lines, and where each key path is first set: (line, column, where its value starts).
        Built once per document, so locating many problems stays linear in the text."""
        if self._keys is None:
            lines = self.text.splitlines()
            table: tuple[str, ...] = ()
            index: dict[tuple[str, ...], tuple[int, int, int]] = {}
            for number, line in enumerate(lines, start=1):
                header = _HEADER.match(line)
                assignment = None if header else _ASSIGNMENT.match(line)
                if header:
                    table = _keys(header.group(1))
                    index.setdefault(table, (number, line.index("[") + 1, header.end()))
                elif assignment:
                    index.setdefault(table + _keys(assignment.group(1)),
                                     (number, assignment.start(1) + 1, assignment.end()))
            self._lines, self._keys = lines, index
        return self._lines, self._keys


_KEY = r"(?:[\w-]+|\"[^\"]*\"|'[^']*')"  # a bare or quoted TOML key
_HEADER = re.compile(r"\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")  # [table] or [[array]]
_ASSIGNMENT = re.compile(rf"\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*=")  # key = or dotted.key =


def _keys(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in re.findall(r"\"[^\"]*\"|'[^']*'|[^.]+", dotted))
