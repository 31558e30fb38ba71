"""Lua source for data files (JSON, TOML, YAML → ``return <table>``), byte-for-byte as Rojo writes it.

Tables open with ``{`` and a newline, hold one ``key = value,`` per line indented with tabs and
close with ``}``; arrays stay on one line (``{1, 2, 3}``); numbers print like Rust's ``f64``
``Display`` (shortest round trip, never an exponent, ``1`` not ``1.0``).
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

_KEYWORDS = frozenset(
    {
        *("and", "break", "do", "else", "elseif", "end", "false", "for", "function", "if", "in"),
        *("local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while"),
    }
)
_ESCAPES = str.maketrans({'"': '\\"', "\r": "\\r", "\n": "\\n", "\t": "\\t", "\\": "\\\\"})


class LuaTable:
    """A table whose entries keep their order and may have any key (YAML mappings)."""

    __slots__ = ("entries",)

    def __init__(self, entries: list[tuple[Any, Any]]) -> None:
        self.entries = entries


def format_number(value: float) -> str:
    if math.isnan(value):
        return "0/0"
    if math.isinf(value):
        return "math.huge" if value > 0 else "-math.huge"
    text = repr(value)
    if "e" in text:
        return format(Decimal(text), "f")
    return text[:-2] if text.endswith(".0") else text


def _is_identifier(text: str) -> bool:
    return text.isascii() and text.isidentifier() and text not in _KEYWORDS


def _string(text: str) -> str:
    return '"' + text.translate(_ESCAPES) + '"'


def _key(key: Any, level: int, out: list[str]) -> None:
    if isinstance(key, str) and _is_identifier(key):
        out.append(key)
        return
    if key is None:
        raise ValueError("a table key cannot be null")
    out.append("[")
    _value(key, level, out)
    out.append("]")


def _scalar(value: Any) -> str | None:
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            number = math.inf if value > 0 else -math.inf
        return format_number(number)
    if isinstance(value, str):
        return _string(value)
    return None


def _value(value: Any, level: int, out: list[str], sort_keys: bool = True) -> None:
    scalar = _scalar(value)
    if scalar is not None:
        out.append(scalar)
    elif isinstance(value, list):
        out.append("{")
        for index, item in enumerate(value):
            if index:
                out.append(", ")
            _value(item, level, out, sort_keys)
        out.append("}")
    else:
        if isinstance(value, LuaTable):
            entries = value.entries
        elif isinstance(value, dict):
            entries = sorted(value.items()) if sort_keys else list(value.items())
        else:
            raise TypeError(f"cannot write {type(value).__name__} as Lua")
        out.append("{\n")
        inner = "\t" * (level + 1)
        for key, item in entries:
            out.append(inner)
            _key(key, level + 1, out)
            out.append(" = ")
            _value(item, level + 1, out, sort_keys)
            out.append(",\n")
        out.append("\t" * level + "}")


def to_lua_module(value: Any, *, sort_keys: bool = True) -> str:
    """``return <value>``: dict keys are sorted bytewise unless ``sort_keys`` is false."""
    out = ["return "]
    _value(value, 0, out, sort_keys)
    return "".join(out)
