"""The ``mtorlogic`` command line: thin wrappers over the modules.

Every user error prints ``file:line:column: message`` to stderr and exits 2;
no traceback reaches the user.
"""

from __future__ import annotations

import json
import sys

import click

from .errors import InputError, MtorlogicError


class _Group(click.Group):
    """Turns project errors into exit 2 and Ctrl-C into exit 130, without tracebacks."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except InputError as e:
            for problem in e.problems:
                click.echo(f"error: {problem}", err=True)
            sys.exit(2)
        except MtorlogicError as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mtorlogic")
def main():
    """mtorlogic: Boolean models of mTOR signalling and drug resistance."""


def _load(path):
    from .io import read_model

    return read_model(path)


def _parse_assignments(items, what="--fix"):
    values = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or value.strip() not in ("0", "1") or not name.strip():
            raise InputError.at("<command line>", f"{what} takes NODE=0 or NODE=1, not '{item}'")
        values[name.strip()] = int(value)
    return values


def _perturbed(model, fixes, defaults: bool):
    if defaults:
        model = model.with_defaults()
    return model.fix(_parse_assignments(fixes)) if fixes else model


def _emit_json(data) -> None:
    click.echo(json.dumps(data, indent=2, sort_keys=False))


model_argument = click.argument("model", type=click.Path())
fix_option = click.option("--fix", "fixes", multiple=True, metavar="NODE=0|1",
                          help="Hold a node at a value (repeatable).")
defaults_option = click.option("--defaults/--no-defaults", default=True, show_default=True,
                               help="Fix inputs to their declared default values first.")


@main.command()
@model_argument
def check(model):
    """Validate a model and summarise it: nodes, inputs, edges, feedback loops."""
    from .report import summarize

    m = _load(model)
    click.echo(summarize(m))


@main.command()
@model_argument
@fix_option
@defaults_option
@click.option("--semantics", type=click.Choice(["async", "sync", "mp"]), default="async", show_default=True)
@click.option("--method", type=click.Choice(["auto", "exhaustive", "symbolic"]), default="auto", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def attractors(model, fixes, defaults, semantics, method, as_json):
    """Exact attractors (async, sync, or most-permissive minimal trap spaces)."""
    from .engine.attractors import attractors as find
    from .engine.percolate import percolate
    from .report import attractor_table

    m = _perturbed(_load(model), fixes, defaults)
    red = percolate(m)
    found = find(m, semantics=semantics, method=method, reduction=red)
    if as_json:
        _emit_json({"attractors": [a.to_dict() for a in found]})
        return
    click.echo(f"{len(found)} attractor(s), {semantics} semantics; "
               f"{len(red.constants)} of {len(m)} nodes fixed by percolation, {len(red.free)} free")
    click.echo(attractor_table(found, m))


@main.command()
@model_argument
@click.option("-o", "--output", type=click.Path(), required=True, help="GraphML file to write.")
def graph(model, output):
    """Write the signed interaction graph as GraphML."""
    from .io.graphml import write_graphml

    m = _load(model)
    write_graphml(m, output)
    g = m.interaction_graph()
    click.echo(f"wrote {output}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")


def scenario_options(fn):
    """The options shared by run, hypotheses and screen: a scenario and additions to it."""
    decorators = [
        click.argument("scenario", required=False, type=click.Path()),
        click.option("--model", "model_path", type=click.Path(), help="Model (default: the scenario's, or ./rules)."),
        click.option("--drug", "drugs", multiple=True, metavar="ID", help="Add a drug (repeatable)."),
        click.option("--mutation", "mutations", multiple=True, metavar="ID", help="Add an alteration (repeatable)."),
        click.option("--condition", "conditions", multiple=True, metavar="NODE=0|1", help="Set a condition input."),
        click.option("--fix", "fixes", multiple=True, metavar="NODE=0|1", help="Hold a node in the background."),
    ]
    for d in reversed(decorators):
        fn = d(fn)
    return fn


def load_scenario(scenario, model_path, drugs, mutations, conditions, fixes):
    """(model, catalog, scenario) from a scenario file and/or command-line additions."""
    from .catalog import read_catalog
    from .scenario import Scenario, default_model_path, read_scenario

    sc = read_scenario(scenario) if scenario else Scenario(name="default background")
    sc = sc.extend(drugs=drugs, alterations=mutations, conditions=_parse_assignments(conditions, "--condition"),
                   fix=_parse_assignments(fixes))
    path = model_path or default_model_path(sc)
    model = _load(path)
    catalog = read_catalog(path)
    catalog.validate(model)
    return model, catalog, sc


@main.command()
@scenario_options
@click.option("--semantics", type=click.Choice(["async", "sync", "mp"]), default="async", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def run(scenario, model_path, drugs, mutations, conditions, fixes, semantics, as_json):
    """Verdict of a scenario: sensitive, resistant, partial or not applicable, with evidence.

    Exits 1 when the scenario's expectations do not all hold.
    """
    from .phenotype import check_expectations, evaluate
    from .report import verdict_text

    model, catalog, sc = load_scenario(scenario, model_path, drugs, mutations, conditions, fixes)
    result = evaluate(model, sc, catalog, semantics=semantics)
    outcomes = check_expectations(result, model)
    if as_json:
        data = result.to_dict()
        if outcomes:
            data["expectations"] = [{"expect": o.expectation.describe(), "holds": o.holds,
                                     "refs": list(o.expectation.refs)} for o in outcomes]
        _emit_json(data)
    else:
        click.echo(verdict_text(result, model, outcomes))
    if not all(o.holds for o in outcomes):
        sys.exit(1)


@main.command()
@click.argument("node")
@click.option("--model", "model_path", type=click.Path(), default=None, help="Model (default: ./rules).")
def explain(node, model_path):
    """A node's rule, its review section, references and evidence, regulators and targets."""
    from .report import explain_text
    from .scenario import default_model_path

    model = _load(model_path or default_model_path())
    click.echo(explain_text(model, model.resolve(node)))


def _catalog_command(kind):
    @click.option("--model", "model_path", type=click.Path(), default=None, help="Model (default: ./rules).")
    def command(model_path):
        from .catalog import read_catalog
        from .report import catalog_text
        from .scenario import default_model_path

        catalog = read_catalog(model_path or default_model_path())
        table = catalog.drugs if kind == "drugs" else catalog.alterations
        click.echo(catalog_text(table.values(), kind))

    command.__doc__ = f"List the {kind} of the model's catalog with classes, targets and references."
    return command


main.command(name="drugs")(_catalog_command("drugs"))
main.command(name="mutations")(_catalog_command("alterations"))


# Commands that live in modules of their own (each imports its heavy libraries lazily).
from .cli_dynamics import simulate  # noqa: E402
from .cli_io import convert, plot  # noqa: E402
from .cli_screen import hypotheses, screen  # noqa: E402

for _command in (simulate, convert, plot, screen, hypotheses):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main()
