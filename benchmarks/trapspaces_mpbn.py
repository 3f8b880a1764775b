"""Minimal trap spaces (most-permissive attractors) of every shared BBM model with its
inputs free: ours (percolation, then ASP through mpbn, chosen automatically) against
mpbn on the whole network, in one run.

    python benchmarks/trapspaces_mpbn.py [--timeout 60] [--only NAME ...] [--limit N]

Each tool runs on each model in a forked child killed at the timeout; the time of a
tool includes building its network from our parsed model (mpbn: its own DNF/BDD
encoding; ours: percolation and the core hand-over) but not importing libraries.
mpbn gets every node, inputs included, as ``x, x`` rules: given the bnet files as
they are, it drops inputs that have no line of their own and answers wrongly.

Printed: one row per model, then the models solved by each tool, the ratio of total
times on the models both solved (target <= 1.0), and disagreements (sets of minimal
trap spaces that differ; target 0).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _bbm import Refused, bnet_lines, model_dirs, run_limited, shown  # noqa: E402

import biodivine_aeon  # noqa: E402,F401  (every library either side uses is imported once, before forking)
import mpbn  # noqa: E402
import scipy.sparse.csgraph  # noqa: E402,F401

from mtorlogic.engine import asp  # noqa: E402,F401
from mtorlogic.engine.attractors import attractors  # noqa: E402
from mtorlogic.io import read_model  # noqa: E402


def spaces(items) -> frozenset:
    return frozenset(frozenset((n, v) for n, v in values.items() if v != "*") for values in items)


def ours(model):
    return spaces(a.values for a in attractors(model, "mp"))


def peer(model):
    network = mpbn.MPBooleanNetwork(bnet_lines(model))
    return spaces(network.attractors())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--only", nargs="*", default=[])
    ap.add_argument("--limit", type=int, default=0, help="only the first N models (0: all)")
    args = ap.parse_args(argv)
    folders = [d for d in model_dirs() if not args.only or any(o in d.name for o in args.only)]
    folders = folders[: args.limit or None]
    solved = {"ours": 0, "mpbn": 0}
    both_ours = both_peer = 0.0
    disagreements = missed = refused = 0
    print(f"{'model':<48} {'nodes':>5} {'inputs':>6} {'spaces':>7} {'mpbn s':>8} {'ours s':>8} {'ratio':>6}",
          flush=True)
    for folder in folders:
        model = read_model(folder / "model.bnet")
        theirs, t_peer = run_limited(lambda: peer(model), args.timeout)
        mine, t_ours = run_limited(lambda: ours(model), args.timeout)
        refusal = mine
        if isinstance(mine, Refused):  # too many trap spaces to hold: a clean "no", not an answer
            refused += 1
            mine = None
        solved["mpbn"] += t_peer is not None
        solved["ours"] += t_ours is not None
        missed += t_peer is not None and t_ours is None
        count = len(mine) if mine is not None else len(theirs) if theirs is not None else "-"
        line = (f"{folder.name:<48} {len(model):>5} {len(model.inputs):>6} {count:>7} {shown(theirs, t_peer):>8} "
                f"{shown(refusal, t_ours):>8}")
        if t_peer is not None and t_ours is not None:
            both_peer += t_peer
            both_ours += t_ours
            line += f" {t_ours / t_peer:>6.2f}"
            if mine != theirs:
                disagreements += 1
                line += "  DISAGREE"
        print(line, flush=True)
    print(f"\nmodels: {len(folders)}; solved within {args.timeout:g} s: mpbn {solved['mpbn']}, ours {solved['ours']}"
          f" (solved by mpbn, not by us: {missed})")
    if both_peer:
        print(f"total on the models both solved: mpbn {both_peer:.2f} s, ours {both_ours:.2f} s, "
              f"ratio ours/mpbn = {both_ours / both_peer:.3f} (target <= 1.0)")
    print(f"refused by ours as too large to hold: {refused}")
    print(f"disagreements: {disagreements}")
    return 1 if disagreements or missed else 0


if __name__ == "__main__":
    sys.exit(main())
