"""The DrugLogics file formats (Gitsbe/Drabme, pydruglogics), read with located errors.

A DrugLogics folder holds:

- ``network.sif``: a signed graph, one interaction a line: ``SOURCE -> TARGET`` (activates)
  or ``SOURCE -| TARGET`` (inhibits), separated by tabs or spaces;
- ``drugpanel``: ``NAME  inhibits|activates  TARGET [TARGET ...]``;
- ``perturbations``: one treatment a line, drug names separated by tabs or spaces;
- ``steadystate`` (or ``training``): observations as blocks ``Condition`` / ``-`` (or
  ``NODE:0|1`` fixes) / ``Response`` / ``NODE:value NODE:value ...`` (or ``globaloutput:x``) /
  ``Weight:w``;
- ``modeloutputs``: ``NODE  WEIGHT`` (the growth readouts, +1 pro-survival, -1 anti-survival);
- ``config``: ``key: value``.

Lines starting with ``#`` and blank lines are skipped; CRLF line ends are accepted. Every
malformed line is an :class:`~mtorlogic.errors.InputError` ``file:line:column: what is wrong``.
Our own baseline formats are read too (:func:`read_baseline`): a TOML table ``[baseline]``
of ``NODE = value`` or a CSV ``node,value``.

Examples
--------
>>> g = read_sif_text("A -> B\\nC -| B\\n", "net.sif")
>>> g.activators["B"], g.inhibitors["B"]
(('A',), ('C',))
>>> read_sif_text("A => B\\n", "net.sif")
Traceback (most recent call last):
...
mtorlogic.errors.InputError: net.sif:1:3: unknown sign '=>': use '->' (activates) or '-|' (inhibits)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping

from ..errors import InputError, Problem, did_you_mean
from ._read import read_input

_NAME = re.compile(r"[A-Za-z0-9_.:\[\]{}\-]+\Z")
_SIGNS = {"->": 1, "-|": -1}
_EFFECTS = {"inhibits": 0, "activates": 1}


@dataclass(frozen=True)
class SignedGraph:
    """A signed interaction graph: per target its activators and inhibitors, in file order."""

    nodes: tuple[str, ...]
    activators: Mapping[str, tuple[str, ...]]
    inhibitors: Mapping[str, tuple[str, ...]]
    source: str = "<sif>"

    def regulated(self) -> tuple[str, ...]:
        """Nodes with at least one regulator (the others are inputs)."""
        return tuple(n for n in self.nodes if self.activators.get(n) or self.inhibitors.get(n))


@dataclass(frozen=True)
class Drug:
    name: str
    targets: tuple[str, ...]
    value: int  # what the drug holds its targets at: 0 inhibits, 1 activates
    line: int = 0


@dataclass(frozen=True)
class Observation:
    """One training observation: under ``condition`` (node -> 0/1), the ``response`` (node -> value,
    or ``globaloutput`` -> value), with a ``weight``."""

    condition: Mapping[str, int]
    response: Mapping[str, float]
    weight: float = 1.0
    line: int = 0


@dataclass(frozen=True)
class DrugLogicsData:
    """Everything a DrugLogics folder says (missing optional files give empty values)."""

    graph: SignedGraph
    drugs: Mapping[str, Drug]
    perturbations: tuple[tuple[str, ...], ...]
    training: tuple[Observation, ...]
    outputs: Mapping[str, float]
    config: Mapping[str, str] = field(default_factory=dict)
    folder: str = ""


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line without its end) for every line that is not blank or a comment."""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line


def _fields(line: str) -> list[tuple[int, str]]:
    """Whitespace-separated fields with their 1-based columns."""
    return [(m.start() + 1, m.group()) for m in re.finditer(r"\S+", line)]


def _name(token: str, source: str, number: int, column: int, problems: list[Problem], what: str = "node") -> bool:
    if _NAME.match(token):
        return True
    problems.append(Problem(source, number, column, f"bad {what} name '{token}'"))
    return False


def read_sif(path: str | Path) -> SignedGraph:
    """Read a ``.sif`` signed graph (see the module docstring)."""
    return read_sif_text(read_input(path), str(path))


def _too_few(parts: list[tuple[int, str]], needed: int, source: str, number: int, expected: str,
             problems: list[Problem]) -> bool:
    """Whether a line has fewer than ``needed`` fields; if so, the problem is located just after its last one."""
    if len(parts) >= needed:
        return False
    column = parts[-1][0] + len(parts[-1][1]) if parts else 1
    problems.append(Problem(source, number, column, expected))
    return True


