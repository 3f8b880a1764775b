"""``mtorlogic run``: the verdict of one scenario, with its evidence."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from ._common import (announce, compute, emit_json, ensemble_options, hard_core_advice, load_scenario, planned,
                      profile_of, readout_options, method_option, readouts_for, scenario_options, scenario_rates,
                      scenario_references, score_options, semantics_option, timeout_option)

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..model import Model
    from ..scenario import Scenario


@click.command()
@scenario_options
@semantics_option
@method_option
@readout_options
@score_options
@ensemble_options
@timeout_option
@click.option("--profile", "profile_path", type=click.Path(), default=None, metavar="FILE",
              help="A tumour's or cell line's alterations as biologists write them (PIK3CA H1047R, PTEN deletion; "
                   "text, TOML, MAF or cBioPortal table): added to the background through the model's variants.toml.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def run(scenario: str | None, model_path: str | None, drugs: tuple[str, ...], mutations: tuple[str, ...],
        conditions: tuple[str, ...], fixes: tuple[str, ...], semantics: str, method: str, proliferation: str,
        apoptosis: str, scores: bool, score_method: str, runs: int, max_steps: int, ensemble: bool,
        members: int | None, seed: int, timeout: float | None, profile_path: str | None, as_json: bool) -> None:
    """Verdict and graded response of a scenario, with the causal evidence.

    The verdict is sensitive, resistant, partial, not applicable or untreated;
    the response says how: cytotoxic (cell death), cytostatic (growth arrest),
    resistant or partial. A resistant or partial response is explained against
    the same treatment without the alteration: the chain from the alteration to
    where the drug's effect is blocked. SCENARIO is a .toml file or the name of
    a bundled scenario ('mtorlogic scenarios' lists them). Exits 1 when the
    scenario's expectations do not all hold; a verdict the scenario records no
    outcome for is labelled a model prediction.
    """
    from ..engine.meter import Meter
    from ..phenotype import check_expectations, evaluate
    from ..report import cited_keys, verdict_text

    model, catalog, sc = load_scenario(scenario, model_path, drugs, mutations, conditions, fixes)
    profile = profile_of(profile_path, model_path, sc) if profile_path else None
    if profile is not None:
        sc = sc.extend(alterations=profile.alterations)
        if not as_json:
            click.echo(profile.describe(), err=True)
    readouts = readouts_for(model, proliferation, apoptosis)
    background, treated = sc.fixes(model, catalog)
    plans = {name: planned(model.fix(values, sc.source), semantics, method)
             for name, values in (("background", background), ("treated", treated))}
    announce("plan: " + "; ".join(f"{name}: {p.describe()}" for name, p in plans.items()))
    for p in plans.values():
        p.check()
    options = dict(semantics=semantics, method=method, readouts=readouts, scores=scores,
                   score_options={"method": score_method, "runs": runs, "max_steps": max_steps,
                                  # read only for the scores (a cold run need not import the simulator)
                                  "rates": scenario_rates(model_path, sc, model) if scores else None})
    if ensemble:
        _run_ensemble(model, sc, catalog, options, members, seed, timeout, as_json)
        return
    result = compute(evaluate, model, sc, catalog, **options, timeout=timeout,
                     meter=Meter("input classes", phases=tuple(plans),
                                 phase_totals=tuple(p.input_classes for p in plans.values())),
                     label="verdict", advice=hard_core_advice(max(plans.values(), key=lambda p: p.largest_core)))
    outcomes = check_expectations(result, model)
    references = scenario_references(model_path, sc)
    if as_json:
        data = result.to_dict()
        # a model prediction: the scenario records no observed verdict or response to check it against
        data["prediction"] = not any(o.expectation.verdict or o.expectation.response for o in outcomes)
        if outcomes:
            data["expectations"] = [{"expect": o.expectation.describe(), "holds": o.holds,
                                     "refs": list(o.expectation.refs),
                                     **({"disagrees": o.expectation.disagrees} if o.expectation.disagrees else {})}
                                    for o in outcomes]
        if profile is not None:
            data["profile"] = profile.to_dict()
        data["references"] = [{"key": key, "citation": references.cite(key)}
                              for key in cited_keys(result, model, outcomes)]
        emit_json(data)
    else:
        click.echo(verdict_text(result, model, outcomes, references))
    if not all(o.holds or o.expectation.disagrees for o in outcomes):  # a known disagreement is no failure
        sys.exit(1)


def _run_ensemble(model: Model, sc: Scenario, catalog: Catalog, options: dict[str, Any], members: int | None,
                  seed: int, timeout: float | None, as_json: bool) -> None:
    """``run --ensemble``: the agreement of every member; exit 1 when an expectation fails on the primary reading."""
    from ..engine.meter import Meter
    from ..ensemble import Ensemble, evaluate_ensemble
    from ..phenotype import check_expectations

    announce(f"ensemble: {Ensemble(model, size=members, seed=seed).describe()}")
    result = compute(evaluate_ensemble, model, sc, catalog, size=members, seed=seed, **options, timeout=timeout,
                     meter=Meter("members"), label="ensemble")
    # Each expectation, on every member; the exit code follows the primary reading (the model as written).
    checks = [check_expectations(r, m.model) for m, r in zip(result.members, result.results)]
    primary = next((i for i, m in enumerate(result.members) if not m.taken), 0)
    held = [sum(c[i].holds for c in checks) for i in range(len(checks[primary]))]
    n = len(result.members)
    if as_json:
        data = result.to_dict()
        data["expectations"] = [{"expect": o.expectation.describe(), "holds": o.holds, "holds_in": k, "of": n}
                                for o, k in zip(checks[primary], held)]
        emit_json(data)
    else:
        lines = [result.text()]
        lines += [f"expect {o.expectation.describe()}: holds in {k}/{n} members"
                  + ("" if o.holds else " (not in the primary reading)") for o, k in zip(checks[primary], held)]
        click.echo("\n".join(lines))
    if not all(o.holds for o in checks[primary]):
        sys.exit(1)
