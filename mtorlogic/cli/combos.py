"""``mtorlogic synergy``, ``mtorlogic calibrate`` and ``mtorlogic validate``: combinations as the field scores them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import InputError, did_you_mean
from ._common import (announce, compute, emit_json, load_model, load_scenario, outputs_checked, timeout_option,
                      writing_outputs)

_METHOD = click.Choice(["bliss", "hsa"])


def _drug_list(text: str | None) -> list[str]:
    names = [d.strip() for d in (text or "").split(",") if d.strip()]
    if len(set(names)) < len(names):
        raise InputError.at("<command line>", f"--drugs lists a drug twice: '{text}'")
    return names


@click.command()
@click.argument("target")
@click.option("--drugs", default=None, help="Comma-separated drugs (catalog names, or NODE / NODE=0|1 held by the "
                                            "drug); a DrugLogics folder defaults to its perturbations.")
@click.option("--model", "model_path", type=click.Path(), default=None, help="Model for a scenario.")
@click.option("--method", type=_METHOD, default=None,
              help="Which excess ranks and decides agreement (default: the folder's config, else bliss).")
@click.option("--triples", is_flag=True, help="Also every triple of drugs.")
@click.option("--members", type=click.IntRange(min=1), default=100, show_default=True,
              help="Ensemble size calibrated from a DrugLogics folder.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for drawing tied members.")
@click.option("--outputs", "outputs_path", type=click.Path(), default=None,
              help="Readout weights (DrugLogics modeloutputs; default Proliferation +1, Apoptosis -1).")
@click.option("--semantics", type=click.Choice(["async", "sync", "mp"]), default="async", show_default=True,
              help="Attractors of a model (DrugLogics folders use stable states).")
@click.option("--scores", is_flag=True, help="Also fate probabilities per treatment (models with both readouts).")
@click.option("--mutations", default=None, help="Comma-separated alterations: the synergies in each as a background "
                                                "too (a screen across backgrounds).")
@click.option("-o", "--output", type=click.Path(), help="CSV of the ranked combinations (JSON when it ends in .json).")
@click.option("--plot", type=click.Path(), help="Heat map of pair synergies (.png, .svg, .pdf).")
@timeout_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def synergy(target: str, drugs: str | None, model_path: str | None, method: str | None, triples: bool, members: int,
            seed: int, outputs_path: str | None, semantics: str, scores: bool, mutations: str | None, output: str | None,
            plot: str | None, timeout: float | None, as_json: bool) -> None:
    """Synergy of drug pairs by Bliss and HSA excess (higher = more synergistic), ranked.

    TARGET is a DrugLogics folder (network.sif, drugpanel, perturbations, steadystate,
    modeloutputs, config): the whole pipeline runs, calibrating an ensemble of link-operator
    models to the baseline and scoring every listed pair over it. Otherwise TARGET is a
    scenario (its background) or a model file, and --drugs says what to combine.
    """
    from ..io.druglogics import is_druglogics_folder

    outputs_checked(output, plot)
    if plot:
        from ..plot import figure_format

        figure_format(plot)
    names = _drug_list(drugs)
    screen = None
    if is_druglogics_folder(target):
        from ..pipeline import run_folder

        announce(f"plan: calibrate up to {members} members, then every treatment on each (stable states)")
        folder = compute(run_folder, target, timeout=timeout, meter=_meter(), label="synergy", size=members, seed=seed,
                         method=method, drugs=names or None, triples=triples)
        result, data = folder.synergy, folder.to_dict()
        announce(f"pipeline: {folder.timings}")
    else:
        result, screen = _model_synergy(target, names, model_path, method or "bliss", triples, outputs_path, semantics,
                                        scores, _drug_list(mutations), timeout)
        data = result.to_dict() if screen is None else screen.to_dict()
    with writing_outputs():
        if output:
            from ..io._atomic import atomic_write
            import json

            table = result if screen is None else screen
            atomic_write(output, json.dumps(data, indent=2) + "\n" if output.endswith(".json") else table.to_csv())
        if plot:
            result.plot(plot)
    if as_json:
        emit_json(data)
    else:
        click.echo(result.table() if screen is None else screen.table())
        for note in result.notes:
            click.echo(f"note: {note}")


def _model_synergy(target: str, names: list[str], model_path: str | None, method: str, triples: bool,
                   outputs_path: str | None, semantics: str, scores: bool, mutations: list[str],
                   timeout: float | None) -> tuple[Any, Any]:
    from ..catalog import Catalog
    from ..io.druglogics import read_modeloutputs
    from ..scenario import Scenario
    from ..synergy import synergy as run_synergy
    from ..synergy import synergy_screen

    if len(names) < 2:
        raise InputError.at("<command line>", "--drugs needs at least two drugs to combine")
    path = Path(target)
    if path.exists() and path.suffix.lower() != ".toml" and model_path is None:
        model, catalog, sc = load_model(path), Catalog(), Scenario(name=path.stem)
    else:
        model, catalog, sc = load_scenario(target, model_path, (), (), (), ())
    background, _ = sc.fixes(model, catalog)
    drug_fixes = {}
    for name in names:
        drug_fixes[name] = _drug_fixes(name, model, catalog, sc, background)
    if outputs_path:
        outputs = read_modeloutputs(outputs_path, model.nodes)
    else:
        outputs = {n: w for n, w in (("Proliferation", 1.0), ("Apoptosis", -1.0)) if n in model}
        if not outputs:
            raise InputError.at("<command line>", "the model has no Proliferation or Apoptosis node: give the readout "
                                "weights with --outputs FILE (DrugLogics modeloutputs: NODE WEIGHT a line)")
    members = [(model.name or "model", model)]
    result = compute(run_synergy, members, drug_fixes, outputs, method, timeout=timeout, meter=_meter(), label="synergy",
                     background=background, triples=triples, semantics=semantics, scores=scores)
    result.notes.append(f"background: {sc.name}; one model (an ensemble of one); responses on {semantics} attractors")
    if not mutations:
        return result, None
    backgrounds = {sc.name: background}
    for alteration in mutations:
        backgrounds[alteration] = sc.extend(alterations=[alteration]).fixes(model, catalog)[0]
    return result, compute(synergy_screen, members, backgrounds, drug_fixes, outputs, method, timeout=timeout,
                           meter=_meter(), label="synergy screen", triples=triples, semantics=semantics)


def _meter() -> Any:
    from ..engine.meter import Meter

    return Meter("treatments x members", frequent=True)


def _drug_fixes(name: str, model: Any, catalog: Any, sc: Any, background: dict[str, int]) -> dict[str, int]:
    """What a drug holds: the catalog's entry, else ``NODE`` (knocked out) or ``NODE=0|1``."""
    node, sep, value = name.partition("=")
    if catalog and not sep:
        try:
            catalog.drug(name)
        except InputError:
            pass
        else:
            _, treated = sc.extend(drugs=[name]).fixes(model, catalog)
            return {n: v for n, v in treated.items() if background.get(n) != v}
    if sep and value.strip() not in ("0", "1"):
        raise InputError.at("<command line>", f"--drugs: '{name}' must be a drug, NODE or NODE=0|1")
    try:
        return {model.resolve(node.strip()): int(value) if sep else 0}
    except InputError:
        raise InputError.at("<command line>", f"--drugs: '{node.strip()}' is neither a drug of the catalog nor a node"
                            + did_you_mean(node.strip(), [*model.nodes, *(catalog.drugs if catalog else ())])) from None


