"""The bnet format (BoolNet, PyBoolNet, biodivine-aeon): ``target, function``.

Operators ``& | !``, parentheses, constants ``0 1 true false``. A target whose
function is itself (``x, x``) is an input; so is a name that is read but never
listed. An optional header line ``targets, factors`` is skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError, Problem
from ..expr import to_text, var
from ..model import Model, NodeInfo, Rule, Provenance
from ._atomic import atomic_write
from ..rules import parse_expression

_NAME = re.compile(r"[A-Za-z0-9_.:\[\]{}\-]+\Z")


def read_bnet(path: str | Path) -> Model:
    """Read a bnet file.

    Raises
    ------
    InputError
        ``file:line:column: message`` for every malformed line.
    """
    path = Path(path)
    text = _read_text(path)
    return read_bnet_text(text, source=str(path), name=path.parent.name if path.stem == "model" else path.stem)


def read_bnet_text(text: str, source: str = "<bnet>", name: str | None = None) -> Model:
    problems: list[Problem] = []
    rules: dict[str, Rule] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0]
        if not line.strip():
            continue
        if "," not in line:
            problems.append(Problem(source, number, 1, "expected 'target, function' (no comma on this line)"))
            continue
        target, function = line.split(",", 1)
        col = len(target) + 2
        target = target.strip()
        if target.lower() == "targets" and function.strip().lower() == "factors":
            continue
        if not _NAME.match(target):
            problems.append(Problem(source, number, 1, f"bad target name '{target}'"))
            continue
        if target in rules:
            problems.append(Problem(source, number, 1, f"'{target}' is defined twice"))
            continue
        try:
            expr = parse_expression(function, source=source, line=number, column_offset=col)
        except InputError as e:
            problems.extend(e.problems)
            continue
        rules[target] = Rule(target, expr, Provenance(source=f"{source}:{number}"))
    if problems:
        raise InputError(problems)
    if not rules:
        raise InputError.at(source, "no rules found: is this a bnet file?")
    inputs = {}
    for rule in list(rules.values()):
        if rule.expr == var(rule.target):
            inputs[rule.target] = NodeInfo(rule.target, kind="condition")
    return Model(rules, {**inputs, **_undeclared_inputs(rules)}, name=name)


def _undeclared_inputs(rules: dict[str, Rule]) -> dict[str, NodeInfo]:
    from ..expr import variables

    read = set().union(*(variables(r.expr) for r in rules.values()))
    return {n: NodeInfo(n, kind="condition") for n in sorted(read - set(rules))}


def write_bnet(model: Model, path: str | Path) -> None:
    """Write a model as bnet (inputs as ``x, x``)."""
    atomic_write(path, format_bnet(model))


def format_bnet(model: Model) -> str:
    lines = ["targets, factors"]
    for n in model.nodes:
        lines.append(f"{n}, {to_text(model.function(n), 'bnet')}")
    return "\n".join(lines) + "\n"


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError.at(str(path), "no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError.at(str(path), f"cannot read: {e}") from None
