"""Settings of a stochastic simulation: rate classes, initial states, scores, run counts.

They come from TOML files (``--rates FILE``, ``--init FILE``) or from the
``[simulation]`` table of a scenario; the formats are described, with
examples, in docs/simulation.md. Every problem is reported as
``file:line:column: message`` (with "did you mean" for node names), all
problems of a file at once, and nothing in a file is executed.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("input GF condition\\nAKT = GF\\nMYC = AKT")
>>> parse_rates("[fast]\\nrate = 10\\nnodes = ['AKT']\\n[slow]\\nrate = 1\\nnodes = ['MYC']\\n", m)
{'AKT': 10.0, 'MYC': 1.0}
>>> parse_initial("rest = 'random'\\n[nodes]\\nGF = 1\\n[groups.signal]\\nnodes = ['AKT', 'MYC']\\n", m).groups
(Group(name='signal', nodes=('AKT', 'MYC'), probability=0.5),)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping, TypedDict, TypeGuard, Unpack

from .engine.initial import ATTRACTOR, RANDOM, Group, InitialDistribution
from .engine.simulate import SEMANTICS, Score
from .engine.plan import format_bytes, machine_memory
from .errors import InputError, TooLargeError, did_you_mean
from .io._toml import Document, Table
from .model import Model

SIMULATION_KEYS = ("runs", "steps", "seed", "semantics", "perturb_at", "updates_per_step", "rates", "init", "scores")


class SettingsChanges(TypedDict, total=False):
    """Values to replace in :class:`SimulationSettings`; None means "keep" (an option not given)."""

    runs: int | None
    steps: int | None
    seed: int | None
    semantics: str | None
    perturb_at: int | None
    updates_per_step: int | None
    rates: dict[str, float] | None
    initial: InitialDistribution | None
    scores: tuple[Score, ...] | None


@dataclass(frozen=True)
class SimulationSettings:
    """Everything ``mtorlogic simulate`` needs besides the model and the perturbation."""

    runs: int = 1000
    steps: int = 100
    seed: int = 0
    semantics: str = "async"
    perturb_at: int = 0
    updates_per_step: int | None = None
    rates: dict[str, float] = field(default_factory=dict)
    initial: InitialDistribution = field(default_factory=InitialDistribution)
    scores: tuple[Score, ...] = ()

    def override(self, **values: Unpack[SettingsChanges]) -> "SimulationSettings":
        """A copy with the values that are not None (command-line options) replaced."""
        given: dict[str, Any] = {k: v for k, v in values.items() if v is not None}
        return replace(self, **given)

    def memory(self, nodes: int) -> int:
        """Estimated peak bytes of this simulation on a model of ``nodes`` nodes (:func:`simulation_memory`)."""
        return simulation_memory(nodes, self.runs, self.steps, len(self.scores))

    def check_memory(self, nodes: int) -> None:
        """Refuse, before it starts, a simulation that needs more memory than the machine has."""
        problem = self.memory_problem(nodes)
        if problem:
            raise TooLargeError(problem)

    def memory_problem(self, nodes: int) -> str | None:
        """Why this simulation cannot fit in the machine's memory, with how many runs or steps
        would fit; None when it fits."""
        need, available = self.memory(nodes), machine_memory()
        if need <= available:
            return None
        fit = []
        runs = _largest(lambda r: simulation_memory(nodes, r, self.steps, len(self.scores)), available)
        steps = _largest(lambda s: simulation_memory(nodes, self.runs, s, len(self.scores)), available)
        if runs:
            fit.append(f"at most {runs:,} runs of {self.steps:,} steps")
        if steps:
            fit.append(f"at most {steps:,} steps of {self.runs:,} runs")
        return (f"{self.runs:,} runs x {self.steps:,} steps of {nodes} nodes need about {format_bytes(need)}, more "
                f"than the {format_bytes(available)} of this machine; "
                + (" or ".join(fit) + " fit" if fit else "use fewer runs and steps"))


# Measured shapes of engine.simulate: per run, a few copies of its state (bools and packed
# words) and its clock; per step and recorded column, the difference array, its cumulative
# sums and two bincount temporaries (float64), and the CSV text of the result.
BYTES_PER_RUN_NODE = 8
BYTES_PER_RUN = 128
BYTES_PER_STEP_COLUMN = 32


def simulation_memory(nodes: int, runs: int, steps: int, scores: int = 0) -> int:
    """Estimated peak bytes of ``simulate_timecourse`` with these sizes.

    >>> format_bytes(simulation_memory(128, 10_000, 100))
    '11.4 MiB'
    """
    return runs * (BYTES_PER_RUN_NODE * nodes + BYTES_PER_RUN) + (steps + 2) * (nodes + scores) * BYTES_PER_STEP_COLUMN


def _largest(need: Callable[[int], int], available: int) -> int:
    """The largest n >= 1 with need(n) <= available (0 if none), for a need that grows with n."""
    if need(1) > available:
        return 0
    low, high = 1, 2
    while need(high) <= available:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if need(middle) <= available else (low, middle)
    return low


def _node(model: Model, doc: Document, path: tuple[str, ...], name: object) -> str | None:
    """The node id for a name in a settings file, or None after recording the problem."""
    if not isinstance(name, str):
        doc.complain(path, f"a node name must be a string, not {name!r}", name)
        return None
    try:
        return model.resolve(name, doc.source)
    except InputError as e:
        doc.complain(path, e.problems[0].message, name)
        return None


def _number(value: object) -> TypeGuard[float]:
    """A finite int or float (not a bool)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _unknown_keys(doc: Document, path: tuple[str, ...], table: Mapping[str, object], known: tuple[str, ...]) -> None:
    for key in table:
        if key not in known:
            doc.complain(path + (key,), f"unknown key '{key}'{did_you_mean(key, known)}; expected "
                         + ", ".join(known))


