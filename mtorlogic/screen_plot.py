"""Heatmap of a screen: drug sets by backgrounds (alteration and node perturbations), coloured by verdict."""

from __future__ import annotations

import io
from pathlib import Path

VERDICT_COLOURS = {
    "sensitive": "#2b8cbe",
    "partial": "#fdae61",
    "resistant": "#d7191c",
    "not_applicable": "#bdbdbd",
    "untreated": "#f0f0f0",
}


def screen_heatmap(result, path: str | Path) -> bytes:
    """Render the screen to PNG or SVG bytes (format from ``path``'s extension).

    Rows are drug sets, columns are backgrounds (alteration + knockouts +
    over-expressions), each cell coloured by its verdict and labelled with the
    share of treated attractors that keep proliferating.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    fmt = Path(path).suffix.lstrip(".").lower() or "png"
    if fmt not in ("png", "svg", "pdf"):
        from .errors import InputError

        raise InputError.at(str(path), "plot format must be .png, .svg or .pdf")
    rows = sorted({r.perturbation.drugs for r in result.rows})
    cols = sorted({_background_label(r.perturbation) for r in result.rows}, key=lambda c: (c != "none", c))
    order = list(VERDICT_COLOURS)
    grid = [[float("nan")] * len(cols) for _ in rows]
    share = [[None] * len(cols) for _ in rows]
    for r in result.rows:
        i, j = rows.index(r.perturbation.drugs), cols.index(_background_label(r.perturbation))
        grid[i][j] = order.index(r.verdict)
        share[i][j] = r.proliferative_share
    width = min(40, 2.5 + 0.45 * len(cols))
    height = min(40, 1.8 + 0.35 * len(rows))
    fig, ax = plt.subplots(figsize=(width, height))
    ax.imshow(grid, cmap=ListedColormap(list(VERDICT_COLOURS.values())), vmin=-0.5, vmax=len(order) - 0.5,
              aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(cols)), cols, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(rows)), [" + ".join(d) or "(no drug)" for d in rows], fontsize=8)
    if len(rows) * len(cols) <= 600:
        for i in range(len(rows)):
            for j in range(len(cols)):
                if share[i][j] is not None and 0 < share[i][j] < 1:
                    ax.text(j, i, f"{share[i][j]:.0%}", ha="center", va="center", fontsize=6)
    ax.set_xlabel("background")
    ax.set_ylabel("treatment")
    title = f"{result.background.name}: verdict per scenario" if result.background else "screen"
    ax.set_title(title, fontsize=10)
    used = [v for v in order if any(r.verdict == v for r in result.rows)]
    ax.legend(handles=[Patch(color=VERDICT_COLOURS[v], label=v.replace("_", " ")) for v in used],
              loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=150)
    plt.close(fig)
    return buf.getvalue()


def _background_label(p) -> str:
    parts = list(p.alterations) + [f"{n} KO" for n in p.knockouts] + [f"{n} OE" for n in p.overexpressions]
    return " + ".join(parts) or "none"
