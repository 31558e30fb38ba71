"""The project file (``*.project.json``/``.jsonc``) as data, checked the way Rojo's serde model is.

Unknown top-level keys are errors (``deny_unknown_fields``); in a node, ``$`` keys are Rojo's and
every other key is a child. Every error names the file, the line and the key path
(``tree.ServerStorage.Plugin.$path``) and suggests the closest known key.
"""

# The builder keeps paths as str: a pathlib object per file costs more than the rest of the work.
# ruff: noqa: PTH120

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from typing import Any

from dsm.project import jsonc
from dsm.project.context import IgnoreRule, SyncRule
from dsm.project.errors import ProjectError, Warn, describe, did_you_mean, location
from dsm.project.fs import read_text
from dsm.project.globs import GlobError, compile_glob

PROJECT_SUFFIXES = (".project.json", ".project.jsonc")
DEFAULT_PROJECT_NAMES = ("default.project.json", "default.project.jsonc")

TOP_LEVEL_KEYS = (
    "$schema",
    "name",
    "tree",
    "servePort",
    "serveAddress",
    "servePlaceIds",
    "blockedPlaceIds",
    "placeId",
    "gameId",
    "serveAllowedHosts",
    "emitLegacyScripts",
    "globIgnorePaths",
    "syncRules",
    "syncbackRules",
)
NODE_KEYS = ("$className", "$path", "$properties", "$attributes", "$ignoreUnknownInstances", "$id")
SYNC_RULE_KEYS = ("pattern", "use", "exclude", "suffix")
# Sync-rule `use` values: the file kinds of snapshot_middleware/mod.rs (directory kinds excluded).
MIDDLEWARES = (
    "csv",
    "jsonModel",
    "json",
    "serverScript",
    "clientScript",
    "moduleScript",
    "pluginScript",
    "legacyServerScript",
    "legacyClientScript",
    "runContextServerScript",
    "runContextClientScript",
    "project",
    "rbxm",
    "rbxmx",
    "toml",
    "text",
    "yaml",
    "ignore",
)


@dataclass(frozen=True)
class PathSpec:
    path: str
    optional: bool
    line: int


@dataclass(frozen=True)
class Entry:
    """One ``$properties``/``$attributes`` entry with the line of its key."""

    name: str
    value: Any
    line: int


@dataclass
class Node:
    key: str
    """Where the node sits, for messages: ``tree.ReplicatedStorage.Shared``."""
    line: int
    class_name: str | None = None
    path: PathSpec | None = None
    properties: list[Entry] = field(default_factory=list)
    attributes: list[Entry] | None = None
    ignore_unknown_instances: bool | None = None
    id: str | None = None
    children: list[tuple[str, Node]] = field(default_factory=list)


@dataclass
class Project:
    file: str
    folder: str
    name: str | None
    tree: Node
    emit_legacy_scripts: bool | None
    ignore_rules: list[IgnoreRule]
    sync_rules: list[SyncRule]


def key_path(parent: str, key: str) -> str:
    simple = key and not any(char in key for char in '.[]" ')
    return f"{parent}.{key}" if simple else f"{parent}[{describe(key, 200)}]"


