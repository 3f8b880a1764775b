"""Minimal trap spaces by answer-set programming: the program handed to clingo directly.

Most-permissive attractors are the minimal trap spaces of the network
(Paulevé et al. 2020, doi:10.1038/s41467-020-18112-5). A subspace is described
by two atoms per node, "may be 1" and "may be 0" (at least one holds; both:
the node is free). It is a trap space when, for every node, each value its
function can take inside the subspace is allowed for the node: with a DNF of
``f`` and one of ``!f`` (:mod:`.cubes`), one rule per cube says "if every
literal of this cube is allowed, the node may take this value". The
subset-minimal answer sets are the minimal trap spaces; clingo enumerates
them with its domain heuristic (every such atom preferably false) in ``domRec``
mode, the method of mpbn and trappist.

The rules go into clingo's program through its backend, as ground rules: no
text is written, parsed or grounded (on small models that round trip through
mpbn cost more than the search itself; :file:`benchmarks/trapspaces_mpbn.py`).
clingo is imported on first use only.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("A = !B\\nB = !A\\nC = !C")
>>> sorted(tuple(s.items()) for s in minimal_trap_spaces(m.nodes, m.functions))
[(('A', 0), ('B', 1), ('C', '*')), (('A', 1), ('B', 0), ('C', '*'))]
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Any, Callable, Hashable, Iterator, Mapping, Sequence

from ..expr import Expr
from .attractors import Attractor, Reading
from .cubes import dnf

if TYPE_CHECKING:
    import clingo


def minimal_trap_spaces(nodes: Sequence[str], functions: Mapping[str, Expr],
                        limit: int = 0) -> Iterator[dict[str, Reading]]:
    """The minimal trap spaces of the network ``functions`` over ``nodes`` (which it must close),
    as they are found: node -> 0, 1 or "*" (free); at most ``limit`` of them (0: all)."""
    import clingo

    nodes = tuple(nodes)
    if not nodes:
        yield {}
        return
    control = clingo.Control(["--single-shot", "-W", "none"])
    config = control.configuration
    config.solve.models = limit  # type: ignore[union-attr]
    config.solve.enum_mode = "domRec"  # type: ignore[union-attr]
    config.solver.heuristic = "Domain"  # type: ignore[union-attr]
    may: dict[tuple[str, bool], int] = {}
    meaning: dict[clingo.Symbol, tuple[str, Reading]] = {}  # a shown atom's symbol -> (node, reading)
    prefer_false = clingo.backend.HeuristicType.False_
    with control.backend() as backend:
        for i, node in enumerate(nodes):
            for value in (True, False):
                may[node, value] = backend.add_atom()
                # every "may" atom preferably false: the models enumerated are the subset-minimal ones
                backend.add_heuristic(may[node, value], prefer_false, 1, 1, [])
            on, off = may[node, True], may[node, False]
            backend.add_rule([on, off], choice=True)
            backend.add_rule([], [-on, -off])
            # Shown: a node fixed to 1, or free; one fixed to 0 is not shown (fewer atoms to read)
            for reading, body in ((1, [on, -off]), ("*", [on, off])):
                symbol = clingo.Function("v", [clingo.Number(i), clingo.Number(1 if reading == 1 else 2)])
                backend.add_rule([backend.add_atom(symbol)], body)
                meaning[symbol] = (node, reading)
        for node in nodes:
            for value in (True, False):
                head = [may[node, value]]
                for cube in dnf(functions[node], value):
                    backend.add_rule(head, [may[literal] for literal in cube])
    # Reading a model is most of the time on sets of thousands (32,768 spaces of an 86-node core: 0.9 s
    # of search, 5.6 s of Python): a Symbol's hash and equality are calls into clingo, so atoms are
    # looked up by the integer that clingo's Python API keeps in each Symbol (``_rep``, its C
    # symbol), where it has one; else by the Symbol itself. Each model starts from every node at 0.
    key, table = _symbol_key(meaning)
    zeros: dict[str, Reading] = dict.fromkeys(nodes, 0)
    with control.solve(yield_=True) as handle:
        for model in handle:
            space = zeros.copy()
            space.update(map(table.__getitem__, map(key, model.symbols(atoms=True))))
            yield space


def _symbol_key(meaning: dict[clingo.Symbol, tuple[str, Reading]]
                ) -> tuple[Callable[[clingo.Symbol], Hashable], dict[Any, tuple[str, Reading]]]:
    """How to look up an atom's meaning fast: (key of a Symbol, meaning by key)."""
    by_rep = {getattr(symbol, "_rep", None): value for symbol, value in meaning.items()}
    if None in by_rep or not all(isinstance(rep, int) for rep in by_rep) or len(by_rep) != len(meaning):
        return (lambda symbol: symbol), dict(meaning)
    return attrgetter("_rep"), by_rep


def trap_spaces(nodes: Sequence[str], functions: Mapping[str, Expr]) -> list[Attractor]:
    """The minimal trap spaces of the network ``functions`` over ``nodes``, as attractors."""
    nodes = tuple(nodes)
    return [Attractor.of_space(space, nodes) for space in minimal_trap_spaces(nodes, functions)]
