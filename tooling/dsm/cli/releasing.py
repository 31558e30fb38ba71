"""`dsm release`: run every check, then write the versioned, checksummed builds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from dsm.cli import terminal


@click.command()
@click.option(
    "--out",
    "out_dir",
    metavar="DIR",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the release files.  [default: dist/ in the project root]",
)
@click.option(
    "--allow-unreleased",
    is_flag=True,
    help="Take the notes from [Unreleased] when CHANGELOG.md has no section for the version yet.",
)
@click.option("--tag", metavar="TAG", help="Fail unless TAG names the version (v<version>); CI passes the pushed tag.")
@click.pass_context
def release(ctx: click.Context, out_dir: Path | None, allow_unreleased: bool, tag: str | None) -> None:
    """Check everything, then write versioned, checksummed builds of the plugin.

    Runs `dsm generate --check`, `dsm lint`, `dsm fmt --check` and `dsm test` in this order
    and stops at the first that fails. Then it writes <Plugin>-<version>.rbxm and .rbxmx
    (the version from [project] in pyproject.toml), SHA256SUMS and RELEASE_NOTES.md (that
    version's section of CHANGELOG.md). The same sources give byte-identical files.
    """
    from dsm import config
    from dsm import release as core

    settings = config.load()
    console = terminal.console()
    result = core.release(
        settings,
        out_dir or settings.root / "dist",
        run_step=core.click_step_runner(ctx),
        allow_unreleased=allow_unreleased,
        tag=tag,
        on_step=lambda step: console.rule(f"dsm {step.label}", style="dim"),
        warn=terminal.warn,
    )
    _print_release(console, result)


def _print_release(console: Any, result: Any) -> None:
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False)
    table.add_column("release " + result.version)
    table.add_column("result")
    for step in result.steps:
        table.add_row(f"dsm {step.step.label}", f"[green]passed[/green] in {step.seconds:.1f} s")
    table.add_section()
    for file in result.files:
        table.add_row(terminal.display(file.path), f"{file.size:,} bytes  sha256 {file.sha256[:16]}…")
    console.print(table)
    console.print(f"[green]Released[/green] {result.version} with the notes of {result.notes.heading.lstrip('# ')}")
    if result.other_files:
        names = ", ".join(path.name for path in result.other_files)
        terminal.warn(f"{terminal.display(result.out_dir)} also holds files this release did not write: {names}")
