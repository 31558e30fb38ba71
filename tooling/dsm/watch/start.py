"""``dsm watch`` from the command line: find everything, say what will happen, watch until Ctrl-C."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.markup import escape

from dsm import install, studio
from dsm.config import Config
from dsm.errors import DsmError, display_path
from dsm.project import find_project
from dsm.project.builder import project_name_fallback
from dsm.project.schema import load_project
from dsm.watch import WatchOptions, watch
from dsm.watch.regenerate import regeneration
from dsm.watch.report import RELOAD_TIP, ConsoleReporter


def start(config: Config, *, project: Path | None, plugins_dir: Path | None, quiet: float, console: Any) -> None:
    """Watch ``project`` (default: [tool.dsm] project) into the Plugins folder until Ctrl-C."""
    project_file = find_project(project or config.project).absolute()
    folder = studio.plugins_dir(plugins_dir)
    target = folder / f"{config.output.stem}.rbxm"
    with _sigterm_as_ctrl_c():
        try:
            regen = regeneration(config)
            console.print(
                f"[bold]dsm watch[/bold] {escape(display_path(project_file))} → {escape(display_path(target))}"
            )
            console.print(f"[dim]tip:[/dim] {RELOAD_TIP}")
            if regen.note:
                console.print(f"[yellow]note:[/yellow] {escape(regen.note)}")
            _warn_duplicates(console, folder, config.output.stem, project_file, target)
            options = WatchOptions(
                project_file, target, generate_inputs=regen.inputs, regenerate=regen.run, quiet=quiet
            )
            watch(options, threading.Event(), ConsoleReporter(console))
        except KeyboardInterrupt:  # Ctrl-C is how a watch ends, not an error; watch() stopped its observer
            pass
    console.print("[dim]stopped watching[/dim]")


@contextlib.contextmanager
def _sigterm_as_ctrl_c() -> Iterator[None]:
    """SIGTERM (an editor's task runner, `kill`) stops the watch as Ctrl-C does: cleanly, no temp files."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signal: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _warn_duplicates(console: Any, folder: Path, stem: str, project_file: Path, target: Path) -> None:
    """Other copies of the plugin keep running beside the watched one; say so once, at the start."""
    names = {stem} | install.root_names(install.installed_files(folder, stem))
    with contextlib.suppress(DsmError):  # a broken project file is reported by the first build
        project = load_project(str(project_file), _silent)
        names.add(project.name or project_name_fallback(str(project_file)))
    for path in install.find_duplicates(folder, stem, names, keep=target):
        console.print(
            f"[yellow]warning:[/yellow] another copy of the plugin is in the Plugins folder: "
            f"{escape(display_path(path))}; Studio runs both, so delete it"
        )


def _silent(_message: str) -> None:
    """Project warnings are printed by the build."""