# --- rates ------------------------------------------------------------------------


RATES_FILE = "rates.toml"


def model_rates(model_path: str | Path, model: Model) -> dict[str, float] | None:
    """The rate classes a model ships with: ``rates.toml`` in its directory (or beside its file), or None.

    ``simulate`` and the response scores use them unless told otherwise; the
    bundled mTOR model's put slow transcriptional feedback in a slow class
    (as Zañudo et al. 2017 did), so transient-then-rebound responses show.
    """
    p = Path(model_path)
    path = p / RATES_FILE if p.is_dir() else p.with_name(RATES_FILE)
    return read_rates(path, model) if path.is_file() else None


def read_rates(path: str | Path, model: Model) -> dict[str, float]:
    """Node rates from a rates file (see :func:`parse_rates`)."""
    data, doc = Document.read(path)
    return rates_from(data, model, doc)


def parse_rates(text: str, model: Model, source: str = "<rates>") -> dict[str, float]:
    """Node rates from TOML text: one table per rate class (``rate``, ``nodes``); ``default``
    is the rate of the nodes in no class (1 when absent)."""
    data, doc = Document.parse(text, source)
    return rates_from(data, model, doc)


def rates_from(data: Table, model: Model, doc: Document) -> dict[str, float]:
    """Node -> rate from parsed rate settings; raises InputError listing every located problem."""
    rates: dict[str, float] = {}
    owner: dict[str, str] = {}
    default = data.get("default", 1.0)
    if not _number(default) or default <= 0:
        doc.complain(("default",), f"'default' must be a positive number, not {default!r}", default)
        default = 1.0
    for name, table in data.items():
        if name == "default":
            continue
        if not isinstance(table, dict):
            doc.complain((name,), f"'{name}' must be a rate class: a table with 'rate' and 'nodes' "
                         "(or 'default = RATE')")
            continue
        _unknown_keys(doc, (name,), table, ("rate", "nodes"))
        rate = table.get("rate")
        if not _number(rate) or rate <= 0:
            doc.complain((name, "rate") if "rate" in table else (name,),
                         f"rate class '{name}' needs a positive 'rate', not {rate!r}", rate)
            continue
        members = table.get("nodes")
        if not isinstance(members, list):
            doc.complain((name, "nodes") if "nodes" in table else (name,),
                         f"rate class '{name}' needs 'nodes', a list of node names")
            continue
        for member in members:
            node = _node(model, doc, (name, "nodes"), member)
            if node is None:
                continue
            if node in owner:
                doc.complain((name, "nodes"), f"'{node}' is in rate classes '{owner[node]}' and '{name}'", member)
                continue
            owner[node] = name
            rates[node] = float(rate)
    doc.check()
    if default != 1.0:
        rates = {**{n: float(default) for n in model.nodes}, **rates}
    return rates


# --- initial states ------------------------------------------------------------------


def read_initial(path: str | Path, model: Model) -> InitialDistribution:
    """An initial-state distribution from a file (see :func:`parse_initial`)."""
    data, doc = Document.read(path)
    return initial_from(data, model, doc)


def parse_initial(text: str, model: Model, source: str = "<init>") -> InitialDistribution:
    """An initial-state distribution from TOML text: ``rest``, ``[nodes]`` and ``[groups.NAME]``."""
    data, doc = Document.parse(text, source)
    return initial_from(data, model, doc)


