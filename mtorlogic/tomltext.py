"""TOML data files with positions: parse once, then point at a table, a field or a value.

``tomllib`` gives data without positions; data files of a model (references,
the statement ledger) still owe the user ``file:line:column`` for every
complaint. :class:`TomlText` keeps the text beside the data and finds where a
table, a field of it, or a quoted value inside it is written.

Examples
--------
>>> doc = TomlText.parse('[review.14]\\ntitle = "Rheb"\\njournal = "F1000Res"\\n', "refs.toml")
>>> doc.data["review"]["14"]["title"]
'Rheb'
>>> str(doc.problem("bad journal", ("review", "14"), "journal"))
'refs.toml:3:1: bad journal'
>>> doc.locate(("review", "14"), value="Rheb")
(2, 9)
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

from .errors import InputError, Problem

_HEADER = re.compile(r"\s*\[(?!\[)(?P<key>[^\]]*)\]\s*(#.*)?$")
_KEY_PART = re.compile(r'\s*(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|\'(?P<literal>[^\']*)\'|(?P<bare>[A-Za-z0-9_-]+))\s*')


def split_key(key: str) -> tuple[str, ...] | None:
    """The parts of a dotted TOML key (``a."b.c".d`` -> ``('a', 'b.c', 'd')``); None if malformed."""
    parts, pos = [], 0
    while True:
        m = _KEY_PART.match(key, pos)
        if not m:
            return None
        parts.append(next(v for v in (m.group("quoted"), m.group("literal"), m.group("bare")) if v is not None))
        pos = m.end()
        if pos == len(key):
            return tuple(parts)
        if key[pos] != ".":
            return None
        pos += 1


@dataclass
class TomlText:
    """Parsed TOML with the text it came from."""

    data: dict
    text: str
    source: str
    lines: list[str] = field(default_factory=list)
    headers: dict[tuple[str, ...], int] = field(default_factory=dict)  # table -> 1-based line

    @classmethod
    def parse(cls, text: str, source: str) -> "TomlText":
        """Parse ``text``; a syntax error becomes ``InputError`` at its line and column."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
            line, col = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
            reason = re.sub(r" \(at line.*", "", str(e))
            raise InputError.at(source, f"not valid TOML: {reason}", line, col) from None
        doc = cls(data, text, source, text.splitlines())
        for number, text_line in enumerate(doc.lines, start=1):
            header = _HEADER.match(text_line)
            if header:
                parts = split_key(header.group("key"))
                if parts is not None:
                    doc.headers.setdefault(parts, number)
        return doc

    def _span(self, table: tuple[str, ...]) -> tuple[int, int]:
        """First and last line (1-based, inclusive) of a table's body; (0, 0) when not found."""
        start = self.headers.get(table, 0)
        if not start:
            return 0, 0
        later = [n for n in self.headers.values() if n > start]
        return start, (min(later) - 1 if later else len(self.lines))

    def locate(self, table: tuple[str, ...], field_name: str | None = None,
               value: str | None = None) -> tuple[int, int]:
        """(line, column) of a table header, a ``field = ...`` line in it, or a quoted value in it."""
        start, end = self._span(table)
        if not start:
            return 0, 0
        if value is not None:
            needle = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
            for number in range(start, end + 1):
                col = self.lines[number - 1].find(needle)
                if col >= 0:
                    return number, col + 1
        if field_name is not None:
            pattern = re.compile(rf"\s*{re.escape(field_name)}\s*=")
            for number in range(start + 1, end + 1):
                if pattern.match(self.lines[number - 1]):
                    return number, len(self.lines[number - 1]) - len(self.lines[number - 1].lstrip()) + 1
        return start, 1

    def problem(self, message: str, table: tuple[str, ...] | str | None = None, field_name: str | None = None,
                value: str | None = None) -> Problem:
        """A located complaint about ``table`` (parts, or a dotted key as written)."""
        if isinstance(table, str):
            table = split_key(table) or (table,)
        line, col = self.locate(table, field_name, value) if table else (0, 0)
        return Problem(self.source, line, col, message)
