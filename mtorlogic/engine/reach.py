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
>>> before = attractors(m)                         # the living state only: D needs the drug to start
>>> [a.values["D"] for a in before]
[0]
>>> treated = m.fix({"d": 1})
>>> after = attractors(treated)                    # death (D) is a trap; L dies too under the drug
>>> reached(percolate(treated), before, after)
(True,)
"""

from __future__ import annotations

from types import ModuleType

from typing import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from ..expr import CONST, Expr, substitute
from .attractors import Attractor
from .percolate import Reduction

CACHE_SIZE = 4096
SYNC_STEPS = 100_000  # synchronous steps at most before the trajectory is given up (then: unknown)
_CACHE: dict[tuple[object, ...], tuple[bool, ...] | None] = {}


def reached(red: Reduction, starts: Sequence[Attractor], targets: Sequence[Attractor],
            semantics: str = "async") -> tuple[bool, ...] | None:
    """For each of ``targets`` (attractors of the network of ``red``), whether some state of ``starts``
    reaches it; None when that cannot be decided exactly (a start or target too large to list its states).

    ``starts`` are attractors over the same nodes (typically of the network before the treatment
    that ``red`` holds fixed); their states are overwritten by ``red.fixed`` before the first step.
    """
    if len(targets) <= 1:
        return tuple(True for _ in targets)
    if semantics == "mp":
        return _mp(red, starts, targets)
    rows = _start_rows(red, starts)
    reps = [_representative(red, t) for t in targets]
    if rows is None or any(r is None for r in reps):
        return None
    hard = _held_from_start(red, rows)
    free = tuple(n for n in red.nodes if n not in hard)
    index = {n: i for i, n in enumerate(red.nodes)}
    cols = [index[n] for n in free]
    start = np.unique(rows[:, cols], axis=0)
    goals = np.array([r for r in reps if r is not None])[:, cols]
    functions = {n: substitute(red.original[n], hard) for n in free}
    key = (semantics, free, tuple(functions[n] for n in free), start.tobytes(), goals.tobytes())
    if key in _CACHE:
        return _CACHE[key]
    if not free:
        found: tuple[bool, ...] | None = tuple(True for _ in targets)
    elif semantics == "sync":
        found = _sync(free, functions, start, goals)
    else:
        found = _async(free, functions, start, goals)
    if len(_CACHE) >= CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = found
    return found


def clear_cache() -> None:
    """Forget cached reachability results (benchmarks time cold runs)."""
    _CACHE.clear()


def _start_rows(red: Reduction, starts: Sequence[Attractor]) -> NDArray[np.uint8] | None:
    """Every state of the start attractors over ``red.nodes``, with the held values written in."""
    index = {n: i for i, n in enumerate(red.nodes)}
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
    for n, v in red.fixed.items():
        rows[:, index[n]] = v
    return rows


def _space_rows(att: Attractor, nodes: Sequence[str]) -> NDArray[np.uint8] | None:
    """The one state of an attractor whose values are all 0 or 1 (a fixed point given without states)."""
    values = [att.values.get(n) for n in nodes]
    if any(v not in (0, 1) for v in values):
        return None
    return np.array([values], dtype=np.uint8)


def _representative(red: Reduction, att: Attractor) -> NDArray[np.uint8] | None:
    """One state of a target attractor over ``red.nodes`` (None for a cycle too large to list, or a trap space)."""
    if att.states is not None and tuple(att.nodes) == tuple(red.nodes):
        return np.array(att.states[0], dtype=np.uint8)
    rows = _space_rows(att, red.nodes)
    return None if rows is None else rows[0]


def _held_from_start(red: Reduction, rows: NDArray[np.uint8]) -> dict[str, int]:
    """The nodes that cannot change from these starts: held by the treatment, or forced (given those
    already found) to the value every start state already has."""
    index = {n: i for i, n in enumerate(red.nodes)}
    hard = dict(red.fixed)
    original = red.original
    changed = True
    while changed:
        changed = False
        for n in red.order:
            if n in hard:
                continue
            value = red.constants[n]
            if not bool((rows[:, index[n]] == value).all()):
                continue
            f = substitute(original[n], hard)
            if f[0] == CONST and int(bool(f[1])) == value:
                hard[n] = value
                changed = True
    return hard


def _async(nodes: tuple[str, ...], functions: Mapping[str, Expr], start: NDArray[np.uint8],
           goals: NDArray[np.uint8]) -> tuple[bool, ...]:
    """Asynchronous reachability of each goal state from the start states, decided in three exact steps:
    a goal that a random asynchronous walk reaches is reachable (a witness); a goal outside the smallest
    trap space holding the starts is not (no run leaves a trap space); what is left is settled by
    symbolic forward reachability on the nodes the goals' differences depend on."""
    found = _walk_witnesses(nodes, functions, start, goals)
    if all(found):
        return tuple(found)
    closure = _trap_closure(nodes, functions, start)
    open_goals = []
    for i, goal in enumerate(goals):
        if found[i]:
            continue
        if any(goal[j] != v for j, v in closure.items()):
            continue  # outside a trap space the starts cannot leave
        open_goals.append(i)
    if open_goals:
        exact = _symbolic_reach(nodes, functions, start, goals[open_goals])
        for i, hit in zip(open_goals, exact):
            found[i] = hit
    return tuple(found)


