"""``.model.json(c)`` → the instance it describes (Rojo's ``json_model.rs``).

Keys are ``className``, ``properties``, ``attributes``, ``children``, ``name``, ``id`` and
``$schema`` (with the PascalCase aliases ``ClassName``, ``Properties``, ``Children``, ``Name``).
The file name names the top instance (a top-level ``name`` is ignored with a warning); a child
without ``name`` is named after its class. An empty file gives no instance.
"""

from __future__ import annotations

from typing import Any

from dsm.dom.instance import Instance
from dsm.project import jsonc
from dsm.project.context import BuildState, Context
from dsm.project.errors import ProjectError, describe, did_you_mean, location
from dsm.project.fs import Listing, read_text
from dsm.project.properties import Unresolvable, attributes

_ALIASES = {"ClassName": "className", "Properties": "properties", "Children": "children", "Name": "name"}
_KEYS = ("className", "properties", "attributes", "children", "name", "id", "$schema")


class _Model:
    def __init__(self, state: BuildState, path: str) -> None:
        self.state = state
        self.path = path

    def fail(self, message: str, line: int | None, key: str) -> ProjectError:
        return ProjectError(message, path=self.path, line=line, key=key or None)

    def fields(self, raw: jsonc.JObject, prefix: str) -> dict[str, tuple[Any, int]]:
        found: dict[str, tuple[Any, int]] = {}
        for key, value in raw.items():
            canonical = _ALIASES.get(key, key)
            line = raw.key_line(key)
            if canonical not in _KEYS:
                self.state.warn(
                    location(self.path, line, prefix.rstrip(".") or None)
                    + f'unknown key "{key}" is ignored{did_you_mean(key, _KEYS)}'
                )
                continue
            if canonical in found:
                raise self.fail(f'"{key}" repeats "{canonical}"; keep one', line, prefix + key)
            if value is not None:
                found[canonical] = (value, line)
        return found

    def instance(self, raw: Any, prefix: str, line: int, name: str | None) -> Instance:
        if not isinstance(raw, jsonc.JObject):
            raise self.fail(f"an instance must be a JSON object, got {describe(raw)}", line, prefix.rstrip("."))
        fields = self.fields(raw, prefix)
        if "className" not in fields:
            raise self.fail('missing the required key "className"', raw.line, prefix.rstrip("."))
        class_name, class_line = fields["className"]
        if not isinstance(class_name, str):
            raise self.fail(
                f"expected a class name string, got {describe(class_name)}", class_line, prefix + "className"
            )
        if name is None:
            given = fields.get("name", (class_name, raw.line))
            if not isinstance(given[0], str):
                raise self.fail(f"expected a name string, got {describe(given[0])}", given[1], prefix + "name")
            name = given[0]
        instance = Instance(class_name, name)
        self.properties(instance, fields, prefix)
        children, children_line = fields.get("children", ([], raw.line))
        if not isinstance(children, list):
            raise self.fail(
                f"expected an array of instances, got {describe(children)}", children_line, prefix + "children"
            )
        for index, child in enumerate(children):
            child_prefix = f"{prefix}children[{index}]."
            child_line = children.item_line(index) if isinstance(children, jsonc.JArray) else children_line
            instance.add_child(self.instance(child, child_prefix, child_line, None))
            if isinstance(child, dict) and child.get("id") is not None:
                self.state.warn(
                    location(self.path, jsonc.line_of(child, "id"), child_prefix + "id")
                    + "only the top instance of a model file takes an id; this one is ignored"
                )
        return instance

    def properties(self, instance: Instance, fields: dict[str, tuple[Any, int]], prefix: str) -> None:
        props, props_line = fields.get("properties", ({}, 0))
        if not isinstance(props, dict):
            raise self.fail(
                f"expected an object of property values, got {describe(props)}", props_line, prefix + "properties"
            )
        for prop, value in props.items():
            try:
                instance.properties[prop] = self.state.resolver.resolve(instance.class_name, prop, value)
            except Unresolvable as error:
                raise self.fail(str(error), jsonc.line_of(props, prop), f"{prefix}properties.{prop}") from None
        values, values_line = fields.get("attributes", ({}, 0))
        if not isinstance(values, dict):
            raise self.fail(
                f"expected an object of attribute values, got {describe(values)}", values_line, prefix + "attributes"
            )
        if values:
            try:
                instance.properties["Attributes"] = attributes(values)
            except Unresolvable as error:
                key = error.key or ""
                raise self.fail(str(error), jsonc.line_of(values, key), f"{prefix}attributes.{key}") from None


def snapshot_json_model(
    state: BuildState, _ctx: Context, path: str, name: str, _listing: Listing | None
) -> Instance | None:
    text = read_text(path, "model file")
    if not text.strip():
        return None
    try:
        raw = jsonc.parse(text)
    except jsonc.JsoncError as error:
        raise ProjectError(f"malformed JSON: {error.message}", path=path, line=error.line) from None
    model = _Model(state, path)
    if isinstance(raw, jsonc.JObject):
        for key in ("name", "Name"):
            if key in raw:
                state.warn(
                    location(path, raw.key_line(key), key)
                    + f'the top-level name is ignored; the file name names the instance ("{name}")'
                )
    instance = model.instance(raw, "", 1, name)
    specified = raw.get("id")
    if specified is not None:
        if not isinstance(specified, str):
            raise model.fail(f"expected an id string, got {describe(specified)}", raw.key_line("id"), "id")
        state.set_id(instance, specified)
    return instance
