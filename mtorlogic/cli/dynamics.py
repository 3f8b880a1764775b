"""``mtorlogic simulate``: time courses of many stochastic (or synchronous) runs.

    mtorlogic simulate MODEL --runs 10000 --steps 100 --rates rates.toml --init init.toml \\
        --fix PTEN=0 --perturb-at 20 --seed 1 -o timecourse.csv --plot timecourse.png
    mtorlogic simulate scenarios/pten-loss-everolimus.toml      # settings from its [simulation] table

Settings and file formats: docs/simulation.md. matplotlib is imported only
when a plot is asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

import click

from ..errors import InputError
from ._common import (announce, compute, defaults_option, fix_option, load_model, load_scenario, outputs_checked,
                      parse_assignments, scenario_rates, timeout_option, writing_outputs)

if TYPE_CHECKING:
    from ..engine.initial import InitialDistribution
    from ..engine.simulate import Timecourse
    from ..model import Model
    from ..stochastic import SimulationSettings


@click.command()
@click.argument("source", metavar="MODEL|SCENARIO", type=click.Path())
@fix_option
@defaults_option
@click.option("--runs", type=int, default=None, help="Number of runs  [default: 1000, or the scenario's]")
@click.option("--steps", type=int, default=None, help="Number of time steps  [default: 100, or the scenario's]")
@click.option("--semantics", type=click.Choice(["async", "sync"]), default=None,
              help="Stochastic asynchronous or synchronous  [default: async]")
@click.option("--rates", "rates_path", type=click.Path(), help="Rate classes (TOML).")
@click.option("--init", "inits", multiple=True, metavar="FILE|NODE=P",
              help="Initial states: a file (TOML), or a node's chance of starting on (repeatable).")
@click.option("--perturb-at", type=int, default=None, metavar="T",
              help="Apply the drugs (for a MODEL: --fix) from step T  [default: 0]. A scenario's alterations and "
                   "fixes hold from the start (intrinsic), unless --acquired-at.")
@click.option("--acquired-at", type=int, default=None, metavar="T",
              help="A scenario's alterations and fixes arise at step T (no earlier than --perturb-at) in cells "
                   "already under the drugs: acquired rather than intrinsic resistance.")
@click.option("--updates-per-step", type=int, default=None, metavar="U",
              help="Updates per time step  [default: the number of nodes that can change]")
@click.option("--seed", type=int, default=None, help="Random seed  [default: 0]")
@click.option("-o", "--output", type=click.Path(), help="CSV of mean activities and scores per step (default: stdout).")
@click.option("--plot", "plot_path", type=click.Path(), help="Figure of the time course (.png, .svg or .pdf).")
@click.option("--show", "shown", multiple=True, metavar="NODE",
              help="A node to draw in --plot (repeatable; default: the phenotype nodes).")
@timeout_option
def simulate(source: str, fixes: tuple[str, ...], defaults: bool, runs: int | None, steps: int | None,
             semantics: str | None, rates_path: str | None, inits: tuple[str, ...], perturb_at: int | None,
             acquired_at: int | None, updates_per_step: int | None, seed: int | None, output: str | None,
             plot_path: str | None, shown: tuple[str, ...], timeout: float | None) -> None:
    """Simulate many runs; the fraction of runs with each node on, and scores, per time step.

    MODEL is a model file or directory; SCENARIO a .toml scenario: the tumour (its conditions,
    alterations and fixes) from the start, its drugs from --perturb-at. Unless the scenario or
    --init says otherwise, a scenario's runs start in the living attractors of that background
    (a cell committed to death stays dead, so a random start would begin with dead cells).
    With --acquired-at T the runs start from the conditions alone and the alterations arise at
    step T under the drugs: the acquired counterpart of the intrinsic resistance.
    """
    from ..engine.meter import Meter
    from ..engine.plan import format_bytes
    from ..engine.simulate import simulate_timecourse
    from ..io._atomic import atomic_write
    from ..stochastic import read_rates

    outputs_checked(output, plot_path)
    if plot_path:
        from ..plot import figure_format

        figure_format(plot_path)  # an unsupported extension fails before the work, not after
    elif shown:
        raise InputError.at("<command line>", "--show names nodes to draw with --plot FILE; add --plot")
    model, perturbation, acquired, settings, living_start = _context(source, fixes, defaults, acquired_at)
    settings = settings.override(runs=runs, steps=steps, semantics=semantics, perturb_at=perturb_at,
                                 updates_per_step=updates_per_step, seed=seed)
    _check_counts(settings)
    if acquired_at is not None and not settings.perturb_at <= acquired_at <= settings.steps:
        raise InputError.at("<command line>", f"--acquired-at must be a step from --perturb-at "
                            f"({settings.perturb_at}) to {settings.steps}, not {acquired_at}")
    _check_memory(settings, len(model), source, runs, steps)
    if rates_path:
        settings = settings.override(rates=read_rates(rates_path, model))
    settings = settings.override(initial=_initial(inits, settings.initial, model))
    initial: object = settings.initial
    if living_start and not inits:
        initial = _living_start(model, settings.runs, settings.seed)
    shown = tuple(model.resolve(name) for name in shown)
    announce(f"plan: {settings.runs:,} runs x {settings.steps:,} steps of {len(model)} nodes ({settings.semantics}); "
             f"memory about {format_bytes(settings.memory(len(model)))}")
    tc = compute(simulate_timecourse, model, settings.runs, settings.steps, initial=initial,
                 semantics=settings.semantics, rates=settings.rates or None,
                 updates_per_step=settings.updates_per_step, perturbation=perturbation or None,
                 perturb_at=settings.perturb_at, then=None if acquired_at is None else (acquired_at, acquired),
                 scores=settings.scores, seed=settings.seed, timeout=timeout,
                 meter=Meter("steps", total=settings.steps, frequent=True), label="simulating")
    with writing_outputs():  # the CSV and the figure together, or neither
        if plot_path:
            _plot(tc, plot_path, shown, model)
        if output:
            atomic_write(output, tc.to_csv())
    if output:
        per_step = f", {tc.updates_per_step} updates per step" if tc.semantics == "async" else ""
        click.echo(f"wrote {output}: {tc.runs} runs x {tc.steps} steps ({tc.semantics}{per_step})")
    else:
        click.echo(tc.to_csv(), nl=False)
    if plot_path:
        click.echo(f"wrote {plot_path}", err=output is None)


def _context(source: str, fixes: tuple[str, ...], defaults: bool, acquired_at: int | None = None
             ) -> tuple[Model, dict[str, int], dict[str, int], SimulationSettings, bool]:
    """(model at the start, perturbation, what is acquired later, settings, start in its living attractors?)
    from a model or a scenario and --fix."""
    from ..bundled import scenario_names
    from ..io._toml import Document
    from ..stochastic import SimulationSettings, model_rates, simulation_settings

    fixed = parse_assignments(fixes)
    bundled = not Path(source).exists() and source in scenario_names()  # a scenario by name, as `run` takes
    if not source.lower().endswith(".toml") and not bundled:
        if acquired_at is not None:
            raise InputError.at("<command line>", "--acquired-at applies to a scenario's alterations; "
                                "for a MODEL, hold nodes with --fix from --perturb-at")
        model = load_model(source)
        return (model.with_defaults() if defaults else model), fixed, {}, SimulationSettings(
            rates=model_rates(source, model) or {}), False
    if not defaults:
        raise InputError.at("<command line>", "--no-defaults applies to a model; a scenario's background always "
                            "starts from the model's defaults (set inputs with its 'conditions')")
    from ..scenario import Scenario

    model, catalog, sc = load_scenario(source, None, (), (), (), fixes)
    environment, _ = Scenario(conditions=sc.conditions, source=sc.source, text=sc.text).fixes(model, catalog)
    background, treated = sc.fixes(model, catalog)
    drugs = {node: value for node, value in treated.items() if background.get(node) != value}
    altered = {node: value for node, value in background.items() if environment.get(node) != value}
    start_model = model.fix(environment if acquired_at is not None else background, sc.source)
    settings = simulation_settings(sc.simulation, start_model, Document(sc.text, sc.source, ("simulation",)))
    if not settings.rates:  # the model's own rate classes, unless the scenario names some
        settings = settings.override(rates=scenario_rates(None, sc, model) or {})
    living_start = "init" not in (sc.simulation or {})
    return start_model, drugs, (altered if acquired_at is not None else {}), settings, living_start


def _living_start(model: Model, runs: int, seed: int) -> object:
    """Each run's initial state: a state of a living attractor of ``model`` (attractors equally likely,
    their states too), or the default random start where an attractor is too large to list."""
    import numpy as np

    from ..engine.attractors import attractors
    from ..phenotype import Readouts, living

    readouts = Readouts()
    if not {readouts.proliferation, readouts.apoptosis} <= set(model.nodes):
        return None
    found = living(attractors(model), readouts)
    if not found or any(a.states is None for a in found):
        announce("initial: random (a background attractor is too large to start from)")
        return None
    rng = np.random.default_rng(seed)
    pick = rng.integers(len(found), size=runs)
    rows = np.zeros((runs, len(model.nodes)), dtype=bool)
    for i, att in enumerate(found):
        chosen = np.flatnonzero(pick == i)
        assert att.states is not None  # checked above
        states = att.states[:, [att.nodes.index(n) for n in model.nodes]].astype(bool)
        rows[chosen] = states[rng.integers(len(states), size=chosen.size)]
    announce(f"initial: the {len(found)} living attractor(s) of the background")
    return rows


def _check_counts(settings: SimulationSettings) -> None:
    problems = [(settings.runs < 1, f"the number of runs must be at least 1, not {settings.runs}"),
                (settings.steps < 0, f"the number of steps must not be negative, not {settings.steps}"),
                (not 0 <= settings.perturb_at <= max(settings.steps, 0),
                 f"--perturb-at must be a step from 0 to {settings.steps}, not {settings.perturb_at}"),
                (settings.updates_per_step is not None and settings.updates_per_step < 1,
                 f"--updates-per-step must be at least 1, not {settings.updates_per_step}"),
                (settings.seed < 0, f"--seed must not be negative, not {settings.seed}")]
    for bad, message in problems:
        if bad:
            raise InputError.at("<command line>", message)


def _check_memory(settings: SimulationSettings, nodes: int, source: str, runs: int | None, steps: int | None) -> None:
    """Refuse a simulation too large for memory, at the scenario line that set its size when one did."""
    from ..io._toml import Document

    problem = settings.memory_problem(nodes)
    if problem is None:
        return
    if source.lower().endswith(".toml"):
        from ..io._read import read_input

        doc = Document(read_input(source), source, ("simulation",))
        for key, option in (("steps", steps), ("runs", runs)):
            line, column = doc.locate(("simulation", key)) if option is None else (0, 0)
            if line and doc.text.splitlines()[line - 1].lstrip().startswith(key):
                raise InputError.at(source, problem, line, column)
    raise InputError.at("<command line>", problem)


def _initial(inits: Iterable[str], initial: InitialDistribution, model: Model) -> InitialDistribution:
    """The initial distribution: the scenario's or a file's, with NODE=P options on top."""
    from dataclasses import replace

    from ..stochastic import read_initial

    files = [item for item in inits if "=" not in item]
    if len(files) > 1:
        raise InputError.at("<command line>", f"--init takes one file, not {len(files)}: {', '.join(files)}")
    if files:
        initial = read_initial(files[0], model)
    chances: dict[str, float] = {}
    for item in inits:
        if "=" not in item:
            continue
        name, _, value = item.partition("=")
        try:
            chance = float(value)
        except ValueError:
            chance = -1.0
        if not 0.0 <= chance <= 1.0:
            raise InputError.at("<command line>", f"--init takes FILE or NODE=P with P 0, 1 or a probability, "
                                f"not '{item}'")
        chances[model.resolve(name.strip())] = chance
    return replace(initial, probabilities={**initial.probabilities, **chances}) if chances else initial


def _plot(tc: Timecourse, path: str, shown: Sequence[str], model: Model) -> None:
    """Mean activity of ``shown`` nodes (default: the model's phenotype nodes and the scores) per step."""
    from ..plot import plot_timecourse, save_figure

    save_figure(plot_timecourse(tc, shown, model=model), path)
