"""Propagate constants through a network and keep what remains free.

Fixed inputs, knockouts and drugs make some functions constant; substituting
those constants makes more constant, to a fixpoint. Every attractor of the
network (asynchronous, synchronous or most-permissive) has the percolated
nodes at their constant values, and the remaining "core" network has the same
attractors on the free nodes, so attractor search runs on the core only.

A function counts as constant when it is constant by logic, not only by
syntax: ``!A | A & !B | A & B`` is always 1 (see :mod:`.constancy`), so the
core is the one biodivine-aeon keeps after inlining constants with
``infer_constants``.

Percolation is cheap enough to run thousands of times in a screen: what does
not depend on the fixes (who reads whom, the model's own constants) is
computed once per model, and a reduction can be extended by further fixes
(``percolate(model, fixed, base=reduction)``) touching only what they reach.
Why a node became constant is worked out only when asked
(:meth:`Reduction.explain`, :meth:`Reduction.forcing_path`).

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("input A condition\\nB = A\\nC = B | C").fix({"A": 0})
>>> r = percolate(m)
>>> r.constants, r.free
({'A': 0, 'B': 0}, ('C',))
>>> r.explain("B")
[('B', 0, (('A', 0),)), ('A', 0, ())]
>>> percolate(m, {"C": 1}, base=r).constants
{'A': 0, 'B': 0, 'C': 1}
"""

from __future__ import annotations

import weakref
from heapq import heappop, heappush
from dataclasses import dataclass, field
from functools import cached_property
from typing import AbstractSet, Mapping

from ..expr import CONST, Expr, canonical, const, substitute, to_text, variables
from ..memo import remember
from ..model import Model
from .compile import PartialEvaluator, compile_partial
from .constancy import constant_value


@dataclass(frozen=True)
class Reduction:
    """The result of percolation.

    Attributes
    ----------
    nodes : all nodes of the model, in model order
    constants : node -> 0/1 for every node forced constant
    free : the nodes left, in model order
    functions : node -> simplified function over free nodes only
    fixed : node -> 0/1 held directly (by the model or by ``percolate``'s ``fixed``)
    order : the constant nodes in the order percolation forced them
    model_functions, index : the model's functions and node positions (shared, not copied)
    prepared : what percolation computed once for the model (who reads whom, compiled rules; shared)
    """

    nodes: tuple[str, ...]
    constants: dict[str, int]
    free: tuple[str, ...]
    functions: dict[str, Expr]
    fixed: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    order: tuple[str, ...] = field(default=(), repr=False, compare=False)
    model_functions: Mapping[str, Expr] = field(default_factory=dict, repr=False, compare=False)
    index: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)
    prepared: Prepared | None = field(default=None, repr=False, compare=False)

    @cached_property
    def key(self) -> tuple[tuple[str, Expr], ...]:
        """A canonical, hashable form of the core network (for caching)."""
        return tuple((n, _canonical(self.functions[n])) for n in self.free)

    @cached_property
    def rank(self) -> dict[str, int]:
        """Each constant's position in ``order`` (a reduction that others extend computes it once)."""
        return {n: i for i, n in enumerate(self.order)}

    @cached_property
    def original(self) -> dict[str, Expr]:
        """Every node's function before percolation (fixed nodes as constants)."""
        return {**self.model_functions, **{n: const(v) for n, v in self.fixed.items()}}

    @cached_property
    def reasons(self) -> dict[str, tuple[tuple[str, int], ...]]:
        """node -> the constant regulators that were known when it became constant, in model
        order (empty for a node held directly or constant by logic alone).

        Worked out on demand from the forcing order: nothing is recorded while percolating.
        """
        rank = {n: i for i, n in enumerate(self.order)}
        position = {n: i for i, n in enumerate(self.nodes)}
        out: dict[str, tuple[tuple[str, int], ...]] = {}
        for n in self.order:
            f = self.original[n]
            if f[0] == CONST:
                out[n] = ()
                continue
            earlier = [v for v in variables(f) if v in rank and rank[v] < rank[n]]
            out[n] = tuple((v, self.constants[v]) for v in sorted(earlier, key=position.__getitem__))
        return out

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

    def forcing_path(self, node: str, prefer: AbstractSet[str] = frozenset()) -> list[tuple[str, int]]:
        """One chain of forcings from a perturbed node to ``node``: [(root, v), ..., (node, v)].

        Prefers chains that start at a node in ``prefer`` (e.g. the drugs given).
        """
        best: dict[str, list[tuple[str, int]]] = {}

        def walk(cur: str, seen: AbstractSet[str]) -> list[tuple[str, int]] | None:
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


