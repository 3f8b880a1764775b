"""``mtorlogic report``: one scenario as a self-contained interactive HTML page."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from ._common import (load_scenario, method_option, outputs_checked, scenario_options, scenario_references,
                      semantics_option)


@click.command()
@scenario_options
@semantics_option
@method_option
@click.option("-o", "--output", type=click.Path(), required=True, help="The HTML file to write (.html).")
def report(scenario: str | None, model_path: str | None, drugs: tuple[str, ...], mutations: tuple[str, ...],
           conditions: tuple[str, ...], fixes: tuple[str, ...], semantics: str, method: str, output: str) -> None:
    """An HTML report of a scenario: verdict, attractors, the network with the treatment's
    causal chains (zoom, click a node for its rule and references), and the references.

    SCENARIO is a .toml file or the name of a bundled scenario. The page works
    offline: everything it needs is inside the file.
    """
    from ..html_report import write_report
    from ..phenotype import check_expectations, evaluate

    outputs_checked(output)
    if Path(output).suffix.lower() not in (".html", ".htm"):
        raise InputError.at(output, "the report is an HTML page: give a file name ending in .html")
    model, catalog, sc = load_scenario(scenario, model_path, drugs, mutations, conditions, fixes)
    result = evaluate(model, sc, catalog, semantics=semantics, method=method)
    references = scenario_references(model_path, sc)
    data = write_report(model, result, output, catalog, check_expectations(result, model), references.cite)
    click.echo(f"wrote {output}: {result.verdict.replace('_', ' ')}; {len(data.nodes)} nodes, "
               f"{len(data.chain_edges)} edges on causal chains, {len(data.references)} references")
