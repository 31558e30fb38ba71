"""The lines `dsm watch` prints for each kind of outcome."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from dsm.watch.changes import Change
from dsm.watch.report import ConsoleReporter
from dsm.watch.session import Outcome


def _lines(outcomes: list[Outcome]) -> list[str]:
    buffer = io.StringIO()
    reporter = ConsoleReporter(Console(file=buffer, width=300, color_system=None))
    for outcome in outcomes:
        reporter.outcome(outcome)
    # Drop the HH:MM:SS stamp: the rest of each line is what matters.
    return [line.split(" ", 1)[1] if line[:2].isdigit() else line for line in buffer.getvalue().splitlines()]


def test_each_outcome_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # paths print relative to the working folder
    target = tmp_path / "DataStoreManagerPro.rbxm"
    target.write_bytes(b"")
    util = tmp_path / "Util.luau"
    util.write_text("", encoding="utf-8")
    changed = [Change("changed", util), Change("added", tmp_path / "New.luau")]
    lines = _lines(
        [
            Outcome([], "unchanged", 40.0, target),
            Outcome(changed, "installed", 12.4, target, regenerated=[tmp_path / "Theme.luau"]),
            Outcome([Change("changed", util)], "unchanged", 3.0, target, warnings=["a warning"]),
            Outcome([Change("changed", util)], "failed", 5.0, target, problems=["Util.luau:2: Expected 'end'"]),
            Outcome([Change("changed", util)], "unchanged", 3.0, target),
        ]
    )
    shown = "DataStoreManagerPro.rbxm"
    assert lines == [
        f"up to date: {shown} already holds this build",
        "regenerated Theme.luau",
        f"rebuilt after Util.luau changed (+1 more) in 12 ms → {shown}",
        "warning: a warning",
        "Util.luau changed; the built plugin is the same, nothing to install",
        "build failed after Util.luau changed; keeping the last good plugin:",
        "  Util.luau:2: Expected 'end'",
        f"fixed after Util.luau changed; {shown} already holds this build",
    ]
