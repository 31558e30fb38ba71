"""The `dsm` command line: parse options, call the core, map errors to exit codes.

Commands import their core lazily so `dsm --help` stays fast.
"""

from __future__ import annotations

import functools
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
    """The DataStore Manager Pro toolchain: build, test, check and ship the Studio plugin.

    \b
    Every day:  dsm watch (rebuild and install on save), dsm test, dsm run FILE.luau
    Checks:     dsm lint, dsm fmt --check, dsm generate --check
    Shipping:   dsm build, dsm install, dsm release
    """


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


@main.command()
@click.option("--check", is_flag=True, help="Write nothing; print a diff of each stale file and exit 1 if any.")
def generate(check: bool) -> None:
    """Render the Luau modules generated from templates and data.

    Each plugin/templates/*.j2 is rendered with plugin/data/*.toml, the version in
    pyproject.toml and the DataStore catalogue into plugin/src/Shared/Generated (the
    folders are set in [tool.dsm.generate]). Only changed files are written.
    With --check nothing is written: stale files are printed as a unified diff and the
    exit code is 1, so CI can tell when the committed modules are out of date.
    """
    from rich.markup import escape

    from dsm import config
    from dsm import generate as core
    from dsm.errors import EXIT_FAILURES

    settings = core.from_config(config.load())
    outputs = core.plan(settings)
    stale = [output for output in outputs if output.stale]
    console = _console()
    if check:
        for output in stale:
            _echo_diff(core.diff(output, _display(output.path)))
        if stale:
            names = escape(", ".join(_display(output.path) for output in stale))
            _console(stderr=True).print(f"[red]Out of date:[/red] {names}; run [bold]dsm generate[/bold]")
            raise click.exceptions.Exit(EXIT_FAILURES)
        console.print(f"[green]Up to date:[/green] {len(outputs)} generated file{'' if len(outputs) == 1 else 's'}")
        return
    verbs = {"new": "Created", "changed": "Updated", "orphaned": "Removed"}
    for output in core.apply(outputs):
        console.print(f"[green]{verbs[output.status]}[/green] {escape(_display(output.path))}")
    if not stale:
        console.print(f"[green]Up to date:[/green] {len(outputs)} generated file{'' if len(outputs) == 1 else 's'}")


def _echo_diff(text: str) -> None:
    """A unified diff, coloured on a terminal (click drops the colour elsewhere)."""
    colours = {"+": "green", "-": "red", "@": "cyan"}
    for line in text.splitlines():
        colour = None if line.startswith(("+++", "---")) else colours.get(line[:1])
        click.echo(click.style(line, fg=colour) if colour else line)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one `path:line:col: rule: message` line per finding; json: a list of objects for editors and CI.",
)
@click.option("--project", type=click.Path(path_type=Path), help="Project whose build requires resolve in.")
def lint(paths: tuple[Path, ...], output_format: str, project: Path | None) -> None:
    """Check the plugin's Luau: syntax, selene (when on PATH) and the project's rules.

    PATHS are Luau files or folders (default: [tool.dsm.lint] paths, i.e. plugin/src and
    plugin/tests). Rules: syntax, selene, require-resolves, require-cycle, deprecated-global,
    strict-header, undefined-global, placeholder-data. Switch one off on a line with
    `-- dsm-lint: ignore RULE` (on that line or the line above), or for the project with
    `disable = ["RULE"]` in [tool.dsm.lint]. Exit code 1 when there are findings.
    """
    from dsm import config
    from dsm.errors import EXIT_FAILURES
    from dsm.lint import engine, report, settings
    from dsm.project import build_tree

    project_config = config.load()
    lint_settings = settings.from_config(project_config)
    tree = build_tree(project or project_config.project)
    result = engine.lint(lint_settings, tree, paths or None)
    if output_format == "json":
        click.echo(report.as_json(result))
    else:
        report.print_text(result, _console(), _console(stderr=True))
    if result.findings:
        raise click.exceptions.Exit(EXIT_FAILURES)


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


@main.command()
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

    PATTERNS narrow the run: a part of the path (`runtime/signal`) or a glob (`*theme*`).
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
        console=_console(),
        verbose=verbose,
        time_limit=time_limit,
        datastore=datastore,
    )
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


