"""What the command modules share: model loading, options, scenario assembly, output helpers.

Every command module imports from here and nowhere else in ``mtorlogic.cli``,
so ``mtorlogic.cli`` (which registers the commands) is imported by none of
them: no import cycle.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, TypeVar

import click

from ..errors import InputError

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..engine.meter import Meter
    from ..engine.plan import Plan
    from ..ledger import Ledger
    from ..model import Model
    from ..phenotype import Readouts
    from ..profiles import MappedProfile
    from ..references import References
    from ..scenario import Scenario

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])  # a command function, before or after click wraps it


def load_model(path: str | Path) -> Model:
    """Read a model in any format (lazily imports the readers)."""
    from ..io import read_model

    return read_model(path)


def load_ledger(path: str | Path, model: Model) -> tuple[Ledger | None, References]:
    """(ledger or None, references) beside a model: the statement ledger and the works it cites."""
    from ..ledger import read_ledger
    from ..references import read_references

    references = read_references(path)
    return read_ledger(path, model, references), references


def parse_assignments(items: Iterable[str], what: str = "--fix") -> dict[str, int]:
    """``NODE=0|1`` options as a dict; a clear error for anything else."""
    values: dict[str, int] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or value.strip() not in ("0", "1") or not name.strip():
            raise InputError.at("<command line>", f"{what} takes NODE=0 or NODE=1, not '{item}'")
        values[name.strip()] = int(value)
    return values


def perturbed(model: Model, fixes: Iterable[str], defaults: bool) -> Model:
    """The model at its input defaults (unless ``defaults`` is off) with ``--fix`` applied."""
    if defaults:
        model = model.with_defaults()
    return model.fix(parse_assignments(fixes)) if fixes else model


def emit_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, sort_keys=False))


def _model_or_bundled(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    return str(default_model(value))


# MODEL: a .rules file or directory, .bnet, .booleannet or SBML-qual; omitted: ./rules, else the bundled model
model_argument = click.argument("model", type=click.Path(), required=False, callback=_model_or_bundled)
model_option = click.option("--model", "model_path", type=click.Path(), default=None,
                            help="Model (default: ./rules, else the bundled mTOR model).")
fix_option = click.option("--fix", "fixes", multiple=True, metavar="NODE=0|1",
                          help="Hold a node at a value (repeatable).")
defaults_option = click.option("--defaults/--no-defaults", default=True, show_default=True,
                               help="Fix inputs to their declared default values first.")
SEMANTICS_HELP = ("How the network updates. async: one node at a time, in any order; an attractor (where the "
                  "dynamics settle for good: a fixed point, one state no rule changes, or a cycle of states) is a "
                  "terminal strongly connected component of the state graph. sync: every node at once; attractors "
                  "are cycles of that map. mp: most-permissive; attractors are minimal trap spaces (nodes marked * "
                  "are free). Constants are percolated first: a fixed input's value is pushed through every rule it "
                  "decides.")
semantics_option = click.option("--semantics", type=click.Choice(["async", "sync", "mp"]), default="async",
                                show_default=True, help=SEMANTICS_HELP)
method_option = click.option("--method", type=click.Choice(["auto", "exhaustive", "symbolic", "asp", "succession"]),
                             default="auto",
                              show_default=True, help="Attractor backend: auto chooses by semantics and core size.")
class OutOfTimeReading(BaseException):
    """--timeout ran out before the computation started. A BaseException, so that no reader's
    ``except Exception`` (a parser reporting a malformed line) mistakes it for a problem of the input;
    the command line reports it as a timeout (exit 3)."""

    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds

    def error(self) -> Any:
        from ..errors import TimeoutExceeded

        return TimeoutExceeded(f"the time limit of {self.seconds:g} s ran out while reading and preparing the "
                               "input, before any search started", seconds=self.seconds)


def _start_the_clock(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """--timeout counts from the start: reading and preparing the input are inside it. Until the
    computation takes the remaining time over (:func:`time_left`), an alarm stops the command."""
    if value is not None and hasattr(signal, "setitimer"):
        def ran_out(signum: int, frame: object) -> None:
            raise OutOfTimeReading(value)

        try:
            signal.signal(signal.SIGALRM, ran_out)
        except ValueError:  # not the main thread: the computation alone is bounded
            return value
        ctx.meta["deadline"] = time.monotonic() + value
        signal.setitimer(signal.ITIMER_REAL, value)
        ctx.call_on_close(stop_the_clock)
    return value


def stop_the_clock() -> None:
    """Disarm the --timeout alarm of the reading phase (harmless when none is armed)."""
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_REAL, 0)


@contextlib.contextmanager
def time_left(timeout: float | None) -> Iterator[float | None]:
    """What is left of --timeout for the computation (None without one), the reading-phase alarm disarmed:
    the computation keeps its own deadline. A TimeoutExceeded from the block names the limit the user set."""
    from ..errors import TimeoutExceeded

    stop_the_clock()
    context = click.get_current_context(silent=True)
    deadline = context.meta.get("deadline") if context is not None else None
    left = None if timeout is None else timeout if deadline is None else max(0.001, deadline - time.monotonic())
    try:
        yield left
    except TimeoutExceeded as e:
        if timeout is None or left is None or left == timeout:
            raise
        message = str(e).replace(f"time limit of {left:g} s", f"time limit of {timeout:g} s")
        raise TimeoutExceeded(message, timeout, e.done, e.total, e.unit, e.partial) from None


timeout_option = click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
                              metavar="SECONDS", callback=_start_the_clock, help="Stop after this many seconds "
                              "(exit code 3), saying what was computed and what was not; reading the input counts.")


def scenario_options(fn: F) -> F:
    """The options shared by run, hypotheses and screen: a scenario and additions to it."""
    decorators = [
        click.argument("scenario", required=False),
        click.option("--model", "model_path", type=click.Path(),
                     help="Model (default: the scenario's, ./rules, or the bundled mTOR model)."),
        click.option("--drug", "drugs", multiple=True, metavar="ID", help="Add a drug (repeatable)."),
        click.option("--mutation", "mutations", multiple=True, metavar="ID", help="Add an alteration (repeatable)."),
        click.option("--condition", "conditions", multiple=True, metavar="NODE=0|1", help="Set a condition input."),
        click.option("--fix", "fixes", multiple=True, metavar="NODE=0|1", help="Hold a node in the background."),
    ]
    for d in reversed(decorators):
        fn = d(fn)
    return fn


def ensemble_options(fn: F) -> F:
    """--ensemble and how its members are chosen (shared by run and hypotheses)."""
    decorators = [
        click.option("--ensemble", is_flag=True,
                     help="Evaluate every reading of the model's alternatives (alt lines) and report how far the "
                          "members agree (docs/ensembles.md)."),
        click.option("--members", type=click.IntRange(min=1), default=None, metavar="N",
                     help="Sample N members (seeded) when there are more; default: enumerate up to 256."),
        click.option("--seed", type=int, default=0, show_default=True, help="Seed of the member sample."),
    ]
    for d in reversed(decorators):
        fn = d(fn)
    return fn


def readout_options(fn: F) -> F:
    """--proliferation and --apoptosis: the nodes that decide each attractor's fate."""
    fn = click.option("--apoptosis", default="Apoptosis", show_default=True, metavar="NODE",
                      help="The node whose activity means cell death.")(fn)
    return click.option("--proliferation", default="Proliferation", show_default=True, metavar="NODE",
                        help="The node whose activity means proliferation.")(fn)


