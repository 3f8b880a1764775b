"""Synchronous attractors of random cores of 16 to 30 nodes: the streamed exhaustive search
(one bool per state while the image of the map is large) against the previous one (the whole
successor array and pointer doubling over every state), for time and peak memory, in one run.

    python benchmarks/sync_memory.py [--sizes 16 20 24 25 28 30] [--seed 1] [--old-max 25]

Each search runs in a forked child (so its peak resident memory is its own, read from
/proc); both must find the same cycles. The previous search is run up to ``--old-max``
nodes (at 30 it needs about 40 GB). There is no other tool to race: biodivine-aeon and
mpbn do not compute synchronous attractors. Issue 13's target: a 25-node core in far less
than the 2 GB it took, 30 nodes within the machine (24 GB, shared).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from _bbm import run_limited, shown  # noqa: E402

from mtorlogic.engine.attractors import _from_codes, _sync_exhaustive  # noqa: E402
from mtorlogic.engine.compile import CompiledNetwork  # noqa: E402
from mtorlogic.rules import read_rules_text  # noqa: E402


def random_network(n: int, seed: int) -> CompiledNetwork:
    rnd = random.Random(f"{seed}:{n}")
    lines = []
    for i in range(n):
        a, b, c = (("!" if rnd.random() < 0.4 else "") + f"x{r}" for r in rnd.sample(range(n), 3))
        lines.append(f"x{i} = {a} & {b} | {c}")
    model = read_rules_text("\n".join(lines))
    return CompiledNetwork(model.nodes, model.functions)


def previous(net: CompiledNetwork):
    """The search before streaming: tables of every function, the successor of every state."""
    n = len(net)
    tables = net.tables()
    succ = np.zeros(1 << n, dtype=np.int64)
    for i in range(n):
        succ |= tables[i].astype(np.int64) << i
    del tables
    jump = succ.copy()
    lowest = np.minimum(np.arange(1 << n, dtype=np.int64), succ)
    for _ in range(n):
        lowest = np.minimum(lowest, lowest[jump])
        jump = jump[jump]
    on_cycle = np.unique(jump)
    labels = lowest[on_cycle]
    return [_from_codes(net.nodes, on_cycle[labels == label]) for label in np.unique(labels)]


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measured(search, net):
    def run():
        found = search(net)
        return sorted(tuple(a.state_set()) for a in found) if all(a.states is not None for a in found) else \
            sorted(a.size for a in found), peak_mb()
    return run


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[16, 20, 24, 25, 28, 30])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--old-max", type=int, default=25)
    ap.add_argument("--timeout", type=float, default=900)
    args = ap.parse_args(argv)
    print(f"{'nodes':>5} {'cycles':>6} {'new s':>8} {'new MB':>8} {'old s':>8} {'old MB':>8}  same", flush=True)
    differ = 0
    for n in args.sizes:
        net = random_network(n, args.seed)
        new, t_new = run_limited(measured(_sync_exhaustive, net), args.timeout)
        old, t_old = run_limited(measured(previous, net), args.timeout) if n <= args.old_max else (None, None)
        cycles = len(new[0]) if new else "-"
        same = "-" if new is None or old is None else "yes" if new[0] == old[0] else "NO"
        differ += same == "NO"
        show = lambda r, t: (shown(r, t), "-") if t is None else (f"{t:.2f}", f"{r[1]:.0f}")  # noqa: E731
        old_shown = show(old, t_old) if n <= args.old_max else ("not run", "-")
        print(f"{n:>5} {cycles:>6} {' '.join(f'{x:>8}' for x in show(new, t_new))} "
              f"{' '.join(f'{x:>8}' for x in old_shown)}  {same}", flush=True)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
