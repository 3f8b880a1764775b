"""A profile screen's time: every catalog drug on the bundled breast cancer cell lines.

In-process (engine cache cleared first) and the CLI from a cold start
(``mtorlogic screen --profiles breast-lines --drugs all``), with the number of
rows and distinct backgrounds. The issue's target is under 10 s for 10 lines x
all drugs on 2 cores.

    python benchmarks/profile_screen.py [--workers 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _cold import cold_wall  # noqa: E402

import mtorlogic  # noqa: E402
from mtorlogic.bundled import RULES  # noqa: E402
from mtorlogic.engine.attractors import clear_cache  # noqa: E402
from mtorlogic.profiles import map_profiles, profile_screen, read_profiles  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=1, help="worker processes of the screen")
    args = ap.parse_args(argv)
    model, catalog = mtorlogic.load()
    mapped = map_profiles(read_profiles("breast-lines"), RULES)
    clear_cache()
    start = time.perf_counter()
    result = profile_screen(model, catalog, mapped, "all", workers=args.workers)
    seconds = time.perf_counter() - start
    backgrounds = len({m.alterations for m in mapped})
    print(f"in-process: {len(mapped)} profiles ({backgrounds} distinct backgrounds) x {len(result.drugs)} drugs = "
          f"{len(result.rows)} rows in {seconds:.2f} s ({1000 * seconds / len(result.rows):.1f} ms a row), "
          f"{args.workers} worker(s)")
    with tempfile.TemporaryDirectory() as tmp:
        wall = cold_wall([sys.executable, "-m", "mtorlogic", "screen", "--profiles", "breast-lines", "--drugs", "all",
                          "--workers", str(args.workers), "-o", str(Path(tmp) / "lines.csv")], ROOT)
    print(f"CLI from a cold start: {wall:.2f} s (target < 10 s)")


if __name__ == "__main__":
    main()