def initial_from(data: Table, model: Model, doc: Document) -> InitialDistribution:
    """The distribution from parsed init settings; raises InputError listing every located problem."""
    _unknown_keys(doc, (), data, ("rest", "nodes", "groups"))
    given: dict[str, str] = {}  # node -> where its value comes from, to catch a node set twice

    def claim(path: tuple[str, ...], name: object, by: str) -> str | None:
        node = _node(model, doc, path, name)
        if node is not None and node in given:
            doc.complain(path, f"'{node}' is given an initial value by {given[node]} and by {by}", name)
            return None
        if node is not None:
            given[node] = by
        return node

    probabilities: dict[str, float] = {}
    nodes = data.get("nodes", {})
    if not isinstance(nodes, dict):
        doc.complain(("nodes",), "'nodes' must be a table of NODE = 0, 1 or a probability")
        nodes = {}
    for name, value in nodes.items():
        if not _number(value) or not 0 <= value <= 1:
            doc.complain(("nodes", name), f"the initial value of '{name}' must be 0, 1 or a probability in "
                         f"[0, 1], not {value!r}", value if _number(value) else None)
            continue
        node = claim(("nodes", name), name, "[nodes]")
        if node is not None:
            probabilities[node] = float(value)
    groups: list[Group] = []
    raw_groups = data.get("groups", {})
    if not isinstance(raw_groups, dict):
        doc.complain(("groups",), "'groups' must be tables [groups.NAME] with 'nodes' and 'probability'")
        raw_groups = {}
    for name, table in raw_groups.items():
        path = ("groups", name)
        if not isinstance(table, dict) or not isinstance(table.get("nodes"), list) or not table["nodes"]:
            doc.complain(path, f"group '{name}' needs 'nodes', a non-empty list of node names")
            continue
        _unknown_keys(doc, path, table, ("nodes", "probability"))
        p = table.get("probability", 0.5)
        if not _number(p) or not 0 <= p <= 1:
            doc.complain(path + ("probability",), f"the probability of group '{name}' must be in [0, 1], not {p!r}",
                         p if _number(p) else None)
            p = 0.5
        members = [claim(path + ("nodes",), m, f"group '{name}'") for m in table["nodes"]]
        groups.append(Group(name, tuple(m for m in members if m is not None), float(p)))
    rest = data.get("rest", RANDOM)
    if isinstance(rest, dict):
        state: dict[str, int] = {}
        for name, value in rest.items():
            node = _node(model, doc, ("rest", name), name)
            if value not in (0, 1) or isinstance(value, (bool, float)):
                doc.complain(("rest", name), f"a given state sets '{name}' to 0 or 1, not {value!r}", value)
            elif node is not None:
                state[node] = value
        rest = state
    elif rest not in (RANDOM, ATTRACTOR):
        doc.complain(("rest",), f"'rest' must be \"{RANDOM}\", \"{ATTRACTOR}\" or a state {{ NODE = 0|1, ... }}, "
                     f"not {rest!r}", rest if isinstance(rest, str) else None)
    doc.check()
    return InitialDistribution(probabilities, tuple(groups), rest)


# --- scores and the [simulation] table -------------------------------------------------


def scores_from(data: Table, model: Model, doc: Document) -> tuple[Score, ...]:
    """Scores from ``{NAME = {NODE = weight, ...}}`` (levels from lowest to highest)."""
    scores: list[Score] = []
    for name, levels in data.items():
        if not isinstance(levels, dict) or not levels:
            doc.complain(("scores", name), f"score '{name}' must be a table {{ NODE = weight, ... }}, lowest level "
                         "first")
            continue
        parsed: list[tuple[str, float]] = []
        for node_name, weight in levels.items():
            node = _node(model, doc, ("scores", name, node_name), node_name)
            if not _number(weight):
                doc.complain(("scores", name, node_name), f"the weight of '{node_name}' in score '{name}' must be "
                             f"a number, not {weight!r}", node_name)
            elif node is not None:
                parsed.append((node, float(weight)))
        scores.append(Score(name, tuple(parsed)))
    return tuple(scores)


def simulation_settings(table: Table | None, model: Model, doc: Document) -> SimulationSettings:
    """Settings from a scenario's ``[simulation]`` table (``doc`` is the scenario, prefix
    ``("simulation",)``); ``rates`` and ``init`` are file names relative to the scenario, or tables."""
    table = table or {}
    _unknown_keys(doc, (), table, SIMULATION_KEYS)
    values: dict[str, Any] = {}
    for key, least in (("runs", 1), ("steps", 0), ("seed", 0), ("perturb_at", 0), ("updates_per_step", 1)):
        if key not in table:
            continue
        value = table[key]
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            doc.complain((key,), f"'{key}' must be an integer of at least {least}, not {value!r}", value)
        else:
            values[key] = value
    if "semantics" in table:
        if table["semantics"] not in SEMANTICS:
            doc.complain(("semantics",), f"'semantics' must be one of {', '.join(SEMANTICS)}, not "
                         f"{table['semantics']!r}", table["semantics"])
        else:
            values["semantics"] = table["semantics"]
    if values.get("perturb_at", 0) > values.get("steps", SimulationSettings.steps):
        doc.complain(("perturb_at",), f"'perturb_at' ({values['perturb_at']}) is after the last step "
                     f"({values.get('steps', SimulationSettings.steps)})", values["perturb_at"])
    if "scores" in table:
        if isinstance(table["scores"], dict):
            values["scores"] = scores_from(table["scores"], model, doc)
        else:
            doc.complain(("scores",), "'scores' must be a table of NAME = { NODE = weight, ... }")
    doc.check()
    base = Path(doc.source).resolve().parent
    for key, read, parse, target in (("rates", read_rates, rates_from, "rates"),
                                     ("init", read_initial, initial_from, "initial")):
        value = table.get(key)
        if isinstance(value, str):
            values[target] = read(base / value, model)
        elif isinstance(value, dict):
            values[target] = parse(value, model, Document(doc.text, doc.source, doc.prefix + (key,)))
        elif value is not None:
            doc.complain((key,), f"'{key}' must be a file name or a table, not {value!r}")
            doc.check()
    return SimulationSettings(**values)
