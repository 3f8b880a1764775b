"""The drug x profile heat-map of a profile screen (matplotlib, imported on use)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from .plot import figure_format, save_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .profiles import ProfileScreen

# The graded response, deepest first, each its colour.
RESPONSE_COLOURS = {
    "cytotoxic": "#084081",
    "cytostatic": "#4eb3d3",
    "partial": "#fdae61",
    "resistant": "#d7191c",
    "not_applicable": "#bdbdbd",
    "untreated": "#f0f0f0",
}


def plot_profile_screen(result: "ProfileScreen", path: str | Path | None = None, ax: "Axes | None" = None) -> "Figure":
    """Drugs by profiles, each cell coloured by the graded response, each column's best drug marked 1.

    Parameters
    ----------
    result : a :class:`~mtorlogic.profiles.ProfileScreen`
    path : also save the figure there (.png, .svg or .pdf)
    ax : draw into this Axes (default: a new figure sized to the grid)
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    if path is not None:
        figure_format(path)
    names = [p.name for p in result.profiles]
    order = list(RESPONSE_COLOURS)
    grid = [[order.index(result.rows[(n, d)].response) if result.rows[(n, d)].response in order else len(order) - 1
             for n in names] for d in result.drugs]
    if ax is None:
        fig = plt.figure(figsize=(min(30, 2.5 + 0.6 * len(names)), min(30, 1.5 + 0.3 * len(result.drugs))))
        ax = fig.add_subplot()
    else:
        fig = cast("Figure", ax.figure)
    ax.imshow(grid, cmap=ListedColormap(list(RESPONSE_COLOURS.values())), vmin=-0.5, vmax=len(order) - 0.5,
              aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(names)), names, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(result.drugs)), result.drugs, fontsize=8)
    for j, name in enumerate(names):
        ranking = result.ranking(name)
        ax.text(j, result.drugs.index(ranking[0]), "1", ha="center", va="center", fontsize=7, color="white")
    ax.set_xlabel("profile")
    ax.set_ylabel("drug")
    ax.set_title("graded response per profile (1: best-ranked drug)", fontsize=10)
    used = [r for r in order if any(row.response == r for row in result.rows.values())]
    ax.legend(handles=[Patch(color=RESPONSE_COLOURS[r], label=r.replace("_", " ")) for r in used],
              loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    if path is not None:
        save_figure(fig, path)
    return fig