@main.command()
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
    console = _console()
    result = core.release(
        settings,
        out_dir or settings.root / "dist",
        run_step=core.click_step_runner(ctx),
        allow_unreleased=allow_unreleased,
        tag=tag,
        on_step=lambda step: console.rule(f"dsm {step.label}", style="dim"),
        warn=_warn,
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
        table.add_row(_display(file.path), f"{file.size:,} bytes  sha256 {file.sha256[:16]}…")
    console.print(table)
    console.print(f"[green]Released[/green] {result.version} with the notes of {result.notes.heading.lstrip('# ')}")
    if result.other_files:
        names = ", ".join(path.name for path in result.other_files)
        _warn(f"{_display(result.out_dir)} also holds files this release did not write: {names}")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; print a diff per unformatted file and exit 1 if any.")
def fmt(paths: tuple[Path, ...], check: bool) -> None:
    """Format Luau files with StyLua and the project's stylua.toml.

    Without PATHS: plugin/src, plugin/tests, tooling/dsm/runtime/luau and docs/examples,
    minus what .styluaignore lists. Runs the `stylua` binary when it is on PATH, else
    StyLua's WASM build from node_modules in one Node process. Files are rewritten
    atomically. Exit code 1 when --check finds unformatted files or a file does not parse.
    """
    from dsm import config
    from dsm import fmt as core
    from dsm.errors import EXIT_FAILURES
    from dsm.fmt.report import print_result, print_summary

    console, errors = _console(), _console(stderr=True)
    started = time.perf_counter()
    report = core.format_paths(
        config.load().root,
        paths,
        check=check,
        on_result=lambda result: print_result(console, errors, result, check=check),
    )
    print_summary(console, report, check=check, seconds=time.perf_counter() - started)
    if report.errors or (check and report.changed):
        raise click.exceptions.Exit(EXIT_FAILURES)


_plugins_dir_option = click.option(
    "--plugins-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Studio's local Plugins folder.  [default: $ROBLOX_PLUGINS_DIR, else the one Studio uses on "
    "Windows, macOS or WSL]",
)


def _plugin_stem() -> str:
    """The installed file's name without extension: the [tool.dsm] output's (DataStoreManagerPro)."""
    from dsm import config

    root = config.find_root(Path.cwd().resolve())
    return (config.load().output if root else Path(config.DEFAULTS["output"])).stem


@main.command()
@_plugins_dir_option
@click.option(
    "--from",
    "from_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Install this .rbxm/.rbxmx (a release download, say) instead of building the project.",
)
@click.option("--project", type=click.Path(path_type=Path), help="Project to build (default: [tool.dsm] project).")
def install(plugins_dir: Path | None, from_file: Path | None, project: Path | None) -> None:
    """Build the plugin and put it into Studio's local Plugins folder.

    The file (DataStoreManagerPro.rbxm) replaces the installed one in a single rename, so
    Studio never loads half a plugin. Other copies of the plugin in the folder are
    reported: Studio would run them side by side.
    """
    from dsm import config, studio
    from dsm import install as core
    from dsm.project import find_project

    if from_file is not None:
        plugin = core.plugin_from_file(from_file)
    else:
        plugin = core.build_plugin(find_project(project or config.load().project))
    folder = studio.plugins_dir(plugins_dir)
    result = core.install(plugin, folder, _plugin_stem())
    _console().print(f"[green]Installed[/green] {_display(result.path)} ({result.size:,} bytes)")
    for duplicate in result.duplicates:
        _warn(f"{_display(duplicate)} is another copy of the plugin; Studio runs both, so remove it")


@main.command()
@_plugins_dir_option
def uninstall(plugins_dir: Path | None) -> None:
    """Remove the plugin that `dsm install` and `dsm watch` put into Studio's Plugins folder.

    Deletes DataStoreManagerPro.rbxm (and .rbxmx) and lists what it deleted; other files
    that look like copies of the plugin are reported, not deleted.
    """
    from dsm import install as core
    from dsm import studio

    folder = studio.plugins_dir(plugins_dir, create=False)
    stem = _plugin_stem()
    names = {stem} | core.root_names(core.installed_files(folder, stem))
    removed = core.uninstall(folder, stem)
    for path in removed:
        _console().print(f"[green]Removed[/green] {_display(path)}")
    if not removed:
        _console().print(f"Nothing to remove: no {stem}.rbxm or {stem}.rbxmx in {_display(folder)}")
    for duplicate in core.find_duplicates(folder, stem, names):
        _warn(f"{_display(duplicate)} looks like another copy of the plugin; it was left in place, delete it by hand")


@main.command()
@_plugins_dir_option
@click.option("--project", type=click.Path(path_type=Path), help="Project to build (default: [tool.dsm] project).")
@click.option(
    "--debounce",
    type=click.IntRange(min=0, max=5000),
    default=100,
    show_default=True,
    metavar="MS",
    help="Quiet time after the last change before rebuilding, so a burst of saves is one rebuild.",
)
def watch(plugins_dir: Path | None, project: Path | None, debounce: int) -> None:
    """Rebuild and reinstall the plugin whenever its sources change, until Ctrl-C.

    Watches the project file, every $path it maps, and dsm generate's templates and data
    (regenerating when they change). Each build is compiled before it is installed: a syntax
    error is reported with its file and line and the last good plugin stays installed.
    Studio picks up each rebuild with its "Reload plugins on file changed" setting on.
    """
    from dsm import config
    from dsm.watch.start import start

    start(config.load(), project=project, plugins_dir=plugins_dir, quiet=debounce / 1000, console=_console())


@main.command()
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True, help="The PNG to write."
)
@click.option(
    "--view", metavar="NAME", help="Click the navigation entry with this text first (default: the widget as it opens)."
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
    _console().print(f"[green]Wrote[/green] {_display(written)} ({width}x{height}, {theme}) in {elapsed:.0f} ms")


@main.group()
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
    _console().print(
        f"[green]Wrote[/green] {_display(written.path)} ({written.keys:,} keys in {written.datastores} data stores, "
        f"{written.size:,} bytes)"
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
    _console().print(
        f"[green]Wrote[/green] {_display(written.path)} ({written.keys:,} keys, {written.size:,} bytes) "
        f"in {elapsed:.1f} s"
    )


def _display(path: Path) -> str:
    from dsm.errors import display_path

    return display_path(path)