@click.command()
@click.argument("model")
@click.option("--data", "data_path", type=click.Path(), default=None,
              help="Baseline: DrugLogics steadystate/training, TOML [baseline] or CSV node,value "
                   "(default: the folder's steadystate).")
@click.option("--members", type=click.IntRange(min=1), default=100, show_default=True, help="Members to keep.")
@click.option("--min-fitness", type=click.FloatRange(0, 1), default=None,
              help="Keep every member at or above this fitness (up to --members) instead of the best.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("-o", "--output", type=click.Path(), help="CSV of the kept members (JSON when it ends in .json).")
@timeout_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def calibrate(model: str, data_path: str | None, members: int, min_fitness: float | None, seed: int,
              output: str | None, timeout: float | None, as_json: bool) -> None:
    """Keep the link-operator variants of MODEL whose stable states best match a baseline.

    MODEL is a DrugLogics folder, a .sif signed graph or a model file (its signed graph).
    Fitness is the fraction of measured nodes matched, averaged over a member's stable
    states (Gitsbe's); the search is exact by answer-set programming.
    """
    import json

    from ..calibrate import calibrate as run_calibrate
    from ..calibrate import load_family
    from ..io.druglogics import read_baseline

    outputs_checked(output)
    family, folder = load_family(model)
    if data_path:
        observations = read_baseline(data_path, family.graph.nodes)
    elif folder is not None and folder.training:
        observations = folder.training
    else:
        raise InputError.at("<command line>", "no baseline: give --data FILE")
    from ..engine.meter import Meter

    announce(f"plan: {family.size} link-operator variants ({len(family.choices)} targets with both kinds of "
             f"regulators); exact search by answer-set programming")
    result = compute(run_calibrate, family, observations, timeout=timeout, meter=Meter("solver calls"),
                     label="calibrate", size=members, seed=seed, min_fitness=min_fitness,
                     outputs=folder.outputs if folder is not None else None)
    data = result.to_dict()
    rows = ["rank,name,fitness,or_not"] + [f"{i},{m.name},{f:.6g},{' '.join(sorted(m.or_not))}"
                                           for i, (m, f) in enumerate(zip(result.members, result.fitness), start=1)]
    with writing_outputs():
        if output:
            from ..io._atomic import atomic_write

            atomic_write(output, json.dumps(data, indent=2) + "\n" if output.endswith(".json") else "\n".join(rows) + "\n")
    if as_json:
        emit_json(data)
        return
    count = "all enumerated" if result.exact_count is not None else "a seeded draw"
    click.echo(f"{len(result.members)} of {result.family_size} link-operator variants kept ({result.method}, {count}); "
               f"fitness {min(result.fitness, default=0):.3f}..{max(result.fitness, default=0):.3f}, "
               f"best possible {result.best_bound:.3f}"
               + (f"; {result.exact_count} members reach {result.level:.3f}" if result.exact_count is not None else ""))
    for note in result.notes:
        click.echo(f"note: {note}")
    for row in rows[: 21]:
        click.echo(row.replace(",", "\t"))
    if len(rows) > 21:
        click.echo(f"... {len(rows) - 21} more (-o FILE writes all)")


@click.command()
@click.argument("predictions", type=click.Path())
@click.option("--observed", "observed_path", type=click.Path(), required=True,
              help="Table: key (pair A+B or scenario) and observation (1/0, synergistic/additive, or a label).")
@click.option("--threshold", type=float, default=0.0, show_default=True, help="Predicted positive when score > this.")
@click.option("--positive", default=None, help="The observed label that counts as positive (e.g. cytotoxic).")
@click.option("--plot", type=click.Path(), help="ROC and precision-recall curves (.png, .svg, .pdf).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def validate(predictions: str, observed_path: str, threshold: float, positive: str | None, plot: str | None,
             as_json: bool) -> None:
    """Compare predictions (mtorlogic synergy --json or a CSV/TSV key,score) with observations:
    ROC AUC (ties count half), PR AUC (average precision), the confusion table; missing
    predictions are counted and ranked last, never dropped."""
    from ..validate import read_observed, read_predictions
    from ..validate import validate as run_validate

    outputs_checked(plot)
    if plot:
        from ..plot import figure_format

        figure_format(plot)
    result = run_validate(read_predictions(predictions), read_observed(observed_path, positive), threshold)
    with writing_outputs():
        if plot:
            result.plot(plot)
    if as_json:
        emit_json(result.to_dict())
    else:
        click.echo(result.text())
