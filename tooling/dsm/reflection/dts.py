"""Read the generated declaration files of npm ``@rbxts/types``: interfaces, their members, enums.

Only the regular shape those files have is understood: top-level ``interface`` blocks whose
members sit on four-space-indented lines, each optionally preceded by a ``/** ... */`` comment.
Methods are written ``Name(this: Class, ...): Result;``; events are fields typed
``RBXScriptSignal<...>`` and callbacks fields typed as a function (see ``is_signal`` and
``is_function``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_HEADER = re.compile(r"^interface (\w+)(?:<(.*?)>)?(?: extends (.+?))? \{$")
_METHOD = re.compile(r"^(\w+)\s*(?:<.*?>)?\s*\(")
# A type parameter that stands for a function, as in ``BindableFunction<T extends Callback>``.
_CALLBACK_PARAM = re.compile(r"(?:^|,)\s*(\w+) extends Callback\b")
_PROPERTY = re.compile(r"^(readonly )?(\w+)(\?)?: (.+);$")
_GETTER = re.compile(r"^get (\w+)\(\): (.+);$")
_SETTER = re.compile(r"^set (\w+)\(\w+: (.+)\);$")
_ENUM = re.compile(r"^    export namespace (\w+) \{$", re.MULTILINE)
_ENUM_ITEM = re.compile(r'export interface \w+ extends globalThis\.EnumItem \{\s*Name: "([^"]+)";\s*Value: (-?\d+);')
_OPENERS = {"(": ")", "[": "]", "{": "}"}


@dataclass
class Member:
    """One property-like member: a field or a getter/setter pair."""

    name: str
    ts_type: str
    readonly: bool


@dataclass
class Interface:
    name: str
    bases: list[str]
    members: dict[str, Member] = field(default_factory=dict)
    """Property-like members: properties, events and callbacks (told apart by their type)."""
    methods: set[str] = field(default_factory=set)
    callback_params: set[str] = field(default_factory=set)
    """Type parameters constrained to ``Callback``: a member of that type is a callback."""


def _depth_change(text: str) -> int:
    closers = set(_OPENERS.values())
    return sum(1 for ch in text if ch in _OPENERS) - sum(1 for ch in text if ch in closers)


def _strip_generics(name: str) -> str:
    return name.split("<", 1)[0].strip()


def _split_bases(text: str | None) -> list[str]:
    if not text:
        return []
    bases, depth, current = [], 0, ""
    for ch in text:
        depth += (ch == "<") - (ch == ">")
        if ch == "," and depth == 0:
            bases.append(_strip_generics(current))
            current = ""
        else:
            current += ch
    bases.append(_strip_generics(current))
    return bases


def _statements(lines: list[str]) -> Iterator[str]:
    """Member statements of one interface body, comments dropped, continuation lines joined."""
    in_comment = False
    pending: list[str] = []
    depth = 0
    for line in lines:
        stripped = line.strip()
        if in_comment:
            in_comment = "*/" not in stripped
            continue
        if not pending and stripped.startswith("/*"):
            in_comment = "*/" not in stripped
            continue
        if not stripped or stripped.startswith("//"):
            continue
        pending.append(stripped)
        depth += _depth_change(stripped)
        if depth <= 0 and stripped.endswith(";"):
            yield " ".join(pending)
            pending, depth = [], 0


def _add_member(interface: Interface, statement: str) -> None:
    if match := _PROPERTY.match(statement):
        name, ts_type = match.group(2), match.group(4)
        readonly = match.group(1) is not None
    elif match := _GETTER.match(statement):
        name, ts_type, readonly = match.group(1), match.group(2), True
    elif match := _SETTER.match(statement):
        name, ts_type, readonly = match.group(1), match.group(2), False
    elif match := _METHOD.match(statement):
        interface.methods.add(match.group(1))  # overloads repeat the name
        return
    else:
        return  # a quoted name (Studio settings such as "Auto-Recovery Enabled"), which scripts index by string
    known = interface.members.get(name)
    if known is None:
        interface.members[name] = Member(name, ts_type, readonly)
    else:
        # A getter in one place and a setter in another make one writable property.
        known.readonly = known.readonly and readonly


def parse_interfaces(text: str) -> dict[str, Interface]:
    """Every top-level interface of a declaration file, by name."""
    interfaces: dict[str, Interface] = {}
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        header = _HEADER.match(lines[index])
        index += 1
        if header is None:
            continue
        start = index
        while index < len(lines) and lines[index] != "}":
            index += 1
        interface = Interface(header.group(1), _split_bases(header.group(3)))
        interface.callback_params = set(_CALLBACK_PARAM.findall(header.group(2) or ""))
        for statement in _statements(lines[start:index]):
            _add_member(interface, statement)
        merge_interfaces(interfaces, {interface.name: interface})
    return interfaces


def merge_interfaces(target: dict[str, Interface], extra: dict[str, Interface]) -> None:
    """Merge declarations the way TypeScript does: members of same-named interfaces combine."""
    for name, interface in extra.items():
        known = target.get(name)
        if known is None:
            target[name] = interface
            continue
        known.bases = known.bases or interface.bases
        known.methods |= interface.methods
        known.callback_params |= interface.callback_params
        for member in interface.members.values():
            existing = known.members.get(member.name)
            if existing is None:
                known.members[member.name] = member
            else:
                existing.readonly = existing.readonly and member.readonly


def parse_enums(text: str) -> dict[str, dict[str, int]]:
    """Every ``Enum.X`` namespace with its items and their values."""
    enums: dict[str, dict[str, int]] = {}
    heads = list(_ENUM.finditer(text))
    for position, head in enumerate(heads):
        end = heads[position + 1].start() if position + 1 < len(heads) else len(text)
        items = _ENUM_ITEM.findall(text, head.end(), end)
        enums[head.group(1)] = {name: int(value) for name, value in items}
    return enums


def split_union(ts_type: str) -> list[str]:
    """The top-level alternatives of a union type."""
    parts, depth, current = [], 0, ""
    for ch in ts_type:
        if ch in "(<[{":
            depth += 1
        elif ch in ")]}" or (ch == ">" and not current.endswith("=")):
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    parts.append(current.strip())
    return parts


def is_signal(ts_type: str) -> bool:
    """An event: a field holding an ``RBXScriptSignal``."""
    return ts_type.startswith("RBXScriptSignal")


def is_function(ts_type: str, callback_params: set[str] | frozenset[str] = frozenset()) -> bool:
    """A callback: a field holding a function (or nothing), like ``((x: number) => void) | undefined``."""
    rest = [alt for alt in split_union(ts_type) if alt != "undefined"]
    return bool(rest) and all(alt == "Callback" or alt in callback_params or _is_arrow(alt) for alt in rest)


def _is_arrow(ts_type: str) -> bool:
    """``(params) => result``, possibly wrapped in parentheses."""
    if not ts_type.startswith("("):
        return False
    depth = 0
    for index, ch in enumerate(ts_type):
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            after = ts_type[index + 1 :].strip()
            if not after:
                return _is_arrow(ts_type[1:index].strip())  # only wrapping parentheses
            return after.startswith("=>")
    return False
