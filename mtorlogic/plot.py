"""Figures: the signed interaction graph in layers, attractor heatmaps, screens, time courses.

Every plot function takes ``ax=`` (draw into an existing matplotlib Axes, e.g.
a notebook's subplot) and returns the Figure it drew on.

matplotlib is imported inside the functions and figures are drawn on an Agg
canvas of their own (headless; pyplot's global backend is left alone), so
importing this module (and starting the CLI) stays fast. Figures are rendered
to bytes before anything is written (:func:`save_figure`).

The network is drawn top-down: inputs in the top rows (conditions and other
inputs, then drugs, then mutations), signalling in the middle, ordered by
distance from the inputs, and phenotypes (or, in a model without phenotype
nodes, its outputs) at the bottom. Green arrows activate, red bars inhibit,
grey lines are dual (non-monotone) regulations.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("input GF condition default 1\\nAKT = GF\\nProliferation = AKT")
>>> [row.label for row in network_rows(m)]
['conditions', 'signalling 1', 'outputs']
>>> fig = plot_network(m)
>>> save_figure(fig, "net.png")          # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Collection, Mapping, Sequence, cast

from .errors import InputError
from .io._atomic import atomic_write
from .model import Model
from .network_layout import ROW_WIDTH, Row, dot_positions, network_rows

__all__ = ["Row", "dot_positions", "figure_format", "network_rows", "plot_attractors", "plot_network", "plot_screen",
           "plot_timecourse", "save_figure", "value_colour"]

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .engine.simulate import Timecourse
    from .screen import ScreenResult


KIND_COLOURS = {
    "condition": "#cfe3f7", "drug": "#f9d3e3", "mutation": "#fde2c4", "phenotype": "#d3f0d3",
}
OTHER_COLOUR = "#eeeeee"
ON, OFF, FREE = "#f2b134", "#ffffff", "#bdbdbd"
ACTIVATION, INHIBITION, DUAL = "#2e8b3e", "#c62828", "#777777"
CHAIN = "#7b1fa2"  # causal chains (the HTML report's colour too)
BLOCKING = "#e65100"  # the chain from an alteration to where it blocks the drug


# --- the network ------------------------------------------------------------


def plot_network(model: Model, values: Mapping[str, object] | None = None, title: str | None = None,
                 row_width: int = ROW_WIDTH, ax: "Axes | None" = None, *, highlight: Collection[tuple[str, str]] = (),
                 blocking: Collection[tuple[str, str]] = (), nodes: Collection[str] | None = None,
                 layout: str = "auto") -> "Figure":
    """Draw the signed interaction graph, inputs on top and phenotypes at the bottom.

    Parameters
    ----------
    model : Model
    values : node -> 0, 1, a fraction (oscillating) or "*" (free); when given,
        nodes are filled by value, otherwise by kind
    title : figure title
    row_width : the most nodes in one row (the layered layout)
    ax : draw into this Axes (default: a new figure sized to the network)
    highlight : (regulator, target) edges drawn thick, in the causal-chain colour (e.g. a scenario's chains)
    blocking : edges of a resistance's blocking chain (:mod:`mtorlogic.blocking`), drawn thick in their own colour
    nodes : draw only these nodes and the edges between them (e.g. a causal subnetwork)
    layout : "dot" (Graphviz, ranks that keep edges out of boxes), "layers" (our rows), or "auto":
        Graphviz when its ``dot`` program is installed, else the layers

    Returns
    -------
    matplotlib Figure (render it with :func:`save_figure`)
    """
    from matplotlib.patches import FancyArrowPatch, Patch

    shown = [n for n in model.nodes if nodes is None or n in nodes]
    g = model.interaction_graph().subgraph(shown)
    x_step, y_step = 1.35, 1.0
    dot = dot_positions(g, model) if layout in ("auto", "dot") else None
    if layout == "dot" and dot is None:
        raise InputError.at("<layout>", "the Graphviz 'dot' program is not installed (apt-get install graphviz)")
    row_labels: list[tuple[str, float]] = []
    if dot is not None:
        pos = dot
        xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
        width, height = max(xs) - min(xs) + 2.4, max(ys) - min(ys) + 1.4
        limits = ((min(xs) - 1.2, max(xs) + 1.2), (min(ys) - 0.7, max(ys) + 0.7))
    else:
        rows = [r for r in network_rows(model, row_width) if any(n in g for n in r.nodes)]
        rows = [Row(r.label, tuple(n for n in r.nodes if n in g)) for r in rows]
        widest = max(len(r.nodes) for r in rows)
        pos = {}
        for level, row in enumerate(rows):
            offset = (widest - len(row.nodes)) / 2
            for i, n in enumerate(row.nodes):
                pos[n] = ((offset + i) * x_step, -level * y_step)
            row_labels.append((row.label, -level * y_step))
        width, height = widest * x_step + 2.2, len(rows) * y_step * 0.95 + 1.6
        limits = ((-1.9, widest * x_step), (-(len(rows) - 1) * y_step - 0.7, 0.7))
    if ax is None:
        fig = _figure(width=max(8.0, width), height=max(4.0, height))
        ax = fig.add_axes((0.0, 0.0, 1.0, 0.96 if title else 1.0))
        if title:
            fig.suptitle(title, fontsize=13, y=0.995)
    else:
        fig = cast("Figure", ax.figure)
        if title:
            ax.set_title(title, fontsize=13)
    ax.set_xlim(*limits[0])
    ax.set_ylim(*limits[1])
    ax.axis("off")
    for label, y in row_labels:
        ax.text(-1.85, y, label, fontsize=8, style="italic", color="#555555", va="center")
    chain, blocked = set(highlight), set(blocking)
    for u, v, data in g.edges(data=True):
        if u == v:
            continue
        sign = data["sign"]
        on_chain = (u, v) in chain or (u, v) in blocked
        colour = BLOCKING if (u, v) in blocked else CHAIN if on_chain else ACTIVATION if sign > 0 else INHIBITION if sign < 0 else DUAL
        style = "-|>,head_length=0.5,head_width=0.25" if sign > 0 else "-[,widthB=0.35,lengthB=0" if sign < 0 \
            else "-"
        # Feedback (upward) and same-row edges are dashed and bent so they stay visible;
        # a same-row edge bends upwards (arc3 puts the bend at rad * (dy, -dx)).
        upward = pos[v][1] >= pos[u][1] - 1e-9
        bend = 0.06 if not upward else 0.2 if pos[v][1] > pos[u][1] else -0.2 if pos[v][0] > pos[u][0] else 0.2
        ax.add_patch(FancyArrowPatch(pos[u], pos[v], arrowstyle=style, mutation_scale=12 if on_chain else 10,
                                     color=colour, linewidth=2.4 if on_chain else 0.7,
                                     alpha=0.95 if on_chain else 0.5, shrinkA=9, shrinkB=9, zorder=2 if on_chain else 1,
                                     connectionstyle=f"arc3,rad={bend}", linestyle="--" if upward else "-"))
    on_chain_nodes = {n for edge in chain for n in edge}
    blocked_nodes = {n for edge in blocked for n in edge}
    for n, (x, y) in pos.items():
        fill, hatch = _fill(model, n, values)
        label = n if values is None or values.get(n) in (0, 1, None) else f"{n}\n{_short(values[n])}"
        ax.text(x, y, label, ha="center", va="center", fontsize=7.5, zorder=3,
                bbox=dict(boxstyle="round,pad=0.3", facecolor=fill, hatch=hatch,
                          edgecolor=BLOCKING if n in blocked_nodes else CHAIN if n in on_chain_nodes
                          else _edge(model, n), linewidth=2.0 if n in on_chain_nodes | blocked_nodes else 1.1))
    handles = [Patch(color=ACTIVATION, label="activation (arrow)"), Patch(color=INHIBITION, label="inhibition (bar)")]
    if chain:
        handles.append(Patch(color=CHAIN, label="causal chain of the drug"))
    if blocked:
        handles.append(Patch(color=BLOCKING, label="blocking chain (resistance)"))
    if values is None:
        kinds = sorted({model.info(n).kind for n in shown} & set(KIND_COLOURS))
        handles += [Patch(facecolor=KIND_COLOURS[k], edgecolor="#444444", label=k) for k in kinds]
    else:
        handles += [Patch(facecolor=ON, edgecolor="#444444", label="on"),
                    Patch(facecolor=OFF, edgecolor="#444444", label="off"),
                    Patch(facecolor="#f8d89a", edgecolor="#444444", label="oscillating (share on)")]
    ax.legend(handles=handles, loc="upper right", fontsize=8, ncol=min(len(handles), 5), frameon=False,
              bbox_to_anchor=(1.0, 1.03))
    return fig


def _fill(model: Model, node: str, values: Mapping[str, object] | None) -> tuple[str, str | None]:
    if values is None:
        return KIND_COLOURS.get(model.info(node).kind, OTHER_COLOUR), None
    v = values.get(node)
    if v is None:
        return OTHER_COLOUR, None
    return value_colour(v), "///" if v == "*" else None


def value_colour(value: object) -> str:
    """The fill of a node value: white off, amber on, in between for a cycle's share on, grey free."""
    if value == "*":
        return FREE
    return _blend(OFF, ON, float(value))  # type: ignore[arg-type]


def _edge(model: Model, node: str) -> str:
    kind = model.info(node).kind
    return {"condition": "#4a7fb5", "drug": "#b5487a", "mutation": "#c7782a", "phenotype": "#3f8f3f"}.get(
        kind, "#555555")


def _blend(a: str, b: str, t: float) -> str:
    ca, cb = (tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in (a, b))
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb))


