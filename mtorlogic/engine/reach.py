"""Which attractors of a network are reached from given states, exactly.

A drug does not act on every state of the cell: it acts on the cell as it was
(the untreated attractors it lived in). With a positive feedback loop, such as
the caspase-3/caspase-9 loop that makes death absorbing, a treated network has
attractors that the treated cell never reaches from there (every context has
a dead attractor). :func:`reached` says, for each attractor of the treated
network, whether some state of the given start attractors leads to it:

- ``"async"``: symbolic forward reachability in the asynchronous state graph
  (biodivine-aeon), from every state of every start attractor; an attractor is
  reached when the reachable set holds one of its states (an attractor is a
  terminal strongly connected component, so one state stands for all);
- ``"sync"``: each start state follows its one synchronous trajectory;
- ``"mp"``: mpbn's most-permissive reachability (trap spaces reachable from
  the start trap space).

The start states carry the treatment from the first step (``red.fixed``
overwrite them). Before any search the network shrinks, exactly: a node whose
rule is constant given the nodes already held constant, and which already has
that value in every start state, never changes (percolation alone is not
enough here: a node that only ends constant may first act while it still has
its start value). With one target there is nothing to decide; results are
cached on the reduced network, the starts and the targets.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> from mtorlogic.engine.attractors import attractors
>>> from mtorlogic.engine.percolate import percolate
>>> m = read_rules_text('''input d drug default 0
... L = !d & !D
... D = d & !L | D''')
>>> before = [a for a in attractors(m.fix({"d": 0})) if not a.values["D"]]   # the living cell (D is a trap)
>>> [a.values["D"] for a in before]
[0]
>>> treated = m.fix({"d": 1})
>>> after = attractors(treated)                    # death (D) is a trap; L dies too under the drug
>>> reached(percolate(treated), before, after)
(True,)
"""

from __future__ import annotations

from functools import cached_property
from types import ModuleType

from typing import AbstractSet, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from ..expr import Expr, substitute, variables
from ..memo import remember
from .attractors import Attractor, Reading
from .compile import PartialEvaluator, compile_partial
from .percolate import Reduction

CACHE_SIZE = 4096
SYNC_STEPS = 100_000  # synchronous steps at most before the trajectory is given up (then: unknown)
_CACHE: dict[tuple[object, ...], tuple[bool, ...] | None] = {}


def reached(red: Reduction, starts: Sequence[Attractor], targets: Sequence[Attractor],
            semantics: str = "async") -> tuple[bool | None, ...]:
    """For each of ``targets`` (every attractor of the network of ``red``), whether some state of
    ``starts`` reaches it: True, False, or None where that cannot be decided exactly (a start or a
    target too large to list its states, once the trap space holding the starts has had its say).

    ``starts`` are attractors over the same nodes (typically of the network before the treatment
    that ``red`` holds fixed); their states are overwritten by ``red.fixed`` before the first step.
    No run leaves the smallest trap space holding the starts (:func:`start_trap`), so a target outside
    it is not reached; every run ends in some attractor, so when it holds one target, that one is.
    """
    if len(targets) <= 1:
        return tuple(True for _ in targets)
    if semantics == "mp":
        return _mp(red, starts, targets)
    hard = start_trap(red, starts)
    inside = [hard.items() <= t.values.items() for t in targets]
    if sum(inside) <= 1:
        # none inside only when the targets are not every attractor: then nothing is decided
        return tuple(inside) if any(inside) else tuple(None for _ in targets)
    chosen = [t for t, keep in zip(targets, inside) if keep]
    found = _decide(red, starts, chosen, hard, semantics)
    answers = iter(found if found is not None else [None] * len(chosen))
    return tuple(next(answers) if keep else False for keep in inside)


def _decide(red: Reduction, starts: Sequence[Attractor], targets: Sequence[Attractor], hard: Mapping[str, int],
            semantics: str) -> tuple[bool, ...] | None:
    """Reachability of ``targets`` (all inside the trap space ``hard`` holding the starts) by search on
    the nodes outside it, cached on that free part, its starts and its goals."""
    rows = _start_rows(red, starts)
    reps = [_representative(red, t) for t in targets]
    if rows is None or any(r is None for r in reps):
        return None
    free = tuple(n for n in red.nodes if n not in hard)
    index = _positions(red)
    cols = [index[n] for n in free]
    start = _distinct_rows(rows[:, cols])
    goals = np.array([r for r in reps if r is not None])[:, cols]
    key = (semantics, free, _network_key(red, free, hard), start.tobytes(), goals.tobytes())
    if key in _CACHE:
        return _CACHE[key]
    if not free:
        found: tuple[bool, ...] | None = tuple(True for _ in targets)
    elif semantics == "sync":
        found = _sync(free, {n: substitute(red.original[n], hard) for n in free}, start, goals)
    else:
        members = [_target_rows(red, t)[:, cols] for t in targets]
        found = _async(_FreePart(red, free, hard), start, goals, members)
    return remember(_CACHE, key, found, CACHE_SIZE)


