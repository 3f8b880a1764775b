"""The bnet format (BoolNet, PyBoolNet, biodivine-aeon): ``target, function``.

Operators ``& | !``, parentheses, constants ``0 1 true false``. A target whose
function is itself (``x, x``) is an input; so is a name that is read but never
listed. An optional header line ``targets, factors`` is skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..expr import to_text
from ..model import Model
from ._atomic import atomic_write
from ._lines import RuleCollector, read_text

_NAME = re.compile(r"[A-Za-z0-9_.:\[\]{}\-]+\Z")
CONSTANTS = ("true", "false", "0", "1")  # read as constants in a function, so never a target


def read_bnet(path: str | Path) -> Model:
    """Read a bnet file.

    Raises
    ------
    InputError
        ``file:line:column: message`` for every malformed line.
    """
    path = Path(path)
    text = read_text(path)
    return read_bnet_text(text, source=str(path), name=path.parent.name if path.stem == "model" else path.stem)


def read_bnet_text(text: str, source: str = "<bnet>", name: str | None = None) -> Model:
    """Read bnet rules from a string (see :func:`read_bnet`)."""
    rules = RuleCollector(source)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0]
        if not line.strip():
            continue
        if "," not in line:
            rules.error(number, 1, "expected 'target, function' (no comma on this line)")
            continue
        target, function = line.split(",", 1)
        column = len(target) - len(target.lstrip()) + 1
        target = target.strip()
        if target.lower() == "targets" and function.strip().lower() == "factors":
            continue
        if not _NAME.match(target):
            rules.error(number, column, f"bad target name '{target}'")
            continue
        if target.lower() in CONSTANTS:
            rules.error(number, column, f"'{target}' is a constant, not a node name: rename the node")
            continue
        rules.add(target, function, number, column, len(line.split(",", 1)[0]) + 2)
    return rules.model(name, "is this a bnet file?")


def write_bnet(model: Model, path: str | Path) -> None:
    """Write a model as bnet (inputs as ``x, x``)."""
    atomic_write(path, format_bnet(model))


def format_bnet(model: Model) -> str:
    lines = ["targets, factors"]
    for n in model.nodes:
        lines.append(f"{n}, {to_text(model.function(n), 'bnet')}")
    return "\n".join(lines) + "\n"