def _short(v: object) -> str:
    return "free" if v == "*" else f"{float(v):.2f}"  # type: ignore[arg-type]


# --- attractors ------------------------------------------------------------


def plot_attractors(model: Model, groups: Mapping[str, Sequence[Any]], title: str | None = None,
                    only_varying: bool = False, ax: "Axes | None" = None) -> "Figure":
    """Heatmap of attractors (columns) by nodes (rows, in the network's layer order).

    Parameters
    ----------
    model : Model
    groups : label -> attractors, e.g. ``{"background": [...], "treated": [...]}``
    title : figure title
    only_varying : show only nodes whose value differs between the attractors
    ax : draw into this Axes (default: a new figure sized to the table)

    Returns
    -------
    matplotlib Figure
    """
    import numpy as np

    columns = [(label, i, a) for label, atts in groups.items() for i, a in enumerate(atts, start=1)]
    if not columns:
        raise ValueError("no attractors to plot")
    rows = network_rows(model)
    nodes = [n for row in rows for n in row.nodes]
    if only_varying:
        nodes = [n for n in nodes if len({repr(a.values[n]) for _, _, a in columns}) > 1] or nodes
    rotated = len(columns) > 8
    # A tall model wraps into side-by-side panels of at most PANEL_ROWS nodes, split evenly.
    panels = 1 if ax is not None else -(-len(nodes) // PANEL_ROWS)
    per_panel = -(-len(nodes) // panels)
    chunks = [nodes[i:i + per_panel] for i in range(0, len(nodes), per_panel)]
    # Margins in inches: column labels (taller when rotated) and title above, legend below.
    top, bottom, cell = (1.75 if rotated else 0.6) + (0.3 if title else 0), 0.5, 0.17
    height = cell * per_panel + top + bottom
    label_room, panel_width = 1.9, max(1.6, 0.75 * len(columns))
    width = max(5.0, panels * (panel_width + label_room + 0.7))
    own = ax is None
    axes: list[Axes] = []
    if ax is None:
        fig = _figure(width=width, height=height)
        for k, chunk in enumerate(chunks):
            left = (k * (panel_width + label_room + 0.7) + label_room) / width
            axes.append(fig.add_axes((left, bottom / height + cell * (per_panel - len(chunk)) / height,
                                      panel_width / width, cell * len(chunk) / height)))
    else:
        fig = cast("Figure", ax.figure)
        axes = [ax]
    for panel, chunk in zip(axes, chunks):
        _heat_panel(panel, chunk, columns, rows, rotated)
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=ON, edgecolor="#444444", label="on"),
               Patch(facecolor=OFF, edgecolor="#444444", label="off"),
               Patch(facecolor=FREE, edgecolor="#444444", label="free (trap space)")]
    if own:
        fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=8, frameon=False)
        if title:
            fig.suptitle(title, fontsize=11, y=1 - 0.05 / height, va="top")
    else:
        axes[0].legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=3, fontsize=8,
                       frameon=False)
        if title:
            axes[0].set_xlabel(title, fontsize=11)
    return fig


