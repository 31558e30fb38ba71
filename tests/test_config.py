"""``[tool.dsm]`` and the sub-table each command reads from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsm import config
from dsm.errors import UsageError
from projectkit import make_project


def _load(tmp_path: Path, tool_dsm: str) -> config.Config:
    return config.load(make_project(tmp_path, tool_dsm=tool_dsm))


def test_a_command_table_is_merged_over_its_defaults(tmp_path: Path) -> None:
    settings = _load(tmp_path, '[tool.dsm.lint]\ndisable = ["deprecated-global"]\n')
    assert config.command_table(settings, "lint") == {
        "paths": ["plugin/src", "plugin/tests"],
        "disable": ["deprecated-global"],
        "ignore": [],
    }
    assert config.command_table(settings, "generate") == config.DEFAULTS["generate"]


@pytest.mark.parametrize(
    ("tool_dsm", "message"),
    [
        ('[tool.dsm.lint]\npath = ["x"]\n', 'unknown key "path" in [tool.dsm.lint]; did you mean "paths"?'),
        # Without a close match, the known keys are listed in the order the defaults give them.
        ("[tool.dsm.lint]\nzzz = 1\n", 'unknown key "zzz" in [tool.dsm.lint]; known keys: paths, disable, ignore'),
        ('lint = "plugin/src"\n', "[tool.dsm.lint] must be a table"),
    ],
)
def test_a_command_table_is_checked_before_its_values(tmp_path: Path, tool_dsm: str, message: str) -> None:
    settings = _load(tmp_path, tool_dsm)
    with pytest.raises(UsageError) as raised:
        config.command_table(settings, "lint")
    assert str(raised.value).endswith(f"pyproject.toml: {message}")
    assert raised.value.path == (tmp_path / "pyproject.toml").resolve()


def test_unknown_top_level_keys_list_the_known_ones_sorted(tmp_path: Path) -> None:
    with pytest.raises(
        UsageError, match=r'unknown key "zzz" in \[tool.dsm\]; known keys: generate, lint, output, project'
    ):
        _load(tmp_path, "zzz = 1\n")
