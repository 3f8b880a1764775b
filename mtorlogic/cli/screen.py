"""``mtorlogic screen`` and ``mtorlogic hypotheses``."""

from __future__ import annotations

import json
import math
import os

from typing import Any

import click

from ..errors import InputError

from ._common import (announce, compute, ensemble_options, load_scenario, method_option, outputs_checked, planned,
                      progress_display, readout_options, readouts_for, scenario_options, scenario_rates, scenario_references, score_options,
                      semantics_option, time_left, timeout_option, writing_outputs)


@click.command()
@scenario_options
@click.option("--drugs", "drug_grid", default=None, help="all, or comma-separated drug ids.")
@click.option("--mutations", "mutation_grid", default=None, help="all, none, or comma-separated alteration ids.")
@click.option("--knockouts", default=None, help="all, or comma-separated node ids.")
@click.option("--overexpress", default=None, help="all, or comma-separated node ids.")
@click.option("--combos", type=int, default=1, show_default=True, help="2: also every pair of drugs.")
@click.option("--depth", type=int, default=1, show_default=True, help="2: also every pair of node perturbations.")
@click.option("--force", is_flag=True, help="Allow --depth/--combos above 2.")
@click.option("--profiles", "profiles_path", default=None, metavar="PATH",
              help="Tumour or cell-line profiles (a file, a directory, or a bundled set such as breast-lines): "
                   "every drug of --drugs on every profile, ranked per profile ('mtorlogic profile' shows the mapping).")
@click.option("--workers", type=click.IntRange(min=1, max=max(8, 4 * (os.cpu_count() or 1))), default=1,
              show_default=True, help="Local processes (at most four per CPU).")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="Run on a Dask cluster (tcp://host:8786).")
@semantics_option
@method_option
@click.option("-o", "--output", type=click.Path(), help="CSV file (JSON when it ends in .json).")
@click.option("--json-output", type=click.Path(), help="Also write JSON here.")
@click.option("--plot", type=click.Path(), help="Heatmap PNG/SVG: drugs by alterations, coloured by verdict.")
@readout_options
@score_options
@click.option("--rank-by", type=click.Choice(["apoptosis", "proliferation"]), default=None,
              help="Sort rows by a response score (implies --scores): apoptosis highest first, "
                   "proliferation lowest first.")
@timeout_option
def screen(scenario: str | None, model_path: str | None, drugs: tuple[str, ...], mutations: tuple[str, ...],
           conditions: tuple[str, ...], fixes: tuple[str, ...], drug_grid: str | None, mutation_grid: str | None,
           knockouts: str | None, overexpress: str | None, combos: int, depth: int, force: bool, workers: int,
           scheduler: str | None, semantics: str, method: str, output: str | None, json_output: str | None, plot: str | None,
           proliferation: str, apoptosis: str, scores: bool, score_method: str, runs: int, max_steps: int,
           rank_by: str | None, timeout: float | None, profiles_path: str | None) -> None:
    """A grid of scenarios over one background: verdict, response and readouts per row.

    Drugs given with --drug (or in the scenario) are part of every row. With
    --profiles, the rows are every drug on every profile instead.
    """
    if profiles_path:
        if scenario or drugs or mutations or conditions or fixes or mutation_grid or knockouts or overexpress \
                or combos != 1 or depth != 1 or rank_by:
            raise InputError.at("<command line>", "--profiles screens drugs (--drugs) on profiles alone: it takes "
                                "no scenario, --drug, --mutation(s), --condition, --fix, --knockouts, "
                                "--overexpress, --combos, --depth or --rank-by")
        from .profiles import screen_profiles

        screen_profiles(profiles_path, model_path, drug_grid, workers, scheduler, semantics, method, output,
                        json_output, plot, (proliferation, apoptosis), scores,
                        {"method": score_method, "runs": runs, "max_steps": max_steps}, timeout)
        return
    from ..engine.meter import Meter
    from ..io._atomic import atomic_write
    from ..screen import _multi_perturbation, build_grid

    outputs_checked(output, json_output, plot)
    if plot:
        from ..plot import figure_format

        figure_format(plot)
    model, catalog, sc = load_scenario(scenario, model_path, drugs, mutations, conditions, fixes)
    readouts = readouts_for(model, proliferation, apoptosis)
    grid = build_grid(model, catalog, drug_grid, mutation_grid, knockouts, overexpress, combos, depth, force)
    background, _ = sc.fixes(model, catalog)
    where = f"on a Dask cluster at {scheduler}" if scheduler else f"in {workers} worker processes" if workers > 1 \
        else "in one process"
    base = planned(model.fix(background, sc.source), semantics, method)
    announce(f"plan: {len(grid):,} scenarios {where}, each two searches like the background's: {base.describe()}")
    base.check()
    meter = Meter("rows", total=len(grid), increments=True)
    with time_left(timeout) as left, progress_display(meter, f"screening {len(grid):,} scenarios") as bar:
        result = _multi_perturbation(model, catalog, sc, grid, workers=workers, scheduler=scheduler,
                                     semantics=semantics, method=method, readouts=readouts, progress=bar.update, scores=scores,
                                     score_options={"method": score_method, "runs": runs, "max_steps": max_steps,
                                                    "rates": scenario_rates(model_path, sc, model)},
                                     rank_by=rank_by, timeout=math.inf if left is None else left)
    csv_text, json_text = result.to_csv(), result.to_json()
    # Everything is computed before anything is written, and the files appear
    # together, each whole: an interrupted or failing screen leaves none of them.
    with writing_outputs():
        if output:
            atomic_write(output, json_text if output.endswith(".json") else csv_text)
        if json_output:
            atomic_write(json_output, json_text)
        if plot:
            from ..plot import plot_screen

            plot_screen(result, plot)
    if not output and not json_output:
        click.echo(csv_text, nl=False)
    counts = ", ".join(f"{v} {k}" for k, v in sorted(result.counts().items()))
    for path, what in ((output, "JSON" if output and output.endswith(".json") else "CSV"), (json_output, "JSON"),
                       (plot, "heat-map")):
        if path:
            click.echo(f"wrote {path}: {what}", err=True)
    click.echo(f"{len(result)} scenarios: {counts}", err=True)