def score_options(fn: F) -> F:
    """--scores and how they are computed (shared by run and screen)."""
    decorators = [
        click.option("--scores", is_flag=True,
                     help="Response scores: the chance that a cell starting in the background's attractors ends "
                          "apoptotic, proliferating or arrested once the drugs act (docs/response.md)."),
        click.option("--score-method", type=click.Choice(["auto", "exact", "simulation"]), default="auto",
                     show_default=True, help="Exact absorption probabilities, simulation, or exact when feasible."),
        click.option("--runs", type=click.IntRange(min=1), default=10_000, show_default=True,
                     help="Simulation runs for the scores, when simulation is used."),
        click.option("--max-steps", type=click.IntRange(min=1), default=1_000, show_default=True,
                     help="Step cap of each simulated run."),
    ]
    for d in reversed(decorators):
        fn = d(fn)
    return fn


def readouts_for(model: Model, proliferation: str, apoptosis: str) -> Readouts:
    """The Readouts the options name, resolved against the model (aliases allowed)."""
    from ..phenotype import Readouts

    return Readouts(proliferation, apoptosis).resolved(model)


def scenario_rates(model_path: str | None, sc: Scenario, model: Model) -> dict[str, float] | None:
    """The rate classes shipped with the scenario's model (``rates.toml``; see docs/simulation.md), or None."""
    from ..scenario import default_model_path
    from ..stochastic import model_rates

    return model_rates(model_path or default_model_path(sc), model)


