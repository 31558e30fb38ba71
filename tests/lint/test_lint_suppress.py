"""Switching rules off: `-- dsm-lint: ignore` comments and [tool.dsm.lint]."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lint_fixtures import brief, lint, make_project

from dsm.errors import UsageError
from projectkit import run_dsm, write

POLLER = "plugin/src/Poller.luau"


def _project(tmp_path: Path, source: str, tool_dsm: str = "") -> Path:
    root = make_project(tmp_path / "project", tool_dsm=tool_dsm)
    write(root, POLLER, source)
    return root


def test_comment_on_the_same_line_or_alone_on_the_line_above(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        "--!strict\n"
        "wait(1) -- dsm-lint: ignore deprecated-global\n"
        "-- dsm-lint: ignore deprecated-global, undefined-global (kept for the legacy loader)\n"
        "spawn(missing)\n"
        "delay(1, print)\n",
    )
    assert brief(lint(root)) == [(POLLER, 5, 1, "deprecated-global")]


def test_a_trailing_comment_does_not_cover_the_next_line(tmp_path: Path) -> None:
    root = _project(tmp_path, "--!strict\nlocal a = 1 -- dsm-lint: ignore deprecated-global\nwait(a)\n")
    assert brief(lint(root)) == [(POLLER, 3, 1, "deprecated-global")]


def test_a_comment_names_the_rules_it_switches_off(tmp_path: Path) -> None:
    root = _project(tmp_path, "--!strict\nwait(missing) -- dsm-lint: ignore deprecated-global\n")
    assert brief(lint(root)) == [(POLLER, 2, 6, "undefined-global")]


def test_disable_in_pyproject(tmp_path: Path) -> None:
    root = _project(
        tmp_path, "wait(1)\n", tool_dsm='[tool.dsm.lint]\ndisable = ["strict-header", "deprecated-global"]\n'
    )
    assert lint(root) == []


def test_ignore_globs_in_pyproject(tmp_path: Path) -> None:
    root = _project(tmp_path, "--!strict\nreturn {}\n", tool_dsm='[tool.dsm.lint]\nignore = ["plugin/src/Vendor/**"]\n')
    write(root, "plugin/src/Vendor/Old.luau", "wait(1)\n")
    assert lint(root) == []
    # An ignored file stays ignored when named on the command line.
    assert lint(root, ["plugin/src/Vendor/Old.luau"]) == []


def test_paths_in_pyproject_replace_the_defaults(tmp_path: Path) -> None:
    root = _project(tmp_path, "wait(1)\n", tool_dsm='[tool.dsm.lint]\npaths = ["plugin/tests"]\n')
    write(root, "plugin/tests/ok.spec.luau", 'describe("x", function() end)\n')
    assert lint(root) == []


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('disabel = ["x"]', 'unknown key "disabel" in [tool.dsm.lint]; did you mean "disable"?'),
        ('disable = ["strict-headers"]', 'unknown rule "strict-headers" in [tool.dsm.lint] disable; did you mean'),
        ('disable = "strict-header"', "[tool.dsm.lint] disable must be a list of strings"),
        ('ignore = ["plugin/{a"]', '[tool.dsm.lint] ignore: bad glob "plugin/{a"'),
    ],
)
def test_bad_settings_are_usage_errors(tmp_path: Path, table: str, message: str) -> None:
    root = _project(tmp_path, "--!strict\nreturn {}\n", tool_dsm=f"[tool.dsm.lint]\n{table}\n")
    with pytest.raises(UsageError, match=re.escape(message)):
        lint(root)
    result = run_dsm(["lint"], root)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_selene_rules_can_be_disabled_one_by_one(tmp_path: Path) -> None:
    root = _project(
        tmp_path, "--!strict\nreturn {}\n", tool_dsm='[tool.dsm.lint]\ndisable = ["selene/unused_variable"]\n'
    )
    assert lint(root) == []