def read_sif_text(text: str, source: str = "<sif>") -> SignedGraph:
    """Read a signed graph from text; a regulator listed twice with one sign counts once."""
    problems: list[Problem] = []
    order: dict[str, None] = {}
    acts: dict[str, dict[str, None]] = {}
    inhs: dict[str, dict[str, None]] = {}
    for number, line in _lines(text):
        parts = _fields(line)
        if _too_few(parts, 3, source, number, "expected 'SOURCE -> TARGET' or 'SOURCE -| TARGET'", problems):
            continue
        (c0, regulator), (c1, sign), *targets = parts
        if sign not in _SIGNS:
            problems.append(Problem(source, number, c1,
                                    f"unknown sign '{sign}': use '->' (activates) or '-|' (inhibits)"))
            continue
        if not all(_name(t, source, number, c, problems) for c, t in [(c0, regulator), *targets]):
            continue
        order.setdefault(regulator, None)
        for _, target in targets:
            order.setdefault(target, None)
            (acts if _SIGNS[sign] > 0 else inhs).setdefault(target, {})[regulator] = None
    if not problems and not order:
        problems.append(Problem(source, 1, 1, "no interactions: is this a .sif file?"))
    if problems:
        raise InputError(problems)
    return SignedGraph(tuple(order), {t: tuple(r) for t, r in acts.items()},
                       {t: tuple(r) for t, r in inhs.items()}, source)


def write_sif(graph: SignedGraph, path: str | Path) -> None:
    """Write a signed graph as tab-separated ``.sif`` (whole or not at all)."""
    from ._atomic import atomic_write

    lines = [f"{r}\t{sign}\t{t}" for t in graph.nodes
             for sign, table in (("->", graph.activators), ("-|", graph.inhibitors)) for r in table.get(t, ())]
    atomic_write(path, "\n".join(lines) + "\n")


def read_drugpanel(path: str | Path, nodes: tuple[str, ...] | None = None) -> dict[str, Drug]:
    """Read a drug panel: ``NAME  inhibits|activates  TARGET ...``; targets are checked against ``nodes``."""
    return read_drugpanel_text(read_input(path), str(path), nodes)


def read_drugpanel_text(text: str, source: str = "<drugpanel>",
                        nodes: tuple[str, ...] | None = None) -> dict[str, Drug]:
    problems: list[Problem] = []
    drugs: dict[str, Drug] = {}
    for number, line in _lines(text):
        parts = _fields(line)
        if _too_few(parts, 3, source, number, "expected 'NAME  inhibits|activates  TARGET'", problems):
            continue
        (c0, name), (c1, effect), *targets = parts
        if effect.lower() not in _EFFECTS:
            problems.append(Problem(source, number, c1, f"unknown effect '{effect}': use 'inhibits' or 'activates'"))
            continue
        if not _name(name, source, number, c0, problems, "drug"):
            continue
        if name in drugs:
            problems.append(Problem(source, number, c0, f"drug '{name}' is listed twice (first on line {drugs[name].line})"))
            continue
        bad = [(c, t) for c, t in targets if nodes is not None and t not in nodes]
        for c, t in bad:
            problems.append(Problem(source, number, c, f"target '{t}' is not a node of the network"
                                    + did_you_mean(t, nodes or ())))
        if not bad:
            drugs[name] = Drug(name, tuple(t for _, t in targets), _EFFECTS[effect.lower()], number)
    if problems:
        raise InputError(problems)
    return drugs


def read_perturbations(path: str | Path, drugs: Mapping[str, Drug]) -> tuple[tuple[str, ...], ...]:
    """Read the treatments to test: drug names a line, each in ``drugs``."""
    return read_perturbations_text(read_input(path), str(path), drugs)


def read_perturbations_text(text: str, source: str, drugs: Mapping[str, Drug]) -> tuple[tuple[str, ...], ...]:
    problems: list[Problem] = []
    treatments: list[tuple[str, ...]] = []
    for number, line in _lines(text):
        parts = _fields(line)
        unknown = [(c, d) for c, d in parts if d not in drugs]
        for c, d in unknown:
            problems.append(Problem(source, number, c, f"'{d}' is not in the drug panel" + did_you_mean(d, drugs)))
        names = tuple(d for _, d in parts)
        if not unknown and len(set(names)) < len(names):
            problems.append(Problem(source, number, 1, "a drug is listed twice in one treatment"))
        elif not unknown:
            treatments.append(names)
    if problems:
        raise InputError(problems)
    return tuple(treatments)


