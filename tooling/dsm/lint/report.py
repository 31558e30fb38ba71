"""Printing lint results: one line per finding, or a JSON list for editors and CI."""

from __future__ import annotations

import json
from typing import Any

from dsm.lint.engine import LintResult


def as_json(result: LintResult) -> str:
    return json.dumps([finding.as_json() for finding in result.findings], indent=2, ensure_ascii=False)


def print_text(result: LintResult, out: Any, err: Any) -> None:
    """Findings to ``out`` (rich consoles); the summary to ``err`` so ``out`` stays parseable."""
    from rich.markup import escape

    for finding in result.findings:
        colour = "red" if finding.severity == "error" else "yellow"
        location = f"{finding.path}:{finding.line}:{finding.column}:"
        out.print(
            f"[bold]{escape(location)}[/bold] [{colour}]{escape(finding.rule)}:[/{colour}] {escape(finding.message)}"
        )
    files = f"{result.files} file{'' if result.files == 1 else 's'}"
    selene = "" if result.selene == "ran" else f" [dim](selene {result.selene})[/dim]"
    if result.findings:
        count = len(result.findings)
        affected = len({finding.path for finding in result.findings})
        err.print(f"[red]{count} finding{'' if count == 1 else 's'}[/red] in {affected} of {files}{selene}")
    else:
        err.print(f"[green]No findings[/green] in {files}{selene}")
