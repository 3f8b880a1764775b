"""``mtorlogic profile`` and ``mtorlogic screen --profiles``: tumour and cell-line profiles."""

from __future__ import annotations

import math
from typing import Any

import click

from ._common import (announce, default_model, emit_json, load_model, outputs_checked, planned, progress_display,
                      readouts_for, writing_outputs)


@click.command()
@click.argument("profiles", nargs=-1, required=True)
@click.option("--model", "model_path", type=click.Path(), default=None,
              help="Model whose variants.toml maps the profile (default: ./rules, else the bundled mTOR model).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def profile(profiles: tuple[str, ...], model_path: str | None, as_json: bool) -> None:
    """How each variant of a profile counts: the catalog alteration, or why none.

    PROFILES are files (text 'GENE CHANGE' lines, TOML, MAF or cBioPortal
    tables), directories of them, or a bundled set such as 'breast-lines'.
    """
    from ..profiles import map_profiles, read_profiles

    path = default_model(model_path)
    mapped = map_profiles([p for item in profiles for p in read_profiles(item)], path)
    if as_json:
        emit_json({"profiles": [m.to_dict() for m in mapped]})
    else:
        click.echo("\n".join(m.describe() for m in mapped))


def screen_profiles(profiles_path: str, model_path: str | None, drug_grid: str | None, workers: int,
                    scheduler: str | None, semantics: str, method: str, output: str | None, json_output: str | None,
                    plot: str | None, readout_names: tuple[str, str], scores: bool, score_options: dict[str, Any],
                    timeout: float | None) -> None:
    """``screen --profiles``: every drug on every profile, ranked per profile."""
    from ..catalog import read_catalog
    from ..engine.meter import Meter
    from ..io._atomic import atomic_write
    from ..profiles import map_profiles, profile_screen, read_profiles

    outputs_checked(output, json_output, plot)
    if plot:
        from ..plot import figure_format

        figure_format(plot)
    path = default_model(model_path)
    model, catalog = load_model(path), read_catalog(path)
    catalog.validate(model)
    readouts = readouts_for(model, *readout_names)
    mapped = map_profiles(read_profiles(profiles_path), path)
    for m in mapped:
        if m.unmapped:
            click.echo(f"{m.name}: not mapped: " + "; ".join(c.reason for c in m.unmapped), err=True)
    drugs = drug_grid or "all"
    distinct = len({m.alterations for m in mapped})
    base = planned(model.with_defaults(), semantics, method)
    announce(f"plan: {len(mapped)} profiles ({distinct} distinct backgrounds) x {drugs} drugs, each two searches "
             f"like: {base.describe()}")
    base.check()
    meter = Meter("rows", increments=True)
    with progress_display(meter, "screening profiles") as bar:
        result = profile_screen(model, catalog, mapped, drugs, workers=workers, scheduler=scheduler,
                                semantics=semantics, method=method, readouts=readouts, progress=bar.update,
                                scores=scores, score_options=score_options,
                                timeout=math.inf if timeout is None else timeout)
    csv_text = result.to_csv()
    with writing_outputs():
        if output:
            atomic_write(output, result.to_json() if output.endswith(".json") else csv_text)
        if json_output:
            atomic_write(json_output, result.to_json())
        if plot:
            from ..plot_profiles import plot_profile_screen

            plot_profile_screen(result, plot)
    click.echo(result.table(), nl=False)
    if output or json_output or plot:
        written = ", ".join(p for p in (output, json_output, plot) if p)
        click.echo(f"wrote {written}", err=True)
