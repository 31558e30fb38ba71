"""`dsm watch`: rebuild the plugin into Studio's Plugins folder whenever its sources change.

The pieces, each with one job: ``targets`` (what to watch, read from the project file),
``observer`` (watchdog events → changes, editor side files dropped), ``debounce`` (a burst
of saves → one batch), ``session`` (regenerate, build, compile, install atomically, keep
the last good plugin), ``report`` (the terminal output). ``watch`` below ties them together;
it runs until ``stop`` is set, so tests and benchmarks drive it from a thread.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from dsm.watch.debounce import DEFAULT_MAX_WAIT, DEFAULT_QUIET, Debouncer
from dsm.watch.observer import ChangeHandler, Watches
from dsm.watch.session import Outcome, Regenerate, WatchSession
from dsm.watch.targets import Targets

__all__ = ["Outcome", "Reporter", "WatchOptions", "watch"]


@dataclass(frozen=True)
class WatchOptions:
    project_file: Path
    target: Path
    """The plugin file in the Plugins folder; its extension picks the format."""
    generate_inputs: Sequence[Path] = ()
    regenerate: Regenerate | None = None
    quiet: float = DEFAULT_QUIET
    max_wait: float = DEFAULT_MAX_WAIT


class Reporter(Protocol):
    def watching(self, targets: Targets) -> None:
        """The watch started, after the first build, on these files and folders."""
        ...

    def outcome(self, outcome: Outcome) -> None:
        """A build finished: the first one, then one per batch of changes."""
        ...


def watch(options: WatchOptions, stop: threading.Event, reporter: Reporter) -> None:
    """Build and install once, then rebuild on every batch of changes until ``stop`` is set."""
    session = WatchSession(
        options.project_file, options.target, generate_inputs=options.generate_inputs, regenerate=options.regenerate
    )
    debouncer = Debouncer(quiet=options.quiet, max_wait=options.max_wait)
    watches = Watches(ChangeHandler(lambda: session.targets, debouncer.put))
    # Watching starts before the first build so an edit made during it is not lost.
    watches.start(session.targets)
    try:
        reporter.outcome(session.rebuild([]))
        reporter.watching(session.targets)
        while (batch := debouncer.next_batch(stop)) is not None:
            changes = session.relevant(batch)
            if not changes:
                continue
            session.refresh_targets(changes)
            watches.update(session.targets)  # also turns a newly created $path folder into a deep watch
            reporter.outcome(session.rebuild(changes))
    finally:
        watches.stop()
