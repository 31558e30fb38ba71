"""Roblox class, member and enum reflection.

Two sources, merged at load:

- ``data/api.json``: generated from npm ``@rbxts/types`` by ``scripts/generate-reflection``
  (classes, superclasses, services, properties with their types, the names of methods,
  events and callbacks, every enum);
- ``facts.toml``: what that package does not carry, stated here with the public
  documentation it comes from (integer and double number kinds, serialized names,
  hidden serialized properties, migrations, defaults).
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

from dsm.dom import explicit
from dsm.dom import values as v


@dataclass(frozen=True)
class PropertyInfo:
    name: str
    """Canonical name, as scripts see it."""
    owner: str
    """The class that declares the property."""
    data_type: str
    """rbx-dom value type name: ``Float32``, ``Enum``, ``Ref``, ``Color3``..."""
    enum: str | None = None
    """Enum name when ``data_type`` is ``Enum``."""
    serialized_name: str | None = None
    """Name in files; ``None`` when the property is never written to files."""
    migrate_to: str | None = None
    """A legacy property that files may still hold; readers convert it to this one."""
    migration: str | None = None
    """The named conversion (``BrickColorToColor``, ``ContentIdToContent``...)."""
    migrate_targets: tuple[str, ...] = ()
    """Every property the migration fills; more than ``migrate_to`` when it fans out."""
    readonly: bool = False
    scriptable: bool = True


MemberKind = Literal["property", "method", "event", "callback"]

# Member lists a class may carry in api.json and facts.toml, besides its properties.
_MEMBER_LISTS = ("methods", "events", "callbacks", "untyped_properties")


@dataclass(frozen=True)
class ClassInfo:
    name: str
    superclass: str | None
    tags: frozenset[str]
    properties: dict[str, PropertyInfo]
    defaults: dict[str, v.Variant] = field(default_factory=dict)
    methods: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    """RBXScriptSignal members (``obj.Changed:Connect(...)``)."""
    callbacks: frozenset[str] = frozenset()
    """Members a script assigns a function to (``BindableFunction.OnInvoke``)."""
    untyped_properties: frozenset[str] = frozenset()
    """Properties whose value (DateTime, TweenInfo...) has no rbx-dom type, so not in ``properties``."""

    def own_member(self, name: str) -> MemberKind | None:
        """What ``name`` is on this class itself, ignoring superclasses."""
        if name in self.properties or name in self.untyped_properties:
            return "property"
        if name in self.methods:
            return "method"
        if name in self.events:
            return "event"
        if name in self.callbacks:
            return "callback"
        return None

    @property
    def is_service(self) -> bool:
        return "Service" in self.tags

    @property
    def creatable(self) -> bool:
        return "NotCreatable" not in self.tags


class Reflection:
    def __init__(self, classes: dict[str, ClassInfo], enums: dict[str, dict[str, int]], source: str) -> None:
        self.classes = classes
        self.enums = enums
        self.source = source
        self._serialized: dict[tuple[str, str], PropertyInfo] = {}
        for info in classes.values():
            for prop in info.properties.values():
                if prop.serialized_name is not None:
                    # A property named like the stored name wins over one renamed onto it.
                    key = (info.name, prop.serialized_name)
                    current = self._serialized.get(key)
                    if current is None or current.name != current.serialized_name:
                        self._serialized[key] = prop
                if prop.migrate_to is not None:
                    self._serialized.setdefault((info.name, prop.name), prop)

    def get_class(self, name: str) -> ClassInfo | None:
        return self.classes.get(name)

    def ancestry(self, class_name: str) -> list[str]:
        """The class and its superclasses, most derived first."""
        chain = []
        info = self.classes.get(class_name)
        while info is not None:
            chain.append(info.name)
            info = self.classes.get(info.superclass) if info.superclass else None
        return chain

    def is_a(self, class_name: str, base: str) -> bool:
        return base in self.ancestry(class_name)

    def is_service(self, class_name: str) -> bool:
        info = self.classes.get(class_name)
        return info is not None and info.is_service

    def find_property(self, class_name: str, name: str) -> PropertyInfo | None:
        """Look a canonical property up on the class or its superclasses."""
        for owner in self.ancestry(class_name):
            prop = self.classes[owner].properties.get(name)
            if prop is not None:
                return prop
        return None

    def find_member(self, class_name: str, name: str) -> MemberKind | None:
        """What ``name`` is on the class or its superclasses; None when the class has no such member.

        Member names are case-sensitive, as in Roblox.
        """
        for owner in self.ancestry(class_name):
            kind = self.classes[owner].own_member(name)
            if kind is not None:
                return kind
        return None

    def find_serialized(self, class_name: str, serialized_name: str) -> PropertyInfo | None:
        """The property a file stores under ``serialized_name`` (or a legacy name to migrate)."""
        for owner in self.ancestry(class_name):
            prop = self._serialized.get((owner, serialized_name))
            if prop is not None:
                return prop
        return None

    def default(self, class_name: str, name: str) -> v.Variant | None:
        for owner in self.ancestry(class_name):
            value = self.classes[owner].defaults.get(name)
            if value is not None:
                return value
        return None

    def enum_items(self, enum_name: str) -> dict[str, int] | None:
        return self.enums.get(enum_name)


def _merge_facts(raw: dict[str, Any], facts: dict[str, Any]) -> None:
    """Apply facts.toml over the generated data, in place."""
    for class_name, stated in facts.get("classes", {}).items():
        target = raw["classes"].setdefault(
            class_name, {"superclass": stated.get("superclass"), "tags": [], "properties": {}}
        )
        for key in ("superclass", "tags"):
            if key in stated:
                target[key] = stated[key]
        for prop_name, prop in stated.get("properties", {}).items():
            target["properties"].setdefault(prop_name, {}).update(prop)
        if "defaults" in stated:
            target["defaults"] = {**target.get("defaults", {}), **stated["defaults"]}
        for key in _MEMBER_LISTS:
            if key in stated:
                target[key] = sorted({*target.get(key, []), *stated[key]})


def _build(raw: dict[str, Any]) -> Reflection:
    classes: dict[str, ClassInfo] = {}
    for class_name, data in raw["classes"].items():
        props = {}
        for prop_name, prop in data["properties"].items():
            serialized = prop.get("serialized", prop_name)
            # One migration (UICorner.CornerRadius) fills several properties.
            targets = prop.get("migrate_to")
            targets = tuple(targets) if isinstance(targets, list) else (targets,) if targets else ()
            props[prop_name] = PropertyInfo(
                name=prop_name,
                owner=class_name,
                data_type=prop["type"],
                enum=prop.get("enum"),
                serialized_name=None if serialized is False else serialized,
                migrate_to=targets[0] if targets else None,
                migration=prop.get("migration"),
                migrate_targets=targets,
                readonly=prop.get("readonly", False),
                scriptable=prop.get("scriptable", True),
            )
        defaults = {name: explicit.decode(value) for name, value in data.get("defaults", {}).items()}
        classes[class_name] = ClassInfo(
            class_name,
            data.get("superclass"),
            frozenset(data.get("tags", [])),
            props,
            defaults,
            methods=frozenset(data.get("methods", [])),
            events=frozenset(data.get("events", [])),
            callbacks=frozenset(data.get("callbacks", [])),
            untyped_properties=frozenset(data.get("untyped_properties", [])),
        )
    return Reflection(classes, raw["enums"], raw.get("source", "unknown"))


@cache
def load() -> Reflection:
    """The merged reflection data, loaded once per process."""
    package = resources.files(__package__)
    raw = json.loads((package / "data" / "api.json").read_text(encoding="utf-8"))
    facts = tomllib.loads((package / "facts.toml").read_text(encoding="utf-8"))
    _merge_facts(raw, facts)
    return _build(raw)
