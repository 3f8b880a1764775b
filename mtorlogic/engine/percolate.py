"""Propagate constants through a network and keep what remains free.

Fixed inputs, knockouts and drugs make some functions constant; substituting
those constants makes more constant, to a fixpoint. Every attractor of the
network (asynchronous, synchronous or most-permissive) has the percolated
nodes at their constant values, and the remaining "core" network has the same
attractors on the free nodes, so attractor search runs on the core only.

For each forced node the reduction records which constant regulators forced
it, so an explanation can walk the chain back to the perturbation.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("input A condition\\nB = A\\nC = B | C").fix({"A": 0})
>>> r = percolate(m)
>>> r.constants, r.free
({'A': 0, 'B': 0}, ('C',))
>>> r.explain("B")
[('B', 0, (('A', 0),)), ('A', 0, ())]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from typing import Mapping

from ..expr import CONST, Expr, canonical, const, substitute, to_text, variables
from ..model import Model


@dataclass(frozen=True)
class Reduction:
    """The result of percolation.

    Attributes
    ----------
    nodes : all nodes of the model, in model order
    constants : node -> 0/1 for every node forced constant
    free : the nodes left, in model order
    functions : node -> simplified function over free nodes only
    reasons : node -> the (regulator, value) pairs that made it constant
              (empty for a node fixed directly)
    """

    nodes: tuple[str, ...]
    constants: dict[str, int]
    free: tuple[str, ...]
    functions: dict[str, Expr]
    reasons: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    original: dict[str, Expr] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def key(self) -> tuple:
        """A canonical, hashable form of the core network (for caching)."""
        return tuple((n, canonical(self.functions[n])) for n in self.free)

    def explain(self, node: str) -> list[tuple[str, int, tuple[tuple[str, int], ...]]]:
        """The chain of forcings that made ``node`` constant, back to the perturbations.

        Each step is ``(node, value, ((regulator, value), ...))``.
        """
        if node not in self.constants:
            return []
        steps, seen, queue = [], set(), [node]
        while queue:
            cur = queue.pop(0)
            if cur in seen:
                continue
            seen.add(cur)
            why = self.reasons.get(cur, ())
            steps.append((cur, self.constants[cur], why))
            queue.extend(r for r, _ in why)
        return steps

    def causes(self, node: str) -> tuple[tuple[str, int], ...]:
        """The constant regulators each of which alone forces ``node`` (all of them if none does)."""
        why = self.reasons.get(node, ())
        f = self.original.get(node)
        if f is None or len(why) <= 1:
            return why
        alone = tuple((v, val) for v, val in why if substitute(f, {v: val})[0] == CONST)
        return alone or why

    def forcing_path(self, node: str, prefer: set[str] = frozenset()) -> list[tuple[str, int]]:
        """One chain of forcings from a perturbed node to ``node``: [(root, v), ..., (node, v)].

        Prefers chains that start at a node in ``prefer`` (e.g. the drugs given).
        """
        best: dict[str, list | None] = {}

        def walk(cur, seen):
            if cur in best:
                return best[cur]
            causes = self.causes(cur)
            if not causes:
                best[cur] = [(cur, self.constants[cur])]
                return best[cur]
            options = []
            for reg, _ in causes:
                if reg in seen:
                    continue
                sub = walk(reg, seen | {reg})
                if sub:
                    options.append(sub)
            if not options:
                return None
            options.sort(key=lambda p: (p[0][0] not in prefer, len(p)))
            best[cur] = options[0] + [(cur, self.constants[cur])]
            return best[cur]

        if node not in self.constants:
            return []
        return walk(node, {node}) or [(node, self.constants[node])]

    def describe(self) -> str:
        lines = [f"{n} = {to_text(self.functions[n])}" for n in self.free]
        return "\n".join(lines)


def percolate(model: Model, fixed: Mapping[str, int] | None = None) -> Reduction:
    """Percolate the constants of ``model`` to a fixpoint.

    Parameters
    ----------
    model : Model
        Usually a perturbed model (``model.fix(...)``).
    fixed : mapping node id -> 0/1, optional
        Further nodes to hold constant; the same as ``percolate(model.fix(fixed))``
        without building the intermediate Model (screens percolate thousands).

    Returns
    -------
    Reduction
    """
    functions = dict(model.functions)
    for node, value in (fixed or {}).items():
        functions[node] = const(value)
    originals = dict(functions)
    readers: dict[str, list[str]] = {n: [] for n in model.nodes}
    for n, f in functions.items():
        for v in variables(f):
            readers[v].append(n)

    constants: dict[str, int] = {}
    reasons: dict[str, tuple[tuple[str, int], ...]] = {}
    queue = []
    for n, f in functions.items():
        if f[0] == CONST:
            constants[n] = int(f[1])
            reasons[n] = ()
            queue.append(n)
    while queue:
        batch = {r for c in queue for r in readers[c] if r not in constants}
        queue = []
        for n in sorted(batch, key=model.index.__getitem__):
            known = {v: constants[v] for v in variables(functions[n]) if v in constants}
            f = substitute(functions[n], known)
            functions[n] = f
            if f[0] == CONST:
                constants[n] = int(f[1])
                original = variables(originals[n])
                reasons[n] = tuple((v, constants[v]) for v in model.nodes if v in original and v in known)
                queue.append(n)
    free = tuple(n for n in model.nodes if n not in constants)
    return Reduction(
        nodes=model.nodes,
        constants={n: constants[n] for n in model.nodes if n in constants},
        free=free,
        functions={n: functions[n] for n in free},
        reasons=reasons,
        original=originals,
    )
