"""What ``dsm watch`` prints: one line per build, in colour, with the time it happened."""

from __future__ import annotations

import time
from typing import Any

from rich.markup import escape

from dsm.errors import display_path
from dsm.watch.changes import describe
from dsm.watch.session import Outcome
from dsm.watch.targets import Targets

RELOAD_TIP = (
    "Studio reloads the plugin on each rebuild only with "
    '[bold]File › Studio Settings › Studio › "Reload plugins on file changed"[/bold] turned on; '
    "otherwise restart Studio, or use Plugin Debugging's Reload Plugin."
)


class ConsoleReporter:
    """Prints outcomes to a rich console; the first build is worded as the start of the session."""

    def __init__(self, console: Any) -> None:
        self.console = console
        self.builds = 0
        self.failing = False

    def watching(self, targets: Targets) -> None:
        watched = sorted(targets.project_files) + sorted(targets.sources | targets.generate_inputs)
        shown = ", ".join(escape(display_path(path)) for path in watched)
        self.console.print(f"[dim]watching {shown}; press Ctrl-C to stop[/dim]")

    def outcome(self, outcome: Outcome) -> None:
        first = self.builds == 0
        self.builds += 1
        was_failing, self.failing = self.failing, outcome.status == "failed"
        stamp = f"[dim]{time.strftime('%H:%M:%S')}[/dim]"
        cause = "the first build" if first else escape(describe(outcome.changes))
        for path in outcome.regenerated:
            self.console.print(f"{stamp} [cyan]regenerated[/cyan] {escape(display_path(path))}")
        for warning in outcome.warnings:
            self.console.print(f"{stamp} [yellow]warning:[/yellow] {escape(warning)}")
        target = escape(display_path(outcome.target))
        took = f"{outcome.elapsed_ms:.0f} ms"
        if outcome.status == "installed":
            verb = "installed" if first else f"rebuilt after {cause}"
            self.console.print(f"{stamp} [green]{verb}[/green] in {took} → {target}")
        elif outcome.status == "unchanged":
            if first:
                self.console.print(f"{stamp} [green]up to date[/green]: {target} already holds this build")
            elif was_failing:
                self.console.print(f"{stamp} [green]fixed[/green] after {cause}; {target} already holds this build")
            else:
                self.console.print(f"{stamp} [dim]{cause}; the built plugin is the same, nothing to install[/dim]")
        else:
            kept = "keeping the last good plugin" if outcome.target.is_file() else "nothing installed yet"
            self.console.print(f"{stamp} [red]build failed[/red] after {cause}; {kept}:")
            for problem in outcome.problems:
                self.console.print(f"  [red]{escape(problem)}[/red]")
