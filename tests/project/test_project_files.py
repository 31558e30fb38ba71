"""File kinds: which rule a file name picks, the name it gives, and the data-file conversions."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsm.dom import values as v
from dsm.project import ProjectError
from dsm.project.context import BuildState, Context
from dsm.project.fs import file_stem
from dsm.project.middleware import default_rule
from dsm.project.middleware.data import snapshot_toml, snapshot_yaml
from dsm.project.middleware.localization import contents


@pytest.mark.parametrize(
    ("file_name", "use", "name"),
    [
        ("a.server.lua", "serverScript", "a"),
        ("a.server.luau", "serverScript", "a"),
        ("a.client.luau", "clientScript", "a"),
        ("a.plugin.lua", "pluginScript", "a"),
        ("a.spec.lua", "moduleScript", "a.spec"),
        ("a.luau", "moduleScript", "a"),
        ("x.project.json", "project", "x"),
        ("x.project.jsonc", "project", "x"),
        ("x.model.json", "jsonModel", "x"),
        ("x.model.jsonc", "jsonModel", "x"),
        ("x.json", "json", "x"),
        ("x.jsonc", "json", "x"),
        ("x.toml", "toml", "x"),
        ("x.csv", "csv", "x"),
        ("x.txt", "text", "x"),
        ("x.rbxm", "rbxm", "x"),
        ("x.rbxmx", "rbxmx", "x"),
        ("x.yml", "yaml", "x"),
        ("x.yaml", "yaml", "x"),
        (".lua", "moduleScript", ".lua"),
    ],
)
def test_default_rules(file_name: str, use: str, name: str) -> None:
    rule = default_rule(file_name)
    assert rule is not None
    assert (rule.use, rule.name_for(file_name)) == (use, name)


@pytest.mark.parametrize("file_name", ["x.meta.json", "x.meta.jsonc", "README.md", "Makefile", ".gitkeep", "x.lua.bak"])
def test_files_no_rule_takes(file_name: str) -> None:
    assert default_rule(file_name) is None


@pytest.mark.parametrize(
    ("name", "stem"), [("a.b.c", "a.b"), ("noext", "noext"), (".hidden", ".hidden"), ("trailing.", "trailing")]
)
def test_file_stem_is_rusts(name: str, stem: str) -> None:
    assert file_stem(name) == stem


def _yaml(tmp_path: Path, text: str) -> str:
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    instance = snapshot_yaml(BuildState(lambda _m: None), Context(), str(path), "data", None)
    source = instance.properties["Source"]
    assert isinstance(source, v.String)
    return source.value


def test_yaml_anchors_without_aliases_are_fine(tmp_path: Path) -> None:
    assert _yaml(tmp_path, "a: &x 1\nb: 2\n") == "return {\n\ta = 1,\n\tb = 2,\n}"


def test_yaml_repeated_keys_replace_in_place(tmp_path: Path) -> None:
    assert _yaml(tmp_path, "a: 1\nb: 2\na: 3\n") == "return {\n\ta = 3,\n\tb = 2,\n}"


def test_yaml_empty_document_returns_nil(tmp_path: Path) -> None:
    assert _yaml(tmp_path, "") == "return nil"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("a: *missing\n", 1, "aliases"),
        ("~: 1\n", 1, "key cannot be null"),
        ("a: !custom 1\n", 1, "tag !custom is not supported"),
        ("a: !!int x\n", 1, '"x" is not a valid int'),
        ("a: [1\n", 2, "malformed YAML"),
    ],
)
def test_yaml_errors(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    with pytest.raises(ProjectError) as raised:
        _yaml(tmp_path, text)
    assert raised.value.line == line
    assert fragment in raised.value.message


def test_toml_dates_and_offsets(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text("a = 2024-01-02T03:04:05+05:30\nb = 2024-01-02T03:04:05.5Z\nc = 03:04:05\n", encoding="utf-8")
    instance = snapshot_toml(BuildState(lambda _m: None), Context(), str(path), "t", None)
    assert instance.properties["Source"] == v.String(
        'return {\n\ta = "2024-01-02T03:04:05+05:30",\n\tb = "2024-01-02T03:04:05.5Z",\n\tc = "03:04:05",\n}'
    )


def test_csv_contents_field_order_and_skips() -> None:
    text = "Example,Source,Key,Context,zz,aa\nex,src,k,ctx,Z,A\n,,,,only locale,\n"
    assert contents(text, "x.csv") == (
        '[{"key":"k","context":"ctx","example":"ex","source":"src","values":{"aa":"A","zz":"Z"}}]'
    )


def test_csv_empty_file_is_an_empty_table() -> None:
    assert contents("", "x.csv") == "[]"
    assert contents("Key,Source\n", "x.csv") == "[]"


def test_csv_quoted_fields_and_crlf() -> None:
    text = 'Key,Source\r\n"a,b","say ""hi""\r\nthere"\r\n'
    assert contents(text, "x.csv") == '[{"key":"a,b","source":"say \\"hi\\"\\r\\nthere","values":{}}]'
