"""Commands about a model itself: check, attractors, graph, explain, drugs, mutations, scenarios."""

from __future__ import annotations

import click

from ._common import (defaults_option, default_model, emit_json, fix_option, load_model, model_argument,
                      model_option, perturbed, semantics_option)


@click.command()
@model_argument
def check(model):
    """Validate a model and summarise it: nodes, inputs, edges, feedback loops."""
    from ..report import summarize

    m = load_model(model)
    click.echo(summarize(m))


@click.command()
@model_argument
@fix_option
@defaults_option
@semantics_option
@click.option("--method", type=click.Choice(["auto", "exhaustive", "symbolic", "asp"]), default="auto", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def attractors(model, fixes, defaults, semantics, method, as_json):
    """Exact attractors (async, sync, or most-permissive minimal trap spaces)."""
    from ..engine.attractors import attractors as find
    from ..engine.percolate import percolate
    from ..report import attractor_table

    m = perturbed(load_model(model), fixes, defaults)
    red = percolate(m)
    found = find(m, semantics=semantics, method=method, reduction=red)
    if as_json:
        emit_json({"attractors": [a.to_dict() for a in found]})
        return
    click.echo(f"{len(found)} attractor(s), {semantics} semantics; "
               f"{len(red.constants)} of {len(m)} nodes fixed by percolation, {len(red.free)} free")
    click.echo(attractor_table(found, m))


@click.command()
@model_argument
@click.option("-o", "--output", type=click.Path(), required=True, help="GraphML file to write.")
def graph(model, output):
    """Write the signed interaction graph as GraphML."""
    from ..io.graphml import write_graphml

    m = load_model(model)
    write_graphml(m, output)
    g = m.interaction_graph()
    click.echo(f"wrote {output}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")


@click.command()
@click.argument("node")
@model_option
def explain(node, model_path):
    """A node's rule, its review section, references and evidence, regulators and targets."""
    from ..report import explain_text

    model = load_model(default_model(model_path))
    click.echo(explain_text(model, model.resolve(node)))


def _catalog_command(kind):
    @model_option
    def command(model_path):
        from ..catalog import read_catalog
        from ..report import catalog_text

        catalog = read_catalog(default_model(model_path))
        table = catalog.drugs if kind == "drugs" else catalog.alterations
        click.echo(catalog_text(table.values(), kind))

    command.__doc__ = f"List the {kind} of the model's catalog with classes, targets and references."
    return command


drugs = click.command(name="drugs")(_catalog_command("drugs"))
mutations = click.command(name="mutations")(_catalog_command("alterations"))


@click.command()
def scenarios():
    """List the scenarios bundled with the package (run one by name: mtorlogic run NAME)."""
    import tomllib

    from ..bundled import SCENARIOS, scenario_names

    for name in scenario_names():
        title = tomllib.loads((SCENARIOS / f"{name}.toml").read_text(encoding="utf-8")).get("name", "")
        click.echo(f"{name:<46} {title}")