PANEL_ROWS = 48  # nodes per panel of the attractor heatmap before it wraps into another


def _heat_panel(ax: "Axes", nodes: Sequence[str], columns: Sequence[tuple[str, int, Any]], rows: Sequence[Row],
                rotated: bool) -> None:
    """One panel of the attractor heatmap: these nodes (rows) by every attractor (columns)."""
    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap

    grid = np.array([[np.nan if a.values[n] == "*" else float(a.values[n]) for _, _, a in columns] for n in nodes])
    cmap = LinearSegmentedColormap.from_list("onoff", [OFF, ON]).with_extremes(bad=FREE)
    ax.imshow(grid, cmap=cmap,  # NaN (free) is drawn in the map's 'bad' colour
              vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    ax.set_yticks(range(len(nodes)), nodes, fontsize=7)
    ax.set_xticks(range(len(columns)), [f"{label} {i}\n{_describe(a)}" for label, i, a in columns],
                  fontsize=7.5, rotation=90 if rotated else 0)
    ax.xaxis.tick_top()
    ax.set_xticks(np.arange(-0.5, len(columns)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(nodes)), minor=True)
    ax.grid(which="minor", color="#dddddd", linewidth=0.5)
    ax.tick_params(which="minor", length=0)
    for r, n in enumerate(nodes):
        for c, (_, _, a) in enumerate(columns):
            v = a.values[n]
            if v not in (0, 1):
                ax.text(c, r, "free" if v == "*" else f"{float(v):.2f}", ha="center", va="center", fontsize=6)
    for label in ax.get_yticklabels():  # the nodes that tell the attractors apart, in bold
        if len({repr(a.values[label.get_text()]) for _, _, a in columns}) > 1:
            label.set_fontweight("bold")
    _group_brackets(ax, rows, nodes)


def _describe(att: Any) -> str:
    return "fixed point" if att.kind == "fixed_point" else f"{att.kind.replace('_', ' ')}, {att.size} states"


def _group_brackets(ax: "Axes", rows: Sequence[Row], nodes: Sequence[str]) -> None:
    """Separate and label the row groups (inputs, drugs, signalling, phenotypes) on the right."""
    index = {n: i for i, n in enumerate(nodes)}
    spans: dict[str, list[int]] = {}
    for row in rows:
        group = row.label.split()[0]
        spans.setdefault(group, []).extend(index[n] for n in row.nodes if n in index)
    for group, members in spans.items():
        if not members:
            continue
        lo, hi = min(members), max(members)
        ax.axhline(hi + 0.5, color="#555555", linewidth=0.8)
        ax.text(1.01, (lo + hi) / 2, group, transform=ax.get_yaxis_transform(), fontsize=8, style="italic",
                va="center", color="#555555")


# --- output ----------------------------------------------------------------


def _figure(width: float, height: float) -> "Figure":
    """A figure on an Agg canvas of its own: headless, not registered with pyplot (no
    global backend switch, nothing kept alive after the caller drops it)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig


FORMATS = ("png", "svg", "pdf")


def figure_format(path: str | Path) -> str:
    """The image format named by a file's extension; InputError for an unsupported one."""
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError.at(str(path), f"cannot write a figure as '.{fmt}': use .png, .svg or .pdf")
    return fmt


def save_figure(fig: "Figure", path: str | Path, dpi: int = 150) -> None:
    """Render a figure in memory (format from the extension: png, svg, pdf), then write it atomically."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format=figure_format(path), dpi=dpi, bbox_inches="tight")
    atomic_write(path, buffer.getvalue())


# --- screens ----------------------------------------------------------------

VERDICT_COLOURS = {
    "sensitive": "#2b8cbe",
    "partial": "#fdae61",
    "resistant": "#d7191c",
    "not_applicable": "#bdbdbd",
    "untreated": "#f0f0f0",
}


# The graded response, from cell death to no change at all (see mtorlogic.phenotype).
RESPONSE_COLOURS = {
    "cytotoxic": "#08519c",
    "cytostatic": "#6baed6",
    "partial": "#fdae61",
    "resistant": "#d7191c",
    "no_effect": "#f3e3c3",
    "not_applicable": "#bdbdbd",
    "untreated": "#f0f0f0",
}
RESPONSE_LABELS = {
    "cytotoxic": "cytotoxic (cell death)", "cytostatic": "cytostatic (growth arrest)",
    "partial": "partial (share still proliferating)", "resistant": "resistant (readouts change, cells grow on)",
    "no_effect": "no effect (resistant; no phenotype readout changes)",
    "not_applicable": "not applicable (background does not grow)", "untreated": "untreated",
}


def plot_screen(result: "ScreenResult", path: str | Path | None = None, ax: "Axes | None" = None) -> "Figure":
    """Heatmap of a screen: drug sets by backgrounds, each cell coloured by its graded response.

    Cytotoxic, cytostatic, partial and resistant as :mod:`mtorlogic.phenotype`
    defines them; "no effect" where the drugs change no phenotype readout (a
    rescue drug such as a pump inhibitor given alone, or a drug an alteration
    blocks entirely).
    Backgrounds are an alteration plus node knockouts (KO) and over-expressions
    (OE); a partial cell is labelled with the share of treated attractors that
    keep proliferating.

    Parameters
    ----------
    result : a ScreenResult
    path : also save the figure there (.png, .svg or .pdf)
    ax : draw into this Axes (default: a new figure sized to the grid)

    Returns
    -------
    matplotlib Figure
    """
    if path is not None:
        figure_format(path)
    rows = sorted({r.perturbation.drugs for r in result.rows})
    cols = sorted({_background_label(r.perturbation) for r in result.rows}, key=lambda c: (c != "none", c))
    order = list(RESPONSE_COLOURS)
    grid = [[float("nan")] * len(cols) for _ in rows]
    share: list[list[float | None]] = [[None] * len(cols) for _ in rows]
    for r in result.rows:
        i, j = rows.index(r.perturbation.drugs), cols.index(_background_label(r.perturbation))
        grid[i][j] = order.index(r.graded or r.verdict)
        share[i][j] = r.proliferative_share
    fig, ax = response_grid(grid, cols, [" + ".join(d) or "(no drug)" for d in rows],
                            (min(40, 2.5 + 0.45 * len(cols)), min(40, 1.8 + 0.35 * len(rows))), ax)
    if len(rows) * len(cols) <= 600:
        for i, row in enumerate(share):
            for j, value in enumerate(row):
                if value is not None and 0 < value < 1:
                    ax.text(j, i, f"{value:.0%}", ha="center", va="center", fontsize=6)
    ax.set_xlabel("background")
    ax.set_ylabel("treatment")
    ax.set_title(f"{result.background.name}: response per scenario", fontsize=10)
    response_legend(ax, {(r.graded or r.verdict) for r in result.rows})
    if path is not None:
        save_figure(fig, path)
    return fig


def response_grid(grid: Sequence[Sequence[float]], columns: Sequence[str], rows: Sequence[str],
                  size: tuple[float, float], ax: "Axes | None" = None) -> tuple["Figure", "Axes"]:
    """A heat-map of graded responses (``grid`` holds each cell's position in :data:`RESPONSE_COLOURS`),
    labelled by ``columns`` and ``rows``; into ``ax``, or a new headless figure of ``size`` inches."""
    from matplotlib.colors import ListedColormap

    if ax is None:
        fig = _figure(*size)
        ax = fig.add_subplot()
    else:
        fig = cast("Figure", ax.figure)
    ax.imshow(grid, cmap=ListedColormap(list(RESPONSE_COLOURS.values())), vmin=-0.5,
              vmax=len(RESPONSE_COLOURS) - 0.5, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(columns)), columns, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(rows)), rows, fontsize=8)
    return fig, ax


def response_legend(ax: "Axes", shown: Collection[str]) -> None:
    """The legend of a :func:`response_grid`: the responses in ``shown``, in their order, beside the grid."""
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=colour, label=RESPONSE_LABELS[v]) for v, colour in RESPONSE_COLOURS.items()
                       if v in shown],
              loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False, title="response",
              title_fontsize=8)


def _background_label(p: Any) -> str:
    parts = list(p.alterations) + [f"{n} KO" for n in p.knockouts] + [f"{n} OE" for n in p.overexpressions]
    return " + ".join(parts) or "none"


# --- time courses -------------------------------------------------------------

TIMECOURSE_NODES = 8  # nodes drawn when neither ``nodes`` nor the scores say which


def plot_timecourse(tc: "Timecourse", nodes: Sequence[str] = (), ax: "Axes | None" = None,
                    title: str | None = None, *, model: Model | None = None) -> "Figure":
    """Mean activity per time step of a :func:`~mtorlogic.engine.simulate.simulate_timecourse` result.

    Parameters
    ----------
    tc : the Timecourse
    nodes : nodes to draw; default: the phenotype nodes of ``model`` (with the
        scores), else the scores, or (without scores) the TIMECOURSE_NODES
        nodes whose mean moves most
    model : the simulated model, whose phenotype nodes are drawn by default
    ax : draw into this Axes (default: a new 8 x 4.5 inch figure)
    title : default: the number of runs and the semantics

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> from mtorlogic.engine.simulate import simulate_timecourse
    >>> from mtorlogic.rules import read_rules_text
    >>> m = read_rules_text("input drug drug default 0\\nAKT = !drug\\nS6K = AKT").with_defaults()
    >>> tc = simulate_timecourse(m, 100, 20, perturbation={"drug": 1}, perturb_at=5, seed=0)
    >>> fig = plot_timecourse(tc, ["S6K"])
    >>> [line.get_label() for line in fig.axes[0].get_lines()]
    ['S6K', 'perturbation']
    """
    import numpy as np

    series = {f"score {name}": values for name, values in tc.scores.items()}
    if not nodes and model is not None:
        nodes = [n for n in model.nodes_of_kind("phenotype") if n in tc.nodes]
    if nodes or not series:
        if not nodes:
            spread = tc.mean.max(axis=0) - tc.mean.min(axis=0)
            nodes = [tc.nodes[i] for i in np.argsort(-spread, kind="stable")[:TIMECOURSE_NODES]]
        unknown = [n for n in nodes if n not in tc.nodes]
        if unknown:
            raise InputError.at("<plot>", f"not a node of the time course: {', '.join(unknown)}")
        series.update({node: tc.mean[:, tc.nodes.index(node)] for node in nodes})
    if ax is None:
        fig = _figure(8, 4.5)
        ax = fig.add_subplot()
    else:
        fig = cast("Figure", ax.figure)
    for label, values in series.items():
        ax.plot(np.arange(tc.steps + 1), values, label=label)
    if tc.perturb_at is not None:
        ax.axvline(tc.perturb_at, linestyle="--", color="grey", label="perturbation")
    ax.set_xlabel("time step")
    ax.set_ylabel("fraction of runs on / mean score")
    ax.set_ylim(-0.02, max(1.02, *(float(np.max(v)) + 0.02 for v in series.values())))
    ax.set_title(title if title is not None else f"{tc.runs} runs, {tc.semantics}")
    ax.legend(fontsize=8, loc="best")
    return fig
