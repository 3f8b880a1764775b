"""Screen throughput: every single and double node knockout or over-expression of
the mTOR model under one drug, ours (percolation + core cache, 2 processes)
against biodivine-aeon called per scenario on the whole network, in one run.

    python benchmarks/screen_throughput.py [--drug everolimus] [--workers 2] [--aeon-sample 150]

aeon without reduction or caching takes ~0.1 s or more per scenario, so its
rate is measured on a seeded random sample of the same grid (both its
background and treated attractors, as our verdict needs) and the verdicts on
that sample are compared with ours.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mtorlogic.catalog import read_catalog  # noqa: E402
from mtorlogic.engine import symbolic  # noqa: E402
from mtorlogic.engine.attractors import clear_cache  # noqa: E402
from mtorlogic.engine.reach import clear_cache as clear_reach_cache  # noqa: E402
from mtorlogic.io import read_model  # noqa: E402
from mtorlogic.engine.percolate import percolate  # noqa: E402
from mtorlogic.phenotype import Readouts, classify, follow  # noqa: E402
from mtorlogic.scenario import Scenario  # noqa: E402
from mtorlogic.screen import _multi_perturbation, build_grid  # noqa: E402

RULES = Path(__file__).resolve().parents[1] / "rules"


def aeon_verdict(model, background_fixes, perturbation, readouts):
    fixes = {**background_fixes, **perturbation.background_fixes()}
    bg = model.fix(fixes)
    tr = model.fix({**fixes, **{d: 1 for d in perturbation.drugs}})
    before = symbolic.attractors(bg.nodes, bg.functions, "async")
    after = symbolic.attractors(tr.nodes, tr.functions, "async")
    # death is absorbing: like the verdict, read the treated attractors the living background reaches
    start, reached, _ = follow(percolate(tr), before, after, readouts)
    return classify(start, reached, readouts)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drug", default="everolimus")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--aeon-sample", type=int, default=150)
    args = ap.parse_args(argv)
    model, catalog = read_model(RULES), read_catalog(RULES)
    grid = build_grid(model, catalog, drugs=args.drug, knockouts="all", overexpress="all", depth=2)
    background = Scenario(name=f"default background + {args.drug}")
    clear_cache()
    clear_reach_cache()
    start = time.perf_counter()
    result = _multi_perturbation(model, catalog, background, grid, workers=args.workers)
    ours = time.perf_counter() - start
    ours_rate = len(grid) / ours
    print(f"grid: {len(grid)} scenarios (single and double knockouts/over-expressions of "
          f"{len({n for p in grid for n in p.knockouts + p.overexpressions})} nodes) under {args.drug}")
    print(f"ours: {ours:.2f} s on {args.workers} worker(s) = {ours_rate:.0f} scenarios/s; verdicts {result.counts()}")

    rng = random.Random(2026)
    sample = rng.sample(range(len(grid)), min(args.aeon_sample, len(grid)))
    bg_fixes, _ = background.fixes(model, catalog)
    readouts = Readouts()
    start = time.perf_counter()
    disagreements = 0
    for i in sample:
        disagreements += aeon_verdict(model, bg_fixes, grid[i], readouts) != result.rows[i].verdict
    aeon = time.perf_counter() - start
    aeon_rate = len(sample) / aeon
    print(f"aeon per scenario, no reduction or cache, 1 process: {aeon:.2f} s for {len(sample)} sampled "
          f"scenarios = {aeon_rate:.1f} scenarios/s ({aeon_rate * args.workers:.1f}/s if given "
          f"{args.workers} processes); verdict disagreements on the sample: {disagreements}")
    print(f"speed-up: {ours_rate / aeon_rate:.0f}x against one aeon process, "
          f"{ours_rate / (aeon_rate * args.workers):.0f}x against {args.workers}")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
