"""The value conversions rbx_xml allows between the type an element holds and the type a property has.

Older files keep 32-bit numbers where properties are now 64-bit, BrickColors as ``int``,
attributes and tags as ``BinaryString``; writing goes the other way for Color3 -> Color3uint8.
A value with no conversion to the wanted type is kept as it is, as rbx_xml keeps it.
"""

from __future__ import annotations

import math

from dsm.dom import values as v
from dsm.formats import attributes, material_colors
from dsm.formats.common import FormatError


class ConversionError(Exception):
    """The value has the wanted type's shape but not a valid value of it."""


def _channel(value: float) -> int:
    # Clamp to 0..1, then scale and round half away from zero.
    return math.floor(min(max(value, 0.0), 1.0) * 255 + 0.5)


def color3_to_uint8(color: v.Color3) -> v.Color3uint8:
    return v.Color3uint8(_channel(color.r), _channel(color.g), _channel(color.b))


def decode_tags(blob: bytes) -> v.Tags:
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError:
        raise ConversionError("the tags are not UTF-8 text") from None
    return v.Tags(tuple(name for name in text.split("\0") if name))


def encode_tags(tags: v.Tags) -> bytes:
    return "\0".join(tags.names).encode("utf-8")


def _from_binary(blob: bytes, data_type: str) -> v.Variant:
    if data_type == "Tags":
        return decode_tags(blob)
    if data_type == "Attributes":
        try:
            return attributes.decode(blob)
        except FormatError:
            # Kept whole rather than lost: a blob this reader does not understand still round-trips.
            return v.BinaryString(blob)
    if data_type == "MaterialColors":
        return material_colors.decode(blob) or v.BinaryString(blob)
    return v.BinaryString(blob)


def convert(value: v.Variant, data_type: str | None) -> v.Variant:  # noqa: PLR0911
    """``value`` as a ``data_type`` value where rbx_xml converts; otherwise ``value`` unchanged."""
    if data_type is None or v.type_name(value) == data_type:
        return value
    match value:
        case v.Int32(number) if data_type == "Int64":
            return v.Int64(number)
        case v.Float32(number) if data_type == "Float64":
            return v.Float64(number)
        case v.Int32(number) if data_type == "BrickColor":
            if not 0 <= number <= 0xFFFF:
                raise ConversionError(f"{number} is not a BrickColor number")
            return v.BrickColor(number)
        case v.Color3() if data_type == "Color3uint8":
            return color3_to_uint8(value)
        case v.BinaryString(blob) if data_type in ("Tags", "Attributes", "MaterialColors"):
            return _from_binary(blob, data_type)
        case v.EnumItem(_, number) if data_type == "Enum":
            return v.Enum(number)
        case v.Content(kind, uri) if data_type == "ContentId":
            if kind == "Object":
                raise ConversionError("a Content that refers to an object cannot be a ContentId")
            return v.ContentId(uri if kind == "Uri" else "")
    return value
