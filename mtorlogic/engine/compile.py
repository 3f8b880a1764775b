"""Rules -> vectorised evaluators over many states at once.

An expression is turned, once, into a tree of small closures over column
indices. The same compiled function evaluates numpy bool columns (one entry
per state) or bit-packed ``uint64`` words (64 states per word): both use only
``& | ~``.

Examples
--------
>>> import numpy as np
>>> from mtorlogic.expr import var, negation, conjunction
>>> f = compile_expression(conjunction([var("A"), negation(var("B"))]), {"A": 0, "B": 1})
>>> cols = np.array([[True, True], [False, True]])      # A in both states; B only in the 2nd
>>> f(cols, np.ones(2, bool)).tolist()
[True, False]
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import TYPE_CHECKING, Callable, Mapping, Protocol, Sequence, TypeVar

from ..expr import AND, CONST, NOT, VAR, Expr

if TYPE_CHECKING:  # numpy is imported where arrays are made: percolation alone never needs it
    import numpy as np
    from numpy.typing import NDArray

Bit = TypeVar("Bit", bound="np.generic")  # bool columns, or unsigned words packing 8/64 states each


class Evaluator(Protocol):
    """A compiled rule: its values over columns (``cols[i]``: node ``i`` in every state) of one dtype."""

    def __call__(self, cols: Sequence[NDArray[Bit]] | NDArray[Bit], ones: NDArray[Bit], /) -> NDArray[Bit]: ...


PartialEvaluator = Callable[[Callable[[str], "int | None"]], "int | None"]


def compile_expression(e: Expr, index: Mapping[str, int]) -> Evaluator:
    """Compile ``e`` into ``f(columns, ones) -> array``.

    ``columns[i]`` holds the values of the node with index ``i``; ``ones`` is an
    all-true array of the right shape and dtype (all-ones words when packed).
    """
    op = e[0]
    if op == VAR:
        i = index[e[1]]
        return lambda cols, ones: cols[i]
    if op == CONST:
        if e[1]:
            return lambda cols, ones: ones
        return lambda cols, ones: ones ^ ones
    if op == NOT:
        inner = compile_expression(e[1], index)
        return lambda cols, ones: ~inner(cols, ones)
    parts = [compile_expression(sub, index) for sub in e[1]]
    combine = operator.and_ if op == AND else operator.or_  # numpy's & and | on arrays
    if len(parts) == 2:
        a, b = parts
        return lambda cols, ones: combine(a(cols, ones), b(cols, ones))
    return lambda cols, ones: reduce(combine, (p(cols, ones) for p in parts))


def compile_partial(e: Expr) -> PartialEvaluator:
    """Compile ``e`` into ``f(known) -> 0, 1 or None`` in three-valued logic: ``known(name)`` is a
    node's value or None when unknown, and the result is None unless the known values alone
    decide ``e`` (Kleene's rules: ``0 & x = 0``, ``1 | x = 1``; ``x | !x`` stays undecided).

    Percolation evaluates these thousands of times per screen; literals inside a conjunction or
    disjunction are read in the loop itself rather than through a call each.

    >>> from mtorlogic.expr import var, negation, disjunction
    >>> f = compile_partial(disjunction([var("A"), negation(var("B"))]))
    >>> f({"B": 0}.get), f({"A": 0}.get), f({"A": 0, "B": 1}.get)
    (1, None, 0)
    """
    op = e[0]
    if op == VAR:
        name = e[1]
        return lambda known: known(name)
    if op == CONST:
        value = int(e[1])
        return lambda known: value
    if op == NOT:
        inner = compile_partial(e[1])

        def negated(known: Callable[[str], int | None]) -> int | None:
            v = inner(known)
            return None if v is None else 1 - v

        return negated
    decisive = 0 if op == AND else 1  # the operand value that decides the whole
    literal_list: list[tuple[str, int]] = []
    other_list: list[PartialEvaluator] = []
    for sub in e[1]:
        if sub[0] == VAR:
            literal_list.append((sub[1], decisive))
        elif sub[0] == NOT and sub[1][0] == VAR:
            literal_list.append((sub[1][1], 1 - decisive))
        else:
            other_list.append(compile_partial(sub))
    literals, others = tuple(literal_list), tuple(other_list)

    def junction(known: Callable[[str], int | None]) -> int | None:
        result: int | None = 1 - decisive
        for name, deciding in literals:
            v = known(name)
            if v is None:
                result = None
            elif v == deciding:
                return decisive
        for part in others:
            v = part(known)
            if v is None:
                result = None
            elif v == decisive:
                return decisive
        return result

    return junction


class CompiledNetwork:
    """The update functions of a network over a fixed node order.

    Parameters
    ----------
    nodes : sequence of str
        Node order; column ``i`` of a state matrix is ``nodes[i]``.
    functions : mapping node -> Expr
        Every variable must be one of ``nodes``.
    """

    def __init__(self, nodes: Sequence[str], functions: Mapping[str, Expr]):
        self.nodes = tuple(nodes)
        self.index = {n: i for i, n in enumerate(self.nodes)}
        self.functions = [functions[n] for n in self.nodes]
        self.evaluators = [compile_expression(f, self.index) for f in self.functions]

    def __len__(self) -> int:
        return len(self.nodes)

    def update(self, i: int, cols: Sequence[NDArray[Bit]] | NDArray[Bit], ones: NDArray[Bit]) -> NDArray[Bit]:
        """f_i over all states given as columns."""
        return self.evaluators[i](cols, ones)

    def update_all(self, states: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """Synchronous image of a (k x n) bool state matrix."""
        import numpy as np

        cols = states.T
        ones = np.ones(states.shape[0], dtype=bool)
        return np.stack([ev(cols, ones) for ev in self.evaluators], axis=1) if self.nodes else states.copy()

    def tables(self) -> NDArray[np.bool_]:
        """Every f_i over the full state space, as an (n x 2**n) bool array.

        State ``s`` (an integer) has node ``i`` on when bit ``i`` of ``s`` is set.
        """
        import numpy as np

        n = len(self.nodes)
        states = np.arange(1 << n, dtype=np.int64)
        cols = [((states >> i) & 1).astype(bool) for i in range(n)]
        ones = np.ones(1 << n, dtype=bool)
        out = np.empty((n, 1 << n), dtype=bool)
        for i, ev in enumerate(self.evaluators):
            out[i] = ev(cols, ones)
        return out
