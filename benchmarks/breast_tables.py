"""The tables of docs/breast-cancer.md, computed from the model of this checkout.

    python benchmarks/breast_tables.py            # Markdown on stdout

1. The ER-positive regimens (scenarios ``breast-er-*``): background, drugs, the model's response and
   whether each expectation the literature or a trial gives holds.
2. What ``hypotheses`` proposes against each acquired resistance (scenarios ``breast-pik3ca-*-acquired-*``).
3. Candidate resistances to the three approved pathway drugs, with the chance that a treated cell
   acquiring one proliferates again (``--goal resist``).
4. Intrinsic against acquired resistance in ``simulate`` (``--acquired-at``): the share of runs
   proliferating at the end, when the alteration is there before the drug and when it arises later.
5. Adaptation under the drug: a PI3K/AKT inhibitor alone and with fulvestrant, the response and, in
   ``simulate``, the share of runs proliferating at its lowest after the drug and at the end.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402
from click.testing import CliRunner  # noqa: E402

import mtorlogic  # noqa: E402
from mtorlogic.bundled import RULES, SCENARIOS  # noqa: E402
from mtorlogic.cli import main  # noqa: E402
from mtorlogic.hypotheses import hypotheses  # noqa: E402
from mtorlogic.phenotype import check_expectations, evaluate  # noqa: E402
from mtorlogic.scenario import read_scenario  # noqa: E402


def regimens(model, catalog) -> list[str]:
    out = ["| scenario | alterations | drugs | model | expectations held |", "|---|---|---|---|---|"]
    for path in sorted(SCENARIOS.glob("breast-er-*.toml")):
        sc = read_scenario(path)
        result = evaluate(model, sc, catalog, shares=False)
        outcomes = check_expectations(result, model)
        held = sum(o.holds for o in outcomes)
        missed = [f"{o.expectation.describe()} (found {o.found}"
                  + ("; a known disagreement)" if o.expectation.disagrees else ")") for o in outcomes if not o.holds]
        out.append(f"| {path.stem} | {', '.join(sc.alterations) or '-'} | {', '.join(sc.drugs)} | "
                   f"{result.response} | {held}/{len(outcomes)}" + (f"; not held: {'; '.join(missed)}" if missed else "")
                   + " |")
    return out


def restorers(model, catalog) -> list[str]:
    out = ["| scenario | response | first five suggestions (response) |", "|---|---|---|"]
    for path in sorted(SCENARIOS.glob("breast-pik3ca-*-acquired-*.toml")):
        report = hypotheses(model, catalog, read_scenario(path), max_size=1, top=5)
        shown = ", ".join(f"{h.interventions[0]} ({h.response})" for h in report.hypotheses)
        out.append(f"| {path.stem} | {report.response} | {shown} |")
    return out


def candidates(model, catalog) -> list[str]:
    out = ["| scenario | response | catalog alterations that resist (acquired probability) |", "|---|---|---|"]
    for name in ("pik3ca-everolimus", "pik3ca-alpelisib", "pik3ca-capivasertib", "breast-er-pik3ca-alpelisib-fulvestrant"):
        report = hypotheses(model, catalog, read_scenario(SCENARIOS / f"{name}.toml"), max_size=1, top=30,
                            goal="resist")
        found = [f"{h.interventions[0].target} ({'/'.join(h.timing)}, {h.acquired_probability:.2f})"
                 for h in report.hypotheses if h.interventions[0].kind == "mutation"
                 and h.acquired_probability is not None]
        out.append(f"| {name} | {report.response} | {', '.join(found)} |")
    return out


def memory() -> list[str]:
    out = ["| scenario | acquired at step | intrinsic: proliferating, dead at step 100 | acquired: proliferating, dead |",
           "|---|---|---|---|"]
    for name, at in (("sapanisertib-navitoclax-mcl1-amplified", 15), ("sapanisertib-navitoclax-mcl1-amplified", 20),
                     ("breast-pik3ca-alpelisib-acquired-pten", 40), ("breast-pik3ca-capivasertib-acquired-tsc", 40),
                     ("breast-pik3ca-everolimus-acquired-kras", 40), ("breast-pik3ca-everolimus-acquired-frb", 40)):
        ends = []
        for extra in ([], ["--acquired-at", str(at)]):
            tc = _timecourse(name, *extra)
            ends.append((tc["Proliferation"].iloc[-1], tc["Apoptosis"].iloc[-1]))
        out.append(f"| {name} | {at} | {ends[0][0]:.2f}, {ends[0][1]:.2f} | {ends[1][0]:.2f}, {ends[1][1]:.2f} |")
    return out


def _timecourse(name: str, *extra: str) -> pd.DataFrame:
    """1000 runs, 100 steps, drugs from step 10, seed 0."""
    r = CliRunner().invoke(main, ["simulate", name, "--runs", "1000", "--steps", "100", "--perturb-at", "10",
                                  "--seed", "0", *extra])
    return pd.read_csv(io.StringIO(r.output))


def adaptation(model, catalog) -> list[str]:
    out = ["| scenario | response | proliferating: before | lowest after the drug (step) | at step 100 |",
           "|---|---|---|---|---|"]
    for name in ("breast-er-pik3ca-alpelisib", "breast-er-pik3ca-alpelisib-fulvestrant",
                 "breast-er-pten-capivasertib", "breast-er-pten-capivasertib-fulvestrant"):
        response = evaluate(model, read_scenario(SCENARIOS / f"{name}.toml"), catalog, shares=False).response
        grows = _timecourse(name)["Proliferation"]
        low = int(grows[10:].idxmin())
        out.append(f"| {name} | {response} | {grows[9]:.2f} | {grows[low]:.2f} ({low}) | {grows.iloc[-1]:.2f} |")
    return out


def main_() -> None:
    model, catalog = mtorlogic.load(RULES)
    for title, lines in (("ER-positive regimens", regimens(model, catalog)),
                         ("Against acquired resistance", restorers(model, catalog)),
                         ("Candidate resistances", candidates(model, catalog)),
                         ("Intrinsic and acquired in simulate", memory()),
                         ("Adaptation under the drug", adaptation(model, catalog))):
        print(f"### {title}\n")
        print("\n".join(lines) + "\n")


if __name__ == "__main__":
    main_()