@click.command()
@scenario_options
@click.option("--max-size", type=click.IntRange(min=1, max=2), default=2, show_default=True,
              help="Most interventions added together.")
@click.option("--candidates", default=None, help="Comma-separated nodes to knock out or over-express (default all).")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many hypotheses to report; the search stops once this many reach the goal.")
@semantics_option
@method_option
@click.option("--goal", type=click.Choice(["restore", "deepen", "resist"]), default=None,
              help="restore sensitivity, deepen a cytostatic response to cytotoxic, or find resistance "
                   "mechanisms (default: what the current response calls for).")
@readout_options
@click.option("--json", "as_json", is_flag=True, help="JSON instead of the Markdown report.")
@click.option("-o", "--output", type=click.Path(), help="Write the report here instead of stdout (says what it wrote).")
@ensemble_options
@timeout_option
def hypotheses(scenario: str | None, model_path: str | None, drugs: tuple[str, ...], mutations: tuple[str, ...],
               conditions: tuple[str, ...], fixes: tuple[str, ...], max_size: int, candidates: str | None, top: int,
               semantics: str, method: str, goal: str | None, proliferation: str, apoptosis: str, as_json: bool,
               output: str | None, ensemble: bool, members: int | None, seed: int, timeout: float | None) -> None:
    """Interventions that move a response where it should go, ranked, with their causal mechanism.

    Resistant or partial: what restores sensitivity; cytostatic: what deepens
    growth arrest into cell death; cytotoxic: candidate resistance mechanisms,
    intrinsic or acquired. Markdown or JSON.
    """
    from ..engine.meter import Meter
    from ..hypotheses import hypotheses as search
    from ..io._atomic import atomic_write

    outputs_checked(output)
    model, catalog, sc = load_scenario(scenario, model_path, drugs, mutations, conditions, fixes)
    readouts = readouts_for(model, proliferation, apoptosis)
    names = [c.strip() for c in candidates.split(",") if c.strip()] if candidates else None
    if names:
        names = [model.resolve(n) for n in names]  # an unknown name fails now, not after the first searches
    _, treated = sc.fixes(model, catalog)
    base = planned(model.fix(treated, sc.source), semantics, method)
    announce(f"plan: sets of up to {max_size} interventions, each an attractor search like the treated scenario's: "
             f"{base.describe()}")
    base.check()
    options: dict[str, Any] = dict(max_size=max_size, candidates=names, top=top, semantics=semantics, method=method,
                   readouts=readouts, goal=goal)
    if ensemble:  # searched on the primary reading, each hypothesis checked on every member
        from ..ensemble import ensemble_hypotheses

        agreed = compute(ensemble_hypotheses, model, catalog, sc, size=members, seed=seed, **options,
                         timeout=timeout, meter=Meter("members"), label="hypotheses")
        text = json.dumps(agreed.to_dict(), indent=2) + "\n" if as_json else agreed.text() + "\n"
    else:
        report = compute(search, model, catalog, sc, **options, timeout=timeout,
                         meter=Meter("search levels", increments=True), label="hypotheses")
        text = report.to_json() if as_json else report.to_markdown(scenario_references(model_path, sc))
    if output:
        with writing_outputs():
            atomic_write(output, text)
        what = "JSON" if as_json else "Markdown"
        if ensemble:
            click.echo(f"wrote {output}: {what}, {len(agreed.report.hypotheses)} hypotheses checked on "
                       f"{len(agreed.members)} members", err=True)
        else:
            click.echo(f"wrote {output}: {what}, {len(report.hypotheses)} hypotheses in {len(report.groups())} "
                       f"mechanism(s), {report.searched} interventions evaluated", err=True)
    else:
        click.echo(text, nl=False)
