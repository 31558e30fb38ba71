"""The generated standard library of globals: sources, determinism, --check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import REPO
from dsm.lint import stdgen, stdlib

TYPES_DIR = REPO / "node_modules" / "@rbxts" / "types"


def test_committed_file_is_current_and_generation_is_deterministic() -> None:
    first = stdgen.render(stdgen.build(TYPES_DIR))
    assert first == stdgen.render(stdgen.build(TYPES_DIR))
    assert stdgen.OUTPUT.read_text(encoding="utf-8") == first


def test_it_holds_roblox_luau_plugin_and_spec_globals() -> None:
    std = stdlib.load()
    for name in ("game", "workspace", "plugin", "script", "settings", "typeof", "assert", "unpack", "Enum"):
        assert name in std.globals
    assert std.globals["task"] == frozenset(
        {"cancel", "defer", "delay", "desynchronize", "spawn", "synchronize", "wait"}
    )
    assert "fromScale" in (std.globals["UDim2"] or ())
    assert std.globals["game"] is None  # an Instance: any member
    assert {"describe", "it", "expect", "jest", "beforeEach", "dsm"} <= std.spec_globals
    assert "TS" not in std.globals and "enum" not in std.globals  # TypeScript-only declarations
    assert "SourceSans" in std.enums()["Font"]


def test_check_fails_when_the_file_is_stale(tmp_path: Path) -> None:
    copy = tmp_path / "std.json"
    shutil.copyfile(stdgen.OUTPUT, copy)
    args = ["--types-dir", str(TYPES_DIR), "--output", str(copy), "--check"]
    assert CliRunner().invoke(stdgen.main, args).exit_code == 0
    data = json.loads(copy.read_text(encoding="utf-8"))
    del data["globals"]["warn"]
    copy.write_text(stdgen.render(data), encoding="utf-8")
    result = CliRunner().invoke(stdgen.main, args)
    assert result.exit_code == 1
    assert "scripts/generate-lint-std" in result.output


def test_missing_types_package_is_one_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(stdgen.main, ["--types-dir", str(tmp_path / "none"), "--output", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "run `npm ci`" in result.output