def load_scenario(scenario: str | None, model_path: str | None, drugs: Iterable[str], mutations: Iterable[str],
                  conditions: Iterable[str], fixes: Iterable[str]) -> tuple[Model, Catalog, Scenario]:
    """(model, catalog, scenario) from a scenario (a file or a bundled name) and command-line additions."""
    from ..bundled import resolve_scenario
    from ..catalog import read_catalog
    from ..scenario import Scenario, default_model_path, read_scenario

    sc = read_scenario(resolve_scenario(scenario)) if scenario else Scenario(name="default background", source="<command line>")
    sc = sc.extend(drugs=drugs, alterations=mutations, conditions=parse_assignments(conditions, "--condition"),
                   fix=parse_assignments(fixes))
    path = model_path or default_model_path(sc)
    model = load_model(path)
    catalog = read_catalog(path)
    catalog.validate(model)
    return model, catalog, sc


def profile_of(path: str, model_path: str | None, scenario: Scenario) -> MappedProfile:
    """The one profile in ``path``, read through the variant table of the model the scenario runs on."""
    from ..profiles import map_profiles, read_profile
    from ..scenario import default_model_path

    return map_profiles([read_profile(path)], model_path or default_model_path(scenario))[0]


def scenario_references(model_path: str | None, scenario: Scenario) -> References:
    """The works cited beside the model a scenario runs on (empty for a model without references.toml)."""
    from ..references import read_references
    from ..scenario import default_model_path

    return read_references(model_path or default_model_path(scenario))


def default_model(model_path: str | None) -> str | Path:
    """The model path a command without a scenario uses: --model, ./rules, or the bundled model."""
    from ..scenario import default_model_path

    return model_path or default_model_path()


def planned(model: Model, semantics: str = "async", method: str = "auto") -> Plan:
    """The :func:`~mtorlogic.engine.plan.plan` of the attractor search on ``model``."""
    from ..engine.plan import plan

    return plan(model, semantics, method)


def hard_core_advice(plan: Plan) -> str:
    """What to say when not one input class of a planned search finished in time."""
    count = ("; or count the attractors (--count: one state in each, without the state sets that take most of "
             "the time on large cores)") if plan.semantics == "async" else ""
    return (f"not one input class finished: a core of up to {plan.largest_core} free nodes is too hard for the "
            f"{plan.method} method in this time; fix inputs or nodes (--fix) to shrink it, or allow more time "
            f"(--timeout){count}")


def on_terminal() -> bool:
    """Whether a person watches stderr (estimates and progress bars are shown only then)."""
    return sys.stderr.isatty()


def announce(text: str) -> None:
    """A size estimate or a note, on stderr when a person watches it."""
    if on_terminal():
        click.echo(text, err=True)


def compute(fn: Callable[..., T], *args: Any, timeout: float | None, meter: Meter, label: str, advice: str = "",
            **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in a bounded child process (:mod:`mtorlogic.engine.budget`), with a
    progress bar on a terminal. Without a timeout it still runs in a child, so that Ctrl-C stops
    native searches at once."""
    from ..engine.budget import run_bounded

    with time_left(timeout) as left, progress_display(meter, label) as bar:
        return run_bounded(fn, *args, timeout=math.inf if left is None else left, progress=bar.update,
                           meter=meter, advice=advice, **kwargs)


class progress_display:
    """A click progress bar on a terminal (nothing otherwise): the share of the work done and
    what it is (``41 of 64 input classes``), from the progress calls passed to :meth:`update`.
    ``meter`` says how to read them; the display counts on a copy of it."""

    STEPS = 1000

    def __init__(self, meter: Meter, label: str):
        self.meter = dataclasses.replace(meter, finished=list(meter.finished))
        self.bar: Any = click.progressbar(length=self.STEPS, label=label, file=sys.stderr,
                                     item_show_func=lambda _: self.meter.summary()) if on_terminal() else None
        self.shown = 0

    def __enter__(self) -> "progress_display":
        if self.bar is not None:
            self.bar.__enter__()
        return self

    def update(self, done: int | None = None, total: int | None = None) -> None:
        self.meter.update(done, total)
        if self.bar is None:
            return
        fraction = self.meter.fraction() or 0.0
        step = int(fraction * self.STEPS)
        self.bar.update(max(0, step - self.shown), current_item=True)
        self.shown = max(self.shown, step)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def outputs_checked(*paths: str | Path | None) -> None:
    """Refuse output paths that cannot be written (directories, under a file, unwritable),
    before any work is done."""
    from ..io._atomic import check_output

    for p in paths:
        if p:
            check_output(p)


@contextlib.contextmanager
def writing_outputs() -> Iterator[None]:
    """Every output written in the block appears together or not at all (``io._atomic.all_or_none``);
    an OS error while writing is reported against its file, not as a traceback."""
    from ..io._atomic import all_or_none

    try:
        with all_or_none():
            yield
    except OSError as e:
        raise InputError.at(str(e.filename or "<output>"), f"cannot write: {(e.strerror or str(e)).lower()}") from None
