"""Time per scenario: in-process (engine cache cleared before each) and the CLI from a cold start.

    python benchmarks/scenario_speed.py [--cli 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _cold import cold_wall  # noqa: E402

from mtorlogic.catalog import read_catalog  # noqa: E402
from mtorlogic.engine.attractors import clear_cache  # noqa: E402
from mtorlogic.engine.reach import clear_cache as clear_reach_cache  # noqa: E402
from mtorlogic.io import read_model  # noqa: E402
from mtorlogic.phenotype import evaluate  # noqa: E402
from mtorlogic.scenario import read_scenario  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", type=int, default=5, help="how many scenarios to time through the CLI")
    args = ap.parse_args(argv)
    model, catalog = read_model(ROOT / "rules"), read_catalog(ROOT / "rules")
    files = sorted((ROOT / "scenarios").glob("*.toml"))
    times = []
    for f in files:
        sc = read_scenario(f)
        clear_cache()
        clear_reach_cache()
        start = time.perf_counter()
        evaluate(model, sc, catalog)
        times.append((time.perf_counter() - start) * 1000)
    print(f"in-process, {len(files)} scenarios, cold engine cache: mean {statistics.mean(times):.1f} ms, "
          f"median {statistics.median(times):.1f} ms, max {max(times):.1f} ms (target < 50 ms)")
    walls = []
    for f in files[: args.cli]:
        walls.append(cold_wall([sys.executable, "-m", "mtorlogic", "run", str(f)], ROOT))
    if walls:
        print(f"CLI from a cold start (python -m mtorlogic run), {len(walls)} scenarios: mean {statistics.mean(walls):.2f} s, "
              f"max {max(walls):.2f} s (target < 1.5 s)")


if __name__ == "__main__":
    main()
