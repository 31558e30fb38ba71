"""Template mistakes are one line naming the template file and line (StrictUndefined, syntax)."""

from __future__ import annotations

from pathlib import Path

import pytest
from generate_fixtures import copy_project, settings

from dsm import generate
from dsm.errors import DsmError
from projectkit import write


@pytest.fixture(autouse=True)
def _in_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages name files relative to the working folder: work from the project root."""
    monkeypatch.chdir(copy_project(tmp_path))


def _error(root: Path) -> str:
    with pytest.raises(DsmError) as caught:
        generate.plan(settings(root))
    return caught.value.message


def test_an_undefined_name_names_the_template_and_line(tmp_path: Path) -> None:
    root = Path.cwd()
    write(root, "plugin/templates/Broken.luau.j2", "--!strict\nlocal a = 1\nreturn {{ nothing_here }}\n")
    message = _error(root)
    assert message == (
        "plugin/templates/Broken.luau.j2:3: template error: 'nothing_here' is undefined "
        "(no such name or key in the data)"
    )
    assert "\n" not in message


def test_an_undefined_key_of_the_data_names_the_line(tmp_path: Path) -> None:
    root = Path.cwd()
    write(
        root,
        "plugin/templates/Broken.luau.j2",
        "{% for view in constants.views %}\n-- {{ view.id }}\n\n-- {{ view.icon }}\n{% endfor %}\nreturn nil\n",
    )
    assert _error(root) == (
        "plugin/templates/Broken.luau.j2:4: template error: 'dict object' has no attribute 'icon' "
        "(no such name or key in the data)"
    )


def test_an_undefined_name_inside_a_macro_names_the_partial(tmp_path: Path) -> None:
    root = Path.cwd()
    write(root, "plugin/templates/_bad.luau.j2", "{% macro line() %}\n\n-- {{ missing }}\n{% endmacro %}\n")
    write(root, "plugin/templates/Uses.luau.j2", '{% from "_bad.luau.j2" import line %}\n{{ line() }}\n')
    assert _error(root).startswith("plugin/templates/_bad.luau.j2:3: template error: 'missing' is undefined")


def test_a_syntax_error_names_the_template_and_line(tmp_path: Path) -> None:
    root = Path.cwd()
    write(root, "plugin/templates/Broken.luau.j2", "--!strict\n\n{% for x in y %}\nreturn nil\n")
    message = _error(root)
    assert message.startswith("plugin/templates/Broken.luau.j2:4: template syntax error: Unexpected end of template.")
    assert "\n" not in message
    assert "\n" not in message


def test_a_syntax_error_in_an_included_template_names_that_template(tmp_path: Path) -> None:
    root = Path.cwd()
    write(root, "plugin/templates/_part.luau.j2", "-- {{ 1 + }}\n")
    write(root, "plugin/templates/Uses.luau.j2", '{% include "_part.luau.j2" %}\nreturn nil\n')
    assert _error(root).startswith("plugin/templates/_part.luau.j2:1: template syntax error: ")


def test_a_value_without_a_luau_literal_names_the_line(tmp_path: Path) -> None:
    root = Path.cwd()
    write(root, "plugin/templates/Broken.luau.j2", "--!strict\nreturn {{ [1, none] | luau }}\n")
    assert _error(root) == (
        "plugin/templates/Broken.luau.j2:2: template error: a list item is None; Luau arrays cannot hold nil"
    )


def test_a_python_error_in_template_code_names_the_line(tmp_path: Path) -> None:
    root = Path.cwd()
    write(root, "plugin/templates/Broken.luau.j2", "--!strict\n\nreturn {{ 1 // 0 }}\n")
    assert _error(root) == (
        "plugin/templates/Broken.luau.j2:3: template error: ZeroDivisionError: integer division or modulo by zero"
    )


def test_a_missing_include_is_reported(tmp_path: Path) -> None:
    root = Path.cwd()
    write(root, "plugin/templates/Uses.luau.j2", '{% include "_absent.luau.j2" %}\n')
    assert _error(root) == (
        'plugin/templates/Uses.luau.j2: uses template "_absent.luau.j2", which is not in the templates folder'
    )
