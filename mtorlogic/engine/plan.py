"""How big an attractor search is, and how it will be run, before running it.

:func:`plan` looks at the reduced network (after percolation) and says which
method solves it (:func:`.methods.choose_method`, the engine's own choice),
how many input classes it is split into (:func:`.inputs.input_classes`, the
engine's own split), how many states the core has, how much memory it needs,
and whether that fits this machine. :func:`~mtorlogic.engine.attractors.attractors`
checks the plan before searching, and a suggestion in a refusal names only
what :func:`plan` itself finds feasible.

What is estimated, and how:

- the exhaustive method holds the whole state transition graph of the core:
  about :data:`ASYNC_BYTES_PER_STATE_NODE` bytes per state and node for the
  asynchronous graph (measured: 18-25 on random networks of 16-22 nodes); the
  synchronous map is held whole up to 2^20 states (:data:`SYNC_BYTES_PER_STATE`
  plus one per node) and streamed above, with about two bytes per state
  (measured: 74 MB at 25 nodes, 1.3 GB at 30, benchmarks/sync_memory.py);
- the symbolic (BDD) and ASP methods have no useful size estimate; the memory
  cap of a bounded run (:mod:`.budget`) and its timeout bound them instead;
- whatever the method, a network with ``k`` free inputs has at least ``2^k``
  attractors (an input never changes, so every assignment of the inputs holds
  at least one), each of which must be held and reported.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("input GF condition\\nA = GF & !B\\nB = A")
>>> p = plan(m, "async")
>>> p.method, p.core, p.free_inputs, p.input_classes, p.feasible
('exhaustive', ('GF', 'A', 'B'), ('GF',), 1, True)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from dataclasses import replace
from itertools import islice

from ..errors import TooLargeError, spell
from ..model import Model
from .inputs import free_inputs, input_classes
from .methods import EXHAUSTIVE_LIMIT, SEMANTICS, choose_method
from .percolate import Reduction, percolate

CLASS_COUNT_LIMIT = 1024  # input classes a plan counts (each costs percolations); beyond: "more than"

ASYNC_BYTES_PER_STATE_NODE = 32  # edges of the asynchronous graph, CSR matrix, SCC labels
ASYNC_BYTES_PER_STATE = 16
SYNC_BYTES_PER_STATE = 64  # successor, pointer-doubling and label arrays (int64), up to SYNC_HELD_STATES
SYNC_HELD_STATES = 2 ** 20  # above this the synchronous search streams the state space in chunks
SYNC_STREAMED_BYTES_PER_STATE = 2
BYTES_PER_ATTRACTOR_NODE = 100  # one value of one attractor: dict entry, report, JSON


@dataclass(frozen=True)
class Plan:
    """How an attractor search will run, and whether it fits.

    Attributes
    ----------
    semantics : "async", "sync" or "mp"
    method : "exhaustive", "symbolic", "asp" or "succession": how the largest core (or input class) is solved
    core : the nodes left free by percolation
    free_inputs : the inputs among them
    input_classes : searches run one after another, one per input class (inputs
        whose values percolate into the core, :func:`.inputs.input_classes`; 1: the
        core is searched at once); at least this many when not ``classes_counted``
    largest_core : free nodes of the largest single search (of those counted)
    states : states of the core (2 ** len(core))
    memory : estimated peak bytes of the largest single search plus the result
        (a lower bound when ``method`` is "symbolic" or "asp", which have no estimate of their own)
    available : bytes of memory this machine (or its control group) has
    feasible : whether the search can run here; if not, ``reason`` says why and
        ``suggestion`` what would cope (empty when nothing found does)
    """

    semantics: str
    method: str
    core: tuple[str, ...]
    free_inputs: tuple[str, ...]
    input_classes: int
    largest_core: int
    states: int
    memory: int
    available: int
    classes_counted: bool = True
    feasible: bool = True
    reason: str = ""
    suggestion: str = ""

    @property
    def min_attractors(self) -> int:
        """At least one attractor per assignment of the free inputs."""
        return 1 << len(self.free_inputs)

    def describe(self) -> str:
        """One line for a terminal: what will be searched, how, and the estimate."""
        how = {"exhaustive": "exhaustively", "symbolic": "symbolically (BDDs)",
               "asp": "by answer-set programming (clingo)",
               "succession": "through the succession diagram of trap spaces (biobalm)"}.get(self.method, self.method)
        classes = f"{self.input_classes:,}" if self.classes_counted else f"more than {self.input_classes:,}"
        split = (f", in {classes} input classes of up to {self.largest_core} free nodes "
                 f"({len(self.free_inputs)} free inputs)"
                 if self.input_classes > 1 else
                 f", {len(self.free_inputs)} free input{'s' if len(self.free_inputs) > 1 else ''}"
                 if self.free_inputs else "")
        memory = f"about {format_bytes(self.memory)}" if self.method == "exhaustive" else \
            f"at least {format_bytes(self.memory)}"
        return (f"{self.semantics} attractors of a core of {len(self.core)} free nodes "
                f"({_power(len(self.core))} state{'s' if self.core else ''}){split}, solved {how}; memory {memory} "
                f"of {format_bytes(self.available)}")

    def check(self) -> None:
        """Raise TooLargeError with the reason and a suggestion when the plan is not feasible."""
        if not self.feasible:
            raise TooLargeError(self.reason + (f"; {self.suggestion}" if self.suggestion else ""))


def plan(model: Model, semantics: str = "async", method: str = "auto", reduction: Reduction | None = None,
         exhaustive_limit: int = EXHAUSTIVE_LIMIT) -> Plan:
    """The plan of ``attractors(model, semantics, method)``: method, size, memory, feasibility.

    Parameters
    ----------
    model : Model (inputs that are not fixed stay free)
    semantics : "async", "sync" or "mp"
    method : "auto", "exhaustive", "symbolic" or "asp"
    reduction : a precomputed ``percolate(model)``
    exhaustive_limit : largest core solved exhaustively under "auto"

    Raises
    ------
    MtorlogicError
        For an unknown semantics or method, or a method that cannot compute that semantics.
    """
    choose_method(semantics, 0, method)  # unknown names and impossible pairings are errors, not plans
    red = reduction if reduction is not None else percolate(model)
    found = _size_up(model, red, semantics, method, exhaustive_limit)
    if found.feasible:
        return found
    return _with_suggestion(found, model, red, method, exhaustive_limit)


def core_memory(free_nodes: int, semantics: str, method: str) -> int:
    """Estimated peak bytes of one search over a core of ``free_nodes`` nodes (0: no estimate)."""
    if method != "exhaustive":
        return 0
    states = 1 << free_nodes
    if semantics == "sync":
        held = min(states, SYNC_HELD_STATES) * (SYNC_BYTES_PER_STATE + free_nodes)
        return held + (states * SYNC_STREAMED_BYTES_PER_STATE if states > SYNC_HELD_STATES else 0)
    return states * (ASYNC_BYTES_PER_STATE + ASYNC_BYTES_PER_STATE_NODE * free_nodes)


def check_core(free_nodes: int, semantics: str, method: str) -> None:
    """Raise TooLargeError when one core search would need more memory than this machine has
    (for callers that solve cores directly, without a plan)."""
    need = core_memory(free_nodes, semantics, method)
    if need > machine_memory():
        raise TooLargeError(f"a core of {free_nodes} free nodes needs about {format_bytes(need)} for the "
                            f"exhaustive method, more than the {format_bytes(machine_memory())} of this machine")


# --- sizing ---------------------------------------------------------------------------


def _size_up(model: Model, red: Reduction, semantics: str, method: str, exhaustive_limit: int) -> Plan:
    core = tuple(red.free)
    inputs = tuple(free_inputs(red))
    available = machine_memory()
    result = _result_bytes(inputs, red)
    base = Plan(semantics, method, core, inputs, 1, len(core), 1 << len(core), result, available)
    if result > available:  # before splitting: 2^k classes would take forever just to count
        return _refused(base, f"with {len(inputs)} free inputs there are at least {_power(len(inputs))} "
                              f"attractors (one or more per assignment of the inputs): holding them needs at least "
                              f"{format_bytes(result)}, more than the {format_bytes(available)} of this machine")
    # Minimal trap spaces are found in one ASP call on the whole core: on the 40 shared BBM models with
    # free inputs and a core of more than 10 nodes, that call beat the input split on 26 (median ratio
    # 0.82, equal totals); the split's percolations and per-class calls are a latency floor (issue 20).
    classes, largest, counted = ((1, len(core), True) if semantics == "mp"
                                 else _count_classes(model, red, exhaustive_limit))
    base = replace(base, input_classes=classes, largest_core=largest, classes_counted=counted)
    try:
        chosen = choose_method(semantics, largest, method, exhaustive_limit, len(inputs))
    except TooLargeError as e:
        return _refused(base, str(e).split(";")[0])
    memory = core_memory(largest, semantics, chosen) + result
    base = replace(base, method=chosen, memory=memory)
    if memory > available:
        return _refused(base, f"the exhaustive method on {largest} free nodes ({_power(largest)} states) needs "
                              f"about {format_bytes(memory)}, more than the {format_bytes(available)} of this machine")
    return base


def _result_bytes(inputs: tuple[str, ...], red: Reduction) -> int:
    """Bytes to hold at least one attractor per assignment of the free ``inputs``."""
    return (1 << len(inputs)) * max(len(red.nodes), 1) * BYTES_PER_ATTRACTOR_NODE


def _count_classes(model: Model, red: Reduction, exhaustive_limit: int) -> tuple[int, int, bool]:
    """(input classes, free nodes of the largest, whether all were counted): the engine's own split,
    counted up to :data:`CLASS_COUNT_LIMIT` classes."""
    if len(red.free) <= exhaustive_limit or not free_inputs(red):
        return 1, len(red.free), True
    leaves = list(islice(input_classes(model, red, min_core=exhaustive_limit), CLASS_COUNT_LIMIT + 1))
    largest = max(len(leaf.free) for _, leaf in leaves)
    return min(len(leaves), CLASS_COUNT_LIMIT), largest, len(leaves) <= CLASS_COUNT_LIMIT


def _refused(base: Plan, reason: str) -> Plan:
    return replace(base, feasible=False, reason=reason)


def _with_suggestion(refused: Plan, model: Model, red: Reduction, method: str, exhaustive_limit: int) -> Plan:
    """The refused plan with a suggestion that :func:`plan` finds feasible, if one exists."""
    if refused.semantics == "mp" and _result_bytes(refused.free_inputs, red) > refused.available:
        # too many to list, not too big to solve: a set holds them
        return replace(refused, suggestion="hold them as a set: count, marginals and members on request ("
                       + spell("--count", "mtorlogic.engine.symbolic_sets.trap_space_set(model)") + ")")
    options = []
    if method != "auto":
        options.append(("auto", refused.semantics, red, "let the method be chosen (" + spell("--method auto", "method='auto'") + ")"))
    for other in SEMANTICS:
        if other != refused.semantics:
            options.append(("auto", other, red, f"use {spell(f'--semantics {other}', f'semantics={other!r}')}"))
    if refused.free_inputs:
        fixed, held = _without_free_inputs(model, red)
        more = " ..." if len(held) > 3 else ""
        shown = spell(" ".join(f"--fix {n}=0" for n in held[:3]) + more,
                      "model.fix({" + ", ".join(f"{n!r}: 0" for n in held[:3]) + (", ...})" if more else "})"))
        more = ""
        what = (f"the {len(held)} free inputs" if len(held) == len(refused.free_inputs) else
                f"the {len(refused.free_inputs)} free inputs and the {len(held) - len(refused.free_inputs)} nodes "
                "that then only sustain themselves")
        options.append((method, refused.semantics, fixed,
                        f"fix {what} ({shown}{more}): with all of them at 0 the core has {len(fixed.free)} free nodes"))
    for option_method, semantics, reduction, advice in options:
        if _size_up(model, reduction, semantics, option_method, exhaustive_limit).feasible:
            return replace(refused, suggestion=advice)
    return refused


def _without_free_inputs(model: Model, red: Reduction, rounds: int = 10) -> tuple[Reduction, list[str]]:
    """The reduction with every free input held at 0, repeated while holding them leaves
    nodes that only sustain themselves (``X = X & Y`` with Y at 1); and the nodes held."""
    held: list[str] = []
    for _ in range(rounds):
        inputs = free_inputs(red)
        if not inputs:
            break
        held += inputs
        red = percolate(model, {**red.constants, **{n: 0 for n in inputs}})
    return red, held


# --- the machine ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def machine_memory() -> int:
    """Bytes of memory this process may use: the machine's, or its control group's limit if lower."""
    total = _meminfo_total() or os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            with open(path, encoding="ascii") as fh:
                limit = fh.read().strip()
        except OSError:
            continue
        if limit.isdigit():
            total = min(total, int(limit))
    return int(total)


def _meminfo_total() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def format_bytes(n: int | float) -> str:
    """``1.5 GiB``, ``320 MiB``, ``12 KiB``, ``800 B``.

    >>> format_bytes(3 * 2**30 // 2), format_bytes(5 * 2**40), format_bytes(2**100)
    ('1.5 GiB', '5.0 TiB', '2^100 B')
    """
    for unit, size in (("EiB", 2**60), ("PiB", 2**50), ("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20),
                       ("KiB", 2**10)):
        if n >= size:
            value = n / size
            if value >= 1024:  # beyond any machine: say only how far beyond
                return f"2^{int(n).bit_length() - 1} B"
            return f"{value:.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"
    return f"{int(n)} B"


def _power(exponent: int) -> str:
    """``2^60`` for big numbers, the number itself for small ones."""
    return f"{2 ** exponent:,}" if exponent <= 20 else f"2^{exponent}"