def start_trap(red: Reduction, starts: Sequence[Attractor]) -> dict[str, int]:
    """The smallest trap space holding every state of ``starts`` (with ``red.fixed`` written in), as
    node -> value: no run from the starts, in any semantics, changes these nodes.

    From above: begin with the values every start shares (and the held ones), and drop, until none is
    left, a node its rule (three-valued, given the rest) no longer keeps at its value; only a reader of
    a dropped or free node needs a look.

    >>> from mtorlogic.rules import read_rules_text
    >>> from mtorlogic.engine.attractors import attractors
    >>> from mtorlogic.engine.percolate import percolate
    >>> m = read_rules_text('''input d drug default 0
    ... Grow = !d
    ... Death = Death
    ... Proliferation = Grow & !Death''')
    >>> start = attractors(m.fix({"d": 0}))
    >>> [a.values["Death"] for a in start]
    [0, 1]
    >>> sorted(start_trap(percolate(m.fix({"d": 1})), start[:1]).items())   # growth falls; death stays out
    [('Death', 0), ('d', 1)]
    """
    fixed = red.fixed
    shared: AbstractSet[tuple[str, Reading]] = starts[0].values.items() if starts else set()
    for other in starts[1:]:
        shared = shared & other.values.items()
    trap = {n: int(v) for n, v in shared if v == 0 or v == 1}
    moved = [n for n, v in fixed.items() if trap.get(n) != v]  # held at a value the starts do not all have
    trap.update(fixed)
    partial, readers = _rules(red)
    known = trap.get
    doubtful = {r for n in [*moved, *(n for n in red.nodes if n not in trap)] for r in readers[n]
                if r in trap and r not in fixed}
    while doubtful:
        dropped = [n for n in doubtful if n in trap and partial[n](known) != trap[n]]
        for n in dropped:
            del trap[n]
        doubtful = {r for n in dropped for r in readers[n] if r in trap and r not in fixed}
    return trap


def _rules(red: Reduction) -> tuple[Mapping[str, PartialEvaluator], Mapping[str, Sequence[str]]]:
    """Each node's rule (as in ``red.original``) as a three-valued evaluator, and who reads whom."""
    if red.prepared is not None:
        return red.prepared.partial, red.prepared.readers
    partial = {n: compile_partial(f) for n, f in red.original.items()}
    readers: dict[str, list[str]] = {n: [] for n in red.nodes}
    for n, f in red.original.items():
        for v in variables(f):
            readers[v].append(n)
    return partial, readers


def clear_cache() -> None:
    """Forget cached reachability results (benchmarks time cold runs)."""
    _CACHE.clear()


def _start_rows(red: Reduction, starts: Sequence[Attractor]) -> NDArray[np.uint8] | None:
    """Every state of the start attractors over ``red.nodes``, with the held values written in."""
    index = _positions(red)
    blocks = []
    for att in starts:
        if att.states is None or tuple(att.nodes) != tuple(red.nodes):
            space = _space_rows(att, red.nodes)
            if space is None:
                return None
            blocks.append(space)
        else:
            blocks.append(np.array(att.states, dtype=np.uint8))
    rows = np.concatenate(blocks) if blocks else np.zeros((0, len(red.nodes)), np.uint8)
    fixed = red.fixed
    rows[:, np.fromiter(map(index.__getitem__, fixed), np.intp, len(fixed))] = np.fromiter(
        fixed.values(), np.uint8, len(fixed))
    return rows


def _positions(red: Reduction) -> Mapping[str, int]:
    """Each node's column in ``red.nodes`` (the model's own index, when the reduction carries it)."""
    return red.index or {n: i for i, n in enumerate(red.nodes)}


