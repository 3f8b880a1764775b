"""Exact asynchronous attractors with every input free: ours (input classes, minimal trap
spaces first on large cores) against biodivine-aeon run directly and after its own constant
inlining, on the shared BBM models that have inputs, in one run; check they agree.

    python benchmarks/inputs_free_aeon.py [--count 40] [--timeout 60] [--only NAME ...]

Models are taken largest first among those with at least one input. Each tool runs in a
forked child killed at the timeout. Printed: one row per model, the models answered by each
within the timeout (issue 13 target: more than aeon), the ratio of total times on the models
both answered (target: ours <= 0.7 x aeon), and disagreements (target 0).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _aeon_race import race  # noqa: E402
from _bbm import model_dirs  # noqa: E402

from mtorlogic.io import read_model  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=40, help="the COUNT largest models with inputs (0: all)")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--only", nargs="*", default=[])
    args = ap.parse_args(argv)
    models = [(d.name, read_model(d / "model.bnet")) for d in model_dirs()
              if not args.only or any(o in d.name for o in args.only)]
    models = sorted(((n, m) for n, m in models if m.inputs), key=lambda nm: (-len(nm[1]), nm[0]))
    return race(models[: args.count or None], args.timeout)


if __name__ == "__main__":
    sys.exit(main())
