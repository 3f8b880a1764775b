"""Human-readable text: model summaries, attractor tables, time courses."""

from __future__ import annotations

import io
from typing import Sequence

from .model import Model

LOOP_LIMIT = 10_000


def feedback_loops(model: Model, limit: int = LOOP_LIMIT) -> dict[str, int | bool]:
    """Count elementary feedback loops by sign (+, -, non-monotone), up to ``limit``."""
    import networkx as nx

    g = model.interaction_graph()
    counts = {"positive": 0, "negative": 0, "non_monotone": 0, "truncated": False}
    for total, cycle in enumerate(nx.simple_cycles(g), start=1):
        sign = 1
        for a, b in zip(cycle, cycle[1:] + cycle[:1]):
            sign *= g.edges[a, b]["sign"]
        counts["positive" if sign > 0 else "negative" if sign < 0 else "non_monotone"] += 1
        if total >= limit:
            counts["truncated"] = True
            break
    return counts


def summarize(model: Model) -> str:
    """What ``mtorlogic check`` prints."""
    g = model.interaction_graph()
    signs = [d["sign"] for _, _, d in g.edges(data=True)]
    loops = feedback_loops(model)
    kinds: dict[str, int] = {}
    for n in model.nodes:
        kinds[model.info(n).kind] = kinds.get(model.info(n).kind, 0) + 1
    rules = [model.rule(n) for n in model.nodes if model.rule(n) is not None and n not in model.inputs]
    unreferenced = [r.target for r in rules if not r.provenance.refs]
    total = loops["positive"] + loops["negative"] + loops["non_monotone"]
    loop_text = (f"{total} (positive {loops['positive']}, negative {loops['negative']}, "
                 f"non-monotone {loops['non_monotone']})")
    if loops["truncated"]:
        loop_text = f"more than {LOOP_LIMIT} (counting stopped; of the first {total}: " + loop_text.split("(", 1)[1]
    lines = [
        f"model {model.name or ''}: OK",
        f"  nodes:  {len(model)} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})",
        f"  inputs: {len(model.inputs)} ({len(model.defaults())} with a default value)",
        f"  rules:  {len(rules)} ({len(rules) - len(unreferenced)} with references)",
        f"  edges:  {len(signs)} (positive {signs.count(1)}, negative {signs.count(-1)}, "
        f"non-monotone {signs.count(0)})",
        f"  feedback loops: {loop_text}",
    ]
    if unreferenced:
        shown = ", ".join(unreferenced[:10]) + (" ..." if len(unreferenced) > 10 else "")
        lines.append(f"  rules without references: {shown}")
    return "\n".join(lines)


def format_value(v) -> str:
    if v in (0, 1):
        return str(int(v))
    if v == "*":
        return "*"
    return f"{v:.2f}"


def attractor_table(attractors: Sequence, model: Model, nodes: Sequence[str] | None = None) -> str:
    """One block per attractor: kind, size, nodes on, nodes oscillating.

    With ``nodes`` given, a compact table of just those readouts instead.
    """
    out = []
    if nodes:
        header = "  #  kind         " + "  ".join(n.rjust(max(4, len(n))) for n in nodes)
        out.append(header)
        for i, a in enumerate(attractors, start=1):
            cells = "  ".join(format_value(a.values[n]).rjust(max(4, len(n))) for n in nodes)
            out.append(f"{i:>3}  {a.kind:<12} {cells}")
        return "\n".join(out)
    for i, a in enumerate(attractors, start=1):
        on = [n for n in model.nodes if a.values[n] == 1]
        mixed = [f"{n}={format_value(a.values[n])}" for n in model.nodes if a.values[n] not in (0, 1)]
        out.append(f"#{i} {a.kind.replace('_', ' ')}, {a.size} state(s)")
        out.append("   on: " + (", ".join(on) if on else "(none)"))
        if mixed:
            out.append("   varying: " + ", ".join(mixed))
    return "\n".join(out)


def timecourse_csv(trajectory) -> str:
    """CSV: step, then the fraction of runs with each node on."""
    buf = io.StringIO()
    mean = trajectory.mean_activity()
    buf.write("step," + ",".join(trajectory.nodes) + "\n")
    for t in range(mean.shape[0]):
        buf.write(f"{t}," + ",".join(f"{x:.6g}" for x in mean[t]) + "\n")
    return buf.getvalue()
