"""Data files → ModuleScripts returning their content: ``.json(c)``, ``.toml``, ``.yml``/``.yaml``.

JSON and TOML tables are written with sorted keys (Rojo's maps are not order-preserving); YAML
mappings keep their order. TOML dates and times become strings. YAML follows the 1.2 core
schema (``yes`` is a string); aliases and several documents in one file are errors.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from collections.abc import Callable
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dsm.dom import values as v
from dsm.dom.instance import Instance
from dsm.project import jsonc
from dsm.project.context import BuildState, Context
from dsm.project.errors import ProjectError
from dsm.project.fs import Listing, read_text
from dsm.project.luagen import LuaTable, to_lua_module
from dsm.project.middleware.meta import apply_adjacent


def _module(state: BuildState, source: str, path: str, name: str, listing: Listing | None) -> Instance:
    instance = Instance("ModuleScript", name, {"Source": v.String(source)})
    apply_adjacent(state, instance, path, name, listing)
    return instance


def snapshot_json(state: BuildState, _ctx: Context, path: str, name: str, listing: Listing | None) -> Instance:
    text = read_text(path, "JSON file")
    try:
        value = jsonc.parse_data(text)
    except jsonc.JsoncError as error:
        raise ProjectError(f"malformed JSON: {error.message}", path=path, line=error.line) from None
    return _module(state, to_lua_module(value), path, name, listing)


def _toml_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _toml_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_toml_value(item) for item in value]
    if isinstance(value, dt.datetime):
        return f"{value.date().isoformat()}T{_toml_time(value.time())}{_toml_offset(value)}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return _toml_time(value)
    return value


def _toml_time(value: dt.time) -> str:
    text = f"{value.hour:02}:{value.minute:02}:{value.second:02}"
    if value.microsecond:
        text += "." + f"{value.microsecond:06}".rstrip("0")
    return text


def _toml_offset(value: dt.datetime) -> str:
    offset = value.utcoffset()
    if offset is None:
        return ""
    if not offset:
        return "Z"
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02}:{minutes:02}"


def snapshot_toml(state: BuildState, _ctx: Context, path: str, name: str, listing: Listing | None) -> Instance:
    text = read_text(path, "TOML file")
    try:
        value = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(found.group(1)) if found else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message) or "malformed TOML"
        raise ProjectError(f"malformed TOML: {message}", path=path, line=line) from None
    return _module(state, to_lua_module(_toml_value(value)), path, name, listing)


class _CoreResolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema for plain scalars (PyYAML's default is YAML 1.1)."""


_CORE = "tag:yaml.org,2002:"
_CoreResolver.add_implicit_resolver(_CORE + "null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_CoreResolver.add_implicit_resolver(_CORE + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_CoreResolver.add_implicit_resolver(
    _CORE + "int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_CoreResolver.add_implicit_resolver(
    _CORE + "float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)


class _AliasError(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _Loader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _CoreResolver):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _CoreResolver.__init__(self)

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            raise _AliasError(self.peek_event().start_mark.line + 1)  # type: ignore[no-untyped-call]
        node: Node | None = super().compose_node(parent, index)
        return node


def _yaml_int(text: str) -> int:
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text)


def _yaml_float(text: str) -> float:
    special = {".inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}.get(text.lower().lstrip("+"))
    return float(text) if special is None else special


_SCALARS: dict[str, Callable[[str], Any]] = {
    _CORE + "str": str,
    _CORE + "null": lambda _text: None,
    _CORE + "bool": lambda text: text.lower() == "true",
    _CORE + "int": _yaml_int,
    _CORE + "float": _yaml_float,
}


def _yaml_scalar(node: ScalarNode) -> Any:
    convert = _SCALARS.get(node.tag)
    if convert is None:
        raise _ValueProblem(node, f"the tag {node.tag} is not supported; write plain values")
    try:
        return convert(node.value)
    except ValueError:
        raise _ValueProblem(node, f'"{node.value}" is not a valid {node.tag.rsplit(":", 1)[-1]}') from None


class _ValueProblem(Exception):
    def __init__(self, node: Node, message: str) -> None:
        self.line = node.start_mark.line + 1
        self.message = message


def _yaml_value(node: Node) -> Any:
    if isinstance(node, ScalarNode):
        return _yaml_scalar(node)
    if isinstance(node, SequenceNode):
        return [_yaml_value(item) for item in node.value]
    if isinstance(node, MappingNode):
        entries: list[tuple[Any, Any]] = []
        # A repeated key replaces the earlier value in place; keyed by type too, since 1 == True.
        positions: dict[tuple[type, Any], int] = {}
        for key_node, value_node in node.value:
            key, value = _yaml_value(key_node), _yaml_value(value_node)
            if key is None:
                raise _ValueProblem(key_node, "a mapping key cannot be null (Lua tables have no nil keys)")
            identity = None if isinstance(key, list | LuaTable) else (type(key), key)
            at = None if identity is None else positions.get(identity)
            if at is None:
                if identity is not None:
                    positions[identity] = len(entries)
                entries.append((key, value))
            else:
                entries[at] = (key, value)
        return LuaTable(entries)
    raise _ValueProblem(node, "unsupported YAML node")


def snapshot_yaml(state: BuildState, _ctx: Context, path: str, name: str, listing: Listing | None) -> Instance:
    text = read_text(path, "YAML file")
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        value = None if root is None else _yaml_value(root)
    except _AliasError as error:
        raise ProjectError(
            "YAML aliases (*name) are not supported; write the value out", path=path, line=error.line
        ) from None
    except _ValueProblem as error:
        raise ProjectError(error.message, path=path, line=error.line) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "malformed YAML"
        if "expected a single document" in str(error.context):
            problem = "the file holds more than one YAML document; keep one"
        raise ProjectError(f"malformed YAML: {problem}", path=path, line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as error:
        raise ProjectError(f"malformed YAML: {error}", path=path) from None
    finally:
        loader.dispose()
    return _module(state, to_lua_module(value, sort_keys=False), path, name, listing)
