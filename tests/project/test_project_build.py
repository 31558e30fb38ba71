"""build_tree and find_project on small projects written in tmp_path: behaviour the golden cases
cannot hold (CRLF, symlinks, absolute paths, the reflection staying unloaded)."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import pytest

from dsm import reflection
from dsm.dom import values as v
from dsm.errors import DsmError
from dsm.project import ProjectError, build_tree, find_project


def _write(root: Path, files: dict[str, Any]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_text(json.dumps(content), encoding="utf-8")


def _build(root: Path, files: dict[str, Any], warnings: list[str] | None = None) -> Any:
    _write(root, files)
    return build_tree(find_project(root), warn=(warnings.append if warnings is not None else lambda _m: None))


def test_find_project(tmp_path: Path) -> None:
    _write(tmp_path, {"a/default.project.jsonc": "{}", "b/x.project.json": "{}", "c/readme.md": "x"})
    assert find_project(tmp_path / "a") == tmp_path / "a" / "default.project.jsonc"
    assert find_project(tmp_path / "b" / "x.project.json") == tmp_path / "b" / "x.project.json"
    with pytest.raises(ProjectError, match=r"no default\.project\.json"):
        find_project(tmp_path / "c")
    with pytest.raises(ProjectError, match=r"must end in \.project\.json"):
        find_project(tmp_path / "c" / "readme.md")
    with pytest.raises(ProjectError, match="no such file or folder"):
        find_project(tmp_path / "missing.project.json")


def test_project_error_is_a_dsm_error_with_location(tmp_path: Path) -> None:
    with pytest.raises(DsmError) as raised:
        _build(tmp_path, {"default.project.json": '{\n  "tree": {"$className": 5}\n}'})
    assert isinstance(raised.value, ProjectError)
    assert raised.value.line == 2
    assert raised.value.key == "tree.$className"
    assert raised.value.format_message().endswith(":2: tree.$className: expected a class name string, got 5")


def test_script_source_normalizes_crlf_and_keeps_bom_and_trailing_newlines(tmp_path: Path) -> None:
    root = _build(
        tmp_path,
        {
            "default.project.json": {"name": "p", "tree": {"$path": "main.lua"}},
            "main.lua": b"\xef\xbb\xbfprint(1)\r\nprint(2)\r\n\r\n\n  ",
        },
    )
    assert root.properties["Source"] == v.String("\ufeffprint(1)\nprint(2)\n\n\n  ")


def test_lone_carriage_returns_are_kept(tmp_path: Path) -> None:
    root = _build(tmp_path, {"default.project.json": {"tree": {"$path": "a.lua"}}, "a.lua": b"a\rb\r\n"})
    assert root.properties["Source"] == v.String("a\rb\n")


def test_non_utf8_text_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ProjectError) as raised:
        _build(tmp_path, {"default.project.json": {"tree": {"$path": "src"}}, "src/note.txt": b"ok\n\xff"})
    assert raised.value.path is not None
    assert raised.value.path.name == "note.txt"
    assert raised.value.line == 2


def test_path_to_an_init_file_explains_itself(tmp_path: Path) -> None:
    with pytest.raises(
        ProjectError, match=r'"src/init.lua" describes its folder; point \$path at the folder \("src"\)'
    ):
        _build(tmp_path, {"default.project.json": {"tree": {"$path": "src/init.lua"}}, "src/init.lua": "return 1"})


def test_absolute_paths_and_dotdot_are_allowed(tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    _write(other, {"Shared.luau": "return 1"})
    root = _build(
        tmp_path / "proj",
        {
            "default.project.json": {
                "tree": {
                    "$className": "Folder",
                    "Abs": {"$path": str(other / "Shared.luau")},
                    "Up": {"$path": "../elsewhere"},
                }
            }
        },
    )
    assert [(child.class_name, child.name) for child in root.children] == [("ModuleScript", "Abs"), ("Folder", "Up")]
    assert root.name == "proj"


def test_sync_rules_match_paths_below_their_project_even_through_dotdot(tmp_path: Path) -> None:
    # Like Rust's strip_prefix, "proj/../data/x.cfg" is below "proj" as "../data/x.cfg", and `*` crosses `/`.
    _write(tmp_path, {"data/x.cfg": "hello", "data/y.lua": "return 1"})
    root = _build(
        tmp_path / "proj",
        {"default.project.json": {"tree": {"$path": "../data"}, "syncRules": [{"pattern": "*.cfg", "use": "text"}]}},
    )
    assert [(child.class_name, child.name) for child in root.children] == [("StringValue", "x"), ("ModuleScript", "y")]


def test_ignore_rules_never_hide_an_explicit_path(tmp_path: Path) -> None:
    root = _build(
        tmp_path,
        {
            "default.project.json": {
                "tree": {"$className": "Folder", "Main": {"$path": "main.lua"}, "Src": {"$path": "src"}},
                "globIgnorePaths": ["**/*.lua"],
            },
            "main.lua": "return 1",
            "src/hidden.lua": "return 2",
        },
    )
    assert [child.name for child in root.children] == ["Main", "Src"]
    assert root.children[1].children == []


def test_dot_components_do_not_hide_paths_from_globs(tmp_path: Path) -> None:
    root = _build(
        tmp_path,
        {
            "default.project.json": {"tree": {"$path": "./src/."}, "globIgnorePaths": ["src/*.spec.lua"]},
            "src/a.lua": "return 1",
            "src/a.spec.lua": "return 2",
        },
    )
    assert (root.name, [child.name for child in root.children]) == (tmp_path.name, ["a"])


def test_a_project_that_includes_itself_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match=r"includes itself \(default.project.json → inner.project.json → default"):
        _build(
            tmp_path,
            {
                "default.project.json": {"tree": {"$path": "inner.project.json"}},
                "inner.project.json": {"tree": {"$path": "."}},
            },
        )


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_symlink_loop_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path, {"default.project.json": {"tree": {"$path": "src"}}, "src/a.lua": "return 1"})
    (tmp_path / "src" / "loop").symlink_to(tmp_path / "src", target_is_directory=True)
    with pytest.raises(ProjectError, match="contains itself through a symbolic link"):
        build_tree(find_project(tmp_path))


def test_project_jsonc_root_named_after_its_stem(tmp_path: Path) -> None:
    _write(tmp_path, {"game.project.jsonc": '{\n  // comment\n  "tree": {"$className": "Folder",},\n}'})
    root = build_tree(tmp_path / "game.project.jsonc")
    assert (root.class_name, root.name) == ("Folder", "game")


def test_unknown_files_are_skipped_silently(tmp_path: Path) -> None:
    warnings: list[str] = []
    root = _build(
        tmp_path,
        {"default.project.json": {"tree": {"$path": "src"}}, "src/README.md": "x", "src/a.meta.json": "{}"},
        warnings,
    )
    assert root.children == []
    assert warnings == []


def test_plain_script_projects_never_load_the_reflection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("the reflection data was loaded")

    monkeypatch.setattr(reflection, "load", refuse)
    root = _build(
        tmp_path,
        {
            "default.project.json": {"name": "Plugin", "tree": {"$path": "src"}},
            "src/init.server.luau": "-- entry",
            "src/Ui/Button.luau": "return {}",
            "src/data.json": "[1]",
            "src/strings.csv": "Key,Source\na,b\n",
        },
    )
    assert [child.name for child in root.children] == ["Ui", "data", "strings"]


def test_duplicate_ids_leave_references_empty_with_a_warning(tmp_path: Path) -> None:
    warnings: list[str] = []
    root = _build(
        tmp_path,
        {
            "default.project.json": {
                "name": "default",
                "tree": {
                    "$className": "Folder",
                    "A": {"$className": "Part", "$id": "same"},
                    "B": {"$className": "Part", "$id": "same"},
                    "Pointer": {"$className": "ObjectValue", "$attributes": {"Rojo_Target_Value": "same"}},
                },
            }
        },
        warnings,
    )
    assert root.find_child("Pointer").properties["Value"] == v.Ref(None)
    assert warnings == [
        'default.Pointer: Rojo_Target_Value is a broken reference: the id "same" is given to 2 instances '
        "(default.A, default.B); Value is left empty"
    ]


def test_nested_project_roots_are_not_inferred_as_services(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="cannot tell this node's class"):
        _build(
            tmp_path,
            {
                "default.project.json": {"tree": {"$className": "DataModel", "Workspace": {"$path": "ws"}}},
                "ws/default.project.json": {"tree": {"Part": {"$className": "Part"}}},
            },
        )


def test_warnings_default_to_nowhere(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {"default.project.json": {"tree": {"$className": "StringValue", "$properties": {"Name": "x", "Value": "y"}}}},
    )
    root = build_tree(tmp_path / "default.project.json")
    assert root.properties == {"Value": v.String("y")}


_SCALARS: list[Any] = [None, True, 3, -2.5, 10**30, "", "x.lua", [], [1, 2, 3], ["a"], {}]
# Mostly valid values, so that many random projects build; _SCALARS adds the broken ones.
_FIELDS: dict[str, list[Any]] = {
    "$className": ["Folder", "Model", "StringValue", "Part", "Nope"],
    "$path": ["src", "x.lua", "src/y.txt", "missing", {"optional": "missing"}, {"optional": "src"}],
    "$properties": [{}, {"Value": "v"}, {"Value": 1}, {"Size": [1, 2, 3]}, {"Name": "n"}, {"Attributes": {"a": 1}}],
    "$attributes": [{}, {"a": 1, "b": "x"}, {"c": {"Vector3": [1, 2, 3]}}, {"d": [1]}],
    "$id": ["id", "other"],
    "$ignoreUnknownInstances": [True, False],
}


def _random_node(rng: random.Random, depth: int) -> Any:
    if rng.random() < 0.03:
        return rng.choice(_SCALARS)
    node: dict[str, Any] = {"$className": "Folder"} if rng.random() < 0.6 else {}
    for key in rng.sample(sorted(_FIELDS), rng.randint(0, 2)):
        node[key] = rng.choice(_FIELDS[key]) if rng.random() < 0.95 else rng.choice(_SCALARS)
    if depth < 2:
        for index in range(rng.randint(0, 2)):
            node[rng.choice(["Child", "Workspace", f"C{index}", "$odd"])] = _random_node(rng, depth + 1)
    return node


def test_random_projects_never_raise_anything_but_user_errors(tmp_path: Path) -> None:
    rng = random.Random(1234)
    _write(tmp_path, {"src/x.lua": "return 1", "src/y.txt": "y", "x.lua": "return 2"})
    project = tmp_path / "default.project.json"
    outcomes = {"built": 0, "refused": 0}
    for _ in range(400):
        top: dict[str, Any] = {"tree": _random_node(rng, 0)}
        if rng.random() < 0.3:
            top[rng.choice(["globIgnorePaths", "syncRules", "emitLegacyScripts", "name"])] = rng.choice(
                [*_SCALARS, ["*.txt", "!src/x.lua"], [{"pattern": "*.txt", "use": "moduleScript"}], [{"use": 1}]]
            )
        project.write_text(json.dumps(top), encoding="utf-8")
        try:
            build_tree(project)
        except DsmError:
            outcomes["refused"] += 1
        else:
            outcomes["built"] += 1
    assert outcomes["built"] > 20
    assert outcomes["refused"] > 20