def _distinct_rows(rows: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """The distinct rows, sorted (``np.unique(rows, axis=0)`` without its cost on the one-row case)."""
    if len(rows) <= 1:
        return rows
    return np.unique(rows, axis=0)


def _space_rows(att: Attractor, nodes: Sequence[str]) -> NDArray[np.uint8] | None:
    """The one state of an attractor whose values are all 0 or 1 (a fixed point given without states)."""
    values = [att.values.get(n) for n in nodes]
    if any(v not in (0, 1) for v in values):
        return None
    return np.array([values], dtype=np.uint8)


def _target_rows(red: Reduction, att: Attractor) -> NDArray[np.uint8]:
    """Every listed state of a target attractor over ``red.nodes`` (its one state when only that is known)."""
    if att.states is not None and tuple(att.nodes) == tuple(red.nodes):
        return np.asarray(att.states, dtype=np.uint8)
    found = _representative(red, att)
    assert found is not None, "reached() returns before this for targets it cannot place"
    return found[None, :]


def _representative(red: Reduction, att: Attractor) -> NDArray[np.uint8] | None:
    """One state of a target attractor over ``red.nodes`` (None for a cycle too large to list, or a trap space)."""
    if att.states is not None and tuple(att.nodes) == tuple(red.nodes):
        return np.array(att.states[0], dtype=np.uint8)
    rows = _space_rows(att, red.nodes)
    return None if rows is None else rows[0]


def _network_key(red: Reduction, free: tuple[str, ...], hard: Mapping[str, int]) -> tuple[object, ...]:
    """What decides the free nodes' functions once ``hard`` is substituted: the model (its shared
    prepared form) and the held values of the free nodes' regulators; cheaper than building them."""
    prep = red.prepared
    if prep is None:
        return tuple(substitute(red.original[n], hard) for n in free)
    regulators = prep.regulators
    boundary = sorted({v for n in free for v in regulators[n] if v in hard}, key=red.index.__getitem__)
    return (prep, tuple((v, hard[v]) for v in boundary))


class _FreePart:
    """The nodes a reachability question leaves free, with their rules as three-valued evaluators
    over a dict of node values (the model's compiled rules, read with the held nodes' values under
    the free ones), who among them reads whom, and the rules as expressions (built on demand)."""

    def __init__(self, red: Reduction, free: tuple[str, ...], hard: Mapping[str, int]):
        self.nodes = free
        self.held = dict(hard)
        self._red = red
        self.rule, readers = _rules(red)
        inside = set(free)
        self.readers = {n: tuple(r for r in readers[n] if r in inside) for n in free}

    @cached_property
    def functions(self) -> dict[str, Expr]:
        """The free nodes' rules with the held values written in (for the symbolic search)."""
        return {n: substitute(self._red.original[n], self.held) for n in self.nodes}

    def values(self, row: NDArray[np.uint8]) -> dict[str, int]:
        """The held values and a state of the free nodes, by node."""
        out = dict(self.held)
        out.update(zip(self.nodes, row.tolist()))
        return out


def _async(part: _FreePart, start: NDArray[np.uint8], goals: NDArray[np.uint8],
           members: Sequence[NDArray[np.uint8]]) -> tuple[bool, ...]:
    """Asynchronous reachability of each target from the start states (the targets inside the smallest
    trap space holding the starts, whose fixed nodes are set aside), decided in two exact steps: a
    target that a random asynchronous walk enters is reached (a witness); what is left is settled by
    symbolic forward reachability on the nodes the goals' differences depend on.

    ``goals`` holds one state of each target attractor, ``members`` all its states."""
    found = _walk_witnesses(part, start, members, range(len(goals)))
    open_goals = [i for i in range(len(goals)) if not found[i]]
    if open_goals:
        exact = _symbolic_reach(part.nodes, part.functions, start, goals[open_goals])
        for i, hit in zip(open_goals, exact):
            found[i] = hit
    return tuple(found)


WALKS, WALK_STEPS = 64, 4000


def _walk_witnesses(part: _FreePart, start: NDArray[np.uint8], members: Sequence[NDArray[np.uint8]],
                    wanted: Sequence[int]) -> list[bool]:
    """Which of the ``wanted`` targets (``members``: the states of each) some random asynchronous walk
    from the starts enters (seeded: reproducible).

    Each step flips one node whose rule disagrees with it, chosen uniformly; a walk ends when it
    enters a target (an attractor is never left) or no node disagrees (a fixed point); the walks end
    once every wanted target is found. A flip changes only what its readers see, so only the node
    and its readers are evaluated again."""
    import random

    found = [False] * len(members)
    left = set(wanted)
    if not left:
        return found
    target_of = {row.tobytes(): i for i in wanted for row in np.asarray(members[i], dtype=np.uint8)}
    nodes, rule, readers = part.nodes, part.rule, part.readers
    position = {n: j for j, n in enumerate(nodes)}
    rnd = random.Random(0)
    first: dict[int, list[str]] = {}  # start row -> the nodes unstable there
    for _ in range(WALKS):
        pick = rnd.randrange(len(start))
        values = part.values(start[pick])
        known = values.get
        if pick not in first:
            first[pick] = [n for n in nodes if rule[n](known) != values[n]]
        unstable = list(first[pick])
        where = {n: i for i, n in enumerate(unstable)}
        state = bytearray(start[pick].tobytes())
        for _ in range(WALK_STEPS):
            hit = target_of.get(bytes(state))
            if hit is not None:
                found[hit] = True
                left.discard(hit)
                break
            if not unstable:
                break
            node = unstable[rnd.randrange(len(unstable))]
            values[node] = state[position[node]] = 1 - values[node]
            for r in (node, *readers[node]):
                wrong = rule[r](known) != values[r]
                if wrong and r not in where:
                    where[r] = len(unstable)
                    unstable.append(r)
                elif not wrong and r in where:
                    moved = unstable[-1]
                    unstable[where[r]] = moved
                    where[moved] = where[r]
                    unstable.pop()
                    del where[r]
        if not left:
            break
    return found


def _symbolic_reach(nodes: tuple[str, ...], functions: Mapping[str, Expr], start: NDArray[np.uint8],
                    goals: NDArray[np.uint8]) -> list[bool]:
    """Exact forward reachability (biodivine-aeon) on the nodes the goals differ on and their ancestors:
    that part of the network runs on its own, so its reachable states are the projections of the whole's."""
    import biodivine_aeon as ba

    from .symbolic import to_aeon

    differ = [j for j in range(len(nodes)) if len(set(goals[:, j].tolist()) | set(start[:, j].tolist())) > 1]
    keep = {nodes[j] for j in differ}
    stack = list(keep)
    while stack:
        for v in variables(functions[stack.pop()]):
            if v not in keep:
                keep.add(v)
                stack.append(v)
    cols = [j for j, n in enumerate(nodes) if n in keep]
    part = tuple(nodes[j] for j in cols)
    if not part:
        return [bool((g == start[0]).all()) for g in goals]
    graph = ba.AsynchronousGraph(to_aeon(part, functions))
    initial = graph.mk_empty_colored_vertices()
    for row in np.unique(start[:, cols], axis=0):
        initial = initial.union(graph.mk_subspace({n: bool(v) for n, v in zip(part, row)}))
    reachable = ba.Reachability.reach_fwd(graph, initial)
    return [not reachable.intersect(graph.mk_subspace({n: bool(v) for n, v in zip(part, goal[cols])})).is_empty()
            for goal in goals]


def _sync(nodes: tuple[str, ...], functions: Mapping[str, Expr], start: NDArray[np.uint8],
          goals: NDArray[np.uint8]) -> tuple[bool, ...] | None:
    """Each start follows its synchronous trajectory until it repeats a state; the cycle it closes is
    the attractor it reaches (a goal is reached when that cycle holds the goal's state)."""
    from .compile import CompiledNetwork

    net = CompiledNetwork(nodes, functions)
    goal_keys = [g.astype(bool).tobytes() for g in goals]
    hit = [False] * len(goals)
    for row in start.astype(bool):
        seen: dict[bytes, int] = {}
        state = row[None, :]
        for step in range(SYNC_STEPS):
            key = state.tobytes()
            if key in seen:
                break
            seen[key] = step
            state = net.update_all(state)
        else:
            return None
        first = seen[state.tobytes()]
        cycle = {k for k, s in seen.items() if s >= first}
        for i, g in enumerate(goal_keys):
            hit[i] = hit[i] or g in cycle
    return tuple(hit)


def _mp(red: Reduction, starts: Sequence[Attractor], targets: Sequence[Attractor]) -> tuple[bool, ...]:
    """Most-permissive reachability (mpbn): the minimal trap spaces reachable from some state of each start
    (a start trap space is given as the partial configuration of its fixed nodes)."""
    from ..expr import to_text

    mpbn = _mpbn()
    nodes = tuple(red.nodes)
    functions = red.original
    alias = {n: f"x{i}" for i, n in enumerate(nodes)}
    key = ("mp", tuple(functions[n] for n in nodes),
           tuple(tuple(sorted(a.values.items(), key=str)) for a in starts),
           tuple(tuple(sorted(t.values.items(), key=str)) for t in targets))
    if key in _CACHE:
        cached = _CACHE[key]
        assert cached is not None
        return cached
    network = mpbn.MPBooleanNetwork(
        {alias[n]: to_text(functions[n], "bnet", name=alias.__getitem__) for n in nodes}, boolfunclib="aeon")
    spaces = set()
    for att in starts:
        config = {alias[n]: int(v) for n, v in att.values.items() if v in (0, 1)}
        config.update({alias[n]: v for n, v in red.fixed.items()})
        for space in network.attractors(reachable_from=config):
            spaces.add(tuple(space[alias[n]] for n in nodes))
    found = tuple(tuple("*" if t.values[n] == "*" else int(t.values[n]) for n in nodes) in spaces
                  for t in targets)
    remember(_CACHE, key, found, CACHE_SIZE)
    return found


def _mpbn() -> ModuleType:
    """mpbn, imported without keeping the recursion limit of 100,000 it sets for the whole process
    (deep recursion would then crash the interpreter instead of raising RecursionError)."""
    import sys

    limit = sys.getrecursionlimit()
    try:
        import mpbn
    finally:
        sys.setrecursionlimit(limit)
    module: ModuleType = mpbn  # untyped: what it holds is Any to mypy
    return module