_CANONICAL: dict[Expr, Expr] = {}


def _canonical(f: Expr) -> Expr:
    """``canonical`` memoised: a screen asks for the same core functions over and over."""
    found = _CANONICAL.get(f)
    if found is None:
        found = remember(_CANONICAL, f, canonical(f), 200_000)
    return found


_COMPILED: dict[Expr, tuple[tuple[str, ...], PartialEvaluator]] = {}


def _compiled(f: Expr) -> tuple[tuple[str, ...], PartialEvaluator]:
    """A rule's regulators (sorted) and three-valued evaluator, memoised: the models a scenario or a
    screen derives by fixing nodes share all their other rules."""
    found = _COMPILED.get(f)
    if found is None:
        found = remember(_COMPILED, f, (tuple(sorted(variables(f))), compile_partial(f)), 100_000)
    return found


class Prepared:
    """What percolation needs of a model that no fix changes: computed once per model."""

    def __init__(self, model: Model):
        self.nodes = model.nodes
        self.index = model.index
        self.functions = model.functions
        compiled = {n: _compiled(f) for n, f in self.functions.items()}
        readers: dict[str, list[str]] = {n: [] for n in self.nodes}
        for n, (regulators, _) in compiled.items():
            for v in regulators:
                readers[v].append(n)
        self.readers = {v: tuple(rs) for v, rs in readers.items()}
        self.regulators = {n: regulators for n, (regulators, _) in compiled.items()}
        self.fixed = {n: int(f[1]) for n, f in self.functions.items() if f[0] == CONST}
        self.partial = {n: evaluator for n, (_, evaluator) in compiled.items()}
        self.base = _propagate(self, {n: self.functions[n] for n in self.nodes if n not in self.fixed},
                               self.fixed, dict(self.fixed), list(self.fixed), check_all=True)


_PREPARED: "weakref.WeakKeyDictionary[Model, Prepared]" = weakref.WeakKeyDictionary()


def _prepared(model: Model) -> Prepared:
    found = _PREPARED.get(model)
    if found is None:
        found = _PREPARED[model] = Prepared(model)
    return found


def percolate(model: Model, fixed: Mapping[str, int] | None = None, *, base: Reduction | None = None) -> Reduction:
    """Percolate the constants of ``model`` to a fixpoint.

    Parameters
    ----------
    model : Model
        Usually a perturbed model (``model.fix(...)``).
    fixed : mapping node id -> 0/1, optional
        Further nodes to hold constant; the same as ``percolate(model.fix(fixed))``
        without building the intermediate Model (screens percolate thousands).
    base : Reduction, optional
        An earlier ``percolate(model, other)``: the result is then that of
        ``percolate(model, {**other, **fixed})``, found by propagating only
        ``fixed`` through ``base``'s core.

    Returns
    -------
    Reduction
    """
    prep = _prepared(model)
    fixed = {n: int(v) for n, v in (fixed or {}).items()}
    start = base if base is not None else prep.base
    if start.nodes != prep.nodes:
        raise ValueError("the base reduction is of another model")
    held = {**start.fixed, **fixed}
    against = [n for n, v in fixed.items() if start.constants.get(n, v) != v]
    if against:  # a fix against a value the start has propagated (a drug the background holds off)
        return _release(prep, start, held, against)
    new = [n for n in fixed if n not in start.constants]
    if not new:
        return start if held == start.fixed else _with_fixed(start, held)
    constants = dict(start.constants)
    constants.update((n, held[n]) for n in new)
    return _propagate(prep, start.functions, held, constants, new, order=start.order)


