"""Commands on model files: build the plugin, inspect a built file, check the tools dsm can use."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from dsm.cli import terminal
from dsm.errors import UsageError


@click.command()
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
    result = (
        core.build_with_rojo(project, output) if builder == "rojo" else core.build(project, output, warn=terminal.warn)
    )
    elapsed = (time.perf_counter() - started) * 1000
    terminal.console().print(
        f"[green]Built[/green] {terminal.display(result.output)} "
        f"({result.instances} instance{'' if result.instances == 1 else 's'}, {result.size:,} bytes) "
        f"in {elapsed:.0f} ms"
    )


@click.command()
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


@click.command()
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
    terminal.console().print(table)
