"""stylua.toml: read once, checked key by key, handed to either StyLua backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsm.errors import DsmError
from dsm.fmt.config import load_config

REPO = Path(__file__).resolve().parents[2]


def _config(tmp_path: Path, text: str) -> Path:
    (tmp_path / "stylua.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_projects_own_config_is_valid() -> None:
    config = load_config(REPO)
    assert config.path == REPO / "stylua.toml"
    assert config.options["syntax"] == "Luau"
    assert config.options["sort_requires"] == {"enabled": True}


def test_no_config_means_stylua_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert (config.path, config.options) == (None, {})


def test_dot_stylua_toml_is_found_too(tmp_path: Path) -> None:
    (tmp_path / ".stylua.toml").write_text("column_width = 80\n", encoding="utf-8")
    assert load_config(tmp_path).options == {"column_width": 80}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colum_width = 100\n", 'unknown StyLua option "colum_width"; did you mean "column_width"?'),
        ('indent_type = "Tab"\n', "indent_type = 'Tab' is not a StyLua choice; use one of Tabs, Spaces"),
        ("column_width = -1\n", "column_width must be a positive whole number, not -1"),
        ("column_width = true\n", "column_width must be a positive whole number, not True"),
        ("[sort_requires]\nenabled = 1\n", "sort_requires.enabled must be true or false, not 1"),
        ("[sort_requires]\nenable = true\n", "unknown key 'enable' in [sort_requires]; known: enabled"),
        ("column_width = \n", "not valid TOML"),
    ],
)
def test_mistakes_name_the_file_and_the_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(DsmError) as caught:
        load_config(_config(tmp_path, text))
    assert "stylua.toml: " in caught.value.format_message()
    assert message in caught.value.format_message()
