"""Split a core with free inputs into input classes, each solved on its own.

An input never changes, so the state space is the disjoint union of its
input-subspaces, each closed under every update (asynchronous, synchronous
and most-permissive): the attractors are the union of those of each
subspace. Fixing an input and percolating often collapses much of the core,
so a split can turn one search that is out of reach into many small ones.
It can also multiply work: fixing an input that forces nothing gives two
searches of almost the size of one. So the split branches only on an input
whose value percolates into the rest of the core, picks the one that
percolates furthest, and stops where no input does; every leaf (an input
class: the inputs branched on and their values) is solved with one call,
and leaves that reduce to the same core are solved once (the engine caches
cores by canonical form).

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("input A condition\\ninput B condition\\nX = A & Y\\nY = X")
>>> [(assigned, red.free) for assigned, red in input_classes(m, percolate(m), min_core=0)]
[({'A': 0}, ('B',)), ({'A': 1}, ('B', 'X', 'Y'))]

B is read by no rule, so splitting on it would only double the work.
"""

from __future__ import annotations

from typing import Iterator

from ..expr import VAR
from ..model import Model
from .percolate import Reduction, percolate


def free_inputs(red: Reduction) -> list[str]:
    """The inputs (``X = X``) left free in the core, in model order."""
    return [n for n in red.free if red.functions[n] == (VAR, n)]


def input_classes(model: Model, red: Reduction, min_core: int = 0) -> Iterator[tuple[dict[str, int], Reduction]]:
    """The leaves of the split of ``red`` (a reduction of ``model``): pairs of the inputs
    branched on with their values, and the reduction of that input class.

    A core of at most ``min_core`` free nodes is not split (one search of it is cheap).
    Leaves come in order of their assignments (0 before 1, inputs in the order branched on).
    """
    stack: list[tuple[dict[str, int], Reduction]] = [({}, red)]
    while stack:
        assigned, current = stack.pop()
        branch = _best_input(model, current) if len(current.free) > min_core else None
        if branch is None:
            yield assigned, current
            continue
        node, children = branch
        for value in (1, 0):  # popped 0 first
            stack.append(({**assigned, node: value}, children[value]))


def _best_input(model: Model, red: Reduction) -> tuple[str, dict[int, Reduction]] | None:
    """The free input whose values percolate furthest into the core, with both its reductions;
    None when fixing any free input forces nothing beyond itself."""
    best, best_gain = None, 0
    size = len(red.free)
    for node in free_inputs(red):
        children = {v: percolate(model, {node: v}, base=red) for v in (0, 1)}
        gain = sum(size - 1 - len(child.free) for child in children.values())
        if gain > best_gain:
            best, best_gain = (node, children), gain
    return best
