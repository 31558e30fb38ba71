"""`dsm lint` through the command line: output formats, exit codes, selene, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lint_fixtures import make_project

from projectkit import fake_tool, run_dsm, write


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # Only the tools a test puts there: no real selene from the machine.
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    return make_project(tmp_path / "project")


def test_clean_project_exits_0_and_says_so(root: Path) -> None:
    result = run_dsm(["lint"], root)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "No findings in 2 files (selene not on PATH)" in result.stderr


def test_findings_print_sorted_and_exit_1(root: Path) -> None:
    write(root, "plugin/src/B.luau", "--!strict\nwait(1)\n")
    write(root, "plugin/src/A.luau", "local x = 1\nreturn x\n")
    result = run_dsm(["lint"], root)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "plugin/src/A.luau:1:1: strict-header: plugin sources start with --!strict; add it as the first line",
        "plugin/src/B.luau:2:1: deprecated-global: wait is deprecated: use task.wait",
    ]
    assert "2 findings in 2 of 4 files" in result.stderr


def test_paths_are_relative_to_the_working_folder(root: Path) -> None:
    write(root, "plugin/src/Core/B.luau", "--!strict\nwait(1)\n")
    result = run_dsm(["lint", "B.luau"], root / "plugin" / "src" / "Core")
    assert result.exit_code == 1
    assert result.stdout.startswith("B.luau:2:1: deprecated-global:")


def test_json_format_lists_every_field(root: Path) -> None:
    write(root, "plugin/src/B.luau", "--!strict\nwait(1)\n")
    result = run_dsm(["lint", "--format", "json"], root)
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "path": "plugin/src/B.luau",
            "line": 2,
            "column": 1,
            "rule": "deprecated-global",
            "message": "wait is deprecated: use task.wait",
            "severity": "warning",
        }
    ]


def test_json_format_of_a_clean_project_is_an_empty_list(root: Path) -> None:
    result = run_dsm(["lint", "--format", "json"], root)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_usage_errors_exit_2(root: Path) -> None:
    missing = run_dsm(["lint", "plugin/src/Nope.luau"], root)
    assert missing.exit_code == 2
    assert "plugin/src/Nope.luau: no such file or folder" in missing.output
    write(root, "notes.txt", "hello")
    not_luau = run_dsm(["lint", "notes.txt"], root)
    assert not_luau.exit_code == 2
    assert "not a Luau file" in not_luau.output
    assert run_dsm(["lint", "--format", "xml"], root).exit_code == 2


def test_a_broken_project_file_is_one_line_and_exit_1(root: Path) -> None:
    (root / "build.project.json").write_text("{", encoding="utf-8")
    result = run_dsm(["lint"], root)
    assert result.exit_code == 1
    assert "build.project.json" in result.output
    assert "Traceback" not in result.output


def test_help_names_the_rules_and_suppression(root: Path) -> None:
    result = run_dsm(["lint", "--help"], root)
    assert result.exit_code == 0
    for text in ("require-resolves", "placeholder-data", "dsm-lint: ignore", "--format"):
        assert text in result.output


# selene


def test_selene_runs_with_the_project_config_and_its_findings_are_rules(root: Path, tmp_path: Path) -> None:
    (root / "selene.toml").write_text('std = "roblox"\n', encoding="utf-8")
    fake_tool(
        tmp_path / "bin",
        "selene",
        f'echo "$@" > "{tmp_path}/args"\n'
        'echo "plugin/src/App.luau:4:10: warning[unused_variable]: toolbar is assigned a value, but never used"\n'
        'echo "plugin/src/App.luau:1:1: error[parse_error]: unexpected token"\n'
        "exit 1\n",
    )
    result = run_dsm(["lint"], root)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "plugin/src/App.luau:4:10: selene/unused_variable: toolbar is assigned a value, but never used"
    ]
    args = (tmp_path / "args").read_text(encoding="utf-8").split()
    assert args[:3] == ["--display-style=quiet", "--no-summary", "--color=never"]
    assert args[3:5] == ["--config", str(root / "selene.toml")]
    assert sorted(Path(arg).name for arg in args[5:]) == ["App.luau", "init.server.luau"]


def test_selene_findings_can_be_suppressed_by_comment(root: Path, tmp_path: Path) -> None:
    write(root, "plugin/src/App.luau", "--!strict\nlocal unused = 1 -- dsm-lint: ignore selene\nreturn {}\n")
    fake_tool(tmp_path / "bin", "selene", 'echo "plugin/src/App.luau:2:7: warning[unused_variable]: unused"\nexit 0\n')
    assert run_dsm(["lint"], root).exit_code == 0


def test_a_failing_selene_is_reported_as_a_finding(root: Path, tmp_path: Path) -> None:
    (root / "selene.toml").write_text("std = \n", encoding="utf-8")
    fake_tool(tmp_path / "bin", "selene", 'echo "ERROR: selene.toml is not valid TOML" >&2\nexit 1\n')
    result = run_dsm(["lint", "--format", "json"], root)
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "path": "selene.toml",
            "line": 1,
            "column": 1,
            "rule": "selene",
            "message": "selene failed: selene.toml is not valid TOML",
            "severity": "error",
        }
    ]


def test_selene_disabled_does_not_run(root: Path, tmp_path: Path) -> None:
    (root / "pyproject.toml").write_text('[tool.dsm]\n[tool.dsm.lint]\ndisable = ["selene"]\n', encoding="utf-8")
    fake_tool(tmp_path / "bin", "selene", 'echo "plugin/src/App.luau:1:1: warning[x]: y"\nexit 1\n')
    result = run_dsm(["lint"], root)
    assert result.exit_code == 0
    assert "(selene disabled)" in result.stderr
