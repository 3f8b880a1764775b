"""The ``mtorlogic`` command line: thin wrappers over the modules.

One module per topic (``model``, ``run``, ``screen``, ``files``,
``dynamics``), all sharing ``_common``; this module only builds the group
and registers the commands. Every user error prints ``file:line:column:
message`` to stderr and exits 2; no traceback reaches the user.
"""

from __future__ import annotations

import sys
from importlib import import_module

import click

from ..errors import InputError, MtorlogicError


# Command name -> (module of mtorlogic.cli, attribute), in the order ``--help`` lists them.
# A command's module is imported when the command is looked up, so ``mtorlogic run``
# never imports the plotting or simulation commands.
COMMANDS = {
    "check": ("model", "check"), "attractors": ("model", "attractors"), "graph": ("model", "graph"),
    "run": ("run", "run"), "explain": ("model", "explain"), "drugs": ("model", "drugs"),
    "mutations": ("model", "mutations"), "scenarios": ("model", "scenarios"),
    "simulate": ("dynamics", "simulate"), "convert": ("files", "convert"), "plot": ("files", "plot"),
    "screen": ("screen", "screen"), "hypotheses": ("screen", "hypotheses"),
}


class _Group(click.Group):
    """Turns project errors into exit 2 and Ctrl-C into exit 130, without tracebacks.

    Commands are registered by name (:data:`COMMANDS`) and loaded on first use."""

    def list_commands(self, ctx):
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx, name):
        if name in COMMANDS and name not in self.commands:
            module, attribute = COMMANDS[name]
            self.add_command(getattr(import_module(f"{__name__}.{module}"), attribute), name)
        return super().get_command(ctx, name)

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
