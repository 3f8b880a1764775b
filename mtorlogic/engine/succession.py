"""Asynchronous attractors through the succession diagram of trap spaces (biobalm).

A large core whose attractors aeon cannot find by one symbolic search over
all its states can often be cut where its dynamics commits: every trap space
is closed under the asynchronous update, and the succession diagram (Rozum et
al. 2021; Trinh et al., Bioinformatics 2025, doi:10.1093/bioinformatics/btae743)
orders the network's trap spaces from the whole space down to the minimal
ones through stable motifs. An attractor lies in a minimal trap space, or it
avoids every stable motif of the smallest trap space that holds it
(motif-avoidant); biobalm expands the diagram, finds candidate states in each
expanded node with the negative feedback vertex set and simulation, and
confirms each attractor by symbolic reachability in aeon, so the answer is
exact, only found in many small searches instead of one large one.

biobalm (with networkx and its clingo encodings) is imported on use only: this
route costs about a second of imports and is chosen by :func:`.methods.choose_method`
for asynchronous cores that are too large for aeon's own search.

On random networks most of biobalm's time is Python, not search: its candidate
states are fixed points of reduced state graphs that clingo enumerates by the
thousand, and each answer is read by turning every atom into a string (a call
into clingo per atom, then parsing the place name): 44% of a 57 s run on a
160-node network (K = 2, seed 1), 38% at 640 nodes. While this route runs, those
two readers are replaced by ones that look each atom up by the integer clingo
keeps in it (:func:`_faster_answers`); the answers are the same (tested against
biobalm's own readers).

:func:`attractor_seeds` asks less: one state in each attractor. That needs no
state set (in a minimal trap space with one candidate left, the candidate is
an attractor's state), where an :class:`~.attractors.Attractor`'s size and
per-node readouts need the whole set, found by symbolic reachability: on a
random 160-node network (K = 2, seed 0) the diagram and its seeds take 2.8 s,
the state set of one attractor with 100 free nodes 223 s.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("A = !B\\nB = !A\\nC = !C & A")
>>> sorted((a.kind, tuple(a.values.values())) for a in attractors(m.nodes, m.functions))
[('cycle', (1, 0, 0.5)), ('fixed_point', (0, 1, 0))]
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Sequence

from ..errors import TooLargeError
from ..expr import Expr
from ..memo import remember
from ..model import Model
from . import methods
from .attractors import Attractor
from .budget import bounded
from .percolate import Reduction, percolate
from .symbolic import attractor_from_vertices, to_aeon

if TYPE_CHECKING:
    import biodivine_aeon as ba


def attractors(nodes: Sequence[str], functions: Mapping[str, Expr]) -> list[Attractor]:
    """The asynchronous attractors of the network ``functions`` over ``nodes`` (which it must close)."""
    nodes = tuple(nodes)
    if not nodes:
        return [Attractor.of_space({}, ())]
    diagram, attractor_sets = _expanded(to_aeon(nodes, functions), "sets")
    graph = diagram.symbolic
    found: list[Attractor] = []
    for sets in attractor_sets.values():
        found.extend(attractor_from_vertices(graph, vertices, nodes) for vertices in sets)
    return found


@bounded("diagrams", advice="the succession diagram was not finished: fix inputs or nodes, or allow more time")
def attractor_seeds(model: Model, reduction: Reduction | None = None, *,
                    timeout: float | None = None) -> list[dict[str, int]]:
    """One state (node -> 0 or 1) in each asynchronous attractor of ``model`` (inputs not fixed stay
    free): as many states as attractors, each in a different one; how many attractors there are,
    without their state sets; states list nodes in the model's order. The percolated core goes where
    :func:`seed_route` sends it: above ``SUCCESSION_LIMIT`` free nodes through the succession diagram,
    below to aeon's symbolic search, which then stops at a state of each attractor (on some 40-node
    random cores aeon answers in 0.6 s where the diagram's seed search takes over 30 s).

    >>> from mtorlogic.rules import read_rules_text
    >>> m = read_rules_text("A = !B\\nB = !A\\nC = !C & A")
    >>> sorted(tuple(s.values()) for s in attractor_seeds(m))
    [(0, 1, 0), (1, 0, 0)]
    """
    red = reduction if reduction is not None else percolate(model)
    constants = {n: int(v) for n, v in red.constants.items()}
    if not red.free:
        return [{n: constants[n] for n in model.nodes}]
    network = to_aeon(red.free, red.functions)
    seeds = _diagram_seeds(network) if seed_route(len(red.free)) == "succession" else _symbolic_seeds(network)
    return [{n: state[n] for n in model.nodes} for state in ({**constants, **seed} for seed in seeds)]


def seed_route(free_nodes: int) -> str:
    """How :func:`attractor_seeds` searches a core of ``free_nodes`` free nodes: "succession" (the
    diagram) above ``SUCCESSION_LIMIT``, else "symbolic" (aeon's search, stopped at a state of each
    attractor).

    >>> seed_route(30), seed_route(160)
    ('symbolic', 'succession')
    """
    return "succession" if free_nodes > methods.SUCCESSION_LIMIT else "symbolic"


def _diagram_seeds(network: ba.BooleanNetwork) -> Iterator[dict[str, int]]:
    _, attractor_seeds = _expanded(network, "seeds")
    for seeds in attractor_seeds.values():
        for seed in seeds:
            yield {n: int(v) for n, v in seed.items()}


def _expanded(network: ba.BooleanNetwork, what: str) -> tuple[Any, dict[int, list[Any]]]:
    """biobalm's succession diagram of ``network``, built, and its expanded attractor ``what`` ("seeds"
    or "sets") by diagram node. biobalm's own refusal (a trap space with more stable motifs than its
    limit: seen on random 640-node networks) is a :class:`~mtorlogic.errors.TooLargeError`."""
    from biobalm import SuccessionDiagram

    diagram = SuccessionDiagram(network)
    with _faster_answers():
        try:
            diagram.build()
            found = diagram.expanded_attractor_seeds() if what == "seeds" else diagram.expanded_attractor_sets()
        except RuntimeError as refusal:
            if "stable motifs" not in str(refusal):
                raise
            raise TooLargeError(f"the succession diagram of a core of {network.variable_count()} free nodes has a "
                                f"trap space with more stable motifs than biobalm handles ({refusal}); fix inputs or "
                                "nodes (--fix) to shrink the core") from None
    return diagram, found


def _symbolic_seeds(network: ba.BooleanNetwork) -> Iterator[dict[str, int]]:
    import biodivine_aeon as ba

    for attractor in ba.Attractors.attractors(ba.AsynchronousGraph(network)):
        state = next(iter(attractor.vertices().pick_singleton().items()))
        yield {n: int(v) for n, v in state.to_named_dict().items()}


# A clingo symbol's meaning as a Petri-net place of biobalm's encoding, by the integer clingo's Python API
# keeps in the Symbol (``_rep``): clingo interns symbols for the life of the process, so the integer
# names the same atom in every program; bounded for long sessions.
_PLACES: dict[Any, tuple[str, bool]] = {}
_PLACES_HELD = 1 << 20
_PATCHED = threading.Lock()


def _places(model: Any) -> Iterator[tuple[str, bool]]:
    """(variable, positive place?) of each atom of a clingo model of biobalm's Petri-net programs."""
    from biobalm.petri_net_translation import place_to_variable

    for atom in model.symbols(atoms=True):
        key = getattr(atom, "_rep", atom)
        place = _PLACES.get(key)
        if place is None:
            place = remember(_PLACES, key, place_to_variable(str(atom)), _PLACES_HELD)
        yield place


def _fixed_point(model: Any) -> dict[str, int]:
    """biobalm's ``_clingo_model_to_fixed_point``: a positive place is the variable at 1."""
    return {variable: int(positive) for variable, positive in _places(model)}


def _space(model: Any) -> dict[str, int]:
    """biobalm's ``_clingo_model_to_space``: a positive place means the variable is fixed to 0 (its encoding's
    convention), a negative one to 1."""
    return {variable: int(not positive) for variable, positive in _places(model)}


@contextmanager
def _faster_answers() -> Iterator[None]:
    """biobalm's clingo answers read by :func:`_fixed_point` and :func:`_space` while the block runs (one
    block at a time, so the originals are always put back)."""
    from biobalm import trappist_core

    with _PATCHED:
        originals = trappist_core._clingo_model_to_fixed_point, trappist_core._clingo_model_to_space
        trappist_core._clingo_model_to_fixed_point, trappist_core._clingo_model_to_space = _fixed_point, _space
        try:
            yield
        finally:
            trappist_core._clingo_model_to_fixed_point, trappist_core._clingo_model_to_space = originals
