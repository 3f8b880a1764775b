"""GraphML of the signed interaction graph (readable by networkx, Cytoscape, yEd)."""

from __future__ import annotations

from pathlib import Path

from ..model import Model
from ._atomic import atomic_write


def write_graphml(model: Model, path: str | Path) -> None:
    """Write ``model.interaction_graph()``; edge attributes: sign (+1/-1/0), refs, section."""
    import networkx as nx

    g = model.interaction_graph()
    for _, _, data in g.edges(data=True):
        data["refs"] = ",".join(map(str, data["refs"]))
    atomic_write(path, "\n".join(nx.generate_graphml(g)) + "\n")


def read_graphml(path: str | Path):
    """The signed graph back as a networkx DiGraph (a graph, not a Boolean model)."""
    import networkx as nx

    return nx.read_graphml(path)