WALKS, WALK_STEPS = 64, 4000


def _walk_witnesses(nodes: tuple[str, ...], functions: Mapping[str, Expr], start: NDArray[np.uint8],
                    goals: NDArray[np.uint8]) -> list[bool]:
    """Which goals some random asynchronous walk from the starts ends in (seeded: reproducible).

    Each step flips one node whose rule disagrees with it, chosen uniformly; a walk is done when
    no node disagrees (a fixed point) or when it is in a goal state (goals are attractor states)."""
    from .compile import CompiledNetwork

    net = CompiledNetwork(nodes, functions)
    rng = np.random.default_rng(0)
    states = start.astype(bool)[rng.integers(0, len(start), WALKS)]
    goal_bits = goals.astype(bool)
    found = [False] * len(goals)
    active = np.ones(len(states), bool)
    for _ in range(WALK_STEPS):
        if not active.any():
            break
        rows = states[active]
        hits = (rows[:, None, :] == goal_bits[None, :, :]).all(axis=2)  # walks x goals
        for g in np.flatnonzero(hits.any(axis=0)):
            found[g] = True
        unstable = net.update_all(rows) != rows
        moving = unstable.any(axis=1) & ~hits.any(axis=1)
        if not moving.any():
            active[np.flatnonzero(active)] = False
            break
        # one random unstable node per moving walk
        weights = unstable[moving] * rng.random(unstable[moving].shape)
        flip = weights.argmax(axis=1)
        idx = np.flatnonzero(moving)
        rows[idx, flip] ^= True
        states[active] = rows
        done = np.flatnonzero(active)[~moving]
        active[done] = False
    return found


def _trap_closure(nodes: tuple[str, ...], functions: Mapping[str, Expr], start: NDArray[np.uint8]) -> dict[int, int]:
    """The smallest trap space holding every start state, as node position -> fixed value."""
    fixed = {j: int(start[0, j]) for j in range(len(nodes)) if bool((start[:, j] == start[0, j]).all())}
    changed = True
    while changed:
        changed = False
        values = {nodes[j]: v for j, v in fixed.items()}
        for j in list(fixed):
            f = substitute(functions[nodes[j]], values)
            if not (f[0] == CONST and int(bool(f[1])) == fixed[j]):
                del fixed[j]
                values.pop(nodes[j])
                changed = True
    return fixed


def _symbolic_reach(nodes: tuple[str, ...], functions: Mapping[str, Expr], start: NDArray[np.uint8],
                    goals: NDArray[np.uint8]) -> list[bool]:
    """Exact forward reachability (biodivine-aeon) on the nodes the goals differ on and their ancestors:
    that part of the network runs on its own, so its reachable states are the projections of the whole's."""
    import biodivine_aeon as ba

    from ..expr import variables
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
    _CACHE[key] = found
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
