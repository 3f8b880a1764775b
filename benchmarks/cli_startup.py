"""CLI start-up: ``mtorlogic --help`` and ``mtorlogic run SCENARIO`` from a cold process,
against a bare ``python -c pass`` measured in the same run.

    python benchmarks/cli_startup.py [--repeat 9] [--scenario abcg2-everolimus]

Each command runs ``--repeat`` times, interleaved with the others so that load
from other processes hits all alike; the best (smallest) wall time of each is
printed, with what the command adds over a bare Python start. Targets (issue 13):
``--help`` at most 0.1 s over bare Python, ``run`` at most 0.3 s in all. Also
printed: which heavy libraries each command imported (none for ``--help``).

Commands start as from a pip-installed package, with their bytecode cached
(``_cold.py`` says how and why).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("numpy", "scipy", "biodivine_aeon", "matplotlib", "libsbml", "networkx", "clingo", "mpbn")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _cold import cold_wall  # noqa: E402


def heavy_imports(args: list[str]) -> list[str]:
    """The heavy libraries a command imports, found by running it under an import probe."""
    probe = ("import sys, runpy; sys.argv = ['mtorlogic', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('mtorlogic', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             f"print(','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, *args], cwd=ROOT, capture_output=True, text=True)
    last = done.stderr.strip().splitlines()[-1:] or [""]
    return [m for m in last[0].split(",") if m]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--scenario", default="abcg2-everolimus")
    args = ap.parse_args(argv)
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "mtorlogic --help": [sys.executable, "-m", "mtorlogic", "--help"],
        f"mtorlogic run {args.scenario}": [sys.executable, "-m", "mtorlogic", "run", args.scenario],
    }
    best = {name: float("inf") for name in commands}
    for _ in range(args.repeat):
        for name, command in commands.items():
            best[name] = min(best[name], cold_wall(command, ROOT))
    bare = best["python -c pass"]
    print(f"{'command':<40} {'best s':>8} {'over bare':>10}  heavy imports")
    for name, command in commands.items():
        heavy = heavy_imports(command[3:]) if command[1:3] == ["-m", "mtorlogic"] else []
        print(f"{name:<40} {best[name]:>8.3f} {best[name] - bare:>10.3f}  {', '.join(heavy) or '-'}")
    help_over = best["mtorlogic --help"] - bare
    run_total = best[f"mtorlogic run {args.scenario}"]
    print(f"\n--help: {help_over:.3f} s over bare Python (target <= 0.100), ratio to bare "
          f"{best['mtorlogic --help'] / bare:.1f}x; run: {run_total:.3f} s (target <= 0.300)")
    return 0 if help_over <= 0.1 and run_total <= 0.3 else 1


if __name__ == "__main__":
    sys.exit(main())
