"""The drug x profile heat-map of a profile screen (matplotlib, imported on use)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .plot import RESPONSE_COLOURS, figure_format, response_grid, response_legend, save_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .profiles import ProfileScreen


def plot_profile_screen(result: "ProfileScreen", path: str | Path | None = None, ax: "Axes | None" = None) -> "Figure":
    """Drugs by profiles, each cell coloured by the graded response, each column's best drug marked 1.

    Parameters
    ----------
    result : a :class:`~mtorlogic.profiles.ProfileScreen`
    path : also save the figure there (.png, .svg or .pdf)
    ax : draw into this Axes (default: a new figure sized to the grid)
    """
    if path is not None:
        figure_format(path)
    names = [p.name for p in result.profiles]
    order = list(RESPONSE_COLOURS)
    grid = [[order.index(result.rows[(n, d)].response) if result.rows[(n, d)].response in order else len(order) - 1
             for n in names] for d in result.drugs]
    fig, ax = response_grid(grid, names, result.drugs,
                            (min(30, 2.5 + 0.6 * len(names)), min(30, 1.5 + 0.3 * len(result.drugs))), ax)
    for j, name in enumerate(names):
        ranking = result.ranking(name)
        ax.text(j, result.drugs.index(ranking[0]), "1", ha="center", va="center", fontsize=7, color="white")
    ax.set_xlabel("profile")
    ax.set_ylabel("drug")
    ax.set_title("graded response per profile (1: best-ranked drug)", fontsize=10)
    response_legend(ax, {row.response for row in result.rows.values()})
    if path is not None:
        save_figure(fig, path)
    return fig
