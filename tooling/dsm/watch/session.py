"""One watch session's rebuild step: regenerate, build, compile, install; keep the last good plugin.

This is the watcher without the watching: ``rebuild(changes)`` does the work one batch of
changes calls for and says what happened. The plugin is only replaced when the whole tree
built and every script compiled, and only when its bytes changed, so Studio reloads it once
per real change and never sees a broken build.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from dsm.errors import DsmError
from dsm.fsutil import write_atomic
from dsm.install import plugin_from_tree
from dsm.luau_syntax import SyntaxChecker
from dsm.project import build_tree
from dsm.watch.changes import Change
from dsm.watch.targets import Targets, find_targets

Status = Literal["installed", "unchanged", "failed"]
# Regenerates the generated modules; returns the files it rewrote.
Regenerate = Callable[[], Sequence[Path]]


@dataclass(frozen=True)
class Outcome:
    changes: list[Change]
    status: Status
    elapsed_ms: float
    target: Path
    problems: list[str] = field(default_factory=list)
    """Why the build was not installed: one ``file:line: message`` each."""
    warnings: list[str] = field(default_factory=list)
    regenerated: list[Path] = field(default_factory=list)


class WatchSession:
    def __init__(
        self,
        project_file: Path,
        target: Path,
        *,
        generate_inputs: Sequence[Path] = (),
        regenerate: Regenerate | None = None,
    ) -> None:
        self.project_file = project_file
        self.target = target
        self.generate_inputs = list(generate_inputs)
        self.regenerate = regenerate
        self.checker = SyntaxChecker()
        self.targets = self._read_targets(fallback=None)
        self._own_writes: dict[Path, str] = {}
        self._warned: set[str] = set()

    def _read_targets(self, fallback: Targets | None) -> Targets:
        """The watch targets; while the project file is broken, the last good ones plus that file."""
        try:
            return find_targets(self.project_file, self.generate_inputs)
        except DsmError:
            if fallback is not None:
                return fallback
            return Targets(frozenset({self.project_file.absolute()}), frozenset(), frozenset(self.generate_inputs))

    def relevant(self, changes: Sequence[Change]) -> list[Change]:
        """``changes`` minus the events of files this session wrote itself (regenerated modules)."""
        kept = []
        for change in changes:
            expected = self._own_writes.get(change.path)
            if expected is not None and change.destination is None and _digest(change.path) == expected:
                continue
            kept.append(change)
        return kept

    def refresh_targets(self, changes: Sequence[Change]) -> None:
        """Re-read the watch targets when a project file is among ``changes``.

        Called before ``rebuild`` so the watcher can schedule new folders first: an edit made
        while the build runs is then seen rather than lost.
        """
        if any(self.targets.is_project_file(path) for change in changes for path in _paths(change)):
            self.targets = self._read_targets(fallback=self.targets)

    def rebuild(self, changes: Sequence[Change]) -> Outcome:
        """Do what ``changes`` call for; the first call (no changes) builds and installs."""
        started = time.perf_counter()
        changes = list(changes)
        warnings: list[str] = []
        regenerated: list[Path] = []
        try:
            if self.regenerate is not None and (
                not changes
                or any(self.targets.is_generate_input(path) for change in changes for path in _paths(change))
            ):
                regenerated = list(self.regenerate())
                self._own_writes = {path: _digest(path) for path in regenerated}
            root = build_tree(self.project_file, warn=warnings.append)
        except DsmError as error:
            return self._outcome(changes, "failed", started, problems=[error.format_message()], regenerated=regenerated)
        problems = [str(problem) for problem in self.checker.check(root)]
        if problems:
            return self._outcome(changes, "failed", started, problems=problems, regenerated=regenerated)
        plugin = plugin_from_tree(root, self.target.suffix.lower())
        # Compared with the file itself (not the last write), so a restart with unchanged sources,
        # or a plugin someone replaced meanwhile, is handled right; Studio reloads only on a change.
        if _read(self.target) == plugin.data:
            return self._outcome(changes, "unchanged", started, warnings=warnings, regenerated=regenerated)
        write_atomic(self.target, plugin.data)
        return self._outcome(changes, "installed", started, warnings=warnings, regenerated=regenerated)

    def _outcome(
        self,
        changes: list[Change],
        status: Status,
        started: float,
        *,
        problems: list[str] | None = None,
        warnings: list[str] | None = None,
        regenerated: list[Path] | None = None,
    ) -> Outcome:
        fresh = [warning for warning in warnings or [] if warning not in self._warned]
        self._warned.update(fresh)
        elapsed = (time.perf_counter() - started) * 1000
        return Outcome(changes, status, elapsed, self.target, problems or [], fresh, regenerated or [])


def _paths(change: Change) -> list[Path]:
    return [change.path] if change.destination is None else [change.path, change.destination]


def _digest(path: Path) -> str:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return ""


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
