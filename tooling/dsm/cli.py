"""The `dsm` command line: parse options, call the core, map errors to exit codes.

Commands import their core lazily so `dsm --help` stays fast.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import click

from dsm import __version__
from dsm.errors import EXIT_INTERNAL, UsageError


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _warn(message: str) -> None:
    _console(stderr=True).print(f"[yellow]warning:[/yellow] {message}", markup=True)


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
    """The DataStore Manager Pro toolchain: build, inspect and check the Studio plugin."""


@main.command()
@click.argument("project", required=False, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write; the extension picks the format (.rbxm, .rbxmx, .rbxl, .rbxlx).",
)
@click.option(
    "--builder",
    type=click.Choice(["builtin", "rojo"]),
    default="builtin",
    show_default=True,
    help="Build with dsm's Rojo-compatible builder, or delegate to `rojo` on PATH.",
)
def build(project: Path | None, output: Path | None, builder: str) -> None:
    """Build PROJECT (a *.project.json, or a folder with default.project.json) into a model file.

    Without arguments it builds the project and output named in [tool.dsm] of
    pyproject.toml: build.project.json into build/DataStoreManagerPro.rbxm.
    """
    from dsm import build as core
    from dsm import config

    if project is None or output is None:
        if project is not None and config.find_root(Path.cwd().resolve()) is None:
            raise UsageError("no output given: pass -o OUTPUT (.rbxm, .rbxmx, .rbxl or .rbxlx)")
        settings = config.load()
        project = project or settings.project
        output = output or settings.output
    started = time.perf_counter()
    result = core.build_with_rojo(project, output) if builder == "rojo" else core.build(project, output, warn=_warn)
    elapsed = (time.perf_counter() - started) * 1000
    _console().print(
        f"[green]Built[/green] {_display(result.output)} "
        f"({result.instances} instance{'' if result.instances == 1 else 's'}, {result.size:,} bytes) "
        f"in {elapsed:.0f} ms"
    )


@main.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the tree as JSON (explicit property values).")
@click.option("--full", is_flag=True, help="Print long values whole instead of shortening them.")
def inspect(file: Path, as_json: bool, full: bool) -> None:
    """Print the instance tree of a model or place file (.rbxm, .rbxmx, .rbxl, .rbxlx)."""
    from dsm import formats
    from dsm.dom import dump

    document = formats.read_file(file)
    if as_json:
        click.echo(json.dumps(dump.to_json(document.roots), indent=2, ensure_ascii=False))
    else:
        click.echo(dump.dump(document.roots, limit=None if full else 80), nl=False)


@main.command()
def doctor() -> None:
    """List the external tools dsm can use, their versions, and what each enables."""
    from rich.table import Table

    from dsm import config
    from dsm import doctor as core

    root = config.find_root(Path.cwd().resolve()) or Path.cwd()
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("tool")
    table.add_column("version")
    table.add_column("enables")
    for tool in core.check(root):
        version = f"[green]{tool.version}[/green]" if tool.version else "[dim]not found[/dim]"
        enables = tool.enables if tool.version else f"{tool.enables} [dim]({tool.missing_hint})[/dim]"
        table.add_row(tool.name, version, enables)
    _console().print(table)


def _project_tree(project: Path | None, with_project: bool) -> tuple[Path, Any]:
    """The project root and its built instance tree (None with --no-project)."""
    from dsm import config, testing

    if not with_project:
        cwd = Path.cwd().resolve()
        return config.find_root(cwd) or cwd, None
    settings = config.load()
    return settings.root, testing.project_tree(project or settings.project)


@main.command()
@click.argument("patterns", nargs=-1)
@click.option("--project", type=click.Path(path_type=Path), help="Project to mount (default: [tool.dsm] project).")
@click.option("-v", "--verbose", is_flag=True, help="List every test, not only failures.")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Wall-clock seconds one test may run before it is stopped.",
)
def test(patterns: tuple[str, ...], project: Path | None, verbose: bool, time_limit: float) -> None:
    """Run the Luau specs (plugin/tests/**/*.spec.luau) in the headless runtime.

    PATTERNS narrow the run: a part of the path (`runtime/signal`) or a glob (`*theme*`).
    Exit code 1 when a test fails.
    """
    from dsm import testing
    from dsm.errors import EXIT_FAILURES

    root, tree = _project_tree(project, True)
    summary = testing.run_tests(root, tree, patterns, console=_console(), verbose=verbose, time_limit=time_limit)
    if not summary.ok:
        raise click.exceptions.Exit(EXIT_FAILURES)


@main.command()
@click.argument("script", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--project", type=click.Path(path_type=Path), help="Project to mount (default: [tool.dsm] project).")
@click.option("--no-project", is_flag=True, help="Run without building and mounting the project.")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help="Wall-clock seconds the script may run before it is stopped.",
)
def run(script: Path, project: Path | None, no_project: bool, time_limit: float) -> None:
    """Run a Luau SCRIPT in the headless runtime, as `lune run` does.

    The plugin is mounted at game.ServerStorage.DataStoreManagerPro and the `dsm` global is
    available. Output goes to stdout (print) and stderr (warn, errors); exit code 1 when
    the script raises an error nobody caught.
    """
    from dsm import testing

    root, tree = _project_tree(project, not no_project)
    code = testing.run_script(root, tree, script, time_limit=time_limit)
    if code:
        raise click.exceptions.Exit(code)


def _display(path: Path) -> str:
    from dsm.errors import display_path

    return display_path(path)
