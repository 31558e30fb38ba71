"""Python values as Luau source, laid out the way StyLua lays them out.

Generated modules must pass ``dsm fmt --check`` unchanged, so tables are written as StyLua
would leave them: on one line when the line fits in the column width, else one entry per
line with trailing commas. StyLua keeps a table that is already expanded, so expanding is
always safe; a table is only put on one line when it certainly fits.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

COLUMN_WIDTH = 120  # stylua.toml column_width
INDENT_WIDTH = 4  # stylua.toml indent_width: StyLua counts a tab as this many columns
INDENT = "\t"

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Luau's reserved words; `continue`, `export`, `type` and `typeof` are contextual and fine as keys.
_KEYWORDS = frozenset(
    (
        *("and", "break", "do", "else", "elseif", "end", "false", "for", "function", "if", "in", "local"),
        *("nil", "not", "or", "repeat", "return", "then", "true", "until", "while"),
    )
)
# Escapes StyLua keeps as they are; every other control character is written as \ddd.
_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}


class LuauValueError(ValueError):
    """A value that has no Luau literal (a set, NaN, a key that is neither text nor an integer)."""


@dataclass(frozen=True)
class Expr:
    """Luau source written as it is, such as ``Enum.StudioStyleGuideColor.MainBackground``."""

    source: str


def is_identifier(name: str) -> bool:
    """Whether ``name`` can be written bare as a table key or field (``a.name``)."""
    return bool(_IDENTIFIER.match(name)) and name not in _KEYWORDS


def string(text: str) -> str:
    """A Luau string literal quoted as StyLua's AutoPreferDouble quotes it."""
    # StyLua picks single quotes only when that saves escaping double quotes.
    quote = "'" if text.count('"') > text.count("'") else '"'
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char == quote:
            out.append("\\" + char)
        elif ord(char) < 32 or ord(char) == 127:
            out.append(f"\\{ord(char)}")
        else:
            out.append(char)
    return quote + "".join(out) + quote


def union(name: str, members: Sequence[str]) -> str:
    """``export type name = "a" | "b"``, one member per line when it does not fit on one."""
    head = f"export type {name} ="
    literals = [string(member) for member in members]
    if not literals:
        raise LuauValueError(f"type {name} needs at least one member")
    inline = f"{head} {' | '.join(literals)}"
    if _width(inline) <= COLUMN_WIDTH:
        return inline
    lines = [head, INDENT + literals[0]] + [f"{INDENT}| {literal}" for literal in literals[1:]]
    return "\n".join(lines)


def literal(value: object, indent: int = 0) -> str:
    """``value`` as a Luau expression starting at indentation level ``indent``.

    A non-empty table at the top is always expanded: the caller's text before it on the line
    is unknown, so fitting cannot be proven. Nested tables go on one line when they fit.
    ``None`` entries of a mapping are left out (an absent optional field).
    """
    if isinstance(value, Mapping | list | tuple):
        entries = _entries(value)
        return _expanded(entries, indent) if entries else "{}"
    return _scalar(value)


def fields(value: Mapping[str, object], indent: int) -> str:
    """The entries of ``value`` as lines ``key = value,`` at ``indent``, for the inside of a table."""
    return "\n".join(_entry_lines(key, item, indent) for key, item in _entries(value))


def _scalar(value: object) -> str:
    if isinstance(value, Expr):
        return value.source
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise LuauValueError(f"{value} has no Luau literal; use math.huge or 0/0 in the template")
        return repr(value)
    if isinstance(value, str):
        return string(value)
    raise LuauValueError(f"a {type(value).__name__} has no Luau literal")


def _entries(value: Mapping[Any, object] | Sequence[object]) -> list[tuple[str | None, object]]:
    """(key text or None for list items, value) pairs in order."""
    if isinstance(value, Mapping):
        return [(_key(key), item) for key, item in value.items() if item is not None]
    if any(item is None for item in value):
        raise LuauValueError("a list item is None; Luau arrays cannot hold nil")
    return [(None, item) for item in value]


def _key(key: object) -> str:
    if isinstance(key, str):
        return key if is_identifier(key) else f"[{string(key)}]"
    if isinstance(key, int) and not isinstance(key, bool):
        return f"[{key}]"
    raise LuauValueError(f"table key {key!r} is neither text nor an integer")


def _inline(value: object) -> str:
    """``value`` on one line, whatever its length."""
    if isinstance(value, Mapping | list | tuple):
        parts = [item if key is None else f"{key} = {item}" for key, item in _inline_entries(value)]
        return "{ " + ", ".join(parts) + " }" if parts else "{}"
    return _scalar(value)


def _inline_entries(value: Mapping[Any, object] | Sequence[object]) -> list[tuple[str | None, str]]:
    return [(key, _inline(item)) for key, item in _entries(value)]


def _entry_lines(key: str | None, item: object, indent: int) -> str:
    """One entry of an expanded table: inline when the line fits.

    StyLua measures a ``key = value`` field without its trailing comma but an array item
    with it (found by formatting both at every width around the limit).
    """
    prefix = INDENT * indent + ("" if key is None else f"{key} = ")
    one_line = prefix + _inline(item)
    room = COLUMN_WIDTH if key is not None else COLUMN_WIDTH - 1
    if not isinstance(item, Mapping | list | tuple) or _width(one_line) <= room:
        return one_line + ","
    entries = _entries(item)
    if not entries:
        return prefix + "{},"
    return prefix + _expanded(entries, indent) + ","


def _expanded(entries: list[tuple[str | None, object]], indent: int) -> str:
    inner = "\n".join(_entry_lines(key, item, indent + 1) for key, item in entries)
    return "{\n" + inner + "\n" + INDENT * indent + "}"


def _width(line: str) -> int:
    """Columns as StyLua counts them, erring wide: tabs are INDENT_WIDTH, other text its UTF-8 bytes."""
    stripped = line.lstrip(INDENT)
    return (len(line) - len(stripped)) * INDENT_WIDTH + len(stripped.encode("utf-8"))
