"""The ``mtorlogic`` command line: thin wrappers over the modules.

One module per topic (``model``, ``run``, ``screen``, ``files``,
``dynamics``, ``report``), all sharing ``_common``; this module only builds the group
and registers the commands. Every user error prints ``file:line:column:
message`` to stderr and exits 2; no traceback reaches the user.
"""

from __future__ import annotations

import sys

import click

from ..errors import InputError, MtorlogicError


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


from . import dynamics, files, model, report, run, screen  # noqa: E402  (the commands, registered below)

for _command in (model.check, model.attractors, model.graph, run.run, model.explain, model.drugs, model.mutations,
                 model.scenarios, dynamics.simulate, files.convert, files.plot, screen.screen, screen.hypotheses,
                 report.report):
    main.add_command(_command)
