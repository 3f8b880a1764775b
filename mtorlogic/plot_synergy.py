"""Figures for combinations: the synergy heat map of a drug panel, ROC and PR curves of a validation.

In the style of :mod:`mtorlogic.plot`: every function takes ``ax=`` (draw into an existing
Axes) and ``path`` (also save: .png, .svg, .pdf, written whole), returns the Figure, and
imports matplotlib only when called.

Examples
--------
>>> from mtorlogic.validate import validate
>>> fig = plot_validation(validate({"a": 1.0, "b": 0.0}, {"a": True, "b": False}))
>>> [ax.get_title() for ax in fig.axes]
['ROC (AUC 1.000)', 'precision-recall (AP 1.000)']
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .plot import _figure, figure_format, save_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .synergy import SynergyResult
    from .validate import Validation


def plot_synergy(result: "SynergyResult", path: str | Path | None = None, ax: "Axes | None" = None) -> "Figure":
    """Heat map of pair synergies (drugs x drugs; red = synergy, blue = antagonism, grey = undefined),
    each cell labelled with its synergy and the share of members that call it synergistic."""
    if path is not None:
        figure_format(path)
    drugs, grid = result.matrix()
    agreement = {frozenset(c.drugs): c.agreement for c in result.combinations if len(c.drugs) == 2}
    values = [[float("nan") if v is None else v for v in row] for row in grid]
    bound = max([abs(v) for row in grid for v in row if v is not None] or [1.0]) or 1.0
    if ax is None:
        fig = _figure(2.5 + 0.6 * len(drugs), 2.0 + 0.55 * len(drugs))
        ax = fig.add_subplot()
    else:
        fig = cast("Figure", ax.figure)
    image = ax.imshow(values, cmap="RdBu_r", vmin=-bound, vmax=bound, interpolation="nearest")
    ax.set_xticks(range(len(drugs)), drugs, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(drugs)), drugs, fontsize=8)
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            if v is not None and i != j:
                share = agreement.get(frozenset((drugs[i], drugs[j])))
                ax.text(j, i, f"{v:+.2f}" + ("" if share is None else f"\n{share:.0%}"), ha="center",
                        va="center", fontsize=6, color="white" if abs(v) > 0.6 * bound else "black")
    fig.colorbar(image, ax=ax, label=f"{result.method} excess (higher = more synergistic)")
    ax.set_title(f"synergy ({result.method}), {len(result.members)} member(s)", fontsize=10)
    if path is not None:
        save_figure(fig, path)
    return fig


def plot_validation(validation: "Validation", path: str | Path | None = None, ax: Any = None) -> "Figure":
    """ROC and precision-recall curves side by side (``ax``: a pair of Axes), missing predictions ranked last."""
    if path is not None:
        figure_format(path)
    if ax is None:
        fig = _figure(8, 3.6)
        axes = fig.subplots(1, 2)
    else:
        axes = ax
        fig = cast("Figure", axes[0].figure)
    points = _curve(validation)
    roc, pr = axes
    roc.plot([p[0] for p in points], [p[1] for p in points], drawstyle="default", color="#c62828")
    roc.plot([0, 1], [0, 1], color="#bdbdbd", linestyle="--")
    roc.set_xlabel("false positive rate")
    roc.set_ylabel("true positive rate")
    roc.set_title(f"ROC (AUC {_fmt(validation.roc_auc)})")
    pr.step([p[1] for p in points[1:]], [p[2] for p in points[1:]], where="post", color="#2b8cbe")
    if validation.positives + validation.negatives:
        prevalence = validation.positives / (validation.positives + validation.negatives)
        pr.axhline(prevalence, color="#bdbdbd", linestyle="--")
    pr.set_xlabel("recall")
    pr.set_ylabel("precision")
    pr.set_ylim(0, 1.05)
    pr.set_title(f"precision-recall (AP {_fmt(validation.pr_auc)})")
    if path is not None:
        save_figure(fig, path)
    return fig


def _fmt(x: float | None) -> str:
    return "NA" if x is None else f"{x:.3f}"


def _curve(validation: "Validation") -> list[tuple[float, float, float]]:
    """(false positive rate, recall, precision) after each distinct score, best first; ties together."""
    rows = validation.rows
    pos, neg = validation.positives or 1, validation.negatives or 1
    points = [(0.0, 0.0, 1.0)]
    tp = fp = 0
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and rows[j][1] == rows[i][1]:
            tp += rows[j][2]
            fp += not rows[j][2]
            j += 1
        points.append((fp / neg, tp / pos, tp / (tp + fp)))
        i = j
    return points
