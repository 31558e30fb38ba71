"""The `dsm` command line: parse options, call the core, map errors to exit codes.

Commands import their core lazily so `dsm --help` stays fast. They live in one module per
theme (building, runtime, everyday, releasing); this module holds the group they join.
"""

from __future__ import annotations

from typing import Any

import click

from dsm import __version__
from dsm.cli.building import build, doctor, inspect
from dsm.cli.everyday import fmt, generate, install, lint, uninstall, watch
from dsm.cli.releasing import release
from dsm.cli.runtime import datastore, run, snapshot, test
from dsm.errors import EXIT_INTERNAL

__all__ = [
    "DsmGroup",
    "build",
    "datastore",
    "doctor",
    "fmt",
    "generate",
    "inspect",
    "install",
    "lint",
    "main",
    "release",
    "run",
    "snapshot",
    "test",
    "uninstall",
    "watch",
]


class DsmGroup(click.Group):
    """Turns unexpected exceptions into one line and exit code 3 (user errors are DsmError)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as error:  # a bug, not a user mistake: say so, keep the detail short
            click.echo(f"dsm: internal error: {type(error).__name__}: {error}", err=True)
            click.echo("Please report this with the command you ran.", err=True)
            ctx.exit(EXIT_INTERNAL)


@click.group(cls=DsmGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="dsm")
def main() -> None:
    """The DataStore Manager Pro toolchain: build, test, check and ship the Studio plugin.

    \b
    Every day:  dsm watch (rebuild and install on save), dsm test, dsm run FILE.luau
    Checks:     dsm lint, dsm fmt --check, dsm generate --check
    Shipping:   dsm build, dsm install, dsm release
    """


# `dsm --help` lists the commands sorted by name, whatever the order here.
for _command in (
    build,
    inspect,
    doctor,
    generate,
    lint,
    test,
    run,
    release,
    fmt,
    install,
    uninstall,
    watch,
    snapshot,
    datastore,
):
    main.add_command(_command)
