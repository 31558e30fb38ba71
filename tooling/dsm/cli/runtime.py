"""Commands that run Luau in the headless runtime (test, run, snapshot) and manage its data store state."""

from __future__ import annotations

import functools
import time
from pathlib import Path
from typing import Any

import click

from dsm.cli import terminal


def _project_tree(project: Path | None, with_project: bool) -> tuple[Path, Any]:
    """The project root and its built instance tree (None with --no-project)."""
    from dsm import config, testing

    if not with_project:
        cwd = Path.cwd().resolve()
        return config.find_root(cwd) or cwd, None
    settings = config.load()
    return settings.root, testing.project_tree(project or settings.project)


def _datastore_options(command: Any) -> Any:
    """--datastore, --seed and --faults (docs/emulator.md), handed to the command as one
    `datastore` argument: what DataStoreService runs against."""

    @functools.wraps(command)
    def with_datastore(
        *args: Any, state_file: Path | None, seed_file: Path | None, faults: str | None, **kwargs: Any
    ) -> Any:
        from dsm import testing

        datastore = testing.DataStoreOptions(state=state_file, seed=seed_file, faults=faults)
        return command(*args, datastore=datastore, **kwargs)

    options = [
        click.option(
            "--datastore",
            "state_file",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Keep the data stores in this SQLite file (created when missing) instead of in memory.",
        ),
        click.option(
            "--seed",
            "seed_file",
            type=click.Path(path_type=Path, exists=True, dir_okay=False),
            help="JSON state (docs/emulator.md) written to the data stores at the start (of each spec file).",
        ),
        click.option(
            "--faults",
            metavar="SPEC",
            help="Faults DataStoreService injects (docs/emulator.md), e.g. 'seed=7; error:p=0.1,code=503'.",
        ),
    ]
    for option in reversed(options):
        with_datastore = option(with_datastore)
    return with_datastore


@click.command()
@click.argument("patterns", nargs=-1)
@click.option("--project", type=click.Path(path_type=Path), help="Project to mount (default: [tool.dsm] project).")
@click.option("-v", "--verbose", is_flag=True, help="List every test, not only failures.")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=20.0,
    show_default=True,
    help="Wall-clock seconds one test may run before it is stopped.",
)
@_datastore_options
def test(patterns: tuple[str, ...], project: Path | None, verbose: bool, time_limit: float, datastore: Any) -> None:
    """Run the Luau specs (plugin/tests/**/*.spec.luau) in the headless runtime.

    PATTERNS narrow the run: a spec file or folder, a part of the path below plugin/tests
    (`runtime/signal`) or a glob (`*theme*`).
    Exit code 1 when a test fails. Each spec file gets a fresh DataStoreService: empty (or
    --seed), unless --datastore keeps the state in a file across files and runs.
    """
    from dsm import testing
    from dsm.errors import EXIT_FAILURES

    root, tree = _project_tree(project, True)
    summary = testing.run_tests(
        root,
        tree,
        patterns,
        console=terminal.console(),
        verbose=verbose,
        time_limit=time_limit,
        datastore=datastore,
    )
    if not summary.ok:
        raise click.exceptions.Exit(EXIT_FAILURES)


@click.command()
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
@_datastore_options
def run(script: Path, project: Path | None, no_project: bool, time_limit: float, datastore: Any) -> None:
    """Run a Luau SCRIPT in the headless runtime, as `lune run` does.

    The plugin is mounted at game.ServerStorage.DataStoreManagerPro and the `dsm` global is
    available. Output goes to stdout (print) and stderr (warn, errors); exit code 1 when
    the script raises an error nobody caught. DataStoreService works on an in-memory state
    (or --datastore FILE), optionally --seed'ed, with --faults injected.
    """
    from dsm import testing

    root, tree = _project_tree(project, not no_project)
    code = testing.run_script(root, tree, script, time_limit=time_limit, datastore=datastore)
    if code:
        raise click.exceptions.Exit(code)


