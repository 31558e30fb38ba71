"""The project file model: Rojo's serde rules for keys and types, with lines and did-you-mean."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dsm.project import ProjectError
from dsm.project.schema import load_project


def _load(tmp_path: Path, project: Any, warnings: list[str] | None = None) -> Any:
    path = tmp_path / "default.project.json"
    path.write_text(project if isinstance(project, str) else json.dumps(project, indent=2), encoding="utf-8")
    return load_project(str(path), (warnings if warnings is not None else []).append)


def test_children_are_sorted_bytewise_and_dollar_keys_are_fields(tmp_path: Path) -> None:
    project = _load(
        tmp_path,
        {
            "tree": {
                "$className": "Folder",
                "b": {},
                "B": {},
                "a": {"$path": {"optional": "x"}, "$id": "i", "$ignoreUnknownInstances": True},
                "é": {},
                "_": {},
            }
        },
    )
    assert [name for name, _ in project.tree.children] == ["B", "_", "a", "b", "é"]
    node = dict(project.tree.children)["a"]
    assert (node.path.path, node.path.optional, node.id, node.ignore_unknown_instances) == ("x", True, "i", True)
    assert node.key == "tree.a"


def test_null_optional_fields_count_as_absent(tmp_path: Path) -> None:
    project = _load(
        tmp_path, {"name": None, "emitLegacyScripts": None, "servePort": None, "tree": {"$className": None}}
    )
    assert (project.name, project.emit_legacy_scripts, project.tree.class_name) == (None, None, None)


def test_serve_settings_are_checked_though_build_ignores_them(tmp_path: Path) -> None:
    tree = {"$className": "Folder"}
    _load(tmp_path, {"tree": tree, "servePort": 34872, "serveAddress": "127.0.0.1", "servePlaceIds": [1, 2]})
    with pytest.raises(ProjectError, match="70000 is out of range"):
        _load(tmp_path, {"tree": tree, "servePort": 70000})
    with pytest.raises(ProjectError, match='"localhost" is not an IP address'):
        _load(tmp_path, {"tree": tree, "serveAddress": "localhost"})
    with pytest.raises(ProjectError, match=r'servePlaceIds\[1\]: expected a place id, got "2"'):
        _load(tmp_path, {"tree": tree, "servePlaceIds": [1, "2"]})


def test_sync_rules(tmp_path: Path) -> None:
    warnings: list[str] = []
    project = _load(
        tmp_path,
        {
            "tree": {"$className": "Folder"},
            "syncRules": [{"pattern": "*.x", "use": "text", "suffix": ".x", "sufix": 1}],
        },
        warnings,
    )
    (rule,) = project.sync_rules
    assert (rule.use, rule.suffix, rule.base) == ("text", ".x", str(tmp_path))
    assert 'unknown key "sufix" is ignored (did you mean "suffix"?)' in warnings[0]
    with pytest.raises(ProjectError, match=r'syncRules\[0\]: missing the required key "use"'):
        _load(tmp_path, {"tree": {"$className": "Folder"}, "syncRules": [{"pattern": "*.x"}]})


def test_ignore_rules_take_negation(tmp_path: Path) -> None:
    project = _load(tmp_path, {"tree": {"$className": "Folder"}, "globIgnorePaths": ["a/**", "!a/b", "\\!c"]})
    assert [(rule.glob.pattern, rule.negated) for rule in project.ignore_rules] == [
        ("a/**", False),
        ("a/b", True),
        ("\\!c", False),
    ]


@pytest.mark.parametrize(
    ("tree", "message"),
    [
        ({"$path": 5}, 'tree.$path: expected a path string or {"optional": "path"}, got 5'),
        ({"$properties": []}, "tree.$properties: expected an object, got []"),
        ({"$ignoreUnknownInstances": "yes"}, 'tree.$ignoreUnknownInstances: expected true or false, got "yes"'),
        ({"$optional": True}, 'tree: unknown key "$optional"'),
        ({"Child": []}, "tree.Child: a child node must be an object, got []"),
        ({"a.b": "x"}, 'tree["a.b"]: a child node must be an object'),
        ("not an object", "a node must be an object"),
    ],
)
def test_node_errors(tmp_path: Path, tree: Any, message: str) -> None:
    with pytest.raises(ProjectError) as raised:
        _load(tmp_path, {"tree": tree})
    assert message in raised.value.format_message()


def test_a_project_must_be_an_object(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="a project file holds one JSON object, got"):
        _load(tmp_path, "[1]")


def test_reserved_dollar_children_warn(tmp_path: Path) -> None:
    warnings: list[str] = []
    project = _load(tmp_path, {"tree": {"$classNames": {}}}, warnings)
    assert [name for name, _ in project.tree.children] == ["$classNames"]
    assert 'did you mean "$className"?' in warnings[0]
