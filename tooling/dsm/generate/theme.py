"""``theme.toml``: the plugin's design tokens, each mapped onto a Studio theme colour.

A token names a role in the UI (``background``, ``accent``, ``danger``...). Each maps onto an
``Enum.StudioStyleGuideColor`` item and an optional ``Enum.StudioStyleGuideModifier`` for the
Dark and the Light theme, so the plugin reads its colours from ``settings().Studio.Theme``
and follows the user's theme live. Items and modifiers are checked against the reflection
data, so a misspelt name fails here and not in Studio.

    [tokens.background]
    description = "The widget's background."
    color = "MainBackground"            # both themes

    [tokens.success]
    description = "Text and icons for a finished operation."
    dark = { color = "ScriptString" }   # one theme each
    light = { color = "ScriptComment" }
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from dsm.generate import luau
from dsm.generate.datafile import Table, read_toml

# Studio's built-in themes (https://create.roblox.com/docs/reference/engine/classes/StudioTheme).
THEMES = ("Dark", "Light")
DEFAULT_MODIFIER = "Default"
_TOKEN_NAME = re.compile(r"^[a-z][A-Za-z0-9]*$")


@dataclass(frozen=True)
class Mapping:
    """One Studio theme colour: a StudioStyleGuideColor item and a StudioStyleGuideModifier item."""

    color: str
    modifier: str = DEFAULT_MODIFIER


@dataclass(frozen=True)
class Token:
    name: str
    description: str
    themes: dict[str, Mapping]
    """The colour per Studio theme name (``Dark``, ``Light``)."""

    @property
    def studio_colors(self) -> dict[str, dict[str, luau.Expr | None]]:
        """Per theme, the ``{ color, modifier? }`` record the Theme module passes to GetColor."""
        return {
            theme: {
                "color": luau.Expr(f"Enum.StudioStyleGuideColor.{mapping.color}"),
                "modifier": None
                if mapping.modifier == DEFAULT_MODIFIER
                else luau.Expr(f"Enum.StudioStyleGuideModifier.{mapping.modifier}"),
            }
            for theme, mapping in self.themes.items()
        }


@dataclass(frozen=True)
class ThemeData:
    tokens: tuple[Token, ...]
    """Sorted by name: their order carries no meaning, and sorting keeps the output stable."""
    themes: tuple[str, ...] = THEMES

    @property
    def names(self) -> list[str]:
        return [token.name for token in self.tokens]


def load(path: Path) -> ThemeData:
    """Read and check ``theme.toml``."""
    from dsm import reflection

    api = reflection.load()
    colors = sorted(api.enum_items("StudioStyleGuideColor") or {})
    modifiers = sorted(api.enum_items("StudioStyleGuideModifier") or {})
    top = Table(read_toml(path), "", path)
    top.only(["tokens"])
    tokens_table = top.table("tokens")
    if not tokens_table.data:
        raise tokens_table.fail("[tokens] is empty; add at least one [tokens.<name>] table")
    tokens = [_token(name, tokens_table, colors, modifiers) for name in sorted(tokens_table.data)]
    return ThemeData(tokens=tuple(tokens))


def _token(name: str, tokens: Table, colors: list[str], modifiers: list[str]) -> Token:
    if not _TOKEN_NAME.match(name):
        raise tokens.fail(f'token "{name}" must be a camelCase name (letters and digits, starting lowercase)')
    table = tokens.table(name)
    table.only(["description", "color", "modifier", "dark", "light"])
    description = table.text("description")
    shared = _partial(table, colors, modifiers)
    themes: dict[str, Mapping] = {}
    for theme in THEMES:
        own: tuple[str | None, str | None] = (None, None)
        override = table.optional_table(theme.lower())
        if override is not None:
            override.only(["color", "modifier"])
            own = _partial(override, colors, modifiers)
        color = own[0] or shared[0]
        if color is None:
            raise table.fail(f"{table.key('color')} is missing: give color, or {table.key(theme.lower())}.color")
        themes[theme] = Mapping(color=color, modifier=own[1] or shared[1] or DEFAULT_MODIFIER)
    return Token(name=name, description=description, themes=themes)


def _partial(table: Table, colors: list[str], modifiers: list[str]) -> tuple[str | None, str | None]:
    """The colour and modifier ``table`` gives itself, either possibly absent."""
    color = table.optional_text("color")
    modifier = table.optional_text("modifier")
    _check_item(table, "color", color, colors, "StudioStyleGuideColor")
    _check_item(table, "modifier", modifier, modifiers, "StudioStyleGuideModifier")
    return color, modifier


def _check_item(table: Table, key: str, value: str | None, items: list[str], enum: str) -> None:
    if value is None or value in items:
        return
    close = difflib.get_close_matches(value, items, n=1)
    hint = f'; did you mean "{close[0]}"?' if close else f"; see Enum.{enum} for the items"
    raise table.fail(f'{table.key(key)} "{value}" is not an Enum.{enum} item{hint}')
