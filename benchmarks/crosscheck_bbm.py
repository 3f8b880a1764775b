"""Exact asynchronous attractors with inputs fixed (a seeded random assignment): ours against
biodivine-aeon run directly and after its own constant inlining, on the largest shared BBM
models, in one run; check they agree.

    python benchmarks/crosscheck_bbm.py [--count 30] [--timeout 60]

Each tool runs in a forked child killed at the timeout (aeon's inner loops do not always
return to Python, so a signal would not stop them). Printed: one row per model, the models
answered by each, and the ratio of total times on the models both answered (issue 13
target: ours <= 0.8 x aeon with inlining); 0 disagreements expected (ours against aeon's
attractors, state by state; against the inlined aeon, the number of attractors).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _aeon_race import race  # noqa: E402
from _bbm import model_dirs, seeded_inputs  # noqa: E402

from mtorlogic.io import read_model  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=30, help="the COUNT largest models (0: all)")
    ap.add_argument("--timeout", type=float, default=60)
    args = ap.parse_args(argv)
    models = [(d.name, read_model(d / "model.bnet")) for d in model_dirs()]
    models.sort(key=lambda nm: (-len(nm[1]), nm[0]))
    chosen = models[: args.count or None]
    return race([(name, m.fix(seeded_inputs(m))) for name, m in chosen], args.timeout)


if __name__ == "__main__":
    sys.exit(main())
