"""Minimal trap spaces held as a set, not a list: the answer however many there are.

A network with ``k`` free inputs has at least ``2^k`` minimal trap spaces; at
30 inputs no list of them fits in memory, but biodivine-aeon holds them all as
one BDD over two variables per node ("may be 1", "may be 0"), of a size that
depends on the structure, not on the count. From that set come exactly:

- the count (any size, a Python int);
- per-node marginals: how many members fix the node to 0, to 1, or leave it
  free (the constants of the percolated network fix it in every member);
- members on request: the first ``limit``, or a seeded random sample.

Only the percolated core is handed to aeon; the constants are put back in
every member and marginal.

The set is built the way :func:`.methods.choose_method` finds cheaper for the
core (its estimate: at least ``2^k`` members with ``k`` free inputs, each
costing answer-set enumeration time in proportion to the core, against aeon's
cost, which grows with the core): symbolically (aeon), or by listing the
members (clingo, or the state graph of a small core) and counting the list.
Either way it answers the same questions with the same numbers.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("input A condition\\ninput B condition\\nX = A | B\\nY = !Y & X")
>>> spaces = trap_space_set(m)
>>> spaces.count
4
>>> spaces.marginals()["X"], spaces.marginals()["Y"]
((1, 3, 0), (1, 0, 3))
>>> sorted(s["X"] for s in spaces.members(limit=4))
[0, 1, 1, 1]
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

from ..model import Model
from .attractors import Reading
from .inputs import free_inputs
from .methods import choose_method
from .percolate import Reduction, percolate
from .symbolic import space_readings, to_aeon

if TYPE_CHECKING:
    import biodivine_aeon as ba


@dataclass(frozen=True)
class TrapSpaceSet:
    """The minimal trap spaces of a model, held symbolically (a BDD) or as the list of members found.

    Attributes
    ----------
    nodes : every node of the model, in model order
    constants : the nodes percolation fixes (the same in every member)
    count : how many minimal trap spaces there are
    """

    nodes: tuple[str, ...]
    constants: dict[str, int]
    count: int
    _core: tuple[str, ...]
    _context: Any  # ba.SymbolicSpaceContext of the core (None: empty core, or listed)
    _spaces: Any  # ba.SpaceSet of the core's minimal trap spaces (None: empty core, or listed)
    _listed: tuple[dict[str, Reading], ...] | None = None  # the core's members, when found one by one

    def marginals(self) -> dict[str, tuple[int, int, int]]:
        """node -> (members that fix it to 0, that fix it to 1, that leave it free)."""
        out = {n: ((self.count, 0, 0) if v == 0 else (0, self.count, 0)) for n, v in self.constants.items()}
        for node in self._core:
            ones, zeros = (self._fixing(node, v) for v in (True, False))
            out[node] = (zeros, ones, self.count - zeros - ones)
        return {n: out[n] for n in self.nodes}

    def _fixing(self, node: str, value: bool) -> int:
        if self._listed is not None:
            return sum(1 for member in self._listed if member[node] == value)
        within = self._context.mk_singleton({node: value}).with_all_sub_spaces()
        return int(self._spaces.intersect(within).cardinality())

    def members(self, limit: int | None = None, seed: int | None = None) -> Iterator[dict[str, Reading]]:
        """Members (node -> 0, 1 or "*"), at most ``limit`` of them: in the order found, or a random
        sample drawn with ``seed`` (each draw independent: a sample may repeat a member)."""
        if not self._core:  # no core: the one member is the constants
            if limit is None or limit > 0:
                yield {n: self.constants[n] for n in self.nodes}
            return
        template: dict[str, Reading] = dict.fromkeys(self.nodes, 0)  # model order
        template.update(self.constants)
        for taken, core in enumerate(self._core_members(seed)):
            if limit is not None and taken >= limit:
                return
            member = template.copy()
            member.update(core)
            yield member

    def _core_members(self, seed: int | None) -> Iterator[dict[str, Reading]]:
        if self._listed is not None:
            if seed is None:
                yield from self._listed
            elif self._listed:
                draw = random.Random(seed)
                while True:
                    yield draw.choice(self._listed)
            return
        items = self._spaces.items() if seed is None else self._spaces.sample_items(seed=seed)
        yield from space_readings(self._context.network_variable_names(), items)


def trap_space_set(model: Model, reduction: Reduction | None = None, method: str = "auto") -> TrapSpaceSet:
    """The minimal trap spaces of ``model`` (inputs not fixed stay free), as a :class:`TrapSpaceSet`.

    ``method``: "auto" (chosen by :func:`.methods.choose_method`'s estimate), "symbolic" (aeon,
    for sets too many to list), "asp" or "exhaustive" (members listed one by one).
    """
    red = reduction if reduction is not None else percolate(model)
    constants = {n: int(v) for n, v in red.constants.items()}
    core = tuple(red.free)
    if not core:
        return TrapSpaceSet(tuple(red.nodes), constants, 1, core, None, None)
    chosen = choose_method("mp", len(core), method, free_inputs=len(free_inputs(red)))
    if chosen != "symbolic":
        bounded = method == "auto"  # a route asked for by name runs to the end
        listed = _listed(red, chosen, LISTED_LIMIT + 1 if bounded else 0)
        if not bounded or len(listed) <= LISTED_LIMIT:
            return TrapSpaceSet(tuple(red.nodes), constants, len(listed), core, None, None, listed)
    import biodivine_aeon as ba

    network: ba.BooleanNetwork = to_aeon(core, red.functions)
    context = ba.SymbolicSpaceContext(network)
    graph = ba.AsynchronousGraph(network, context)
    spaces = ba.TrapSpaces.minimal_symbolic(context, graph).spaces()
    return TrapSpaceSet(tuple(red.nodes), constants, int(spaces.cardinality()), core, context, spaces)


# Members listed one by one, at most: past this many the estimate (2^k for k free inputs) was far
# too low (244-limphopoiesis: 2^15 bound, 543,360 members), and the set is built by aeon instead.
LISTED_LIMIT = 65536


def _listed(red: Reduction, method: str, limit: int) -> tuple[dict[str, Reading], ...]:
    """The core's minimal trap spaces one by one (by clingo at most ``limit``, 0: all): as clingo
    finds them (no Attractor objects, no sorting), or from the state graph of a small core."""
    if method == "asp":
        from .asp import minimal_trap_spaces

        return tuple(minimal_trap_spaces(red.free, red.functions, limit))
    from .attractors import core_attractors

    return tuple(a.values for a in core_attractors(red, "mp", method))


@dataclass(frozen=True)
class TrapSpaceSummary:
    """What a :class:`TrapSpaceSet` says, as plain data (picklable: a bounded run hands it back
    from its child process): the count, the marginals, and the members asked for."""

    count: int
    marginals: dict[str, tuple[int, int, int]]
    members: list[dict[str, Reading]]

    def to_dict(self) -> dict[str, object]:
        return {"count": self.count,
                "marginals": {n: {"0": z, "1": o, "free": f} for n, (z, o, f) in self.marginals.items()},
                "members": self.members}


def summarize_trap_spaces(model: Model, reduction: Reduction | None = None, limit: int = 0,
                          seed: int | None = None, method: str = "auto") -> TrapSpaceSummary:
    """Count, marginals and at most ``limit`` members (a seeded sample with ``seed``) of the minimal
    trap spaces of ``model``."""
    spaces = trap_space_set(model, reduction, method)
    members = list(spaces.members(limit, seed)) if limit else []
    return TrapSpaceSummary(spaces.count, spaces.marginals(), members)
