"""Between column values and property values: what a binary type becomes given the property's type.

A String column holds bytes that are text, binary data, a content id, tags, attributes or
terrain colours depending on the property; Int32 and Float32 columns may feed Int64 and Float64
properties. Writing goes the other way and accepts the same widenings rbx_binary does.
"""

from __future__ import annotations

import math
from typing import Any

from dsm.dom import values as v
from dsm.formats import attributes, material_colors
from dsm.formats.binary import types as t
from dsm.formats.common import FormatError


def text_or_bytes(data: bytes) -> v.String | v.BinaryString:
    try:
        return v.String(data.decode("utf-8"))
    except UnicodeDecodeError:
        return v.BinaryString(data)


def _from_bytes(data: bytes, data_type: str | None) -> v.Variant:  # noqa: PLR0911
    if data_type == "BinaryString":
        return v.BinaryString(data)
    if data_type == "Attributes":
        try:
            return attributes.decode(data)
        except FormatError:
            return v.BinaryString(data)  # kept whole rather than dropped, as rbx_binary does
    if data_type == "MaterialColors":
        return material_colors.decode(data) or v.BinaryString(data)
    natural = text_or_bytes(data)
    if not isinstance(natural, v.String):
        return natural
    if data_type == "ContentId":
        return v.ContentId(natural.value)
    if data_type == "Tags":
        return v.Tags(tuple(natural.value.split("\0")) if natural.value else ())
    return natural


def from_column(raw: Any, binary_type: int, data_type: str | None) -> v.Variant:
    """A decoded column value as a property of rbx-dom type ``data_type`` (None when unknown)."""
    if binary_type in (t.STRING, t.BYTECODE):
        return _from_bytes(raw, data_type if binary_type == t.STRING else "BinaryString")
    if data_type == "Int64" and isinstance(raw, v.Int32):
        return v.Int64(raw.value)
    if data_type == "Float64" and isinstance(raw, v.Float32):
        return v.Float64(raw.value)
    value: v.Variant = raw
    return value


def binary_type_for(data_type: str) -> int | None:
    return t.FOR_VALUE_TYPE.get(data_type)


def _round_channel(channel: float) -> int:
    # Clamp to 0..1, then round half away from zero, as rbx-dom's Color3 -> Color3uint8 does.
    return math.floor(min(max(channel, 0.0), 1.0) * 255 + 0.5)


def _string_bytes(value: v.Variant) -> bytes | None:
    match value:
        case v.String(text) | v.ContentId(text):
            return text.encode("utf-8")
        case v.BinaryString(data):
            return data
        case v.Tags(names):
            return "\0".join(names).encode("utf-8")
        case v.Attributes():
            return attributes.encode(value)
        case v.MaterialColors():
            return material_colors.encode(value)
    return None


def to_column(value: v.Variant, binary_type: int) -> Any:  # noqa: PLR0911
    """``value`` as a raw value for a column of ``binary_type``, or None when it cannot be stored there.

    Ref and Content values are returned unchanged: the writer maps their targets to referents.
    """
    if binary_type in (t.STRING, t.BYTECODE):
        return _string_bytes(value)
    match value, binary_type:
        case v.Color3(r, g, b), t.COLOR3UINT8:
            return v.Color3uint8(_round_channel(r), _round_channel(g), _round_channel(b))
        case v.Int32(n), t.INT64:
            return v.Int64(n)
        case v.Float32(x), t.FLOAT64:
            return v.Float64(x)
        case v.Int32(n), t.BRICK_COLOR:
            return v.BrickColor(n)
        case v.EnumItem(_, n), t.ENUM:
            return v.Enum(n)
    if t.FOR_VALUE_TYPE.get(v.type_name(value)) == binary_type:
        return value
    return None
