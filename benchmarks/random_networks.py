"""Seeded random N-K networks: asynchronous attractors (inputs free) and minimal trap spaces,
ours against biobalm, biodivine-aeon and mpbn; solved counts per size within a timeout.

    python benchmarks/random_networks.py [--sizes 160 320 640 1280 2560] [--k 2 3] [--seeds 5]
                                         [--timeout 60] [--tasks attractors trapspaces] [--tools ours biobalm]

Networks come from :func:`_nk.nk_network` (each node reads K random regulators through a
random function that depends on all of them; seed 0..seeds-1). Each tool runs in a forked
child killed at the timeout, its libraries imported before forking.

- attractors: ours (``attractors(model, "async")``: percolation, input classes, then the
  route the plan picks: exhaustive, aeon, or the succession diagram) gives every attractor
  with its per-node readouts; biobalm builds its succession diagram and the attractor seeds
  (one state per attractor, as its paper counts them), and so does ours-seeds
  (``attractor_seeds``: percolation, then the same diagram on the core); biobalm-sets asks
  biobalm what ours is asked (every attractor's state set); aeon runs its symbolic search on the
  whole network. Counts of attractors are compared where two tools finish.
- trap spaces: ours (``attractors(model, "mp")``), mpbn, and aeon's symbolic minimal trap
  spaces (counted).

Printed: one row per network, then per size the networks each tool solved. The issue's
target is at least biobalm's count at every size. The full run (2 x 5 sizes x 5 seeds x
2 tasks, up to a minute each) takes hours; ``--sizes 160 --seeds 2`` is a quick one.
The machine may be shared: times are noisy.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _bbm import Refused, biobalm_attractors, bnet_lines, run_limited, shown  # noqa: E402
from _nk import nk_network  # noqa: E402

import biobalm  # noqa: E402,F401  (imported before forking)
import biodivine_aeon as ba  # noqa: E402
import clingo  # noqa: E402,F401
import mpbn  # noqa: E402

from mtorlogic.engine.attractors import attractors  # noqa: E402
from mtorlogic.engine.succession import attractor_seeds  # noqa: E402
from mtorlogic.engine.symbolic import to_aeon  # noqa: E402
from mtorlogic.io.bnet import read_bnet_text  # noqa: E402


def ours_async(model):
    return len(attractors(model, "async"))


def ours_seeds(model):
    """The question biobalm is asked: one state in each attractor (:func:`attractor_seeds`)."""
    return len(attractor_seeds(model))


def biobalm_async(model):
    """biobalm asked as its paper counts: one state in each attractor (its seeds)."""
    return biobalm_attractors(model, "seeds")


def biobalm_sets(model):
    """biobalm asked what ``ours`` is asked: every attractor with its state set (``expanded_attractor_sets``)."""
    return biobalm_attractors(model, "sets")


def aeon_async(model):
    return len(ba.Attractors.attractors(ba.AsynchronousGraph(to_aeon(model.nodes, model.functions))))


def ours_mp(model):
    return len(attractors(model, "mp"))


def mpbn_mp(model):
    return sum(1 for _ in mpbn.MPBooleanNetwork(bnet_lines(model)).attractors())


def aeon_mp(model):
    network = to_aeon(model.nodes, model.functions)
    context = ba.SymbolicSpaceContext(network)
    return int(ba.TrapSpaces.minimal_symbolic(context, ba.AsynchronousGraph(network, context)).cardinality())


TASKS = {"attractors": {"ours": ours_async, "ours-seeds": ours_seeds, "biobalm": biobalm_async,
                        "biobalm-sets": biobalm_sets, "aeon": aeon_async},
         "trapspaces": {"ours": ours_mp, "mpbn": mpbn_mp, "aeon": aeon_mp}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[160, 320, 640, 1280, 2560])
    ap.add_argument("--k", type=int, nargs="*", default=[2, 3])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--tasks", nargs="*", default=list(TASKS), choices=list(TASKS))
    ap.add_argument("--tools", nargs="*", default=[], help="only these tools (default: every tool of a task)")
    args = ap.parse_args(argv)
    solved: dict[tuple[str, int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    disagreements = 0
    for task in args.tasks:
        tools = {t: fn for t, fn in TASKS[task].items() if not args.tools or t in args.tools}
        print(f"\n{task}: {'network':<14} {'inputs':>6} " + " ".join(f"{t + ' s':>10}" for t in tools), flush=True)
        for k in args.k:
            for n in args.sizes:
                by_tool = solved[task, k, n]  # a size no tool solves is still reported (0 each)
                for seed in range(args.seeds):
                    model = read_bnet_text(nk_network(n, k, seed), name=f"nk{n}k{k}s{seed}")
                    results = {t: run_limited(lambda: fn(model), args.timeout) for t, fn in tools.items()}
                    counts = {t: r for t, (r, s) in results.items() if s is not None and not isinstance(r, Refused)}
                    for t in counts:
                        by_tool[t] += 1
                    differ = len(set(counts.values())) > 1
                    disagreements += differ
                    print(f"{'':<12}N={n} K={k} s{seed:<3} {len(model.inputs):>6} "
                          + " ".join(f"{shown(r, s):>10}" for r, s in results.values())
                          + f"  {'/'.join(str(c) for c in counts.values())}" + ("  DIFFER" if differ else ""),
                          flush=True)
    print(f"\nsolved within {args.timeout:g} s, of {args.seeds} per size:")
    for (task, k, n), by_tool in sorted(solved.items()):
        print(f"  {task:<11} K={k} N={n:<5} " + ", ".join(f"{t} {by_tool.get(t, 0)}" for t in TASKS[task]
                                                     if not args.tools or t in args.tools))
    print(f"networks where the attractor or trap-space counts differ: {disagreements}")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