@click.command()
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True, help="The PNG to write."
)
@click.option(
    "--view",
    metavar="NAME",
    help="Click the navigation entry with this text first, opening a narrow widget's drawer (MenuButton) "
    "when the entry is folded into it (default: the widget as it opens).",
)
@click.option("--theme", type=click.Choice(["dark", "light"]), default="dark", show_default=True, help="Studio theme.")
@click.option("--size", default="1000x640", show_default=True, metavar="WxH", help="Dock widget size in pixels.")
@click.option(
    "--seed",
    type=click.Path(path_type=Path, dir_okay=False),
    help="JSON data to load into the DataStore emulator before the plugin starts.",
)
@click.option(
    "--script",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Luau to run before the picture (as `dsm run` does), e.g. to select a key; `snapshot.widget` is the widget.",
)
@click.option("--project", type=click.Path(path_type=Path), help="Project to mount (default: [tool.dsm] project).")
def snapshot(
    *,
    output: Path,
    view: str | None,
    theme: str,
    size: str,
    seed: Path | None,
    script: Path | None,
    project: Path | None,
) -> None:
    """Render the plugin's dock widget to a PNG, as it looks in Studio.

    Builds and loads the plugin in the headless runtime, opens its widget with the toolbar
    button at --size, switches the Studio theme, clicks the navigation entry named --view,
    runs --script, lets tweens finish, and paints the laid-out GUI. Text uses the bundled
    open fonts the runtime measures with; images are drawn as framed placeholders.
    """
    from dsm.snapshot import capture

    width, height = capture.parse_size(size)
    root, tree = _project_tree(project, True)
    options = capture.Options(
        output=output, width=width, height=height, theme=theme, view=view, seed=seed, script=script
    )
    started = time.perf_counter()
    written = capture.take(root, tree, options)
    elapsed = (time.perf_counter() - started) * 1000
    terminal.console().print(
        f"[green]Wrote[/green] {terminal.display(written)} ({width}x{height}, {theme}) in {elapsed:.0f} ms"
    )


@click.group()
def datastore() -> None:
    """Data store state files: export a --datastore file, generate a large state for benchmarks."""


@datastore.command("export")
@click.argument("state_file", metavar="STATE", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False), help="The JSON file to write."
)
def datastore_export(state_file: Path, output: Path) -> None:
    """Write the latest value of every key in STATE (a --datastore file) as seed JSON.

    The output is the format --seed reads (docs/emulator.md): data stores with their
    entries' values, user ids and metadata, and ordered data stores with their integers.
    """
    from dsm.emulator import files

    written = files.export_file(state_file, output)
    terminal.console().print(
        f"[green]Wrote[/green] {terminal.display(written.path)} "
        f"({written.keys:,} keys in {written.datastores} data stores, {written.size:,} bytes)"
    )


@datastore.command("generate")
@click.option("--players", required=True, type=click.IntRange(min=1), help="How many players' data to make.")
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False), help="The JSON file to write."
)
@click.option(
    "--seed", "random_seed", type=int, default=0, show_default=True, help="Random seed: same seed, same file."
)
def datastore_generate(players: int, output: Path, random_seed: int) -> None:
    """Write a large, realistic state in the --seed format, for benchmarks.

    Each player gets a nested profile in PlayerData (stats, settings, an inventory, quests)
    and a score in the ordered Leaderboard; one profile in twenty is saved the way
    ProfileStore saves it, with an active session lock.
    """
    from dsm.emulator import files

    started = time.perf_counter()
    written = files.generate_file(players, output, random_seed)
    elapsed = time.perf_counter() - started
    terminal.console().print(
        f"[green]Wrote[/green] {terminal.display(written.path)} ({written.keys:,} keys, {written.size:,} bytes) "
        f"in {elapsed:.1f} s"
    )
