"""Commands about a model itself: check, attractors, graph, explain, drugs, mutations, scenarios."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Callable

import click

from ..errors import InputError

if TYPE_CHECKING:
    from ..engine.percolate import Reduction
    from ..model import Model
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
    from ..identifiers import read_identifiers, unknown_nodes
    from ..ledger import coverage
    from ..report import summarize

    from ..catalog import read_catalog

    outputs_checked(not_encoded)
    m = load_model(model)
    stale = unknown_nodes(read_identifiers(model), m.nodes)
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
    failures = (result.failures() if result is not None else []) + [
        f"identifiers.toml names a node the model does not have: {n}" for n in stale]
    if failures:
        click.echo(f"ledger: {len(failures)} problem(s)")
        for failure in failures:
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
@click.option("--count", "symbolic", is_flag=True,
              help="Count instead of describing each one. With --semantics mp: the minimal trap spaces as a set (BDDs), "
                   "the count and, per node, how many fix it to 0, to 1 or leave it free; chosen by itself when they "
                   "are too many to list. Asynchronous: the attractors, one state in each and no state sets (the "
                   "succession diagram on large cores: what biobalm's seeds answer).")
@click.option("--limit", type=click.IntRange(min=0), default=0,
              help="With a count: also list this many members (trap spaces; asynchronous: one state per attractor; "
                   "default none).")
@click.option("--seed", type=int, default=None, help="With a count and --limit: list a random sample drawn with this seed.")
def attractors(model: str, fixes: tuple[str, ...], defaults: bool, semantics: str, method: str,
               timeout: float | None, as_json: bool, symbolic: bool, limit: int, seed: int | None) -> None:
    """Exact attractors (async, sync, or most-permissive minimal trap spaces).

    An attractor is where the dynamics settle for good: a fixed point (one
    state that no rule changes) or a cycle of states (a node that changes in
    it reads as the share of states it is on). Fixed nodes are percolated
    first: their values are pushed through every rule they decide, and only
    the nodes left (the core) are searched. The size of the search is estimated first (shown on a terminal, with a
    progress bar); a search that cannot fit in memory is refused with what
    would cope. Minimal trap spaces too many to list are counted instead
    (--count), with per-node marginals and, with --limit, some members.
    Asynchronous attractors can be counted too (--count): one state in each,
    without the state sets that sizes and readouts need, which on large
    networks with many free nodes are the expensive part.
    """
    from ..engine.attractors import attractors as find
    from ..engine.meter import Meter
    from ..engine.percolate import percolate
    from ..engine.plan import plan
    from ..report import attractor_table

    if seed is not None and semantics != "mp":
        raise click.UsageError("--seed samples minimal trap spaces: use --semantics mp")
    if (symbolic or limit) and semantics == "sync":
        raise click.UsageError("--count and --limit count minimal trap spaces (--semantics mp) or asynchronous "
                               "attractors (--semantics async)")
    if (limit or seed is not None) and not symbolic:
        symbolic = True
    m = perturbed(load_model(model), fixes, defaults)
    red = percolate(m)
    if semantics == "async" and symbolic:
        _count_attractors(m, red, method, limit, timeout, as_json)
        return
    chosen = plan(m, semantics, method, red)
    if semantics == "mp" and (symbolic or (not chosen.feasible and method == "auto")):
        if not symbolic:
            announce(f"plan refused a list: {chosen.reason}; counting them as a set instead")
        _count_trap_spaces(m, red, limit, seed, timeout, as_json)
        return
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


def _count_attractors(m: Model, red: Reduction, method: str, limit: int, timeout: float | None,
                      as_json: bool) -> None:
    """The asynchronous attractors of ``m`` counted, one state in each (``limit`` of them listed)."""
    from ..engine.meter import Meter
    from ..engine.succession import attractor_seeds, seed_route

    route = seed_route(len(red.free))
    if method not in ("auto", route):
        raise click.UsageError(f"--count finds asynchronous attractors by {route} on this core of {len(red.free)} "
                               "free nodes; leave --method out")
    announce(f"plan: one state in each asynchronous attractor of a core of {len(red.free)} free nodes, by {route}; "
             "no state sets")
    seeds = compute(attractor_seeds, m, red, timeout=timeout, meter=Meter("diagrams", 1), label="attractors",
                    advice="fix inputs or nodes, or allow more time")
    if as_json:
        emit_json({"semantics": "async", "count": len(seeds), "states": seeds[:limit]})
        return
    click.echo(f"{len(seeds):,} attractor(s), async semantics (counted: one state in each, no state sets); "
               f"{len(red.constants)} of {len(m)} nodes fixed by percolation, {len(red.free)} free")
    for i, state in enumerate(seeds[:limit], start=1):
        click.echo(f"attractor {i}, a state in it: " + " ".join(f"{n}={v}" for n, v in state.items()))


def _count_trap_spaces(m: Model, red: Reduction, limit: int, seed: int | None, timeout: float | None,
                       as_json: bool) -> None:
    """The minimal trap spaces of ``m`` as a symbolic set: count, marginals, ``limit`` members."""
    from ..engine.meter import Meter
    from ..engine.symbolic_sets import summarize_trap_spaces

    announce(f"plan: minimal trap spaces of a core of {len(red.free)} free nodes, held as one set (BDDs, aeon)")
    summary = compute(summarize_trap_spaces, m, red, limit, seed, timeout=timeout, meter=Meter("sets", 1),
                      label="trap spaces")
    if as_json:
        emit_json(summary.to_dict())
        return
    click.echo(f"{summary.count:,} minimal trap space(s), mp semantics; "
               f"{len(red.constants)} of {len(m)} nodes fixed by percolation, {len(red.free)} free")
    width = max(len(n) for n in m.nodes)
    click.echo(f"{'node':<{width}}  {'fixed 0':>12}  {'fixed 1':>12}  {'free':>12}")
    for node, (zeros, ones, free) in summary.marginals.items():
        click.echo(f"{node:<{width}}  {zeros:>12,}  {ones:>12,}  {free:>12,}")
    for i, member in enumerate(summary.members, start=1):
        click.echo(f"member {i}: " + " ".join(f"{n}={v}" for n, v in member.items()))


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
