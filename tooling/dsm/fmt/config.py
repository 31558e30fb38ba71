"""The project's ``stylua.toml``, checked once here so both StyLua backends get the same settings.

StyLua looks for ``stylua.toml`` or ``.stylua.toml``; ``dsm fmt`` reads the one at the project
root and hands it to the native binary (``--config-path``) or, as plain values, to the WASM
build, which has no configuration discovery of its own.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dsm.errors import DsmError

CONFIG_NAMES = ("stylua.toml", ".stylua.toml")

# Every option StyLua 2.x reads, with the values each accepts (StyLua's README, "Options").
_CHOICES: dict[str, tuple[str, ...]] = {
    "syntax": ("All", "Lua51", "Lua52", "Lua53", "Lua54", "Luau", "LuaJIT", "CfxLua"),
    "line_endings": ("Unix", "Windows"),
    "indent_type": ("Tabs", "Spaces"),
    "quote_style": ("AutoPreferDouble", "AutoPreferSingle", "ForceDouble", "ForceSingle"),
    "call_parentheses": ("Always", "NoSingleString", "NoSingleTable", "None", "Input"),
    "collapse_simple_statement": ("Never", "FunctionOnly", "ConditionalOnly", "Always"),
    "space_after_function_names": ("Never", "Definitions", "Calls", "Always"),
    "block_newline_gaps": ("Never", "Preserve"),
}
_NUMBERS = ("column_width", "indent_width")
_FLAGS = ("no_call_parentheses",)
_TABLES = {"sort_requires": ("enabled",)}
KNOWN_KEYS = (*_CHOICES, *_NUMBERS, *_FLAGS, *_TABLES)


@dataclass(frozen=True)
class StyluaConfig:
    path: Path | None
    """The file the options came from; None means StyLua's defaults."""
    options: dict[str, Any] = field(default_factory=dict)
    """Checked options as StyLua spells them: ``{"column_width": 120, "sort_requires": {"enabled": True}}``."""


def find_config(root: Path) -> Path | None:
    return next((path for name in CONFIG_NAMES if (path := root / name).is_file()), None)


def load_config(root: Path) -> StyluaConfig:
    """The StyLua settings at the project ``root`` (defaults when it has no stylua.toml)."""
    path = find_config(root)
    if path is None:
        return StyluaConfig(None)
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise DsmError(f"not valid TOML ({error}); fix the file", path=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise DsmError(f"cannot read the file ({error})", path=path) from None
    return StyluaConfig(path, {key: _check(path, key, value) for key, value in table.items()})


def _check(path: Path, key: str, value: Any) -> Any:
    if key in _CHOICES:
        if value not in _CHOICES[key]:
            raise DsmError(
                f"{key} = {value!r} is not a StyLua choice; use one of {', '.join(_CHOICES[key])}", path=path
            )
        return value
    if key in _NUMBERS:
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise DsmError(f"{key} must be a positive whole number, not {value!r}", path=path)
        return value
    if key in _FLAGS:
        if not isinstance(value, bool):
            raise DsmError(f"{key} must be true or false, not {value!r}", path=path)
        return value
    if key in _TABLES:
        if not isinstance(value, dict):
            raise DsmError(f"[{key}] must be a table", path=path)
        for inner, flag in value.items():
            if inner not in _TABLES[key]:
                raise DsmError(f"unknown key {inner!r} in [{key}]; known: {', '.join(_TABLES[key])}", path=path)
            if not isinstance(flag, bool):
                raise DsmError(f"{key}.{inner} must be true or false, not {flag!r}", path=path)
        return dict(value)
    close = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
    hint = f'; did you mean "{close[0]}"?' if close else f"; StyLua knows {', '.join(KNOWN_KEYS)}"
    raise DsmError(f'unknown StyLua option "{key}"{hint}', path=path)
