"""Meta files: ``<name>.meta.json(c)`` next to a file, ``init.meta.json(c)`` inside a folder.

Both set ``properties`` (resolved against the instance's class), ``attributes`` (replacing the
``Attributes`` property), ``id`` and ``ignoreUnknownInstances``; ``init.meta.json`` may also set
``className``, but only where the folder would otherwise be a Folder. When both the ``.json``
and the ``.jsonc`` file exist, both apply, ``.json`` first.
"""

# The builder keeps paths as str: a pathlib object per file costs more than the rest of the work.
# ruff: noqa: PTH113, PTH118, PTH120

from __future__ import annotations

import os
from typing import Any

from dsm.dom.instance import Instance
from dsm.project import jsonc
from dsm.project.context import BuildState
from dsm.project.errors import ProjectError, describe, did_you_mean, location
from dsm.project.fs import Listing
from dsm.project.properties import Unresolvable, attributes
from dsm.project.schema import read_json_file

META_SUFFIXES = (".meta.json", ".meta.jsonc")
ADJACENT_KEYS = ("properties", "attributes", "ignoreUnknownInstances", "id", "$schema")
DIRECTORY_KEYS = (*ADJACENT_KEYS, "className")


def find_adjacent(folder: str, name: str, listing: Listing | None) -> list[str]:
    """The meta files for instance ``name`` in ``folder``, in the order they apply."""
    found = []
    for suffix in META_SUFFIXES:
        file_name = name + suffix
        exists = listing.has_file(file_name) if listing is not None else os.path.isfile(os.path.join(folder, file_name))
        if exists:
            found.append(os.path.join(folder, file_name))
    return found


def apply_adjacent(state: BuildState, instance: Instance, path: str, name: str, listing: Listing | None) -> None:
    """Apply ``<name>.meta.json(c)`` from the folder of ``path``."""
    for meta in find_adjacent(os.path.dirname(path), name, listing):
        apply(state, instance, meta, directory=False)


def apply_directory(state: BuildState, instance: Instance, folder: str, listing: Listing | None) -> None:
    """Apply ``init.meta.json(c)`` from ``folder``."""
    for meta in find_adjacent(folder, "init", listing):
        apply(state, instance, meta, directory=True)


def apply(state: BuildState, instance: Instance, meta: str, *, directory: bool, keep_id: bool = True) -> None:
    raw = read_json_file(meta, "meta file")
    if not isinstance(raw, jsonc.JObject):
        raise ProjectError(f"a meta file holds one JSON object, got {describe(raw)}", path=meta, line=1)
    _MetaFile(state, meta, raw, directory).apply(instance, keep_id=keep_id)


class _MetaFile:
    def __init__(self, state: BuildState, path: str, raw: jsonc.JObject, directory: bool) -> None:
        self.state = state
        self.path = path
        self.raw = raw
        self.directory = directory

    def fail(self, message: str, key: str, line: int | None = None) -> ProjectError:
        return ProjectError(message, path=self.path, line=line or self.raw.key_line(key), key=key)

    def typed(self, key: str, kinds: tuple[type, ...], what: str) -> Any:
        value = self.raw.get(key)
        if value is None:
            return None
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise self.fail(f"expected {what}, got {describe(value)}", key)
        return value

    def apply(self, instance: Instance, *, keep_id: bool) -> None:
        known = DIRECTORY_KEYS if self.directory else ADJACENT_KEYS
        for key in self.raw:
            if key not in known:
                extra = "; className only works in init.meta.json" if key == "className" else ""
                self.state.warn(
                    location(self.path, self.raw.key_line(key))
                    + f'unknown key "{key}" is ignored{did_you_mean(key, known)}{extra}'
                )
        self.typed("ignoreUnknownInstances", (bool,), "true or false")
        self.typed("$schema", (str,), "a string")
        if self.directory:
            self.apply_class_name(instance)
        self.apply_values(instance)
        self.apply_id(instance, keep_id=keep_id)

    def apply_class_name(self, instance: Instance) -> None:
        class_name = self.typed("className", (str,), "a class name string")
        if class_name is None:
            return
        if instance.class_name != "Folder":
            raise self.fail(
                f"className can only be set where the folder would be a Folder; this folder is a "
                f"{instance.class_name} because of its init file",
                "className",
            )
        instance.class_name = class_name

    def apply_values(self, instance: Instance) -> None:
        properties = self.typed("properties", (dict,), "an object of property values")
        for prop, value in (properties or {}).items():
            try:
                instance.properties[prop] = self.state.resolver.resolve(instance.class_name, prop, value)
            except Unresolvable as error:
                raise self.fail(str(error), f"properties.{prop}", properties.key_line(prop)) from None
        values = self.typed("attributes", (dict,), "an object of attribute values")
        if values:
            try:
                instance.properties["Attributes"] = attributes(values)
            except Unresolvable as error:
                key = error.key or ""
                raise self.fail(str(error), f"attributes.{key}", values.key_line(key)) from None

    def apply_id(self, instance: Instance, *, keep_id: bool) -> None:
        specified = self.typed("id", (str,), "an id string")
        if specified is None:
            return
        if not keep_id:
            self.state.warn(
                location(self.path, self.raw.key_line("id"))
                + "an id here is dropped (the folder's init file takes its metadata from the folder); "
                "put it in init.meta.json"
            )
        elif self.state.get_id(instance) is not None:
            raise self.fail("the instance already has an id from another file; give it one id", "id")
        else:
            self.state.set_id(instance, specified)