class _Reader:
    """Checks one parsed project file; ``fail`` builds errors located in it."""

    def __init__(self, file: str, warn: Warn) -> None:
        self.file = file
        self.folder = os.path.dirname(file)
        self.warn = warn

    def fail(self, message: str, line: int | None, key: str | None = None) -> ProjectError:
        return ProjectError(message, path=self.file, line=line, key=key)

    def expect(self, raw: Any, kinds: tuple[type, ...], what: str, line: int | None, key: str) -> Any:
        ok = isinstance(raw, kinds) and not (isinstance(raw, bool) and bool not in kinds)
        if not ok:
            raise self.fail(f"expected {what}, got {describe(raw)}", line, key)
        return raw

    def project(self, raw: Any) -> Project:
        if not isinstance(raw, jsonc.JObject):
            raise self.fail(f"a project file holds one JSON object, got {describe(raw)}", 1)
        for key in raw:
            if key not in TOP_LEVEL_KEYS:
                raise self.fail(
                    f'unknown key "{key}"{did_you_mean(key, TOP_LEVEL_KEYS)}; a project file takes '
                    + ", ".join(TOP_LEVEL_KEYS),
                    raw.key_line(key),
                )
        if "tree" not in raw:
            raise self.fail('missing the required key "tree" (the root node of the instance tree)', raw.line)
        self.check_serve_settings(raw)
        name = self.optional(raw, "name", (str,), "a string")
        if "$schema" in raw:
            self.optional(raw, "$schema", (str,), "a string")
        emit_legacy = self.optional(raw, "emitLegacyScripts", (bool,), "true or false")
        tree = self.node(raw["tree"], "tree", raw.key_line("tree"))
        return Project(
            file=self.file,
            folder=self.folder,
            name=name,
            tree=tree,
            emit_legacy_scripts=emit_legacy,
            ignore_rules=self.ignore_rules(raw),
            sync_rules=self.sync_rules(raw),
        )

    def optional(self, raw: jsonc.JObject, key: str, kinds: tuple[type, ...], what: str) -> Any:
        value = raw.get(key)
        if value is None:
            return None
        return self.expect(value, kinds, what, raw.key_line(key), key)

    def check_serve_settings(self, raw: jsonc.JObject) -> None:
        """`build` ignores these, but Rojo rejects a project whose settings have the wrong type."""
        for key in ("servePort", "placeId", "gameId"):
            value = self.optional(raw, key, (int,), "a whole number")
            if value is not None and (value < 0 or (key == "servePort" and value > 65535)):
                raise self.fail(f"{value} is out of range", raw.key_line(key), key)
        for key in ("servePlaceIds", "blockedPlaceIds"):
            ids = self.optional(raw, key, (list,), "an array of place ids")
            for index, item in enumerate(ids or ()):
                if isinstance(item, bool) or not isinstance(item, int) or item < 0:
                    raise self.fail(
                        f"expected a place id, got {describe(item)}", ids.item_line(index), f"{key}[{index}]"
                    )
        address = self.optional(raw, "serveAddress", (str,), "an IP address string")
        if address is not None:
            try:
                ipaddress.ip_address(address)
            except ValueError:
                raise self.fail(
                    f'"{address}" is not an IP address', raw.key_line("serveAddress"), "serveAddress"
                ) from None
        hosts = self.optional(raw, "serveAllowedHosts", (list,), "an array of host names")
        for index, item in enumerate(hosts or ()):
            self.expect(item, (str,), "a host name", hosts.item_line(index), f"serveAllowedHosts[{index}]")
        self.optional(raw, "syncbackRules", (dict,), "an object")

    def node(self, raw: Any, key: str, line: int) -> Node:
        if not isinstance(raw, jsonc.JObject):
            raise self.fail(f"a node must be an object, got {describe(raw)}", line, key)
        node = Node(key=key, line=raw.line)
        for name, value in raw.items():
            name_line = raw.key_line(name)
            if name.startswith("$") and name in NODE_KEYS:
                self.node_field(node, name, value, name_line)
            elif name.startswith("$") and not isinstance(value, dict):
                raise self.fail(
                    f'unknown key "{name}"{did_you_mean(name, NODE_KEYS)}; a node takes '
                    + ", ".join(NODE_KEYS)
                    + " and child nodes",
                    name_line,
                    key,
                )
            elif not isinstance(value, dict):
                hint = did_you_mean(name, NODE_KEYS) or did_you_mean("$" + name, NODE_KEYS)
                raise self.fail(
                    f"a child node must be an object, got {describe(value)}{hint}", name_line, key_path(key, name)
                )
            else:
                if name.startswith("$"):
                    self.warn(
                        location(self.file, name_line, key)
                        + f'keys starting with "$" are reserved by Rojo; "{name}" is read as a child '
                        f"named {name}{did_you_mean(name, NODE_KEYS)}; rename it"
                    )
                node.children.append((name, self.node(value, key_path(key, name), name_line)))
        # Rojo keeps children in a BTreeMap: bytewise key order, which is code point order.
        node.children.sort(key=lambda item: item[0])
        return node

    def node_field(self, node: Node, name: str, value: Any, line: int) -> None:
        where = key_path(node.key, name)
        if value is None and name not in ("$properties", "$attributes"):
            return
        if name == "$className":
            node.class_name = self.expect(value, (str,), "a class name string", line, where)
        elif name == "$path":
            node.path = self.path_spec(value, line, where)
        elif name == "$id":
            node.id = self.expect(value, (str,), "an id string", line, where)
        elif name == "$ignoreUnknownInstances":
            node.ignore_unknown_instances = self.expect(value, (bool,), "true or false", line, where)
        else:
            table = self.expect(value, (dict,), "an object", line, where)
            entries = [Entry(prop, table[prop], table.key_line(prop)) for prop in table]
            if name == "$properties":
                node.properties = entries
            else:
                node.attributes = entries

    def path_spec(self, value: Any, line: int, where: str) -> PathSpec:
        if isinstance(value, str):
            return PathSpec(value, False, line)
        if isinstance(value, jsonc.JObject) and isinstance(value.get("optional"), str):
            for extra in value:
                if extra != "optional":
                    self.warn(location(self.file, value.key_line(extra), where) + f'"{extra}" is ignored')
            return PathSpec(value["optional"], True, line)
        raise self.fail(f'expected a path string or {{"optional": "path"}}, got {describe(value)}', line, where)

    def glob(self, pattern: str, line: int, where: str) -> Any:
        try:
            return compile_glob(pattern)
        except GlobError as error:
            raise self.fail(f'bad glob "{pattern}": {error}', line, where) from None

    def ignore_rules(self, raw: jsonc.JObject) -> list[IgnoreRule]:
        items = raw.get("globIgnorePaths")
        if items is None:
            return []
        self.expect(items, (list,), "an array of globs", raw.key_line("globIgnorePaths"), "globIgnorePaths")
        rules = []
        for index, pattern in enumerate(items):
            where, line = f"globIgnorePaths[{index}]", items.item_line(index)
            self.expect(pattern, (str,), "a glob string", line, where)
            negated = pattern.startswith("!")
            glob = self.glob(pattern[1:] if negated else pattern, line, where)
            rules.append(IgnoreRule(self.folder, glob, negated))
        return rules

    def sync_rules(self, raw: jsonc.JObject) -> list[SyncRule]:
        items = raw.get("syncRules")
        if items is None:
            return []
        self.expect(items, (list,), "an array of rules", raw.key_line("syncRules"), "syncRules")
        rules = []
        for index, rule in enumerate(items):
            where, line = f"syncRules[{index}]", items.item_line(index)
            self.expect(rule, (dict,), 'a rule object ({"pattern": ..., "use": ...})', line, where)
            for key in rule:
                if key not in SYNC_RULE_KEYS:
                    self.warn(
                        location(self.file, rule.key_line(key), where)
                        + f'unknown key "{key}" is ignored{did_you_mean(key, SYNC_RULE_KEYS)}'
                    )
            for required in ("pattern", "use"):
                if required not in rule:
                    raise self.fail(f'missing the required key "{required}"', line, where)
            use = self.expect(rule["use"], (str,), "a file kind", rule.key_line("use"), f"{where}.use")
            if use not in MIDDLEWARES:
                raise self.fail(
                    f'unknown file kind "{use}"{did_you_mean(use, MIDDLEWARES)}; use one of ' + ", ".join(MIDDLEWARES),
                    rule.key_line("use"),
                    f"{where}.use",
                )
            pattern_line = rule.key_line("pattern")
            pattern = self.expect(rule["pattern"], (str,), "a glob string", pattern_line, f"{where}.pattern")
            exclude = self.optional(rule, "exclude", (str,), "a glob string")
            suffix = self.optional(rule, "suffix", (str,), "a string")
            rules.append(
                SyncRule(
                    base=self.folder,
                    pattern=self.glob(pattern, pattern_line, f"{where}.pattern"),
                    exclude=None
                    if exclude is None
                    else self.glob(exclude, rule.key_line("exclude"), f"{where}.exclude"),
                    use=use,
                    suffix=suffix,
                )
            )
        return rules


def read_json_file(path: str, what: str) -> Any:
    """Read and parse a JSONC file; errors name the file and line."""
    text = read_text(path, what)
    try:
        return jsonc.parse(text)
    except jsonc.JsoncError as error:
        raise ProjectError(f"malformed JSON: {error.message}", path=path, line=error.line) from None


def load_project(path: str, warn: Warn) -> Project:
    """Parse and check one project file (its ``name`` may still be unset)."""
    return _Reader(path, warn).project(read_json_file(path, "project file"))
