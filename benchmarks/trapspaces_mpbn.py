"""Minimal trap spaces (most-permissive attractors) of every shared BBM model with its
inputs free: ours (``trap_space_set``: percolation, then our ASP program in clingo or
aeon's symbolic set, as our estimate chooses) against mpbn, trappist and biodivine-aeon's
symbolic trap spaces, each on the whole network, in one run. Ours and aeon are asked the
same question: the set, listed when it has at most 100,000 members, else counted.

    python benchmarks/trapspaces_mpbn.py [--timeout 60] [--only NAME ...] [--limit N] [--peers mpbn trappist aeon]

Each tool runs on each model in a forked child killed at the timeout; the time of a
tool includes building its network from our parsed model (mpbn: its own DNF/BDD
encoding; trappist: its bnet reader, Petri net and clingo run; aeon: its bnet reader
and the symbolic set, listed when it has at most 100,000 members; ours: percolation
and the core hand-over) but not importing libraries (every library is imported, and
our lazy backends warmed on a small model, before forking). mpbn gets every node,
inputs included, as ``x, x`` rules: given the bnet files as they are, it drops inputs
that have no line of their own and answers wrongly.

Printed: one row per model, then per peer the models solved, the per-model ratio
ours/peer on the models both solved (median, 90th percentile, worst five; issue 20's
targets against the fastest peer: median <= 1, p90 <= 2, worst <= 5), the ratio of
total times, and disagreements (sets of minimal trap spaces, or counts, that differ;
target 0). The machine may be shared: timings are noisy, ratios from one run.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _bbm import Refused, bnet_lines, model_dirs, run_limited, shown  # noqa: E402

import biodivine_aeon  # noqa: E402,F401  (every library either side uses is imported once, before forking)
import clingo  # noqa: E402,F401
import mpbn  # noqa: E402
import scipy.sparse.csgraph  # noqa: E402,F401
import trappist  # noqa: E402

from mtorlogic.engine.attractors import attractors  # noqa: E402
from mtorlogic.engine.symbolic import to_aeon  # noqa: E402
from mtorlogic.engine.symbolic_sets import trap_space_set  # noqa: E402
from mtorlogic.io import read_model  # noqa: E402
from mtorlogic.rules import read_rules_text  # noqa: E402

LISTED = 100_000  # aeon's set is listed (to compare members) up to this size; above, only counted


def spaces(items) -> frozenset:
    return frozenset(frozenset((n, v) for n, v in values.items() if v != "*") for values in items)


def ours(model):
    """The question asked of aeon: the set of minimal trap spaces (held as a set or listed, as our
    estimate chooses), listed when it has at most LISTED members, else counted."""
    found = trap_space_set(model)
    return found.count if found.count > LISTED else spaces(found.members())


def with_mpbn(model):
    network = mpbn.MPBooleanNetwork(bnet_lines(model))
    return spaces(network.attractors())


def clingo_on_path() -> None:
    """trappist runs the ``clingo`` program; the clingo wheel installs only the Python module, so a
    ``clingo`` that runs ``python -m clingo`` is put first on PATH when none is there (trappist's
    times then include starting Python and importing clingo, about 0.1 s a model: say so)."""
    import os
    import shutil
    import tempfile

    if shutil.which("clingo"):
        return
    folder = tempfile.mkdtemp(prefix="clingo-shim-")
    shim = Path(folder) / "clingo"
    shim.write_text(f"#!/bin/sh\nexec {sys.executable} -m clingo \"$@\"\n")
    shim.chmod(0o755)
    os.environ["PATH"] = folder + os.pathsep + os.environ.get("PATH", "")
    print("trappist: clingo run as `python -m clingo` (no clingo program installed): its times include "
          "Python start-up", flush=True)


def with_trappist(model):
    text = io.StringIO("".join(f"{n}, {f}\n" for n, f in bnet_lines(model).items()))
    text.name = "model.bnet"
    return len(list(trappist.compute_trap_spaces(text)))  # vectors over trappist's own place order: counted


def with_aeon(model):
    network = to_aeon(model.nodes, model.functions)
    context = biodivine_aeon.SymbolicSpaceContext(network)
    graph = biodivine_aeon.AsynchronousGraph(network, context)
    found = biodivine_aeon.TrapSpaces.minimal_symbolic(context, graph).spaces()
    count = int(found.cardinality())
    if count > LISTED:
        return count
    return spaces({n: int(v) for n, v in s.to_named_dict().items() if v is not None} for s in found.items())


PEERS = {"mpbn": with_mpbn, "trappist": with_trappist, "aeon": with_aeon}


def _count(result) -> int | None:
    return None if result is None or isinstance(result, Refused) else result if isinstance(result, int) else len(result)


def _agrees(mine, theirs) -> bool:
    if isinstance(mine, int) or isinstance(theirs, int):
        return _count(mine) == _count(theirs)
    return mine == theirs


def distribution(ratios: list[float]) -> str:
    """``median, p90, worst five`` of per-model ratios."""
    if not ratios:
        return "no model solved by both"
    ordered = sorted(ratios)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    worst = ", ".join(f"{r:.2f}" for r in ordered[-5:][::-1])
    return f"median {statistics.median(ordered):.2f}, p90 {p90:.2f}, worst five {worst}"


def warm() -> None:
    """Our lazy backends (clingo, aeon) loaded once, as a notebook that has run one model."""
    attractors(read_rules_text("\n".join(f"x{i} = !x{(i + 1) % 12} | x{(i + 5) % 12}" for i in range(12))), "mp")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--only", nargs="*", default=[])
    ap.add_argument("--limit", type=int, default=0, help="only the first N models (0: all)")
    ap.add_argument("--peers", nargs="*", default=list(PEERS), choices=list(PEERS))
    args = ap.parse_args(argv)
    if "trappist" in args.peers:
        clingo_on_path()
    warm()
    folders = [d for d in model_dirs() if not args.only or any(o in d.name for o in args.only)]
    folders = folders[: args.limit or None]
    tools = ["ours", *args.peers]
    solved = dict.fromkeys(tools, 0)
    ratios: dict[str, list[float]] = {p: [] for p in [*args.peers, "fastest"]}
    totals = {p: [0.0, 0.0] for p in [*args.peers, "fastest"]}
    disagreements = missed = refused = 0
    print(f"{'model':<44} {'nodes':>5} {'inp':>3} {'spaces':>8} " + " ".join(f"{t + ' s':>10}" for t in tools),
          flush=True)
    for folder in folders:
        model = read_model(folder / "model.bnet")
        results = {}
        for tool in tools:
            fn = ours if tool == "ours" else PEERS[tool]
            results[tool] = run_limited(lambda: fn(model), args.timeout)
        mine, t_ours = results["ours"]
        refused += isinstance(mine, Refused)
        for tool, (found, seconds) in results.items():
            solved[tool] += seconds is not None
        count = next((_count(r) for r, _ in results.values() if _count(r) is not None), "-")
        line = f"{folder.name[:44]:<44} {len(model):>5} {len(model.inputs):>3} {count!s:>8} " + " ".join(
            f"{shown(r, t):>10}" for r, t in results.values())
        solved_peers = {p: results[p][1] for p in args.peers if results[p][1] is not None}
        missed += bool(solved_peers) and t_ours is None
        if t_ours is not None:
            for peer, seconds in solved_peers.items():
                ratios[peer].append(t_ours / seconds)
                totals[peer][0] += t_ours
                totals[peer][1] += seconds
                if not _agrees(mine, results[peer][0]):
                    disagreements += 1
                    line += f"  DISAGREE({peer})"
            if solved_peers:
                fastest = min(solved_peers.values())
                ratios["fastest"].append(t_ours / fastest)
                totals["fastest"][0] += t_ours
                totals["fastest"][1] += fastest
                line += f"  x{t_ours / fastest:.2f}"
        print(line, flush=True)
    print(f"\nmodels: {len(folders)}; solved within {args.timeout:g} s: "
          + ", ".join(f"{t} {solved[t]}" for t in tools) + f" (solved by a peer, not by us: {missed})")
    for peer in [*args.peers, "fastest"]:
        ours_total, peer_total = totals[peer]
        total = f"; totals ours {ours_total:.2f} s, {peer} {peer_total:.2f} s = {ours_total / peer_total:.2f}x" \
            if peer_total else ""
        print(f"ours / {peer:<8} per model: {distribution(ratios[peer])}{total}")
    print(f"refused by ours as too large to hold: {refused} (attractors --count answers these: symbolic_sets)")
    print(f"disagreements: {disagreements}")
    return 1 if disagreements or missed else 0


if __name__ == "__main__":
    sys.exit(main())
