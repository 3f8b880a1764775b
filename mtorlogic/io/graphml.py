"""GraphML of the signed interaction graph (readable by networkx, Cytoscape, yEd).

Nodes carry ``label`` (the node id, what viewers draw), ``name`` (the long
description), ``kind``, ``input`` and, for an input with one, ``default``;
edges carry ``sign`` (+1/-1/0), ``refs`` and ``section``.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text('input GF condition "growth factors" default 1\\nAKT = GF  [3]')
>>> text = format_graphml(m)
>>> import networkx as nx
>>> g = nx.parse_graphml(text)
>>> g.nodes["GF"]["label"], g.nodes["GF"]["name"], g.nodes["GF"]["default"], g.edges["GF", "AKT"]["refs"]
('GF', 'growth factors', 1, '3')
"""

from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

from ..model import Model
from ._atomic import atomic_write

if TYPE_CHECKING:
    import networkx as nx


def write_graphml(model: Model, path: str | Path) -> None:
    """Write ``model.interaction_graph()`` with node labels and input defaults (see the module doc)."""
    atomic_write(path, format_graphml(model))


def format_graphml(model: Model) -> str:
    """The GraphML text of a model's signed interaction graph."""
    import networkx as nx

    g = model.interaction_graph()
    defaults = model.defaults()
    for node, data in g.nodes(data=True):
        data["label"] = node
        if node in defaults:
            data["default"] = defaults[node]
    for _, _, data in g.edges(data=True):
        data["refs"] = ",".join(map(str, data["refs"]))
    return "\n".join(nx.generate_graphml(g)) + "\n"


def read_graphml(path: str | Path) -> "nx.Graph[str]":
    """The signed graph back as a networkx DiGraph (a graph, not a Boolean model)."""
    import networkx as nx

    graph: nx.Graph[str] = nx.read_graphml(path)
    return graph
