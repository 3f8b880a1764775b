"""Rule ensembles on the bundled scenarios: time per member, and which results hang on the hedges.

    python benchmarks/ensemble_speed.py [--model rules] [--table] [--hypotheses]

For every bundled scenario, the ensemble of the model's alternatives is
evaluated (engine cache cleared first) and compared with

- one evaluation of the primary reading (cold cache): the ensemble's time per
  member should not exceed it, since N members cost at most N evaluations;
- the naive loop, :func:`mtorlogic.evaluate` on each member's model with no
  shared evaluations (``--naive`` members per scenario, drawn with ``--seed``),
  whose results must be the ensemble's (checked, result by result).

``--table`` prints the Markdown table of docs/ensembles.md: each scenario's
response across members and the ledger entries its dissenters share.
``--hypotheses`` adds, for a few scenarios, each top hypothesis' agreement.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mtorlogic.catalog import read_catalog  # noqa: E402
from mtorlogic.engine.attractors import clear_cache  # noqa: E402
from mtorlogic.ensemble import Ensemble  # noqa: E402
from mtorlogic.io import read_model  # noqa: E402
from mtorlogic.phenotype import check_expectations, evaluate  # noqa: E402
from mtorlogic.scenario import read_scenario  # noqa: E402

# Scenarios whose hypotheses are checked across members (one per goal and more).
HYPOTHESIS_SCENARIOS = ("pten-loss-everolimus", "kras-lung-everolimus", "sapanisertib-sarcoma",
                        "tsc-loss-tg2-sirolimus", "breast-pik3ca-pten-dactolisib")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(ROOT / "rules"))
    ap.add_argument("--table", action="store_true", help="print the robustness table (Markdown)")
    ap.add_argument("--hypotheses", action="store_true", help="also check the top hypotheses of a few scenarios")
    ap.add_argument("--naive", type=int, default=16, help="members per scenario also evaluated one by one")
    ap.add_argument("--seed", type=int, default=0, help="which members the naive loop takes")
    args = ap.parse_args(argv)
    model, catalog = read_model(args.model), read_catalog(args.model)
    ensemble = Ensemble(model)
    members = list(ensemble.members())
    print(f"ensemble: {ensemble.describe()}: {', '.join(model.sites)}")
    files = sorted((ROOT / "scenarios").glob("*.toml"))
    # The members each scenario also evaluates one by one (the naive loop), result by result.
    checked = sorted(random.Random(args.seed).sample(range(len(members)), min(args.naive, len(members))))
    per_member, single, naive_per_member, rows = [], [], [], []
    evaluations = total_members = 0
    for f in files:
        sc = read_scenario(f)
        clear_cache()
        start = time.perf_counter()
        evaluate(model, sc, catalog)
        single.append(time.perf_counter() - start)
        clear_cache()
        start = time.perf_counter()
        result = ensemble.evaluate(sc, catalog)
        per_member.append((time.perf_counter() - start) / len(members))
        evaluations += result.evaluations
        total_members += len(members)
        clear_cache()
        start = time.perf_counter()
        naive = [evaluate(members[i].model, sc, catalog) for i in checked]
        naive_per_member.append((time.perf_counter() - start) / len(checked))
        if [v.to_dict() for v in naive] != [result.results[i].to_dict() for i in checked]:
            raise SystemExit(f"{f.stem}: shared evaluations differ from the naive loop")
        rows.append((f.stem, result, [check_expectations(r, m.model) for m, r in zip(result.members, result.results)]))
    ms = [t * 1000 for t in per_member]
    print(f"{len(files)} scenarios x {len(members)} members: {evaluations} evaluations for {total_members} member "
          f"results ({evaluations / total_members:.0%})")
    print(f"time per member: median {statistics.median(ms):.2f} ms, worst {max(ms):.2f} ms, "
          f"total {sum(per_member) * len(members):.1f} s")
    print(f"one evaluation of the primary reading: median {statistics.median(single) * 1000:.2f} ms, "
          f"worst {max(single) * 1000:.2f} ms")
    ratios = [m / s for m, s in zip(per_member, single)]
    print(f"ensemble time per member / one evaluation: median {statistics.median(ratios):.2f}, "
          f"worst {max(ratios):.2f}")
    naive_ratio = [m / n for m, n in zip(per_member, naive_per_member)]
    print(f"ensemble / naive loop (no shared evaluations): median {statistics.median(naive_ratio):.2f}, "
          f"worst {max(naive_ratio):.2f}, totals {sum(per_member) / sum(naive_per_member):.2f}")
    if args.table:
        print()
        print(table(rows, len(members)))
    if args.hypotheses:
        print()
        for name in HYPOTHESIS_SCENARIOS:
            path = ROOT / "scenarios" / f"{name}.toml"
            if not path.exists():
                continue
            start = time.perf_counter()
            found = ensemble.hypotheses(read_scenario(path), catalog, top=5, max_size=1)
            print(f"### {name} ({time.perf_counter() - start:.1f} s)\n")
            print(found.text())
            print()


def table(rows: list, n: int) -> str:
    """Markdown: scenario, primary response, each outcome with the choices that set it apart, expectations."""
    robust = sum(r.unanimous for _, r, _ in rows)
    out = [f"{robust} of {len(rows)} scenarios give one response in all {n} members.", "",
           "| scenario | primary reading | across members (and the readings that give it) | expectations hold |",
           "| --- | --- | --- | --- |"]
    for name, result, checks in sorted(rows, key=lambda row: (row[1].unanimous, row[0])):
        primary = next(r for m, r in zip(result.members, result.results) if not m.taken)
        parts = []
        for s in result.splits("response"):
            because = ", ".join(f"{site} {'alt' if choice == 'alternative' else 'primary'}"
                                for site, choice in s.shared.items())
            parts.append(f"{s.value} {len(s.members)}/{n}" + (f" ({because})" if because else ""))
        held = sum(all(o.holds for o in c) for c in checks)
        expectations = f"{held}/{n}" if checks[0] else "none"
        out.append(f"| {name} | {primary.response} | {'; '.join(parts)} | {expectations} |")
    return "\n".join(out)


if __name__ == "__main__":
    main()
