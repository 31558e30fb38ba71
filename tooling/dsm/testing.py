"""`dsm test` and `dsm run`: the runtime's command-line front ends."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.markup import escape

from dsm.dom.instance import Instance
from dsm.errors import DsmError
from dsm.runtime.specs import CaseResult, SpecLoadError, SpecSession, discover


@dataclass
class Summary:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    broken_files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0 and not self.broken_files


def project_tree(project_file: Path) -> Instance:
    from dsm.project import build_tree

    return build_tree(project_file)


@dataclass(frozen=True)
class DataStoreOptions:
    """`--datastore`, `--seed` and `--faults`: the emulator's state file, seed and faults."""

    state: Path | None = None
    seed: Path | None = None
    faults: str | None = None


def run_tests(
    root: Path,
    tree: Instance | None,
    patterns: tuple[str, ...],
    *,
    console: Any,
    verbose: bool,
    time_limit: float,
    datastore: DataStoreOptions | None = None,
) -> Summary:
    files = list(discover(root, patterns))
    if not files:
        where = f" matching {', '.join(patterns)}" if patterns else ""
        raise DsmError(f"no spec files{where} under plugin/tests (specs are named *.spec.luau)")
    summary = Summary()
    started = time.perf_counter()
    store = datastore or DataStoreOptions()
    session = SpecSession(
        root, tree, time_limit=time_limit, datastore=store.state, seed=store.seed, faults=store.faults
    )
    for path in files:
        _run_file(session, path, summary, console, verbose)
    elapsed = time.perf_counter() - started
    parts = []
    if summary.failed:
        parts.append(f"[red]{summary.failed} failed[/red]")
    parts.append(f"[green]{summary.passed} passed[/green]")
    if summary.skipped:
        parts.append(f"[yellow]{summary.skipped} skipped[/yellow]")
    if summary.broken_files:
        parts.append(f"[red]{len(summary.broken_files)} file(s) could not run[/red]")
    total = summary.passed + summary.failed + summary.skipped
    console.print(f"\nTests: {', '.join(parts)}, {total} total ({len(files)} files, {elapsed:.2f} s)")
    return summary


def _run_file(session: SpecSession, path: Path, summary: Summary, console: Any, verbose: bool) -> None:
    try:
        spec = session.open(path)
    except SpecLoadError as error:
        summary.broken_files.append(str(path))
        console.print(f"[bold red]FAIL[/bold red] {session.display(path)}\n  {error}")
        return
    results = [spec.run(case) for case in spec.cases]
    hook_errors = spec.finish()
    failed = [result for result in results if result.status == "failed"]
    label = "[bold red]FAIL[/bold red]" if failed or hook_errors else "[bold green]PASS[/bold green]"
    console.print(f"{label} {spec.display} [dim]({len(results)} tests)[/dim]")
    for result in results:
        if result.status == "passed":
            summary.passed += 1
            if verbose:
                console.print(f"  [green]✓[/green] {escape(result.case.title)}")
        elif result.status == "skipped":
            summary.skipped += 1
            if verbose:
                console.print(f"  [yellow]○[/yellow] {escape(result.case.title)} [dim](skipped)[/dim]")
        else:
            summary.failed += 1
            _print_failure(console, spec.display, result)
    for message in hook_errors:
        summary.broken_files.append(str(path))
        console.print(f"  [red]afterAll failed:[/red] {message}")


def _print_failure(console: Any, display: str, result: CaseResult) -> None:
    where = f"{result.file or display}:{result.line}" if result.line else display
    console.print(f"  [red]✕ {escape(result.case.title)}[/red]")
    console.print(f"    [cyan]{escape(where)}[/cyan]")
    for line in result.message.splitlines():
        console.print(f"    {escape(line)}")


def run_script(
    root: Path,
    tree: Instance | None,
    script: Path,
    *,
    time_limit: float,
    datastore: DataStoreOptions | None = None,
) -> int:
    from dsm.runtime.host import Runtime
    from dsm.runtime.vm import LuauError, TimeLimitExceeded

    if not script.is_file():
        raise DsmError(f"no such script: {script}")
    store = datastore or DataStoreOptions()
    runtime = Runtime(root, time_limit=time_limit, datastore=store.state, seed=store.seed, faults=store.faults)
    if tree is not None:
        runtime.mount(tree)
    try:
        failures = runtime.run_file(script.resolve())
    except TimeLimitExceeded as error:
        print(f"dsm run: the script was stopped: it {error}", file=sys.stderr)
        return 1
    except LuauError as error:
        print(f"dsm run: {error}", file=sys.stderr)
        return 1
    return 1 if failures else 0
