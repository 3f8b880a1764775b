"""Where the network's nodes go: layered rows (inputs on top, then signalling by distance from the
inputs, phenotypes at the bottom), or Graphviz ``dot`` ranks when it is installed.

Pure layout, no drawing: :func:`mtorlogic.plot.plot_network` and the HTML report
(:mod:`mtorlogic.html_report`) place their boxes with it.

>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("input GF condition default 1\\nAKT = GF\\nProliferation = AKT")
>>> [row.label for row in network_rows(m)]
['conditions', 'signalling 1', 'outputs']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from .model import Model

if TYPE_CHECKING:
    import networkx as nx

ROW_WIDTH = 14  # nodes per drawn row: wider layers wrap, so labels keep their room
MAX_LAYERS = 20  # signalling layers drawn one per row; deeper models share rows


@dataclass(frozen=True)
class Row:
    """One drawn row of the network: a label and its nodes, left to right."""

    label: str
    nodes: tuple[str, ...]


def network_rows(model: Model, row_width: int = ROW_WIDTH) -> list[Row]:
    """The rows of the layered drawing, top to bottom, each ordered to keep edges short.

    Parameters
    ----------
    model : Model
    row_width : the most nodes in one row; a wider layer is wrapped

    Returns
    -------
    list of Row
    """
    g = model.interaction_graph()
    top = _input_groups(model)
    placed = {n for _, group in top for n in group}
    bottom = [n for n in model.nodes_of_kind("phenotype") if n not in placed]
    bottom_label = "phenotypes"
    if not bottom:  # a published model without phenotype nodes: its outputs
        bottom = [n for n in model.nodes if n not in placed and not (set(g.successors(n)) - {n})]
        bottom_label = "outputs"
    placed |= set(bottom)
    layers = _depth_layers(g, [n for n in model.nodes if n not in placed], [n for _, grp in top for n in grp])
    if len(layers) > MAX_LAYERS:  # long chains: share rows rather than draw a ribbon of near-empty ones
        layers = _merge_thin(layers, row_width)
    rows = [Row(label, chunk) for label, group in top for chunk in _wrap(group, row_width)]
    rows += [Row(f"signalling {i}", chunk) for i, layer in enumerate(layers, start=1)
             for chunk in _wrap(layer, row_width)]
    rows += [Row(bottom_label, chunk) for chunk in _wrap(bottom, row_width)]
    return _order_rows(rows, g)


def _input_groups(model: Model) -> list[tuple[str, list[str]]]:
    inputs = set(model.inputs)
    drugs = [n for n in model.nodes if model.info(n).kind == "drug"]
    mutations = [n for n in model.nodes if model.info(n).kind == "mutation"]
    special = set(drugs) | set(mutations)
    conditions = [n for n in model.nodes if model.info(n).kind == "condition" and n not in special]
    others = [n for n in model.nodes if n in inputs and n not in special and n not in conditions]
    groups = [("conditions", conditions), ("inputs", others), ("drugs", drugs), ("mutations", mutations)]
    return [(label, nodes) for label, nodes in groups if nodes]


def _depth_layers(g: "nx.DiGraph[str]", nodes: list[str], sources: list[str]) -> list[list[str]]:
    """Group ``nodes`` by longest-path depth once feedback edges are set aside.

    Feedback edges are the back edges of a depth-first search from the
    sources; what remains is acyclic, and placing every node below all its
    regulators there makes most edges point down by one or two rows.
    """
    import networkx as nx

    keep = set(nodes)
    sub = g.subgraph(keep | set(sources)).copy()
    sub.remove_edges_from(nx.selfloop_edges(sub))
    state: dict[str, int] = {}  # 1 on the DFS stack, 2 finished
    back = []
    roots = [*sources, *nodes]
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(sorted(sub.successors(root))))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                back.append((node, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(sorted(sub.successors(child)))))
    sub.remove_edges_from(back)
    depth = {n: 0 for n in sources}
    for n in nx.topological_sort(sub):
        if n in keep:
            depth[n] = 1 + max((depth[p] for p in sub.predecessors(n) if p in depth), default=0)
    by_layer: dict[int, list[str]] = {}
    for n in nodes:
        by_layer.setdefault(depth[n], []).append(n)
    return [by_layer[k] for k in sorted(by_layer)]


def _merge_thin(layers: list[list[str]], width: int) -> list[list[str]]:
    """Merge consecutive layers while they fit in one row (edges between them become same-row arcs)."""
    merged: list[list[str]] = []
    for layer in layers:
        if merged and len(merged[-1]) + len(layer) <= width:
            merged[-1] = merged[-1] + layer
        else:
            merged.append(list(layer))
    return merged


def _wrap(nodes: Sequence[str], width: int) -> list[tuple[str, ...]]:
    if not nodes:
        return []
    count = -(-len(nodes) // width)
    size = -(-len(nodes) // count)  # balanced rows rather than a full one and a stub
    return [tuple(nodes[i:i + size]) for i in range(0, len(nodes), size)]


def _order_rows(rows: list[Row], g: "nx.DiGraph[str]", sweeps: int = 6) -> list[Row]:
    """Barycentre ordering: each node moves towards the mean position of its neighbours
    in the other rows, sweeping down and up, which removes most edge crossings."""
    order = [list(r.nodes) for r in rows]
    neighbours = {n: set(g.predecessors(n)) | set(g.successors(n)) for n in g}

    def position() -> dict[str, float]:
        pos = {}
        for row in order:
            for i, n in enumerate(row):
                pos[n] = (i + 0.5) / len(row)
        return pos

    for sweep in range(sweeps):
        indices = range(len(order)) if sweep % 2 == 0 else reversed(range(len(order)))
        for r in indices:
            pos = position()
            row_set = set(order[r])

            def centre(n: str, row_set: set[str] = row_set, pos: dict[str, float] = pos) -> float:
                others = [pos[m] for m in neighbours[n] if m not in row_set]
                return sum(others) / len(others) if others else pos[n]

            order[r].sort(key=centre)
    return [Row(row.label, tuple(o)) for row, o in zip(rows, order)]


DOT_TIMEOUT = 30.0  # seconds for Graphviz to lay out a network


def dot_positions(g: "nx.DiGraph[str]", model: Model, scale: float = 1.0) -> dict[str, tuple[float, float]] | None:
    """Node positions from Graphviz ``dot`` (top-down ranks: inputs first, phenotypes last), in inches;
    None when ``dot`` is not installed or fails (the caller falls back to the layered layout)."""
    import shutil
    import subprocess

    program = shutil.which("dot")
    if program is None or not len(g):
        return None
    ids = {n: f"n{i}" for i, n in enumerate(g.nodes)}
    lines = ["digraph G {", "rankdir=TB; nodesep=0.25; ranksep=0.45; splines=false;",
             'node [shape=box, fixedsize=true, height=0.32, fontsize=9];']
    for n in g.nodes:
        lines.append(f'{ids[n]} [width={0.12 + 0.075 * len(n):.2f}];')
    # Inputs take the rank above their first reader (a top row of 60 inputs would be unreadably wide);
    # phenotypes share the bottom rank.
    phenotypes = [ids[n] for n in g.nodes if model.info(n).kind == "phenotype"]
    if phenotypes:
        lines.append("{rank=max; " + " ".join(phenotypes) + ";}")
    for u, v in g.edges:
        if u != v:
            lines.append(f"{ids[u]} -> {ids[v]};")
    lines.append("}")
    try:
        done = subprocess.run([program, "-Tplain"], input="\n".join(lines), capture_output=True, text=True,
                              timeout=DOT_TIMEOUT, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    back = {v: k for k, v in ids.items()}
    pos = {}
    for line in done.stdout.splitlines():
        parts = line.split()
        if parts[:1] == ["node"] and parts[1] in back:
            pos[back[parts[1]]] = (float(parts[2]) * scale * 1.15, float(parts[3]) * scale * 1.6)
    return pos if len(pos) == len(ids) else None
