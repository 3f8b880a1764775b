"""Stochastic simulation: ours against MaBoSS on the same model with comparable settings, on one core.

    pip install cmaboss          # MaBoSS as a Python extension (not a dependency of mtorlogic)
    python benchmarks/stochastic_maboss.py [--model NAME ...] [--runs 10000] [--steps 100] [--repeat 3]

The models are BBM models with their inputs held at the seeded assignment of
_bbm.py; by default 114-etc (84 nodes, 46 of which can change: 46 updates per
step), 106-stomatal-resting-state (80 nodes, 58 can change, more of them
still moving at the end) and 283-emt-mechanosensing-tgfb (150 nodes, 144 can
change: issue 13's target, 10,000 runs x 100 steps in at most 1 s on one core).
For each model ours is also timed with every rule evaluated again after every
flip (the simulation before it became event-local; the same draws, so the same
result), to show what updating only the flipped node's readers gains.

cmaboss from PyPI is compiled for at most 64 nodes ("maximum node count
exceeded: maximum allowed is 64"); its 128- to 1024-node builds (cmaboss_128n,
...) are distributed on conda only, and neither PyPI (no source release) nor
Debian has a MaBoSS to build one from. So MaBoSS runs the same model with its
held nodes substituted into the rules (46 nodes for 114-etc): the same
dynamics (a held node never moves), the same random starting states for every
other node. A model with more than 64 nodes not held is timed for us only.

- ours: ``simulate_timecourse``, stochastic asynchronous, uniform rates; a time
  step is as many updates as nodes can change (each updated about once);
- MaBoSS (cmaboss, in-process, ``thread_count = 1``): continuous time, every
  node with rate 1 up and down, ``max_time`` = steps, ``time_tick = 1``: in one
  time unit each node is updated about once, as in our step.

Both start every node that is not held at 0 or 1 with chance 1/2, and both run
with OMP/MKL/OPENBLAS threads at 1 and the process pinned to one CPU. Printed:
wall times (best of --repeat), their ratio, and, to show the settings are
comparable, the largest difference between the two final node activities.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy is imported

import argparse  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402


sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from unittest.mock import patch  # noqa: E402

import numpy as np  # noqa: E402
from _bbm import BBM, seeded_inputs  # noqa: E402

from mtorlogic.engine import simulate as simulate_module  # noqa: E402

from mtorlogic.engine.simulate import changeable_nodes, simulate_timecourse  # noqa: E402
from mtorlogic.expr import CONST, substitute  # noqa: E402
from mtorlogic.io import read_model  # noqa: E402
from mtorlogic.io.maboss import maboss_names, write_maboss  # noqa: E402
from mtorlogic.model import Model, Rule  # noqa: E402


def best_time(fn, repeat: int, clock=time.perf_counter):
    """(smallest time by ``clock``, last result) over ``repeat`` calls."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = clock()
        result = fn()
        best = min(best, clock() - start)
    return best, result


def _every_rule_again(self, current, bitsets, runs, flipped):
    """The simulation before it became event-local: every node's stability from scratch."""
    unstable = simulate_module._unstable(self.net, self.nodes, current.T.astype(bool))
    rows = np.zeros((current.shape[0], bitsets.shape[1] * 64), dtype=bool)
    rows[:, : unstable.shape[0]] = unstable.T
    bitsets[:] = np.packbits(rows, axis=1, bitorder="little").view(np.uint64)


def without_held_nodes(model: Model) -> Model:
    """The same dynamics on the nodes that are not held: held values substituted into the rules."""
    held = {n: int(model.function(n)[1]) for n in model.nodes if model.function(n)[0] == CONST}
    rules = {n: Rule(n, substitute(model.function(n), held)) for n in model.nodes if n not in held}
    return Model(rules, name=f"{model.name} without its {len(held)} held nodes")


def run_maboss(model, runs: int, steps: int, folder: Path):
    """Final node activities from MaBoSS (the mean over the last time tick), in model order."""
    import cmaboss

    bnd, cfg = folder / "model.bnd", folder / "model.cfg"
    write_maboss(model, bnd, cfg, sample_count=runs, max_time=steps, time_tick=1, thread_count=1,
                 seed_pseudorandom=1)

    def simulate():
        result = cmaboss.MaBoSSSim(network=str(bnd), config=str(cfg)).run()
        probabilities, _, names, _ = result.get_last_nodes_probtraj()
        return dict(zip(names, probabilities[0]))

    return simulate


def compare(name: str, runs: int, steps: int, repeat: int) -> None:
    base = read_model(BBM / name / "model.bnet")
    model = base.fix(seeded_inputs(base))
    per_step = len(changeable_nodes(model))
    print(f"model {name}: {len(model)} nodes, {len(model.fixed)} inputs held, {per_step} can change; "
          f"{runs} runs x {steps} steps ({per_step} updates per step), one core")
    ours, timecourse = best_time(lambda: simulate_timecourse(model, runs, steps, seed=1), repeat)
    cpu, _ = best_time(lambda: simulate_timecourse(model, runs, steps, seed=1), repeat, clock=time.process_time)
    print(f"  mtorlogic  {ours:8.3f} s   ({cpu:.3f} s of CPU)")
    with patch.object(simulate_module._LocalUpdate, "update", _every_rule_again):
        before, reference = best_time(lambda: simulate_timecourse(model, runs, steps, seed=1), 1)
    same = np.array_equal(reference.mean, timecourse.mean)
    print(f"  every rule after every flip {before:8.3f} s: {before / ours:.1f}x slower; "
          f"{'identical' if same else 'DIFFERENT'} timecourse")
    try:
        import cmaboss  # noqa: F401
    except ImportError as e:
        print(f"  MaBoSS     not run: cmaboss cannot be imported ({e}); pip install cmaboss")
        return
    small = without_held_nodes(model)
    if len(small) > 64:
        print(f"  MaBoSS     not run: {len(small)} nodes that are not held, and cmaboss takes at most 64")
        return
    with tempfile.TemporaryDirectory() as folder:
        theirs, final = best_time(run_maboss(small, runs, steps, Path(folder)), repeat)
    print(f"  MaBoSS     {theirs:8.3f} s   (on the {len(small)} nodes that are not held)")
    print(f"  ratio      {theirs / ours:8.1f}x (MaBoSS time / ours)")
    names = maboss_names(small)
    difference = max(abs(timecourse.mean[-1, model.index[n]] - final[names[n]]) for n in small.nodes)
    moving = sum(0.01 < final[names[n]] < 0.99 for n in small.nodes)
    print(f"  final node activities: largest difference {difference:.3f} over {len(small)} nodes "
          f"({moving} of them neither always on nor always off)")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", nargs="+",
                        default=["114-etc", "106-stomatal-resting-state", "283-emt-mechanosensing-tgfb"],
                        help="folders of the BBM collection")
    parser.add_argument("--runs", type=int, default=10000)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core for both tools
    for name in args.model:
        compare(name, args.runs, args.steps, args.repeat)


if __name__ == "__main__":
    main()