def _release(prep: Prepared, start: Reduction, held: dict[str, int], against: list[str]) -> Reduction:
    """``start`` with the nodes ``against`` held at their other value, propagated again.

    Each constant of ``start`` was forced by constants earlier in ``start.order``. So the constants
    are checked again in that order, only where an earlier regulator changed: each is evaluated
    (three-valued) on the earlier constants alone, and keeps its value, takes the other one, or is
    dropped (no longer decided). Only what changed spreads further; everything else keeps its place
    in the order and its simplified function. Then percolation runs as usual from the new fixes and
    the nodes the change left undecided (they may still be forced, now by later constants)."""
    rank = start.rank
    last = len(rank)
    readers, partial = prep.readers, prep.partial
    constants = dict(start.constants)
    touched: list[str] = []  # changed or dropped, in the order found
    heap: list[tuple[int, str]] = []
    waiting: set[str] = set()

    def look_again(node: str, position: int) -> None:
        for r in readers[node]:
            at = rank.get(r, last)
            if at > position and at < last and r not in held and r not in waiting:
                waiting.add(r)
                heappush(heap, (at, r))

    for n in against:
        constants[n] = held[n]
        touched.append(n)
        look_again(n, rank[n])
    dropped: set[str] = set()
    while heap:
        position, n = heappop(heap)
        value = partial[n](lambda v: constants.get(v) if rank.get(v, last) < position else None)
        if value == constants[n]:
            continue
        if value is None:
            del constants[n]
            dropped.add(n)
        else:
            constants[n] = value
        touched.append(n)
        look_again(n, position)
    new = [n for n in held if n not in constants]
    constants.update(held)
    # Undecided now: the dropped nodes, and the nodes outside the constants reading a changed one
    # (their simplified rules used its old value): back to their model rules, looked at first.
    recheck = {r for n in touched for r in readers[n] if r not in constants} | dropped
    functions = {**start.functions, **{n: prep.functions[n] for n in recheck}}
    order = tuple(n for n in start.order if n not in dropped) if dropped else start.order
    return _propagate(prep, functions, held, constants, new, order=order, recheck=recheck)


def _propagate(prep: Prepared, functions: Mapping[str, Expr], held: dict[str, int], constants: dict[str, int],
               queue: list[str], order: tuple[str, ...] = (), check_all: bool = False,
               recheck: AbstractSet[str] = frozenset()) -> Reduction:
    """Propagate the constants in ``queue`` (already in ``constants``, which is updated in place)
    through ``functions`` (those of the nodes not yet constant; not changed) to a fixpoint.

    Each wave evaluates the readers of the new constants in three-valued logic
    (cheap, no expression is built); when that finds nothing more, the nodes it
    touched get their function simplified and checked for constancy by logic,
    which may start new waves. ``check_all`` checks every function that way first
    (a model's own tautologies); ``recheck`` nodes join the first wave whatever their regulators."""
    index, readers, partial = prep.index, prep.readers, prep.partial
    known = constants.get
    forced = [*order, *queue]
    residual: dict[str, Expr] = {}
    dirty = {n for n in prep.nodes if n not in constants} if check_all else set()
    first = {n for n in recheck if n not in constants}
    while queue or dirty or first:
        while queue or first:
            batch = {r for c in queue for r in readers[c] if r not in constants} | first
            queue, first = [], set()
            for n in sorted(batch, key=index.__getitem__):
                value = partial[n](known)
                if value is None:
                    dirty.add(n)
                else:
                    constants[n] = value
                    forced.append(n)
                    queue.append(n)
        for n in sorted(dirty, key=index.__getitem__):
            if n in constants:
                continue
            g = residual[n] = substitute(residual.get(n) or functions[n], constants)
            value = constant_value(g)
            if value is not None:
                constants[n] = value
                forced.append(n)
                queue.append(n)
        dirty = set()
    nodes = prep.nodes
    free = tuple(n for n in nodes if n not in constants)
    return Reduction(
        nodes=nodes,
        constants={n: constants[n] for n in nodes if n in constants},
        free=free,
        functions={n: residual.get(n) or functions[n] for n in free},
        fixed=held,
        order=tuple(forced),
        model_functions=prep.functions,
        index=prep.index,
        prepared=prep,
    )


def _with_fixed(red: Reduction, held: dict[str, int]) -> Reduction:
    """The same reduction, recording more held nodes (each already constant at its value)."""
    return Reduction(red.nodes, red.constants, red.free, red.functions, held, red.order, red.model_functions,
                     red.index, red.prepared)
