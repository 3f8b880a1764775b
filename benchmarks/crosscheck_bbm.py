"""Time our attractors against biodivine-aeon run directly, on the 30 largest
BBM models, inputs fixed to a seeded random assignment; check they agree.

    python benchmarks/crosscheck_bbm.py [--count 30] [--timeout 120]

Prints one row per model and the ratio of totals (ours / aeon). A model on
which either side exceeds the timeout is reported and left out of both totals.
aeon polls Python signals, so SIGALRM interrupts it cleanly.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _bbm import aeon_direct, attractor_signature, model_dirs, seeded_inputs  # noqa: E402

from mtorlogic.engine.attractors import attractors  # noqa: E402
from mtorlogic.engine.percolate import percolate  # noqa: E402
from mtorlogic.io import read_model  # noqa: E402


class _Timeout(Exception):
    pass


def _alarm(*_):
    raise _Timeout()


def timed(fn, timeout):
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    start = time.perf_counter()
    try:
        return fn(), time.perf_counter() - start
    except (_Timeout, KeyboardInterrupt):
        return None, None
    finally:
        signal.alarm(0)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=30)
    ap.add_argument("--timeout", type=int, default=120)
    args = ap.parse_args(argv)
    models = [(d, read_model(d / "model.bnet")) for d in model_dirs()]
    models.sort(key=lambda dm: (-len(dm[1]), dm[0].name))
    total_ours = total_aeon = 0.0
    disagreements = timeouts = 0
    print(f"{'model':<48} {'nodes':>5} {'core':>5} {'atts':>5} {'aeon s':>8} {'ours s':>8} {'ratio':>6}")
    for folder, model in models[: args.count]:
        fixed = model.fix(seeded_inputs(model))
        core = len(percolate(fixed).free)
        reference, t_aeon = timed(lambda: aeon_direct(fixed), args.timeout)
        ours, t_ours = timed(lambda: attractors(fixed), args.timeout)
        if reference is None or ours is None:
            timeouts += 1
            shown = lambda t: "timeout" if t is None else f"{t:.3f}"
            print(f"{folder.name:<48} {len(model):>5} {core:>5} {'-':>5} {shown(t_aeon):>8} {shown(t_ours):>8}")
            continue
        same = attractor_signature(ours) == attractor_signature(reference)
        disagreements += not same
        total_aeon += t_aeon
        total_ours += t_ours
        print(f"{folder.name:<48} {len(model):>5} {core:>5} {len(ours):>5} {t_aeon:>8.3f} {t_ours:>8.3f} "
              f"{t_ours / t_aeon:>6.2f}{'' if same else '  DISAGREE'}")
    print(f"\ntotal: aeon {total_aeon:.2f} s, ours {total_ours:.2f} s, ratio ours/aeon = "
          f"{total_ours / total_aeon:.3f}; disagreements: {disagreements}; timeouts: {timeouts}")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
