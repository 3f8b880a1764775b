"""Command-line commands for model files and figures: ``convert`` and ``plot``.

    mtorlogic convert model.sbml model.bnet [--booleanize]
    mtorlogic plot network -o net.png [--scenario S.toml [--causal]]
    mtorlogic plot attractors [MODEL] --scenario S.toml -o heat.png

libsbml and matplotlib are imported inside the commands, so ``mtorlogic
--help`` and the other commands do not pay for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import click

from ..errors import MtorlogicError
from ._common import (F, compute, default_model, load_model, load_scenario, model_argument, outputs_checked,
                      parse_assignments, writing_outputs)

if TYPE_CHECKING:
    from ..engine.attractors import Attractor, Reading
    from ..model import Model
    from ..phenotype import Verdict

# (model, {label: attractors}, title) of a figure's context
Groups = tuple["Model", dict[str, Sequence["Attractor"]], str | None]


@click.command()
@click.argument("paths", metavar="[IN] OUT", type=click.Path(), nargs=-1, required=True)
@click.option("--booleanize", is_flag=True,
              help="Expand multi-valued SBML-qual species into Boolean variables X_b1, X_b2, ...")
@click.option("--fix-defaults/--no-fix-defaults", default=None,
              help="Write inputs that have a default value as constants at that value. The default for bnet "
                   "and BooleanNet, which cannot hold defaults (so the converted model behaves the same); "
                   "--no-fix-defaults leaves those inputs free there.")
def convert(paths: tuple[str, ...], booleanize: bool, fix_defaults: bool | None) -> None:
    """Convert a model between formats, chosen by extension.

    Reads .rules (or a directory), .bnet, .booleannet, .sbml/.xml (SBML-qual);
    writes those and .bnd (MaBoSS, with a .cfg beside it) and .graphml. With
    only OUT, converts ./rules, else the bundled model.
    """
    if len(paths) > 2:
        raise click.UsageError(f"convert takes [IN] OUT, got {len(paths)} paths")
    source, target = (str(default_model(None)), paths[0]) if len(paths) == 1 else paths
    from ..identifiers import read_identifiers
    from ..io import check_writable_format, loses_defaults, output_files, read_model, write_model
    from ..references import read_references

    check_writable_format(target)
    outputs_checked(*output_files(target))
    model = read_model(source, booleanize=booleanize)
    defaults = model.defaults()
    if defaults and (fix_defaults or fix_defaults is None and loses_defaults(target)):
        model = model.with_defaults()
        if fix_defaults is None:
            click.echo(f"note: {Path(target).suffix} files cannot hold input defaults, so the {len(defaults)} "
                       f"inputs with one are written as constants at their default ({_listed(defaults)}); "
                       "--no-fix-defaults leaves them free", err=True)
    elif defaults and loses_defaults(target):
        click.echo(f"warning: {Path(target).suffix} files cannot hold input defaults: the {len(defaults)} inputs "
                   f"with one ({_listed(defaults)}) are free in {target}, so its attractors differ from the "
                   "model's (--fix-defaults writes them as constants)", err=True)
    with writing_outputs():
        write_model(model, target, references=read_references(source), identifiers=read_identifiers(source))
    also = f" (and {Path(target).with_suffix('.cfg')})" if Path(target).suffix.lower() == ".bnd" else ""
    click.echo(f"wrote {target}{also}: {len(model)} nodes, {len(model.inputs)} inputs")


def _listed(values: Mapping[str, int], shown: int = 4) -> str:
    items = [f"{node}={value}" for node, value in values.items()]
    return ", ".join(items[:shown]) + (f", ... {len(items) - shown} more" if len(items) > shown else "")


@click.group()
def plot() -> None:
    """Figures: the interaction graph, attractor heatmaps."""


def _context_options(fn: F) -> F:
    """Options that put the model in a context: a scenario and additions to it."""
    decorators = [
        click.option("--scenario", type=click.Path(), help="Scenario TOML (background, drugs, ...)."),
        click.option("--drug", "drugs", multiple=True, metavar="ID", help="Add a drug (repeatable)."),
        click.option("--mutation", "mutations", multiple=True, metavar="ID", help="Add an alteration (repeatable)."),
        click.option("--condition", "conditions", multiple=True, metavar="NODE=0|1", help="Set a condition input."),
        click.option("--fix", "fixes", multiple=True, metavar="NODE=0|1", help="Hold a node (repeatable)."),
        click.option("-o", "--output", type=click.Path(), required=True, help="Image file: .png, .svg or .pdf."),
    ]
    for d in reversed(decorators):
        fn = d(fn)
    return fn


def _attractor_groups(model_path: str, scenario: str | None, drugs: tuple[str, ...], mutations: tuple[str, ...],
                      conditions: tuple[str, ...], fixes: tuple[str, ...]) -> Groups:
    """(model, {label: attractors}, title) for the context the options describe.

    With a scenario (or drugs, alterations, conditions): the background and
    treated attractors, and the verdict when the model has the readouts. With
    only --fix: the attractors of the model at its input defaults plus the fixes.
    """
    from ..engine.attractors import attractors

    if scenario or drugs or mutations or conditions:
        from ..phenotype import Readouts, evaluate

        model, catalog, sc = load_scenario(scenario, model_path, drugs, mutations, conditions, fixes)
        readouts = Readouts()
        if readouts.proliferation in model and readouts.apoptosis in model:
            verdict = evaluate(model, sc, catalog, shares=False)
            groups: dict[str, Sequence[Attractor]] = {"background": verdict.background, "treated": verdict.treated}
            return model, groups, f"{sc.name}: {verdict.verdict.replace('_', ' ')}"
        background, treated = sc.fixes(model, catalog)
        groups = {"background": attractors(model.fix(background, sc.source))}
        if treated != background:
            groups["treated"] = attractors(model.fix(treated, sc.source))
        return model, groups, sc.name
    model = load_model(model_path)
    fixed = model.with_defaults().fix(parse_assignments(fixes))
    label = "attractor" if not fixes else "with " + ", ".join(fixes)
    return model, {label: attractors(fixed)}, None


def _bounded_groups(*context: object) -> Groups:
    """:func:`_attractor_groups` in a child process, so that Ctrl-C stops its searches at once."""
    from ..engine.meter import Meter

    return compute(_attractor_groups, *context, timeout=None, meter=Meter("searches"), label="attractors")


def _verdict(model_path: str, scenario: str | None, drugs: tuple[str, ...], mutations: tuple[str, ...],
             conditions: tuple[str, ...], fixes: tuple[str, ...]) -> tuple[Model, Verdict]:
    from ..phenotype import evaluate

    model, catalog, sc = load_scenario(scenario, model_path, drugs, mutations, conditions, fixes)
    return model, evaluate(model, sc, catalog, shares=False)


def _bounded_verdict(*context: Any) -> tuple[Model, Verdict]:
    """:func:`_verdict` in a child process, so that Ctrl-C stops its searches at once."""
    from ..engine.meter import Meter

    return compute(_verdict, *context, timeout=None, meter=Meter("searches"), label="verdict")


@plot.command()
@model_argument
@_context_options
@click.option("--state", type=click.Choice(["treated", "background"]), default="treated", show_default=True,
              help="With a scenario: colour by a treated or a background attractor.")
@click.option("--attractor", "which", type=click.IntRange(min=1), default=1, show_default=True,
              help="Which attractor colours the nodes (1 = the first).")
@click.option("--causal", is_flag=True,
              help="With a scenario: draw only its causal subnetwork (the chains from the drug through what it "
                   "changed, and for a resistant response the chain from the alteration to where the drug is "
                   "blocked), the chains highlighted.")
@click.option("--layout", type=click.Choice(["auto", "dot", "layers"]), default="auto", show_default=True,
              help="dot: Graphviz ranks; layers: rows by distance from the inputs; auto: dot when Graphviz is "
                   "installed.")
def network(model: str, scenario: str | None, drugs: tuple[str, ...], mutations: tuple[str, ...],
            conditions: tuple[str, ...], fixes: tuple[str, ...], output: str, state: str, which: int,
            causal: bool, layout: str) -> None:
    """Draw the signed interaction graph (inputs on top, phenotypes at the bottom).

    Without a context the nodes are coloured by kind; with --scenario (or
    --drug, --mutation, --condition, --fix) by their values in an attractor,
    with the causal chains of the treatment highlighted.
    """
    from ..plot import figure_format, plot_network, save_figure

    outputs_checked(output)
    figure_format(output)
    title: str | None = None
    values: Mapping[str, Reading] | None = None
    if layout == "dot":
        import shutil

        if shutil.which("dot") is None:
            raise MtorlogicError("--layout dot: the Graphviz 'dot' program is not installed "
                                 "(apt-get install graphviz), or use --layout layers")
    if causal:
        _causal_network(model, scenario, drugs, mutations, conditions, fixes, output, state, which, layout)
        return
    if scenario or drugs or mutations or conditions or fixes:
        m, groups, title = _bounded_groups(model, scenario, drugs, mutations, conditions, fixes)
        label = state if state in groups else next(iter(groups))
        atts = groups[label]
        if which > len(atts):
            raise MtorlogicError(f"--attractor {which}: only {len(atts)} attractor(s) to choose from ({label})")
        values = atts[which - 1].values
        title = f"{title + ' — ' if title else ''}{label} attractor {which} of {len(atts)}"
    else:
        m = load_model(model)
    with writing_outputs():
        save_figure(plot_network(m, values, title=title or m.name, layout=layout), output)
    click.echo(f"wrote {output}: {len(m)} nodes")


def _causal_network(model: str, scenario: str | None, drugs: tuple[str, ...], mutations: tuple[str, ...],
                    conditions: tuple[str, ...], fixes: tuple[str, ...], output: str, state: str, which: int,
                    layout: str) -> None:
    """``plot network --causal``: the scenario's causal subnetwork, its chains highlighted."""
    from ..blocking import causal_edges
    from ..plot import plot_network, save_figure

    if not (scenario or drugs):
        raise MtorlogicError("--causal needs a treated scenario: give --scenario or --drug")
    m, verdict = _bounded_verdict(model, scenario, drugs, mutations, conditions, fixes)
    name = verdict.scenario.name if verdict.scenario else "scenario"
    edges = causal_edges(verdict.changed, verdict.blocking)
    if not edges:
        raise MtorlogicError(f"'{name}': no causal chain to draw (no node the rules force changed, and no "
                             "blocking chain)")
    given = {n for n in m.nodes if m.info(n).kind == "drug" and all(a.values[n] == 1 for a in verdict.treated)}
    shown = {n for edge in edges for n in edge} | given
    atts = verdict.treated if state == "treated" else verdict.background
    if which > len(atts):
        raise MtorlogicError(f"--attractor {which}: only {len(atts)} attractor(s) to choose from ({state})")
    title = f"{name}: {verdict.response.replace('_', ' ')} — causal subnetwork, {state} attractor {which} of " \
            f"{len(atts)}"
    blocking = verdict.blocking.edges() if verdict.blocking is not None else set()
    with writing_outputs():
        save_figure(plot_network(m, atts[which - 1].values, title=title, highlight=edges - blocking,
                                 blocking=blocking, nodes=shown, layout=layout), output)
    click.echo(f"wrote {output}: causal subnetwork, {len(shown)} nodes, {len(edges)} chain edges")


@plot.command(name="attractors")
@model_argument
@_context_options
@click.option("--varying", is_flag=True, help="Only the nodes whose value differs between attractors.")
def attractors_heatmap(model: str, scenario: str | None, drugs: tuple[str, ...], mutations: tuple[str, ...],
                       conditions: tuple[str, ...], fixes: tuple[str, ...], output: str, varying: bool) -> None:
    """Heatmap of attractors by nodes (with a scenario: background and treated side by side)."""
    from ..plot import figure_format, plot_attractors, save_figure

    outputs_checked(output)
    figure_format(output)
    m, groups, title = _bounded_groups(model, scenario, drugs, mutations, conditions, fixes)
    with writing_outputs():
        save_figure(plot_attractors(m, groups, title=title or m.name, only_varying=varying), output)
    click.echo(f"wrote {output}: {sum(map(len, groups.values()))} attractor(s) by {len(m)} nodes")