def _value(token: str, source: str, number: int, column: int, problems: list[Problem],
           binary: bool = False) -> tuple[str, float] | None:
    name, sep, value = token.partition(":")
    try:
        number_value = float(value)
    except ValueError:
        number_value = float("nan")
    if not sep or not name:
        problems.append(Problem(source, number, column, f"expected NODE:VALUE, found '{token}'"))
        return None
    ok = (number_value in (0.0, 1.0)) if binary else (
        -1.0 <= number_value <= 1.0 if name.lower() == "globaloutput" else 0.0 <= number_value <= 1.0)
    if not ok:
        allowed = "0 or 1" if binary else ("in [-1, 1]" if name.lower() == "globaloutput" else "in [0, 1]")
        problems.append(Problem(source, number, column + len(name) + 1, f"value of '{name}' must be {allowed}, "
                                f"found '{value}'"))
        return None
    return name, number_value


def read_training(path: str | Path, nodes: tuple[str, ...] | None = None) -> tuple[Observation, ...]:
    """Read Gitsbe training data (``steadystate``/``training``; see the module docstring)."""
    return read_training_text(read_input(path), str(path), nodes)


def read_training_text(text: str, source: str = "<training>", nodes: tuple[str, ...] | None = None) -> tuple[Observation, ...]:
    problems: list[Problem] = []
    observations: list[Observation] = []
    expecting: str | None = None
    condition: dict[str, int] | None = None
    response: dict[str, float] | None = None
    start = 0
    for number, line in _lines(text):
        head = line.strip().lower()
        if expecting is None and head in ("condition", "response") or head.startswith("weight"):
            if head == "condition":
                expecting, condition, response, start = "condition", None, None, number
            elif head == "response":
                if condition is None:
                    problems.append(Problem(source, number, 1, "'Response' before its 'Condition'"))
                expecting = "response"
            else:
                if condition is None or response is None:
                    problems.append(Problem(source, number, 1, "'Weight' before its 'Condition' and 'Response'"))
                    continue
                try:
                    weight = float(line.split(":", 1)[1])
                except (IndexError, ValueError):
                    problems.append(Problem(source, number, 1, "expected 'Weight:NUMBER'"))
                    continue
                observations.append(Observation(condition, response, weight, start))
                condition = response = None
            continue
        parts = _fields(line)
        if expecting == "condition":
            condition = {}
            if [t for _, t in parts] != ["-"]:
                for c, token in parts:
                    found = _value(token, source, number, c, problems, binary=True)
                    if found and _known(found[0], nodes, source, number, c, problems):
                        condition[found[0]] = int(found[1])
        elif expecting == "response":
            response = {}
            for c, token in parts:
                found = _value(token, source, number, c, problems)
                if found and (found[0].lower() == "globaloutput" or _known(found[0], nodes, source, number, c, problems)):
                    response[found[0]] = found[1]
        else:
            problems.append(Problem(source, number, 1, "expected 'Condition', 'Response' or 'Weight:NUMBER'"))
        expecting = None
    if not problems and (condition is not None or not observations):
        problems.append(Problem(source, start or 1, 1, "expected blocks 'Condition' / '-' / 'Response' / "
                                "'NODE:VALUE ...' / 'Weight:NUMBER'"))
    if problems:
        raise InputError(problems)
    return tuple(observations)


def _known(node: str, nodes: tuple[str, ...] | None, source: str, number: int, column: int,
           problems: list[Problem]) -> bool:
    if nodes is None or node in nodes:
        return True
    problems.append(Problem(source, number, column, f"'{node}' is not a node of the network" + did_you_mean(node, nodes)))
    return False


def read_baseline(path: str | Path, nodes: tuple[str, ...] | None = None) -> tuple[Observation, ...]:
    """A measured baseline in any format we read: Gitsbe training data, a TOML table ``[baseline]``
    (``NODE = value``) or a CSV ``node,value`` (header optional). Values are in [0, 1]."""
    text = read_input(path)
    source = str(path)
    suffix = Path(path).suffix.lower()
    if suffix == ".toml":
        return (Observation({}, _toml_baseline(text, source, nodes), 1.0, 1),)
    if suffix == ".csv":
        return (Observation({}, _csv_baseline(text, source, nodes), 1.0, 1),)
    return read_training_text(text, source, nodes)


def _toml_baseline(text: str, source: str, nodes: tuple[str, ...] | None) -> dict[str, float]:
    from ._toml import Document

    data, doc = Document.parse(text, source)
    table = data.get("baseline")
    if not isinstance(table, dict) or not table:
        raise InputError.at(source, "expected a table [baseline] of NODE = value", 1, 1)
    problems: list[Problem] = []
    values: dict[str, float] = {}
    for node, value in table.items():
        line, column = doc.locate(("baseline", node))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            problems.append(Problem(source, line, column, f"value of '{node}' must be a number in [0, 1]"))
        elif _known(node, nodes, source, line, column, problems):
            values[node] = float(value)
    if problems:
        raise InputError(problems)
    return values


