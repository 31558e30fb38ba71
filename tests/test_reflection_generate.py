"""The reflection generator: parsing @rbxts/types declarations, determinism and --check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import REPO
from dsm.reflection import dts, generate

TYPES_DIR = REPO / "node_modules" / "@rbxts" / "types"


def test_generator_is_deterministic_and_committed_file_is_current() -> None:
    first = generate.render(generate.build(TYPES_DIR))
    assert first == generate.render(generate.build(TYPES_DIR))
    assert generate.OUTPUT.read_text(encoding="utf-8") == first
    assert json.loads(first)["source"] == "@rbxts/types 1.0.954"


def test_check_passes_on_current_file_and_fails_after_a_change(tmp_path: Path) -> None:
    copy = tmp_path / "api.json"
    shutil.copyfile(generate.OUTPUT, copy)
    runner = CliRunner()
    args = ["--types-dir", str(TYPES_DIR), "--output", str(copy), "--check"]
    assert runner.invoke(generate.main, args).exit_code == 0
    copy.write_text(copy.read_text(encoding="utf-8").replace('"Float32"', '"Float64"', 1), encoding="utf-8")
    result = runner.invoke(generate.main, args)
    assert result.exit_code == 1
    assert "api.json" in result.output and "scripts/generate-reflection" in result.output


def test_generator_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "api.json"
    result = CliRunner().invoke(generate.main, ["--types-dir", str(TYPES_DIR), "--output", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8") == generate.OUTPUT.read_text(encoding="utf-8")


def test_missing_types_package_asks_for_npm_ci(tmp_path: Path) -> None:
    result = CliRunner().invoke(generate.main, ["--types-dir", str(tmp_path / "nothing"), "--check"])
    assert result.exit_code == 1
    assert "npm ci" in result.output
    assert "Traceback" not in result.output


SAMPLE = """\
interface Services {
    Workspace: Workspace;
}
interface CreatableInstances {
    Thing: Thing;
}
interface RBXObject {
    readonly ClassName: string;
}
interface Instance extends RBXObject {
    /**
     * A comment; with: punctuation.
     */
    Name: string;
    Parent: Instance | undefined;
    readonly Changed: RBXScriptSignal<(x: number) => void>;
    Clone<T extends Instance>(this: T): T;
    Multi(this: Instance, a: (x: number) => [
        number
    ]): void;
}
interface Thing<T = unknown> extends Instance {
    get Speed(): number;
    get Mass(): number;
    Shape: Enum.PartType;
    Pivot: CFrame | undefined;
    Target: Thing | Instance | undefined;
    Callback: (() => void) | undefined;
}
interface Thing {
    set Speed(value: number);
}
interface Workspace extends Instance {
    readonly Gravity: number;
    readonly GetAsync: unknown;
    Stamp: DateTime;
    OnClose: (() => unknown) | undefined;
    Filter: (message: string) => string | undefined;
}
interface Relay<T extends Callback = Callback> extends Instance {
    OnInvoke: T | undefined;
    Invoke(this: Relay, ...args: Parameters<T>): ReturnType<T>;
    Lookup<K extends keyof Instances>(this: Relay, className: K): Instances[K] | undefined;
}
"""


def test_declaration_parsing_and_type_mapping() -> None:
    interfaces = dts.parse_interfaces(SAMPLE)
    thing = interfaces["Thing"]
    assert thing.bases == ["Instance"]
    assert set(interfaces["Instance"].members) == {"Name", "Parent", "Changed"}
    # A getter alone is read-only; with a setter elsewhere, the property is writable.
    assert thing.members["Mass"].readonly
    assert not thing.members["Speed"].readonly
    classes = {"Instance", "Thing", "Workspace"}
    mapped = {name: generate.rbx_type(m.ts_type, classes) for name, m in thing.members.items()}
    assert mapped == {
        "Speed": ("Float32", None),
        "Mass": ("Float32", None),
        "Shape": ("Enum", "PartType"),
        "Pivot": ("OptionalCFrame", None),
        "Target": ("Ref", None),
        "Callback": None,
    }
    assert generate.rbx_type("RBXScriptSignal<(x: number) => void>", classes) is None


def test_methods_are_kept_apart_from_property_like_members() -> None:
    interfaces = dts.parse_interfaces(SAMPLE)
    # Overloads and multi-line signatures name a method once.
    assert interfaces["Instance"].methods == {"Clone", "Multi"}
    assert interfaces["Relay"].methods == {"Invoke", "Lookup"}
    assert interfaces["Relay"].callback_params == {"T"}
    assert interfaces["Thing"].methods == set()


def test_events_and_callbacks_are_told_apart_by_type() -> None:
    assert dts.is_signal("RBXScriptSignal<(x: number) => void>")
    assert not dts.is_signal("boolean")
    assert dts.is_function("(() => void) | undefined")
    assert dts.is_function("(message: TextChatMessage) => TextChatMessageProperties | undefined")
    assert dts.is_function("((a: (b: number) => void) => boolean) | undefined")
    assert dts.is_function("T | undefined", {"T"})
    assert not dts.is_function("T | undefined")
    assert not dts.is_function("(Instance | undefined)")
    assert not dts.is_function("Array<(x: number) => void>")
    assert not dts.is_function("undefined")


def test_getter_and_setter_merge_into_a_writable_property(tmp_path: Path) -> None:
    generated = tmp_path / "include" / "generated"
    generated.mkdir(parents=True)
    (tmp_path / "package.json").write_text('{"version": "0.0.1"}', encoding="utf-8")
    getter, setter = SAMPLE.rsplit("interface Thing {", 1)
    (generated / "None.d.ts").write_text(getter, encoding="utf-8")
    (generated / "PluginSecurity.d.ts").write_text("interface Thing {" + setter, encoding="utf-8")
    (generated / "enums.d.ts").write_text(
        "declare namespace Enum {\n    export namespace PartType {\n        export interface Ball extends "
        'globalThis.EnumItem {\n            Name: "Ball";\n            Value: 0;\n        }\n    }\n}\n',
        encoding="utf-8",
    )
    document = generate.build(tmp_path)
    assert document["source"] == "@rbxts/types 0.0.1"
    assert document["enums"] == {"PartType": {"Ball": 0}}
    classes = document["classes"]
    assert classes["Thing"]["properties"]["Speed"] == {"type": "Float32"}
    assert classes["Thing"]["properties"]["Mass"] == {"type": "Float32", "readonly": True, "serialized": False}
    assert "Callback" not in classes["Thing"]["properties"]
    assert classes["Workspace"]["properties"]["Gravity"] == {"type": "Float32", "readonly": True, "serialized": False}
    assert classes["Workspace"]["tags"] == ["NotCreatable", "Service"]
    assert classes["Thing"]["tags"] == []
    assert classes["Instance"]["superclass"] == "Object"
    assert classes["Object"]["properties"]["ClassName"]["serialized"] is False
    # Member lists: sorted, and left out of a class that has none.
    assert classes["Instance"]["methods"] == ["Clone", "Multi"]
    assert classes["Instance"]["events"] == ["Changed"]
    assert classes["Thing"]["callbacks"] == ["Callback"]
    assert "methods" not in classes["Thing"] and "events" not in classes["Thing"]
    assert classes["Relay"]["callbacks"] == ["OnInvoke"]
    assert classes["Relay"]["methods"] == ["Invoke", "Lookup"]
    # `unknown` hides a member whose kind the typings do not say; facts.toml states it.
    assert classes["Workspace"]["callbacks"] == ["Filter", "OnClose"]
    assert classes["Workspace"]["untyped_properties"] == ["Stamp"]
    assert "GetAsync" not in str(classes["Workspace"])
    rendered = generate.render(document)
    assert json.loads(rendered) == document
    assert '  "Thing": {"superclass": "Instance", "tags": [], "properties": {\n' in rendered
    assert '\n   "callbacks": ["Callback"]},\n' in rendered


def test_broken_package_json_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text("{", encoding="utf-8")
    result = CliRunner().invoke(generate.main, ["--types-dir", str(tmp_path), "--check"])
    assert result.exit_code == 1
    assert "package.json" in result.output and "npm ci" in result.output
