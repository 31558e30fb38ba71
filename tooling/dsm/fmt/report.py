"""What ``dsm fmt`` prints: a line per rewritten file, a coloured diff per file in check mode."""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from dsm.errors import display_path
from dsm.fmt import FileResult, FmtReport

_DIFF_STYLES = (("+++", "bold"), ("---", "bold"), ("@@", "cyan"), ("+", "green"), ("-", "red"), ("\\", "dim"))


def print_result(console: Any, errors: Any, result: FileResult, *, check: bool) -> None:
    """Report one file as soon as it is done; parse errors go to ``errors`` (stderr)."""
    if result.error:
        errors.print(f"[red]error:[/red] {escape(result.error)}")
    elif result.changed and check:
        for line in result.diff.splitlines():
            style = next((style for prefix, style in _DIFF_STYLES if line.startswith(prefix)), None)
            console.print(f"[{style}]{escape(line)}[/{style}]" if style else escape(line))
    elif result.changed:
        console.print(f"[green]formatted[/green] {escape(display_path(result.path))}")


def print_summary(console: Any, report: FmtReport, *, check: bool, seconds: float) -> None:
    total = len(report.results)
    files = f"{total} file{'' if total == 1 else 's'}"
    how = f"{escape(report.formatter)}, {seconds:.1f} s"
    changed = len(report.changed)
    failed = f"; [red]{len(report.errors)} could not be parsed[/red]" if report.errors else ""
    if check and changed:
        console.print(f"[red]{changed} of {files} need formatting[/red]{failed}; run `dsm fmt` ({how})")
    elif changed:
        console.print(f"[green]Formatted[/green] {changed} of {files}{failed} ({how})")
    elif report.errors:
        console.print(f"The other files of {files} are formatted{failed} ({how})")
    else:
        console.print(f"[green]All {files} formatted[/green] ({how})")
