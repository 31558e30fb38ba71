"""`dsm generate [--check]` through the command line: output, exit codes, diffs."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from generate_fixtures import OUTPUT, copy_project

from dsm.cli import main
from projectkit import run_dsm, write


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def test_generate_writes_each_file_once_and_says_so(root: Path) -> None:
    first = run_dsm(["generate"], root)
    assert first.exit_code == 0, first.output
    assert first.output.splitlines() == [
        f"Created {OUTPUT}/Info.luau",
        f"Created {OUTPUT}/Palette.luau",
        f"Created {OUTPUT}/nested/Extra.luau",
    ]
    second = run_dsm(["generate"], root / "plugin")  # the project is found from a subfolder
    assert second.exit_code == 0, second.output
    assert second.output == "Up to date: 3 generated files\n"


def test_check_is_clean_after_generate(root: Path) -> None:
    run_dsm(["generate"], root)
    result = run_dsm(["generate", "--check"], root)
    assert result.exit_code == 0, result.output
    assert result.output == "Up to date: 3 generated files\n"


def test_check_prints_a_diff_writes_nothing_and_exits_1_when_stale(root: Path) -> None:
    run_dsm(["generate"], root)
    theme = root / "plugin/data/theme.toml"
    theme.write_text(theme.read_text(encoding="utf-8").replace('"MainText"', '"SubText"'), encoding="utf-8")
    palette = root / OUTPUT / "Palette.luau"
    before = palette.read_text(encoding="utf-8")
    result = run_dsm(["generate", "--check"], root)
    assert result.exit_code == 1
    assert palette.read_text(encoding="utf-8") == before
    assert f"--- a/{OUTPUT}/Palette.luau\n+++ b/{OUTPUT}/Palette.luau\n" in result.stdout
    assert "-\t\tDark = { color = Enum.StudioStyleGuideColor.MainText },\n" in result.stdout
    assert "+\t\tDark = { color = Enum.StudioStyleGuideColor.SubText },\n" in result.stdout
    assert result.stderr == f"Out of date: {OUTPUT}/Palette.luau; run dsm generate\n"
    updated = run_dsm(["generate"], root)
    assert updated.output == f"Updated {OUTPUT}/Palette.luau\n"
    assert run_dsm(["generate", "--check"], root).exit_code == 0


def test_check_reports_missing_and_orphaned_files(root: Path) -> None:
    run_dsm(["generate"], root)
    (root / OUTPUT / "Palette.luau").unlink()
    (root / "plugin/templates/nested/Extra.luau.j2").unlink()
    result = run_dsm(["generate", "--check"], root)
    assert result.exit_code == 1
    assert f"--- /dev/null\n+++ b/{OUTPUT}/Palette.luau\n" in result.stdout
    assert f"--- a/{OUTPUT}/nested/Extra.luau\n+++ /dev/null\n" in result.stdout
    fixed = run_dsm(["generate"], root)
    assert fixed.output.splitlines() == [f"Created {OUTPUT}/Palette.luau", f"Removed {OUTPUT}/nested/Extra.luau"]


def test_a_template_error_is_one_line_and_exit_1(root: Path) -> None:
    write(root, "plugin/templates/Broken.luau.j2", "--!strict\nreturn {{ constants.missing }}\n")
    result = run_dsm(["generate"], root)
    assert result.exit_code == 1
    assert result.output == (
        "Error: plugin/templates/Broken.luau.j2:2: template error: 'dict object' has no attribute 'missing' "
        "(no such name or key in the data)\n"
    )
    assert not (root / OUTPUT).exists()  # nothing is written when any template fails


def test_an_unknown_setting_is_a_usage_error(root: Path) -> None:
    write(root, "pyproject.toml", '[tool.dsm.generate]\ndatas = "plugin/data"\n')
    result = run_dsm(["generate", "--check"], root)
    assert result.exit_code == 2
    assert 'unknown key "datas" in [tool.dsm.generate]; did you mean "data"?' in result.output


def test_help_explains_check() -> None:
    result = CliRunner().invoke(main, ["generate", "--help"])
    assert result.exit_code == 0
    assert "--check" in result.output
    assert "exit code is 1" in " ".join(result.output.split())
