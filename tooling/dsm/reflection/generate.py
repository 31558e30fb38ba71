"""Generate ``data/api.json`` (classes, members, enums) from npm ``@rbxts/types``.

Run ``scripts/generate-reflection`` after changing the ``@rbxts/types`` version; ``--check``
fails when the committed file is stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from dsm.generated import DEFAULT_TYPES_DIR, GenerateError, read_types_file, write_or_check
from dsm.reflection import dts

OUTPUT = Path(__file__).resolve().parent / "data" / "api.json"
_CLASS_FILES = ("None.d.ts", "PluginSecurity.d.ts")
_ENUM_FILE = "enums.d.ts"

# TypeScript's name for the root class; Roblox and rbx-dom call it Object.
_TS_ROOT = "RBXObject"
_ROOT = "Object"

# TypeScript types that name an rbx-dom value type directly. `number` is Float32 until
# facts.toml states a property's integer or double kind.
_SIMPLE_TYPES = {
    "boolean": "Bool",
    "string": "String",
    "number": "Float32",
    "ProtectedString": "String",
    **{
        name: name
        for name in (
            "Axes",
            "BinaryString",
            "BrickColor",
            "CFrame",
            "Color3",
            "ColorSequence",
            "Content",
            "ContentId",
            "Faces",
            "Font",
            "NumberRange",
            "NumberSequence",
            "PhysicalProperties",
            "Ray",
            "Rect",
            "Region3",
            "Region3int16",
            "SecurityCapabilities",
            "SharedString",
            "UDim",
            "UDim2",
            "UniqueId",
            "Vector2",
            "Vector2int16",
            "Vector3",
            "Vector3int16",
        )
    },
}


def rbx_type(ts_type: str, classes: set[str]) -> tuple[str, str | None] | None:
    """The rbx-dom type (and enum name) of a TypeScript property type; None when there is none.

    ``classes`` are the Instance classes: a union of them (maybe with ``undefined``) is a Ref.
    """
    alternatives = dts.split_union(ts_type)
    optional = "undefined" in alternatives
    rest = [alt for alt in alternatives if alt != "undefined"]
    if rest and all(alt in classes for alt in rest):
        return "Ref", None
    if len(rest) != 1:
        return None
    (ts,) = rest
    if ts.startswith("Enum.") and ts[5:].isidentifier():
        return "Enum", ts[5:]
    if ts == "CFrame" and optional:
        return "OptionalCFrame", None
    if ts in _SIMPLE_TYPES:
        return _SIMPLE_TYPES[ts], None
    return None


def _version(types_dir: Path) -> str:
    path = types_dir / "package.json"
    try:
        version = json.loads(read_types_file(path)).get("version")
    except (ValueError, AttributeError):
        version = None
    if not isinstance(version, str):
        raise GenerateError("has no version; reinstall @rbxts/types with `npm ci`", path=path)
    return version


def _instance_classes(interfaces: dict[str, dts.Interface]) -> dict[str, str | None]:
    """Every interface that descends from RBXObject, with its superclass (renamed to Object)."""
    result: dict[str, str | None] = {}
    for name in interfaces:
        chain, current = [], name
        while current in interfaces and current != _TS_ROOT and current not in chain:
            chain.append(current)
            bases = interfaces[current].bases
            current = bases[0] if len(bases) == 1 else ""
        if current == _TS_ROOT:
            result[_ROOT if name == _TS_ROOT else name] = None
    for name in list(result):
        if name != _ROOT:
            base = interfaces[name].bases[0]
            result[name] = _ROOT if base == _TS_ROOT else base
    return result


def _descends(name: str, base: str, superclasses: dict[str, str | None]) -> bool:
    current: str | None = name
    while current is not None:
        if current == base:
            return True
        current = superclasses.get(current)
    return False


def _properties(interface: dts.Interface, classes: set[str]) -> dict[str, dict[str, Any]]:
    props: dict[str, dict[str, Any]] = {}
    for member in interface.members.values():
        if member.name.startswith("_nominal_"):
            continue
        mapped = rbx_type(member.ts_type, classes)
        if mapped is None:
            continue  # signals, callbacks and types with no file form
        data_type, enum = mapped
        prop: dict[str, Any] = {"type": data_type}
        if enum is not None:
            prop["enum"] = enum
        if member.readonly:
            # Read-only members are computed by the engine (AbsoluteSize, TextBounds, ClassName)
            # and are not saved; facts.toml names the few that are.
            prop["readonly"] = True
            prop["serialized"] = False
        props[member.name] = prop
    return props


# TypeScript types that hide a member rather than describe it: the typings declare a base-class
# member `unknown` so subclasses can narrow it (GlobalDataStore.GetAsync, Object.Changed) and
# `never` to remove one. What such a member is, facts.toml states.
_OPAQUE_TYPES = {"unknown", "never"}

# The member lists of a class in api.json, beside its properties.
MEMBER_LISTS = ("callbacks", "events", "methods", "untyped_properties")


def _member_lists(interface: dts.Interface, classes: set[str]) -> dict[str, list[str]]:
    """Methods, events, callbacks and the properties with no rbx-dom type, sorted; empty lists left out.

    ``untyped_properties`` are real properties whose value (DateTime, TweenInfo...) has no file
    form, so they are not in ``properties``; they are named so that scripts touching them are
    told the member exists.
    """
    lists: dict[str, set[str]] = {name: set() for name in MEMBER_LISTS}
    lists["methods"] = set(interface.methods)
    for member in interface.members.values():
        if member.name.startswith("_nominal_") or member.ts_type in _OPAQUE_TYPES:
            continue
        if dts.is_signal(member.ts_type):
            lists["events"].add(member.name)
        elif dts.is_function(member.ts_type, interface.callback_params):
            lists["callbacks"].add(member.name)
        elif rbx_type(member.ts_type, classes) is None:
            lists["untyped_properties"].add(member.name)
    return {name: sorted(names) for name, names in lists.items() if names}


def _member_names(interfaces: dict[str, dts.Interface], name: str) -> set[str]:
    interface = interfaces.get(name)
    return set() if interface is None else set(interface.members)


def build(types_dir: Path) -> dict[str, Any]:
    """The api.json document for the @rbxts/types package at ``types_dir``."""
    generated = types_dir / "include" / "generated"
    version = _version(types_dir)
    interfaces: dict[str, dts.Interface] = {}
    for file_name in _CLASS_FILES:
        dts.merge_interfaces(interfaces, dts.parse_interfaces(read_types_file(generated / file_name)))
    enums = dts.parse_enums(read_types_file(generated / _ENUM_FILE))
    if not enums or _TS_ROOT not in interfaces:
        raise GenerateError("no classes or enums found; is this an @rbxts/types package?", path=generated)

    superclasses = _instance_classes(interfaces)
    services = _member_names(interfaces, "Services")
    creatable = _member_names(interfaces, "CreatableInstances")
    instances = {name for name in superclasses if _descends(name, "Instance", superclasses)}
    classes: dict[str, Any] = {}
    for name, superclass in superclasses.items():
        tags = []
        if name not in creatable:
            tags.append("NotCreatable")
        if name in services:
            tags.append("Service")
        interface = interfaces[_TS_ROOT if name == _ROOT else name]
        classes[name] = {
            "superclass": superclass,
            "tags": tags,
            "properties": _properties(interface, instances),
            **_member_lists(interface, instances),
        }
    return {"source": f"@rbxts/types {version}", "classes": classes, "enums": enums}


def _line(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _class_lines(name: str, data: dict[str, Any]) -> list[str]:
    """One class: a head line, one line per property, then one line per member list."""
    props = data["properties"]
    head = f"  {_line(name)}: {{"
    head += f'"superclass": {_line(data["superclass"])}, "tags": {_line(sorted(data["tags"]))}, "properties": {{'
    prop_names = sorted(props)
    lines = [head] if prop_names else []
    lines.extend(
        f"   {_line(prop)}: {_line(props[prop])}" + ("," if position < len(prop_names) - 1 else "")
        for position, prop in enumerate(prop_names)
    )
    close = "  }" if prop_names else head + "}"
    lists = [key for key in MEMBER_LISTS if data.get(key)]
    if not lists:
        return [*lines, close + "}"]
    lines.append(close + ",")
    lines.extend(
        f"   {_line(key)}: {_line(sorted(data[key]))}" + ("," if position < len(lists) - 1 else "}")
        for position, key in enumerate(lists)
    )
    return lines


def render(document: dict[str, Any]) -> str:
    """Sorted JSON with one property, member list and enum per line, so diffs stay readable."""
    out = ["{", f' "source": {_line(document["source"])},', ' "classes": {']
    class_names = sorted(document["classes"])
    for index, name in enumerate(class_names):
        lines = _class_lines(name, document["classes"][name])
        if index < len(class_names) - 1:
            lines[-1] += ","
        out.extend(lines)
    out.append(" },")
    out.append(' "enums": {')
    enum_names = sorted(document["enums"])
    out.extend(
        f"  {_line(name)}: {_line(document['enums'][name])}" + ("," if index < len(enum_names) - 1 else "")
        for index, name in enumerate(enum_names)
    )
    out.append(" }")
    out.append("}")
    return "\n".join(out) + "\n"


def run(types_dir: Path, output: Path, *, check: bool) -> bool:
    """Write (or with ``check``, compare) ``output``; False when a check finds it stale."""
    return write_or_check(output, render(build(types_dir)), check=check)


@click.command()
@click.option(
    "--types-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_TYPES_DIR,
    show_default=True,
    help="The installed @rbxts/types package.",
)
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), default=OUTPUT, help="Where to write.")
@click.option("--check", is_flag=True, help="Exit 1 when the file differs from what would be generated.")
def main(types_dir: Path, output: Path, check: bool) -> None:
    """Regenerate the reflection data from @rbxts/types."""
    if not run(types_dir, output, check=check):
        raise GenerateError(
            "out of date with @rbxts/types; run scripts/generate-reflection to regenerate it", path=output
        )


if __name__ == "__main__":
    main()
