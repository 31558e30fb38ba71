"""Legacy property conversions, by the names the reflection data gives them (``ContentIdToContent``...).

Files may still hold properties Roblox has replaced (``Decal.Texture`` by ``TextureContent``,
``TextLabel.Font`` by ``FontFace``); readers and writers convert their values with these.
"""

from __future__ import annotations

from collections.abc import Callable

from dsm.dom import values as v

_FAMILY = "rbxasset://fonts/families/{}.json"

# Enum.Font -> (family, weight, style), as Roblox maps legacy fonts onto font faces.
_LEGACY_FONTS: dict[int, tuple[str, int, str]] = {
    0: ("LegacyArial", 400, "Normal"),
    1: ("Arial", 400, "Normal"),
    2: ("Arial", 700, "Normal"),
    3: ("SourceSansPro", 400, "Normal"),
    4: ("SourceSansPro", 700, "Normal"),
    5: ("SourceSansPro", 300, "Normal"),
    6: ("SourceSansPro", 400, "Italic"),
    7: ("AccanthisADFStd", 400, "Normal"),
    8: ("Guru", 400, "Normal"),
    9: ("ComicNeueAngular", 400, "Normal"),
    10: ("Inconsolata", 400, "Normal"),
    11: ("HighwayGothic", 400, "Normal"),
    12: ("Zekton", 400, "Normal"),
    13: ("PressStart2P", 400, "Normal"),
    14: ("Balthazar", 400, "Normal"),
    15: ("RomanAntique", 400, "Normal"),
    16: ("SourceSansPro", 600, "Normal"),
    17: ("GothamSSm", 400, "Normal"),
    18: ("GothamSSm", 500, "Normal"),
    19: ("GothamSSm", 700, "Normal"),
    20: ("GothamSSm", 900, "Normal"),
    21: ("AmaticSC", 400, "Normal"),
    22: ("Bangers", 400, "Normal"),
    23: ("Creepster", 400, "Normal"),
    24: ("DenkOne", 400, "Normal"),
    25: ("Fondamento", 400, "Normal"),
    26: ("FredokaOne", 400, "Normal"),
    27: ("GrenzeGotisch", 400, "Normal"),
    28: ("IndieFlower", 400, "Normal"),
    29: ("JosefinSans", 400, "Normal"),
    30: ("Jura", 400, "Normal"),
    31: ("Kalam", 400, "Normal"),
    32: ("LuckiestGuy", 400, "Normal"),
    33: ("Merriweather", 400, "Normal"),
    34: ("Michroma", 400, "Normal"),
    35: ("Nunito", 400, "Normal"),
    36: ("Oswald", 400, "Normal"),
    37: ("PatrickHand", 400, "Normal"),
    38: ("PermanentMarker", 400, "Normal"),
    39: ("Roboto", 400, "Normal"),
    40: ("RobotoCondensed", 400, "Normal"),
    41: ("RobotoMono", 400, "Normal"),
    42: ("Sarpanch", 400, "Normal"),
    43: ("SpecialElite", 400, "Normal"),
    44: ("TitilliumWeb", 400, "Normal"),
    45: ("Ubuntu", 400, "Normal"),
}


def _content_id(value: v.Variant) -> v.Variant | None:
    if isinstance(value, v.ContentId | v.String):
        return v.Content("Uri", value.value) if value.value else v.Content()
    return None


def _asset_number(value: v.Variant) -> v.Variant | None:
    if isinstance(value, v.Int64 | v.Int32):
        return v.Content("Uri", f"rbxassetid://{value.value}") if value.value > 0 else v.Content()
    return None


def _gui_inset(value: v.Variant) -> v.Variant | None:
    # IgnoreGuiInset true -> ScreenInsets.None (1), false -> ScreenInsets.CoreUISafeInsets (2).
    if isinstance(value, v.Bool):
        return v.Enum(1 if value.value else 2)
    return None


def _font(value: v.Variant) -> v.Variant | None:
    if isinstance(value, v.Enum | v.EnumItem) and value.value in _LEGACY_FONTS:
        family, weight, style = _LEGACY_FONTS[value.value]
        return v.Font(_FAMILY.format(family), weight, "Italic" if style == "Italic" else "Normal")
    return None


def _corner_radius(value: v.Variant) -> v.Variant | None:
    return value if isinstance(value, v.UDim) else None


_MIGRATIONS: dict[str, Callable[[v.Variant], v.Variant | None]] = {
    "ContentIdToContent": _content_id,
    "Int64ToContent": _asset_number,
    "IgnoreGuiInsetToScreenInsets": _gui_inset,
    "FontToFontFace": _font,
    "CornerRadiusToCornerRadii": _corner_radius,
}


def migrate(migration: str | None, value: v.Variant) -> v.Variant | None:
    """The converted value, or None when the migration is unknown or does not apply to ``value``.

    ``BrickColorToColor`` needs the BrickColor palette, which is not part of the reflection data,
    so it is not performed: callers keep such values under their legacy name.
    """
    convert = _MIGRATIONS.get(migration or "")
    return convert(value) if convert is not None else None
