"""The ``mtorlogic`` command line: thin wrappers over the modules.

One module per topic (``model``, ``run``, ``screen``, ``files``,
``dynamics``, ``report``), all sharing ``_common``; this module only builds the group
and registers the commands. Every user error prints ``file:line:column:
message`` to stderr and exits 2 (3 when a ``--timeout`` ran out); with
``--json`` the same problems also go to stdout as
``{"error": {"problems": [{"file", "line", "column", "message"}]}}``. No
traceback reaches the user: Ctrl-C exits 130 and SIGTERM 143, after
stopping any computation and leaving no partial output.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
from importlib import import_module
from types import FrameType
from typing import Any, Callable, NoReturn, Union

import click

from ..errors import MtorlogicError, Problem, TimeoutExceeded, speaking_to_the_command_line
from ._common import OutOfTimeReading

# What signal.signal returns and accepts: a handler, SIG_DFL/SIG_IGN, or None (not installed from Python).
_Handler = Union[Callable[[int, Union[FrameType, None]], Any], int, None]


# Command name -> (module of mtorlogic.cli, attribute), in the order ``--help`` lists them.
# A command's module is imported when the command is looked up, so ``mtorlogic run``
# never imports the plotting or simulation commands.
COMMANDS = {
    "check": ("model", "check"), "attractors": ("model", "attractors"), "graph": ("model", "graph"),
    "run": ("run", "run"), "explain": ("model", "explain"), "drugs": ("model", "drugs"),
    "mutations": ("model", "mutations"), "scenarios": ("model", "scenarios"),
    "simulate": ("dynamics", "simulate"), "convert": ("files", "convert"), "plot": ("files", "plot"),
    "screen": ("screen", "screen"), "hypotheses": ("screen", "hypotheses"), "report": ("report", "report"),
    "synergy": ("combos", "synergy"), "calibrate": ("combos", "calibrate"), "validate": ("combos", "validate"),
    "profile": ("profiles", "profile"),
}


class _Group(click.Group):
    """Turns project errors into exit 2 (3 for a timeout), Ctrl-C into 130 and SIGTERM into 143,
    without tracebacks.

    Commands are registered by name (:data:`COMMANDS`) and loaded on first use."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        # Ctrl-C before a command runs (while modules load, options are parsed): exit 130 quietly,
        # not click's "Aborted!" (exit 1) or a KeyboardInterrupt traceback. invoke() puts Python's
        # own handler back, so a command is interrupted as before.
        with contextlib.suppress(ValueError):  # ValueError: not the main thread (an embedding)
            signal.signal(signal.SIGINT, _interrupted_at_start)
        # numpy's bundled OpenBLAS starts a thread pool as numpy is imported, which costs a cold
        # command about 60 ms on a 2-core machine. No command does dense linear algebra (parallel
        # work is by processes), so one BLAS thread loses nothing; a value the user set is kept.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        return super().main(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["json"] = "--json" in args  # known before any subcommand option is parsed
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS and name not in self.commands:
            module, attribute = COMMANDS[name]
            self.add_command(getattr(import_module(f"{__name__}.{module}"), attribute), name)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> object:
        from ..engine.budget import Terminated
        from ..io._read import guarding_inputs

        with contextlib.suppress(ValueError):
            if signal.getsignal(signal.SIGINT) is _interrupted_at_start:
                signal.signal(signal.SIGINT, signal.default_int_handler)
        previous = _on_sigterm_raise(Terminated)
        try:
            with guarding_inputs(), speaking_to_the_command_line():  # no output replaces a file the command read;
                return super().invoke(ctx)                           # errors name options, not arguments
        except (MtorlogicError, OutOfTimeReading) as caught:
            e = caught.error() if isinstance(caught, OutOfTimeReading) else caught
            _report(ctx, e.problems, _kind(e), e)
            sys.exit(e.exit_code)
        except click.UsageError as e:
            if ctx.meta.get("json"):
                _emit_error([Problem("<command line>", 0, 0, e.format_message())], "usage", None)
            raise
        except KeyboardInterrupt as e:
            terminated = isinstance(e, Terminated)
            click.echo("terminated" if terminated else "interrupted", err=True)
            sys.exit(143 if terminated else 130)
        except BrokenPipeError:  # the reader of our output went away (| head): nothing more to say
            sys.stderr.close()
            sys.exit(141)
        finally:
            if hasattr(signal, "setitimer"):  # a --timeout alarm still armed (see _common.time_left)
                signal.setitimer(signal.ITIMER_REAL, 0)
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


def _interrupted_at_start(signum: int, frame: FrameType | None) -> NoReturn:
    sys.stderr.write("interrupted\n")
    raise SystemExit(130)


def _on_sigterm_raise(exception: type[BaseException]) -> _Handler:
    """Make SIGTERM raise ``exception`` (so clean-up runs, as for Ctrl-C); the previous handler, or None."""
    def handler(signum: int, frame: FrameType | None) -> NoReturn:
        raise exception()

    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (an embedding): leave signals alone
        return None


def _kind(error: MtorlogicError) -> str:
    from ..errors import InputError, OutOfMemory, TimeoutExceeded, TooLargeError

    for cls, name in ((InputError, "input"), (TimeoutExceeded, "timeout"), (TooLargeError, "too_large"),
                      (OutOfMemory, "out_of_memory")):
        if isinstance(error, cls):
            return name
    return "error"


def _report(ctx: click.Context, problems: list[Problem], kind: str, error: MtorlogicError) -> None:
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if ctx.meta.get("json"):
        _emit_error(problems, kind, error)


def _emit_error(problems: list[Problem], kind: str, error: MtorlogicError | None) -> None:
    data: dict[str, object] = {"kind": kind, "problems": [p.to_dict() for p in problems]}
    if isinstance(error, TimeoutExceeded):  # kind "timeout"
        data.update(seconds=error.seconds, done=error.done, total=error.total, unit=error.unit)
    click.echo(json.dumps({"error": data}, indent=2))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mtorlogic")
def main() -> None:
    """mtorlogic: Boolean models of mTOR signalling and drug resistance."""
