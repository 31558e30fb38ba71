"""Terrain material colours (``Terrain.MaterialColors``): the blob both file formats store.

Six zero bytes, then one RGB triple per material in Roblox's fixed order.
"""

from __future__ import annotations

from dsm.dom import values as v
from dsm.formats.common import FormatError

MATERIAL_ORDER: tuple[str, ...] = (
    "Grass",
    "Slate",
    "Concrete",
    "Brick",
    "Sand",
    "WoodPlanks",
    "Rock",
    "Glacier",
    "Snow",
    "Sandstone",
    "Mud",
    "Basalt",
    "Ground",
    "CrackedLava",
    "Asphalt",
    "Cobblestone",
    "Ice",
    "LeafyGrass",
    "Salt",
    "Limestone",
    "Pavement",
)
_MATERIAL_HEADER = bytes(6)


def decode(blob: bytes) -> v.MaterialColors | None:
    """The colours, or None when the blob does not have their shape."""
    if (
        len(blob) != len(_MATERIAL_HEADER) + 3 * len(MATERIAL_ORDER)
        or blob[: len(_MATERIAL_HEADER)] != _MATERIAL_HEADER
    ):
        return None
    body = blob[6:]
    return v.MaterialColors(
        tuple((name, (body[3 * i], body[3 * i + 1], body[3 * i + 2])) for i, name in enumerate(MATERIAL_ORDER))
    )


def encode(value: v.MaterialColors) -> bytes:
    colors = dict(value.colors)
    unknown = set(colors) - set(MATERIAL_ORDER)
    if unknown:
        raise FormatError(f"unknown terrain material {sorted(unknown)[0]!r} in MaterialColors")
    rgb = (colors.get(name, (0, 0, 0)) for name in MATERIAL_ORDER)
    return _MATERIAL_HEADER + bytes(channel for color in rgb for channel in color)
