"""Response scores for every catalog drug in the default background, and the time per scenario.

    python benchmarks/response_scores.py [--runs 10000] [--cli 10] [--no-maboss] [--baseline DIR]

Part 1, for every drug of the catalog (default background, the drug from t = 0):

- ours, exact: absorption probabilities on the reachable states (mtorlogic.scores);
- ours, simulation: ``--runs`` runs until each sits in an attractor;
- MaBoSS (cmaboss, in-process, one thread), the peer tool: the same network
  (the readouts' upstream cone that our scores use, at most 64 nodes, which
  cmaboss from PyPI allows), the same starting state (the background's
  attractor with the drug on), every rate 1 (the same jump chain as our
  uniform asynchronous process), ``--runs`` trajectories to ``max_time``
  ``--max-time``; its scores are read from the node probabilities at the last
  tick (valid here because every treated attractor is a fixed point, checked).

Printed: the three scores of each method, their largest disagreement, and
wall times with the ratio MaBoSS time / ours.

Part 2, time per scenario against the closing notes of the earlier work
(in-process per scenario mean 19 ms, median 7 ms; cold CLI ``run`` 0.16-0.41 s):
every bundled scenario in-process with a cold engine cache, with and without
``scores=True``, and ``--cli`` scenarios from a cold ``python -m mtorlogic run``
(with ``--baseline DIR``, an unpacked earlier version, e.g. ``git archive 3b124ec``,
timed on the same scenarios in the same run, alternating, for a fair ratio).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy is imported

import argparse  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _cold import cold_wall  # noqa: E402

from mtorlogic.catalog import read_catalog  # noqa: E402
from mtorlogic.engine.attractors import attractors, clear_cache  # noqa: E402
from mtorlogic.io import read_model  # noqa: E402
from mtorlogic.io.maboss import maboss_names, write_maboss  # noqa: E402
from mtorlogic.model import Model, NodeInfo, Rule  # noqa: E402
from mtorlogic.phenotype import FATES, Readouts, evaluate  # noqa: E402
from mtorlogic.scenario import Scenario, read_scenario  # noqa: E402
from mtorlogic.scores import fate_scores, readout_cone  # noqa: E402

EARLIER = {"mean_ms": 19, "median_ms": 7, "cli_s": (0.16, 0.41)}


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def maboss_scores(cone: Model, start: dict, runs: int, max_time: float, readouts: Readouts):
    """Scores from MaBoSS on ``cone`` started in ``start``: (seconds, {fate: probability})."""
    import cmaboss

    names = maboss_names(cone)
    with tempfile.TemporaryDirectory() as folder:
        bnd, cfg = Path(folder) / "m.bnd", Path(folder) / "m.cfg"
        write_maboss(cone, bnd, cfg, sample_count=runs, max_time=max_time, time_tick=max_time / 10,
                     thread_count=1, seed_pseudorandom=1)
        text = cfg.read_text()
        for n in cone.nodes:  # the given starting state instead of random ones
            text = re.sub(rf"^\[?{re.escape(names[n])}\]?\.istate = .*$", f"{names[n]}.istate = {start[n]};",
                          text, flags=re.M)
        cfg.write_text(text)
        seconds, result = timed(lambda: cmaboss.MaBoSSSim(network=str(bnd), config=str(cfg)).run())
    probabilities, _, found, _ = result.get_last_nodes_probtraj()
    on = dict(zip(found, probabilities[0]))
    apoptotic = on.get(names[readouts.apoptosis], 0.0)
    proliferating = on.get(names[readouts.proliferation], 0.0)  # Proliferation needs !Apoptosis in this model
    return seconds, {"apoptotic": apoptotic, "proliferating": proliferating,
                     "arrested": 1 - apoptotic - proliferating}


def drugs_part(model: Model, catalog, runs: int, max_time: float, use_maboss: bool) -> None:
    readouts = Readouts()
    background = attractors(model.with_defaults())
    assert len(background) == 1 and background[0].kind == "fixed_point"
    print(f"Part 1: response scores, default background, every catalog drug ({runs} runs where simulated)")
    header = f"{'drug':<16} {'class':<22} {'exact (apo/pro/arr)':<22} {'t exact':>8} {'t sim':>7} {'max |sim-exact|':>15}"
    if use_maboss:
        header += f" {'t MaBoSS':>9} {'max |MaBoSS-exact|':>18} {'MaBoSS/exact':>12}"
    print(header)
    totals = {"exact": 0.0, "sim": 0.0, "maboss": 0.0}
    fate_scores(model, background, Scenario(drugs=("everolimus",)).fixes(model, catalog)[1], readouts)  # imports
    for drug in sorted(catalog.drugs):
        _, fixes = Scenario(drugs=(drug,)).fixes(model, catalog)
        clear_cache()
        t_exact, exact = timed(lambda: fate_scores(model, background, fixes, readouts, method="exact"))
        t_sim, sim = timed(lambda: fate_scores(model, background, fixes, readouts, method="simulation", runs=runs,
                                               seed=1))
        totals["exact"] += t_exact
        totals["sim"] += t_sim
        gap = max(abs(sim.get(f) - exact.get(f)) for f in FATES)
        line = (f"{drug:<16} {catalog.drugs[drug].get('class', ''):<22} "
                f"{exact.apoptotic:.3f}/{exact.proliferating:.3f}/{exact.arrested:.3f}    "
                f"{t_exact:7.3f}s {t_sim:6.2f}s {gap:15.4f}")
        if use_maboss:
            nodes, functions = readout_cone(model, fixes, readouts)
            cone = Model({n: Rule(n, functions[n]) for n in nodes}, {n: NodeInfo(n) for n in nodes})
            treated = attractors(model.fix(fixes))
            if len(cone) > 64 or any(a.kind != "fixed_point" for a in treated):
                line += "   MaBoSS not run (cone > 64 nodes or a cyclic treated attractor)"
            else:
                start = {n: int(background[0].values[n]) for n in nodes}
                t_mab, mab = maboss_scores(cone, start, runs, max_time, readouts)
                totals["maboss"] += t_mab
                gap_m = max(abs(mab[f] - exact.get(f)) for f in FATES)
                line += f" {t_mab:8.2f}s {gap_m:18.4f} {t_mab / t_exact:11.1f}x"
        print(line + f"   ({exact.states} states)")
    print(f"total: exact {totals['exact']:.2f} s, simulation {totals['sim']:.2f} s"
          + (f", MaBoSS {totals['maboss']:.2f} s (ratio MaBoSS / exact {totals['maboss'] / totals['exact']:.1f}x)"
             if use_maboss and totals["maboss"] else ""))


def scenarios_part(model: Model, catalog, cli: int, baseline: Path | None) -> None:
    files = sorted((ROOT / "scenarios").glob("*.toml"))
    print(f"\nPart 2: time per scenario ({len(files)} bundled scenarios, engine cache cleared before each)")
    for label, options in (("verdict, response, evidence", {}), ("... and scores", {"scores": True})):
        times, methods = [], {}
        for f in files:
            sc = read_scenario(f)
            clear_cache()
            seconds, result = timed(lambda: evaluate(model, sc, catalog, **options))
            times.append(seconds * 1000)
            if result.scores is not None:
                methods[result.scores.method] = methods.get(result.scores.method, 0) + 1
        print(f"  in-process, {label:<28} mean {statistics.mean(times):6.1f} ms, median "
              f"{statistics.median(times):5.1f} ms, max {max(times):7.1f} ms   (earlier: mean "
              f"{EARLIER['mean_ms']} ms, median {EARLIER['median_ms']} ms)")
        if methods:
            print("    scores by method: " + ", ".join(f"{k} {v}" for k, v in sorted(methods.items())))
    chosen = files[:: max(1, len(files) // max(cli, 1))][:cli]
    walls, earlier = [], []
    for f in chosen:
        walls.append(cold_run(ROOT, f))
        if baseline:
            earlier.append(cold_run(baseline, f))
    if walls:
        lo, hi = EARLIER["cli_s"]
        print(f"  cold CLI (python -m mtorlogic run), {len(walls)} scenarios: {min(walls):.2f}-{max(walls):.2f} s, "
              f"median {statistics.median(walls):.2f} s   (closing notes: {lo}-{hi} s)")
    if earlier:
        print(f"  the same, earlier version at {baseline}: {min(earlier):.2f}-{max(earlier):.2f} s, median "
              f"{statistics.median(earlier):.2f} s; ratio of medians ours / earlier "
              f"{statistics.median(walls) / statistics.median(earlier):.2f}")


def cold_run(root: Path, scenario: Path) -> float:
    """Wall time of ``python -m mtorlogic run SCENARIO`` with the package found under ``root``."""
    return cold_wall([sys.executable, "-m", "mtorlogic", "run", str(scenario)], root, {"PYTHONPATH": str(root)})


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--max-time", type=float, default=200.0, help="MaBoSS max_time")
    parser.add_argument("--cli", type=int, default=10, help="scenarios timed from a cold CLI")
    parser.add_argument("--no-maboss", action="store_true")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="an earlier version's source tree, timed from a cold CLI beside ours")
    args = parser.parse_args(argv)
    use_maboss = not args.no_maboss
    if use_maboss:
        try:
            import cmaboss  # noqa: F401
        except ImportError as e:
            print(f"MaBoSS not run: cmaboss cannot be imported ({e}); pip install cmaboss")
            use_maboss = False
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core for every tool
    model, catalog = read_model(ROOT / "rules"), read_catalog(ROOT / "rules")
    drugs_part(model, catalog, args.runs, args.max_time, use_maboss)
    scenarios_part(model, catalog, args.cli, args.baseline)


if __name__ == "__main__":
    main()
