"""Causal evidence: why a treatment changed a node, read from the rules.

A node is *settled* in a set of attractors when it takes the same value, 0 or
1, in every state of every one of them. Every settled node of an attractor is
stable there (were its rule to disagree in some state, the node would flip and
not be settled), so its rule, evaluated on the settled values of its
regulators, gives its value. That is what makes a counterfactual reading of
the rules sound.

For a node settled before and after a treatment, with different values, its
*cause set* is:

- every changed regulator that was *needed*: the rule, evaluated with the
  treated values but that one regulator put back to its value before the
  treatment, gives the value before the treatment (both inputs of an AND that
  turned on; every input of an OR that turned off);
- when no single regulator is needed (the change is over-determined, e.g. an
  OR turned on by two inputs at once), the smallest set of changed regulators
  whose joint reversion gives the value before the treatment (among sets of
  equal size, the one nearest the treatment; with more than
  ``FULL_SEARCH_LIMIT`` changed regulators only sets of up to
  ``SMALL_SET_SIZE`` and then all of them are tried, so the set may then not
  be the smallest).

Regulators the attractors do not settle take every value when a rule is
evaluated: a value counts only when it holds for all of them.

A node that varied before the treatment (it oscillates, or differs between
background attractors) and is settled after it has no single value to put
back; its cause set is instead a smallest set of changed regulators that
*forces* its treated value, with the unchanged regulators at their common
value and every other regulator free.

The *main chain* of a changed node is a shortest path in the graph of cause
sets (regulator -> node) from a treatment node (a drug, or the intervention of
a hypothesis) to it, through changed nodes only. A change that no such path
reaches (a node the attractors do not settle, or a self-sustaining loop that
the treatment only tips) is not forced by the rules alone: the dynamics decide
it, and :func:`changes` says so, explaining it attractor by attractor where
each treated attractor settles it.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text('''input drug drug
... input GF condition
... AKT = GF & !drug
... E2F1 = GF & !drug
... Survival = AKT | E2F1''')
>>> before = {"drug": 0, "GF": 1, "AKT": 1, "E2F1": 1, "Survival": 1}
>>> after = {"drug": 1, "GF": 1, "AKT": 0, "E2F1": 0, "Survival": 0}
>>> found = explain(m.functions, before, after, {"drug": 1}, order=m.nodes)
>>> found["Survival"].causes          # an OR turned off: every input was needed
(('AKT', 0), ('E2F1', 0))
>>> found["Survival"].chain
(('drug', 1), ('AKT', 0), ('Survival', 0))
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

from .expr import CONST, Expr, substitute, variables
from .model import truth_tables

if TYPE_CHECKING:
    from .engine.attractors import Attractor, Reading

Value = int | None  # 0/1 when settled, None when not
Chain = tuple[tuple[str, int], ...]  # ((node, value after), ...) from a treatment node
FULL_SEARCH_LIMIT = 12  # changed regulators beyond which only small reversion sets and the full set are tried
SMALL_SET_SIZE = 3
TABLE_LIMIT = 16  # unsettled regulators over which a rule is evaluated exhaustively


@dataclass(frozen=True)
class Cause:
    """Why one settled node changed.

    Attributes
    ----------
    node, before, after : the node and its settled values before (None: it varied) and after the treatment
    causes : ((regulator, value after), ...): the cause set, in model order (a forcing set when ``before``
        is None)
    chain : ((node, value after), ...) from a treatment node to ``node``; empty when
        no chain of cause sets reaches it from the treatment
    """

    node: str
    before: int | None  # None: the node varied before the treatment, and ``causes`` force its value after
    after: int
    causes: tuple[tuple[str, int | None], ...]
    chain: Chain = ()


def settled_values(attractors: Sequence[Attractor], nodes: Sequence[str]) -> dict[str, Value]:
    """Each node's value when it is the same 0/1 in every attractor, else None.

    ``attractors`` are :class:`~mtorlogic.engine.attractors.Attractor` objects (an
    oscillating node has a fraction, a free node of a trap space ``"*"``: neither settles).
    """
    out: dict[str, Value] = {}
    for n in nodes:
        values = {a.values[n] for a in attractors}
        only = values.pop() if len(values) == 1 else None
        out[n] = int(only) if only is not None and only in (0, 1) else None
    return out


def rule_value(f: Expr, values: Mapping[str, Value]) -> Value:
    """The value of ``f`` when it is the same for every value of the unsettled (None) variables.

    >>> from mtorlogic.expr import var, disjunction
    >>> rule_value(disjunction([var("a"), var("b")]), {"a": 1, "b": None})
    1
    >>> rule_value(disjunction([var("a"), var("b")]), {"a": 0, "b": None}) is None
    True
    """
    reduced = substitute(f, {v: values[v] for v in variables(f) if values.get(v) is not None})
    if reduced[0] == CONST:
        return int(reduced[1])
    free = sorted(variables(reduced))
    if len(free) > TABLE_LIMIT:
        return None
    (table,) = truth_tables([reduced], free)
    return int(table[0]) if table.all() or not table.any() else None


def explain(functions: Mapping[str, Expr], before: Mapping[str, Value], after: Mapping[str, Value],
            treatment: Mapping[str, int], order: Sequence[str] | None = None) -> dict[str, Cause]:
    """Cause sets and main chains of every node settled before and after, with different values.

    Parameters
    ----------
    functions : node -> rule, of the network *without* the treatment (the treatment
        nodes are the roots of every chain; their own rules are not read)
    before, after : node -> settled value (0/1) or None
    treatment : node -> value: what the treatment fixes
    order : node order for deterministic output (default: sorted names)

    Returns
    -------
    dict node -> :class:`Cause` for every changed node whose rule explains its change
    (treatment nodes excluded); ``chain`` is empty where no chain reaches it.
    """
    order = list(order) if order is not None else sorted(functions)
    rank = {n: i for i, n in enumerate(order)}
    changed = [n for n in order if n not in treatment and before.get(n) is not None
               and after.get(n) is not None and before[n] != after[n]]
    # Settled after the treatment, varying before it (an oscillating or multi-attractor background).
    settling = [n for n in order if n not in treatment and before.get(n) is None and after.get(n) is not None]
    # Regulators a reversion may put back: those that moved, and the treatment itself.
    moved = {n for n in order if before.get(n) is not None and after.get(n) != before[n]} | set(treatment)
    distance = _candidate_distances(functions, changed + settling, moved | set(settling), treatment, rank)
    found: dict[str, Cause] = {}
    for n in changed:
        b, a = before[n], after[n]
        causes = _cause_set(functions[n], before, after, n, moved, rank, distance)
        if causes is not None and b is not None and a is not None:
            found[n] = Cause(n, b, a, tuple((r, after.get(r)) for r in causes))
    for n in settling:
        a = after[n]
        causes = _forcing_set(functions[n], before, after, n, treatment, rank, distance)
        if causes is not None and a is not None:
            found[n] = Cause(n, None, a, tuple((r, after.get(r)) for r in causes))
    chains = _chains(found, treatment, rank)
    return {n: Cause(c.node, c.before, c.after, c.causes, chains.get(n, ())) for n, c in found.items()}


def _cause_set(f: Expr, before: Mapping[str, Value], after: Mapping[str, Value], node: str, moved: set[str],
               rank: Mapping[str, int], distance: Mapping[str, int]) -> list[str] | None:
    """The needed changed regulators, or a smallest set whose reversion restores ``before[node]``."""
    if rule_value(f, after) != after[node]:
        return None  # the rule does not settle the node on the settled values alone
    candidates = sorted((r for r in variables(f) if r in moved), key=rank.__getitem__)

    def restores(subset: Sequence[str]) -> bool:
        return rule_value(f, {**after, **{r: before.get(r) for r in subset}}) == before[node]

    needed = [r for r in candidates if restores((r,))]
    return needed or _smallest(candidates, restores, rank, distance, first=2)


def _forcing_set(f: Expr, before: Mapping[str, Value], after: Mapping[str, Value], node: str,
                 treatment: Mapping[str, int], rank: Mapping[str, int],
                 distance: Mapping[str, int]) -> list[str] | None:
    """For a node that varied before the treatment: a smallest set of changed regulators that, with the
    unchanged ones at their common value and every other regulator free, forces its treated value."""
    if rule_value(f, after) != after[node]:
        return None
    names = variables(f)
    candidates = sorted((r for r in names if after.get(r) is not None and (r in treatment or before.get(r) != after[r])),
                        key=rank.__getitem__)
    common = {r: after[r] for r in names if r not in candidates and after.get(r) is not None
              and before.get(r) == after[r]}

    def forces(subset: Sequence[str]) -> bool:
        return rule_value(f, {**common, **{r: after[r] for r in subset}}) == after[node]

    return _smallest(candidates, forces, rank, distance)


def _smallest(candidates: list[str], test: Callable[[Sequence[str]], bool], rank: Mapping[str, int],
              distance: Mapping[str, int], first: int = 1) -> list[str] | None:
    """The first subset of ``candidates`` passing ``test``, by size, then nearness to the treatment."""
    sizes = range(first, len(candidates) + 1) if len(candidates) <= FULL_SEARCH_LIMIT else \
        [*range(first, SMALL_SET_SIZE + 1), len(candidates)]
    for size in sizes:
        subsets = sorted(combinations(candidates, size),
                         key=lambda s: (sum(distance.get(r, len(rank)) for r in s), [rank[r] for r in s]))
        for subset in subsets:
            if test(subset):
                return list(subset)
    return None


def _candidate_distances(functions: Mapping[str, Expr], changed: Sequence[str], moved: set[str],
                         treatment: Mapping[str, int], rank: Mapping[str, int]) -> dict[str, int]:
    """Steps from the treatment along changed regulators: prefers reversion sets near the treatment."""
    readers: dict[str, list[str]] = {}
    for n in changed:
        for r in variables(functions[n]):
            if r in moved or r in treatment:
                readers.setdefault(r, []).append(n)
    distance = {t: 0 for t in treatment}
    queue = deque(sorted(treatment, key=lambda t: rank.get(t, len(rank))))
    while queue:
        cur = queue.popleft()
        for n in sorted(readers.get(cur, ()), key=rank.__getitem__):
            if n not in distance:
                distance[n] = distance[cur] + 1
                queue.append(n)
    return distance


def _chains(found: Mapping[str, Cause], treatment: Mapping[str, int], rank: Mapping[str, int]) -> dict[str, Chain]:
    """Shortest paths in the cause graph from the treatment nodes (breadth first, model order)."""
    readers: dict[str, list[str]] = {}
    for n, c in found.items():
        for r, _ in c.causes:
            readers.setdefault(r, []).append(n)
    parent: dict[str, str | None] = {t: None for t in treatment}
    queue = deque(sorted(treatment, key=lambda t: rank.get(t, len(rank))))
    while queue:
        cur = queue.popleft()
        for n in sorted(readers.get(cur, ()), key=rank.__getitem__):
            if n not in parent:
                parent[n] = cur
                queue.append(n)
    chains: dict[str, Chain] = {}
    for n in found:
        if n not in parent:
            continue
        path: list[tuple[str, int]] = []
        step: str | None = n
        while step is not None:
            path.append((step, treatment[step] if step in treatment else found[step].after))
            step = parent[step]
        chains[n] = tuple(reversed(path))
    return chains


# --- changes between two sets of attractors ------------------------------------

ATTRACTOR_LIMIT = 16  # treated attractors explained one by one at most

RULES, ATTRACTORS, DYNAMICS = "rules", "attractors", "dynamics"


@dataclass(frozen=True)
class Change:
    """A node whose attractor values differ between background and treatment, and why.

    Attributes
    ----------
    node : the node
    background, treated : the distinct values it takes across the attractors, sorted
    forced_by : the main chain ((node, value), ...): a treatment node first, then changed nodes only
    causes : its cause set ((regulator, treated value), ...) when the attractors settle it
    decided_by : "rules" (a chain of cause sets from the treatment forces it), "attractors"
        (it differs between treated attractors; ``attractors`` explains it in each that
        settles it) or "dynamics" (no chain of rules reaches it from the treatment)
    attractors : ((attractor number from 1, Cause), ...) for "attractors"
    """

    node: str
    background: tuple[Reading, ...]
    treated: tuple[Reading, ...]
    forced_by: Chain = ()
    causes: tuple[tuple[str, int | None], ...] = ()
    decided_by: str = RULES
    attractors: tuple[tuple[int, Cause], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"node": self.node, "background": list(self.background), "treated": list(self.treated),
             "forced_by": _pairs(self.forced_by), "causes": _pairs(self.causes), "decided_by": self.decided_by}
        if self.note():
            d["note"] = self.note()
        if self.attractors:
            d["attractors"] = [{"attractor": i, "value": c.after, "forced_by": _pairs(c.chain),
                                "causes": _pairs(c.causes)} for i, c in self.attractors]
        return d

    def note(self) -> str:
        """One sentence for what the rules cannot settle (or for a background that varied)."""
        if self.decided_by == RULES:
            varied = len(self.background) > 1 or self.background[0] not in (0, 1)
            return "the background varies; the treatment forces this value" if varied else ""
        if self.decided_by == ATTRACTORS:
            which = ", ".join(f"#{i}" for i, _ in self.attractors)
            return f"differs between treated attractors (chains of rules in {which}); " \
                   "which attractor a cell reaches is decided by the dynamics"
        if self.causes:
            return "sustained by a feedback loop the treatment tips; decided by the dynamics"
        return "decided by the dynamics"


def _pairs(pairs: Iterable[tuple[str, int | None]]) -> list[dict[str, Any]]:
    return [{"node": n, "value": v} for n, v in pairs]


def value_profile(atts: Sequence[Attractor], node: str) -> tuple[Reading, ...]:
    """The distinct values a node takes across attractors, sorted (how "changed" is decided)."""
    return tuple(sorted({a.values[node] for a in atts}, key=lambda v: (isinstance(v, str), v)))


def changes(functions: Mapping[str, Expr], background: Sequence[Attractor], treated: Sequence[Attractor],
            treatment: Mapping[str, int],
            order: Sequence[str]) -> tuple[Change, ...]:
    """Every node (treatment nodes excluded) whose attractor values differ, with its evidence, in pathway
    order from the treatment (:func:`pathway_order`).

    Parameters
    ----------
    functions : the rules without the treatment (usually the background network's)
    background, treated : attractors before and after the treatment
    treatment : node -> value fixed by the treatment
    order : the nodes to report, in model order (the order within a layer of the pathway)
    """
    before = settled_values(background, order)
    after = settled_values(treated, order)
    found = explain(functions, before, after, treatment, order)
    per_attractor: list[dict[str, Cause]] | None = None
    out = []
    for n in pathway_order(functions, treatment, order):
        b, t = value_profile(background, n), value_profile(treated, n)
        if b == t or n in treatment:
            continue
        cause = found.get(n)
        if cause is not None and cause.chain:
            out.append(Change(n, b, t, cause.chain, cause.causes, RULES))
            continue
        if per_attractor is None:
            per_attractor = _per_attractor(functions, before, treated, treatment, order)
        each = tuple((i, c[n]) for i, c in enumerate(per_attractor, start=1) if n in c and c[n].chain)
        if each and after[n] is None:
            out.append(Change(n, b, t, (), (), ATTRACTORS, each))
        else:
            out.append(Change(n, b, t, (), cause.causes if cause else (), DYNAMICS))
    return tuple(out)


def _per_attractor(functions: Mapping[str, Expr], before: Mapping[str, Value], treated: Sequence[Attractor],
                   treatment: Mapping[str, int], order: Sequence[str]) -> list[dict[str, Cause]]:
    if len(treated) < 2 or len(treated) > ATTRACTOR_LIMIT:
        return []
    return [explain(functions, before, settled_values([att], order), treatment, order) for att in treated]


def pathway_order(functions: Mapping[str, Expr], roots: Iterable[str], order: Sequence[str]) -> list[str]:
    """The nodes of ``order`` layered from ``roots`` along the wiring (breadth first through the rules'
    regulators, ``order`` within a layer); nodes the roots do not reach follow, in ``order``.

    >>> from mtorlogic.rules import read_rules_text
    >>> m = read_rules_text('''input d drug
    ... C = B
    ... B = A & !d
    ... A = A''')
    >>> pathway_order(m.functions, ["d"], m.nodes)
    ['d', 'B', 'C', 'A']
    """
    rank = {n: i for i, n in enumerate(order)}
    readers: dict[str, list[str]] = {}
    for n in order:
        for r in variables(functions[n]) if n in functions else ():
            readers.setdefault(r, []).append(n)
    wanted = set(roots)
    seen = dict.fromkeys(n for n in order if n in wanted)
    frontier = list(seen)
    while frontier:
        layer = {n for cur in frontier for n in readers.get(cur, ()) if n not in seen}
        frontier = sorted(layer, key=rank.__getitem__)
        seen.update(dict.fromkeys(frontier))
    return [*seen, *(n for n in order if n not in seen)]
