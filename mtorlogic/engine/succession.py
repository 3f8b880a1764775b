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

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("A = !B\\nB = !A\\nC = !C & A")
>>> sorted((a.kind, tuple(a.values.values())) for a in attractors(m.nodes, m.functions))
[('cycle', (1, 0, 0.5)), ('fixed_point', (0, 1, 0))]
"""

from __future__ import annotations

from typing import Mapping, Sequence

from ..expr import Expr
from .attractors import Attractor
from .symbolic import attractor_from_vertices, to_aeon


def attractors(nodes: Sequence[str], functions: Mapping[str, Expr]) -> list[Attractor]:
    """The asynchronous attractors of the network ``functions`` over ``nodes`` (which it must close)."""
    nodes = tuple(nodes)
    if not nodes:
        return [Attractor.of_space({}, ())]
    from biobalm import SuccessionDiagram

    diagram = SuccessionDiagram(to_aeon(nodes, functions))
    diagram.build()
    graph = diagram.symbolic
    found: list[Attractor] = []
    for sets in diagram.expanded_attractor_sets().values():
        found.extend(attractor_from_vertices(graph, vertices, nodes) for vertices in sets)
    return found
