"""Commands about a model itself: check, attractors, graph, explain, drugs, mutations, scenarios."""

from __future__ import annotations

import sys
from typing import Callable

import click

from ..errors import InputError
from ._common import (announce, compute, defaults_option, default_model, emit_json, fix_option, hard_core_advice,
                      load_ledger, load_model, model_argument, method_option, model_option, outputs_checked, perturbed,
                      semantics_option, timeout_option, writing_outputs)


@click.command()
@model_argument
@click.option("--not-encoded", "not_encoded", type=click.Path(),
              help="Also write the ledger's statements the rules do not encode, as Markdown (rules/NOT_ENCODED.md).")
def check(model: str, not_encoded: str | None) -> None:
    """Validate a model and summarise it: nodes, inputs, edges, feedback loops.

    With a statement ledger beside the model (statements.toml), also its
    coverage: every rule term must have a statement behind it and every
    statement must be encoded or say why not; exit 1, listing what fails.
    """
    from ..ledger import coverage
    from ..report import summarize

    from ..catalog import read_catalog

    outputs_checked(not_encoded)
    m = load_model(model)
    ledger, references = load_ledger(model, m)
    read_catalog(model).validate(m, references)  # drugs and alterations: nodes, names, references
    if not_encoded and ledger is None:
        raise InputError.at(str(model), "--not-encoded needs a statement ledger (statements.toml) beside the model")
    result = coverage(ledger, m) if ledger is not None else None
    click.echo(summarize(m, result))
    if not_encoded and ledger is not None:  # (a missing ledger was refused above)
        from ..io._atomic import atomic_write
        from ..ledger import not_encoded_markdown

        atomic_write(not_encoded, not_encoded_markdown(ledger, references))
        click.echo(f"wrote {not_encoded}")
    if result is not None and not result.ok:
        click.echo(f"ledger: {len(result.failures())} problem(s)")
        for failure in result.failures():
            click.echo(f"  {failure}")
        sys.exit(1)


@click.command()
@model_argument
@fix_option
@defaults_option
@semantics_option
@method_option
@timeout_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def attractors(model: str, fixes: tuple[str, ...], defaults: bool, semantics: str, method: str,
               timeout: float | None, as_json: bool) -> None:
    """Exact attractors (async, sync, or most-permissive minimal trap spaces).

    The size of the search is estimated first (shown on a terminal, with a
    progress bar); a search that cannot fit in memory is refused with what
    would cope.
    """
    from ..engine.attractors import attractors as find
    from ..engine.meter import Meter
    from ..engine.percolate import percolate
    from ..engine.plan import plan
    from ..report import attractor_table

    m = perturbed(load_model(model), fixes, defaults)
    red = percolate(m)
    chosen = plan(m, semantics, method, red)
    announce(f"plan: {chosen.describe()}")
    chosen.check()
    found = compute(find, m, semantics=semantics, method=method, reduction=red, timeout=timeout,
                    meter=Meter("input classes", chosen.input_classes), label="attractors",
                    advice=hard_core_advice(chosen))
    if as_json:
        emit_json({"attractors": [a.to_dict() for a in found]})
        return
    click.echo(f"{len(found)} attractor(s), {semantics} semantics; "
               f"{len(red.constants)} of {len(m)} nodes fixed by percolation, {len(red.free)} free")
    click.echo(attractor_table(found, m))


@click.command()
@model_argument
@click.option("-o", "--output", type=click.Path(), required=True, help="GraphML file to write.")
def graph(model: str, output: str) -> None:
    """Write the signed interaction graph as GraphML."""
    from ..io.graphml import write_graphml

    outputs_checked(output)
    m = load_model(model)
    with writing_outputs():
        write_graphml(m, output)
    g = m.interaction_graph()
    click.echo(f"wrote {output}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")


@click.command()
@click.argument("node")
@model_option
def explain(node: str, model_path: str | None) -> None:
    """A node's rule, its review section, references and evidence, regulators and targets."""
    from ..report import explain_text

    path = default_model(model_path)
    model = load_model(path)
    ledger, references = load_ledger(path, model)
    click.echo(explain_text(model, model.resolve(node), ledger, references))


def _catalog_command(kind: str) -> Callable[[str | None, bool, bool], None]:
    @model_option
    @click.option("--json", "as_json", is_flag=True, help="The catalog entries as JSON (the catalog.toml tables).")
    @click.option("--csv", "as_csv", is_flag=True, help="One CSV row per entry.")
    def command(model_path: str | None, as_json: bool, as_csv: bool) -> None:
        from ..catalog import read_catalog
        from ..report import catalog_text

        catalog = read_catalog(default_model(model_path))
        key = "drugs" if kind == "drugs" else "alterations"
        if as_json and as_csv:
            raise click.UsageError("give --json or --csv, not both")
        if as_json:
            emit_json({key: catalog.to_dict()[key]})
        elif as_csv:
            click.echo(catalog.to_csv(key), nl=False)
        else:
            table = catalog.drugs if kind == "drugs" else catalog.alterations
            click.echo(catalog_text(table.values(), kind))

    command.__doc__ = f"List the {kind} of the model's catalog with classes, targets and references."
    return command


drugs = click.command(name="drugs")(_catalog_command("drugs"))
mutations = click.command(name="mutations")(_catalog_command("alterations"))


@click.command()
def scenarios() -> None:
    """List the scenarios bundled with the package (run one by name: mtorlogic run NAME)."""
    import tomllib

    from ..bundled import SCENARIOS, scenario_names

    for name in scenario_names():
        title = tomllib.loads((SCENARIOS / f"{name}.toml").read_text(encoding="utf-8")).get("name", "")
        click.echo(f"{name:<46} {title}")
