"""The everyday loop: generate, lint and format the sources; install, uninstall and watch the plugin."""

from __future__ import annotations

import time
from pathlib import Path

import click

from dsm.cli import terminal


@click.command()
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
    console = terminal.console()
    if check:
        for output in stale:
            _echo_diff(core.diff(output, terminal.display(output.path)))
        if stale:
            names = escape(", ".join(terminal.display(output.path) for output in stale))
            terminal.console(stderr=True).print(f"[red]Out of date:[/red] {names}; run [bold]dsm generate[/bold]")
            raise click.exceptions.Exit(EXIT_FAILURES)
        console.print(f"[green]Up to date:[/green] {len(outputs)} generated file{'' if len(outputs) == 1 else 's'}")
        return
    verbs = {"new": "Created", "changed": "Updated", "orphaned": "Removed"}
    for output in core.apply(outputs):
        console.print(f"[green]{verbs[output.status]}[/green] {escape(terminal.display(output.path))}")
    if not stale:
        console.print(f"[green]Up to date:[/green] {len(outputs)} generated file{'' if len(outputs) == 1 else 's'}")


def _echo_diff(text: str) -> None:
    """A unified diff, coloured on a terminal (click drops the colour elsewhere)."""
    colours = {"+": "green", "-": "red", "@": "cyan"}
    for line in text.splitlines():
        colour = None if line.startswith(("+++", "---")) else colours.get(line[:1])
        click.echo(click.style(line, fg=colour) if colour else line)


@click.command()
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
        report.print_text(result, terminal.console(), terminal.console(stderr=True))
    if result.findings:
        raise click.exceptions.Exit(EXIT_FAILURES)


@click.command()
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

    console, errors = terminal.console(), terminal.console(stderr=True)
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


@click.command()
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
    terminal.console().print(f"[green]Installed[/green] {terminal.display(result.path)} ({result.size:,} bytes)")
    for duplicate in result.duplicates:
        terminal.warn(f"{terminal.display(duplicate)} is another copy of the plugin; Studio runs both, so remove it")


@click.command()
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
        terminal.console().print(f"[green]Removed[/green] {terminal.display(path)}")
    if not removed:
        terminal.console().print(f"Nothing to remove: no {stem}.rbxm or {stem}.rbxmx in {terminal.display(folder)}")
    for duplicate in core.find_duplicates(folder, stem, names):
        terminal.warn(
            f"{terminal.display(duplicate)} looks like another copy of the plugin; "
            "it was left in place, delete it by hand"
        )


@click.command()
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

    start(config.load(), project=project, plugins_dir=plugins_dir, quiet=debounce / 1000, console=terminal.console())
