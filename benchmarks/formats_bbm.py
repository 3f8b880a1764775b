"""Every BBM model from every file it comes in: bnet, SBML-qual, BooleanNet.

    python benchmarks/formats_bbm.py [--timeout 60] [--only 003,146]

Per model: whether each file reads (and how long it takes); whether the
readings define the same functions as the bnet reading (exact: truth tables,
BDDs for large supports); and, with the inputs fixed to the seeded random
assignment of benchmarks/_bbm.py, whether the attractors after reading
SBML-qual equal those after reading bnet and those biodivine-aeon finds on the
whole network. Prints a table, the models that could not be read with the
reason, and totals; exits 1 on any disagreement.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _bbm import aeon_direct, model_dirs, seeded_inputs  # noqa: E402
from _formats import FORMAT_FILES, differences, fixed_like, projected_signature, read_readings  # noqa: E402
from crosscheck_bbm import timed  # noqa: E402

from mtorlogic.engine.attractors import attractors  # noqa: E402

LETTER = {"bnet": "b", "sbml": "s", "booleannet": "n"}


def compare_attractors(bnet, sbml, timeout: int) -> tuple[str, str, int | None, float]:
    """(sbml vs bnet, bnet vs aeon, attractor count, seconds), inputs fixed to the seeded values.

    sbml vs bnet is decided by our engine on both readings; when it runs out
    of time, by biodivine-aeon on both ("yes (aeon)"). A comparison neither
    can finish is "timeout".
    """
    values = seeded_inputs(bnet)
    fixed_bnet, fixed_sbml = bnet.fix(values), fixed_like(sbml, bnet, values)
    start = time.perf_counter()

    def signature(compute, model):
        found, _ = timed(lambda: compute(model), timeout)
        return None if found is None else projected_signature(found, bnet.nodes)

    ours_bnet, ours_sbml = signature(attractors, fixed_bnet), signature(attractors, fixed_sbml)
    aeon_bnet = signature(aeon_direct, fixed_bnet)
    count = None if ours_bnet is None else len(ours_bnet)
    if ours_bnet is not None and ours_sbml is not None:
        same_sbml = "yes" if ours_sbml == ours_bnet else "NO"
    else:
        aeon_sbml = signature(aeon_direct, fixed_sbml) if aeon_bnet is not None else None
        same_sbml = "timeout" if aeon_sbml is None else "yes (aeon)" if aeon_sbml == aeon_bnet else "NO"
        count = None if aeon_bnet is None else len(aeon_bnet)
    if ours_bnet is None or aeon_bnet is None:
        slow = [who for who, found in (("ours", ours_bnet), ("aeon", aeon_bnet)) if found is None]
        same_aeon = "timeout:" + "+".join(slow)
    else:
        same_aeon = "yes" if ours_bnet == aeon_bnet else "NO"
    return same_sbml, same_aeon, count, time.perf_counter() - start


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=int, default=60, help="seconds per attractor computation")
    ap.add_argument("--only", default="", help="comma-separated model number prefixes")
    args = ap.parse_args(argv)
    folders = [d for d in model_dirs() if not args.only or d.name.split("-")[0] in args.only.split(",")]
    provided = {fmt: 0 for fmt in FORMAT_FILES}
    read_ok = {fmt: 0 for fmt in FORMAT_FILES}
    read_time = {fmt: 0.0 for fmt in FORMAT_FILES}
    equivalent = compared = 0
    tally = {"sbml=bnet": 0, "sbml=bnet by aeon": 0, "bnet=aeon": 0, "timeout": 0, "compared": 0}
    failures, disagreements, loose_inputs, timeouts = [], [], [], []
    attractor_time = 0.0
    start = time.perf_counter()
    print(f"{'model':<46} {'nodes':>5} {'read':>6} {'same f':>6} {'atts':>5} {'sbml=bnet':>10} {'=aeon':>12} "
          f"{'t read':>7} {'t atts':>7}")
    for folder in folders:
        models, why, seconds = read_readings(folder)
        t_read = sum(seconds.values())
        for fmt, filename in FORMAT_FILES.items():
            if (folder / filename).exists():
                provided[fmt] += 1
                read_ok[fmt] += fmt in models
                read_time[fmt] += seconds[fmt]
        failures += [(folder.name, fmt, reason) for fmt, reason in why.items()]
        bnet = models.get("bnet")
        diffs = {fmt: differences(bnet, m) for fmt, m in models.items() if fmt != "bnet"} if bnet else {}
        compared += len(diffs)
        equivalent += sum(not d for d in diffs.values())
        disagreements += [(folder.name, fmt, d[:3]) for fmt, d in diffs.items() if d]
        for fmt, m in models.items():
            extra = [n for n in m.nodes if bnet is not None and n not in bnet]
            if extra:
                loose_inputs.append((folder.name, fmt, extra))
        same_sbml = same_aeon = "-"
        count, t_atts = None, None
        if bnet is not None and "sbml" in models:
            same_sbml, same_aeon, count, t_atts = compare_attractors(bnet, models["sbml"], args.timeout)
            tally["compared"] += 1
            tally["sbml=bnet"] += same_sbml.startswith("yes")
            tally["sbml=bnet by aeon"] += same_sbml == "yes (aeon)"
            tally["bnet=aeon"] += same_aeon == "yes"
            tally["timeout"] += same_sbml == "timeout"
            if same_aeon.startswith("timeout"):
                timeouts.append((folder.name, same_aeon.split(":")[1].split("+")))
            if "NO" in (same_sbml, same_aeon):
                disagreements.append((folder.name, "attractors", [f"sbml=bnet {same_sbml}, bnet=aeon {same_aeon}"]))
            attractor_time += t_atts
        marks = "".join(LETTER[fmt] if fmt in models else ("x" if fmt in why else ".") for fmt in FORMAT_FILES)
        same_f = "yes" if diffs and not any(diffs.values()) else "-" if not diffs else "NO"
        print(f"{folder.name[:46]:<46} {len(bnet) if bnet else '-':>5} {marks:>6} {same_f:>6} "
              f"{count if count is not None else '-':>5} {same_sbml:>10} {same_aeon:>12} {t_read:>7.2f} "
              f"{t_atts if t_atts is not None else 0:>7.2f}", flush=True)
    print("\nread (b = bnet, s = sbml, n = booleannet; x = failed, . = not provided)")
    for fmt in FORMAT_FILES:
        print(f"  {fmt:<11} {read_ok[fmt]:>4} of {provided[fmt]:>4} read, {read_time[fmt]:.1f} s")
    print(f"same functions as the bnet reading: {equivalent} of {compared} readings")
    print(f"attractors with seeded inputs, {tally['compared']} models with SBML-qual: sbml = bnet in "
          f"{tally['sbml=bnet']} ({tally['sbml=bnet by aeon']} of them decided by aeon alone), undecided "
          f"{tally['timeout']}; bnet (ours) = aeon in {tally['bnet=aeon']}, not compared (timeout) in "
          f"{len(timeouts)}; {attractor_time:.1f} s")
    for name, who in timeouts:
        print(f"timeout ({args.timeout} s): {name}: {' and '.join(who)}")
    print(f"total time {time.perf_counter() - start:.1f} s")
    for name, fmt, extra in loose_inputs:
        print(f"note: {name} {fmt}: inputs no function reads, absent from the bnet file: {', '.join(extra)}")
    for name, fmt, reason in failures:
        print(f"cannot read {name} {fmt}: {reason}")
    for name, what, detail in disagreements:
        print(f"DISAGREE {name} {what}: {'; '.join(detail)}")
    return 1 if disagreements or failures else 0


if __name__ == "__main__":
    sys.exit(main())
