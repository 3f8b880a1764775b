"""The BooleanNet format (Albert et al., the ``boolean2`` package): ``A *= B and not C``.

One rule per line, ``Target *= expression`` (the ``*`` marks the next state;
``A* = ...`` is the same). Operators ``and or not`` (``& | !`` are accepted
too), parentheses, constants ``True False 1 0``. ``#`` starts a comment. An
optional rank prefix ``1: A *= B`` (BooleanNet's priority classes) is accepted
and ignored: ranks matter only for BooleanNet's ranked updating, which is not
one of our semantics.

Initial-value lines ``A = True``, ``A = B = False``, ``A = Random`` set
BooleanNet's start state (the last line naming a node wins). For an input,
whose value never changes, the initial value is its default; other nodes keep
theirs too, so a file written back states the same start. ``Random`` sets
nothing. A node with an initial value but no rule, read by no rule, is an
input of its own.

A node whose rule is itself (``A *= A``) is an input, as is a name that is read
but never given a rule.

Examples
--------
>>> m = read_booleannet_text('''
... # toy model
... A = True
... A *= A
... B *= A and not C
... C* = B or False
... ''')
>>> m.inputs, m.rule("B").text, m.defaults()
(('A',), 'A & !C', {'A': 1})
>>> print(format_booleannet(m), end="")
# written by mtorlogic: 3 nodes
A = True
A *= A
B *= A and not C
C *= B
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..expr import to_text
from ..model import Model, NodeInfo
from ._atomic import atomic_write
from ._lines import RuleCollector, read_text
from ._names import legal_names, model_name

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_RULE = re.compile(rf"\s*(?:\d+\s*:\s*)?(?P<target>{_NAME})\s*\*\s*=(?P<expr>.*)\Z")
_INITIAL = re.compile(rf"\s*{_NAME}(\s*=\s*{_NAME})*\s*=\s*(true|false|random|0|1)\s*\Z", re.IGNORECASE)
_VALUES = {"true": 1, "1": 1, "false": 0, "0": 0, "random": None}
# Words our reader (and BooleanNet) takes as operators or constants, in any case.
RESERVED = ("and", "or", "not", "true", "false", "random")


def read_booleannet(path: str | Path) -> Model:
    """Read a BooleanNet file.

    Parameters
    ----------
    path : the ``.booleannet`` file

    Returns
    -------
    Model named after the file (or its folder, for ``model.booleannet``).

    Raises
    ------
    InputError
        ``file:line:column: message`` for every malformed line.
    """
    path = Path(path)
    return read_booleannet_text(read_text(path), source=str(path), name=model_name(path))


def read_booleannet_text(text: str, source: str = "<booleannet>", name: str | None = None) -> Model:
    """Read BooleanNet rules from a string (see :func:`read_booleannet`)."""
    rules = RuleCollector(source)
    initial: dict[str, int | None] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0]
        if not line.strip():
            continue
        match = _RULE.match(line)
        if match is None:
            if _INITIAL.match(line):
                *names, value = (part.strip() for part in line.split("="))
                initial.update((name, _VALUES[value.lower()]) for name in names)
            else:
                rules.error(number, len(line) - len(line.lstrip()) + 1, _explain(line))
            continue
        target = match["target"]
        if target.lower() in RESERVED:
            rules.error(number, match.start("target") + 1, f"'{target}' is a reserved word, not a node name")
            continue
        rules.add(target, match["expr"], number, match.start("target") + 1, match.start("expr") + 1)
    return _with_initial(rules.model(name, "a BooleanNet rule looks like 'A *= B and not C'"), initial)


def _with_initial(model: Model, initial: dict[str, int | None]) -> Model:
    """The model with its initial values as node defaults (nodes only given a value become inputs)."""
    given = {n: v for n, v in initial.items() if v is not None}
    if not given:
        return model
    infos = {n: model.info(n) for n in model.nodes}
    for n, value in given.items():
        infos[n] = replace(infos.get(n) or NodeInfo(n, kind="condition"), default=value)
    return Model(model.rules, infos, name=model.name)


def _explain(line: str) -> str:
    left, sep, _ = line.partition("=")
    if sep and re.fullmatch(rf"\s*{_NAME}\s*", left):
        return (f"'{line.strip()}' is neither a rule nor an initial value: a rule needs '*=' "
                f"('{left.strip()} *= ...'), an initial value is True, False or Random")
    return "expected a rule 'Target *= expression' or an initial value 'Target = True|False|Random'"


def write_booleannet(model: Model, path: str | Path) -> None:
    """Write a model as BooleanNet, atomically (inputs as ``A *= A``).

    Names that BooleanNet cannot read (``.`` or ``-`` in them, a leading digit,
    a reserved word) are renamed, and the renaming is listed in a comment.
    """
    atomic_write(path, format_booleannet(model))


def format_booleannet(model: Model) -> str:
    """The BooleanNet text of a model (see :func:`write_booleannet`)."""
    names = legal_names(model.nodes, RESERVED, case_sensitive=False)
    lines = [f"# written by mtorlogic: {model.name + ', ' if model.name else ''}{len(model)} nodes"]
    lines += [f"# renamed: {old} -> {new}" for old, new in names.items() if old != new]
    lines += [f"{names[n]} = {bool(model.info(n).default)}" for n in model.nodes if model.info(n).default is not None]
    for n in model.nodes:
        lines.append(f"{names[n]} *= {to_text(model.function(n), 'booleannet', name=names.__getitem__)}")
    return "\n".join(lines) + "\n"