def _csv_baseline(text: str, source: str, nodes: tuple[str, ...] | None) -> dict[str, float]:
    problems: list[Problem] = []
    values: dict[str, float] = {}
    for number, line in _lines(text):
        cells = [c.strip() for c in line.split(",")]
        if len(cells) != 2:
            problems.append(Problem(source, number, 1, "expected 'node,value'"))
            continue
        if number == 1 and cells[1].lower() == "value":
            continue
        column = line.index(",") + 2
        found = _value(f"{cells[0]}:{cells[1]}", source, number, column - len(cells[0]) - 1, problems)
        if found and _known(found[0], nodes, source, number, 1, problems):
            values[found[0]] = found[1]
    if not problems and not values:
        problems.append(Problem(source, 1, 1, "no baseline values"))
    if problems:
        raise InputError(problems)
    return values


def read_modeloutputs(path: str | Path, nodes: tuple[str, ...] | None = None) -> dict[str, float]:
    """Read the growth readouts: ``NODE  WEIGHT`` a line."""
    return read_modeloutputs_text(read_input(path), str(path), nodes)


def read_modeloutputs_text(text: str, source: str = "<modeloutputs>", nodes: tuple[str, ...] | None = None) -> dict[str, float]:
    problems: list[Problem] = []
    outputs: dict[str, float] = {}
    for number, line in _lines(text):
        parts = _fields(line)
        if len(parts) != 2:
            problems.append(Problem(source, number, 1, "expected 'NODE  WEIGHT'"))
            continue
        (c0, node), (c1, weight) = parts
        try:
            outputs[node] = float(weight)
        except ValueError:
            problems.append(Problem(source, number, c1, f"weight '{weight}' is not a number"))
            continue
        _known(node, nodes, source, number, c0, problems)
    if not problems and not outputs:
        problems.append(Problem(source, 1, 1, "no model outputs"))
    if problems:
        raise InputError(problems)
    return outputs


def read_config(path: str | Path) -> dict[str, str]:
    """Read a DrugLogics ``config``: ``key: value`` a line (values kept as text)."""
    source = str(path)
    config: dict[str, str] = {}
    problems: list[Problem] = []
    for number, line in _lines(read_input(path)):
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            problems.append(Problem(source, number, 1, "expected 'key: value'"))
            continue
        config[key.strip()] = value.strip()
    if problems:
        raise InputError(problems)
    return config


def is_druglogics_folder(path: str | Path) -> bool:
    """True for a folder with a ``network.sif`` (or a single ``*.sif``)."""
    p = Path(path)
    return p.is_dir() and bool(list(p.glob("*.sif")))


def read_folder(path: str | Path) -> DrugLogicsData:
    """Read a DrugLogics folder (``network.sif`` or the one ``*.sif``, and the files beside it).

    ``drugpanel`` and ``modeloutputs`` are required; ``perturbations`` defaults to every pair of the
    panel; ``steadystate`` or ``training`` to no training data; ``config`` to no settings."""
    folder = Path(path)
    sifs = sorted(folder.glob("*.sif"))
    sif = folder / "network.sif" if (folder / "network.sif").exists() else (sifs[0] if len(sifs) == 1 else None)
    if sif is None:
        raise InputError.at(str(folder), "a DrugLogics folder needs one network.sif" +
                            (f" (found {len(sifs)} .sif files)" if sifs else ""))
    graph = read_sif(sif)
    for required in ("drugpanel", "modeloutputs"):
        if not (folder / required).exists():
            raise InputError.at(str(folder / required), "missing: a DrugLogics folder needs it")
    drugs = read_drugpanel(folder / "drugpanel", graph.nodes)
    outputs = read_modeloutputs(folder / "modeloutputs", graph.nodes)
    if (folder / "perturbations").exists():
        perturbations = read_perturbations(folder / "perturbations", drugs)
    else:
        names = list(drugs)
        perturbations = tuple([(d,) for d in names] + [(a, b) for i, a in enumerate(names) for b in names[i + 1:]])
    training: tuple[Observation, ...] = ()
    for name in ("steadystate", "training"):
        if (folder / name).exists():
            training = read_training(folder / name, graph.nodes)
            break
    config = read_config(folder / "config") if (folder / "config").exists() else {}
    return DrugLogicsData(graph, drugs, perturbations, training, outputs, config, str(folder))
