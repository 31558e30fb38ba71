"""Values to property elements, laid out as rbx_xml writes them (element names, child tags, number text).

Vector, colour and UDim components spell infinities ``INF``/``NAN`` as the ``float`` element does;
CFrame components and the space-separated sequences use Rust's plain display (``inf``, ``NaN``),
because that is what rbx_xml prints there.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any, Protocol

from dsm.dom import values as v
from dsm.dom.instance import Instance
from dsm.formats import attributes, material_colors
from dsm.formats.common import FormatError
from dsm.formats.xml import convert
from dsm.formats.xml.decode import CFRAME_TAGS
from dsm.formats.xml.emitter import Emitter
from dsm.formats.xml.floats import display_f32, xml_f32, xml_f64


class EncodeState(Protocol):
    def referent_for(self, target: Instance | None) -> str:
        """The referent text for a Ref to ``target`` (``null`` for none)."""
        ...

    def share(self, data: bytes) -> str:
        """Record shared bytes for the SharedStrings table and return their key."""
        ...


_I16 = (-(2**15), 2**15 - 1)
_I32 = (-(2**31), 2**31 - 1)
_I64 = (-(2**63), 2**63 - 1)
_U32 = (0, 2**32 - 1)
_U64 = (0, 2**64 - 1)


def _int(number: int, bounds: tuple[int, int], what: str) -> str:
    """An integer's text, refusing one the file's readers would reject as out of range."""
    low, high = bounds
    if not low <= number <= high:
        raise FormatError(f"{number} is out of range for {what} ({low} to {high})")
    return str(number)


def _vector2(out: Emitter, value: v.Vector2) -> None:
    out.leaf("X", xml_f32(value.x))
    out.leaf("Y", xml_f32(value.y))


def _vector3(out: Emitter, value: v.Vector3) -> None:
    out.leaf("X", xml_f32(value.x))
    out.leaf("Y", xml_f32(value.y))
    out.leaf("Z", xml_f32(value.z))


def _int_vector(out: Emitter, components: tuple[int, ...]) -> None:
    for tag, component in zip(("X", "Y", "Z"), components, strict=False):
        out.leaf(tag, _int(component, _I16, "a 16-bit vector component"))


def _in(out: Emitter, tag: str, body: Callable[[], None]) -> None:
    out.start(tag)
    body()
    out.end()


def _cframe(out: Emitter, value: v.CFrame) -> None:
    components = (value.position.x, value.position.y, value.position.z, *value.orientation)
    for tag, component in zip(CFRAME_TAGS, components, strict=True):
        out.leaf(tag, display_f32(component))


def _spaced(out: Emitter, numbers: list[float]) -> None:
    # rbx_xml writes each number followed by a space, trailing one included.
    for number in numbers:
        out.text(display_f32(number))
        out.text(" ")


def _binary(out: Emitter, data: bytes) -> None:
    # Plain BinaryString values are CDATA-wrapped and an empty one gets no text at all.
    if data:
        out.cdata(base64.b64encode(data).decode("ascii"))


def _blob(out: Emitter, data: bytes) -> None:
    # Attributes, tags and terrain colours are written as text, even when empty.
    out.string(base64.b64encode(data).decode("ascii"))


def _content_id(out: Emitter, uri: str) -> None:
    if uri:
        out.start("url")
        out.string(uri)
    else:
        out.start("null")
    out.end()


def _content(out: Emitter, value: v.Content, state: EncodeState) -> None:
    if value.kind == "Uri":
        out.start("uri")
        out.string(value.uri)
    elif value.kind == "Object":
        out.start("Ref")
        out.text(state.referent_for(value.target))
    else:
        out.start("null")
    out.end()


def _font(out: Emitter, value: v.Font) -> None:
    _in(out, "Family", lambda: _content_id(out, value.family))
    out.leaf("Weight", str(value.weight))
    out.leaf("Style", value.style)
    if value.cached_face_id is not None:
        cached = value.cached_face_id
        _in(out, "CachedFaceId", lambda: _content_id(out, cached))


def _physical(out: Emitter, value: v.PhysicalProperties) -> None:
    out.leaf("CustomPhysics", "true" if value.custom else "false")
    if not value.custom:
        return
    out.leaf("Density", xml_f32(value.density))
    out.leaf("Friction", xml_f32(value.friction))
    out.leaf("Elasticity", xml_f32(value.elasticity))
    out.leaf("FrictionWeight", xml_f32(value.friction_weight))
    out.leaf("ElasticityWeight", xml_f32(value.elasticity_weight))
    if value.acoustic_absorption is not None:
        out.leaf("AcousticAbsorption", xml_f32(value.acoustic_absorption))


def element_name(value: v.Variant) -> str:
    """The element a value is written as."""
    return _ELEMENT_NAMES.get(v.type_name(value), v.type_name(value))


_ELEMENT_NAMES = {
    "String": "string",
    "Bool": "bool",
    "Int32": "int",
    "Int64": "int64",
    "Float32": "float",
    "Float64": "double",
    "Enum": "token",
    "EnumItem": "token",
    "BrickColor": "int",
    "CFrame": "CoordinateFrame",
    "OptionalCFrame": "OptionalCoordinateFrame",
    "Rect": "Rect2D",
    "Tags": "BinaryString",
    "Attributes": "BinaryString",
    "MaterialColors": "BinaryString",
}


def _text(render: Callable[[Any], str]) -> Writer:
    return lambda out, value, _state: out.text(render(value))


def _ray(out: Emitter, value: v.Ray, _state: EncodeState) -> None:
    _in(out, "origin", lambda: _vector3(out, value.origin))
    _in(out, "direction", lambda: _vector3(out, value.direction))


def _region3(out: Emitter, value: v.Region3, _state: EncodeState) -> None:
    _in(out, "min", lambda: _vector3(out, value.min))
    _in(out, "max", lambda: _vector3(out, value.max))


def _region3int16(out: Emitter, value: v.Region3int16, _state: EncodeState) -> None:
    low, high = value.min, value.max
    _in(out, "min", lambda: _int_vector(out, (low.x, low.y, low.z)))
    _in(out, "max", lambda: _int_vector(out, (high.x, high.y, high.z)))


def _rect(out: Emitter, value: v.Rect, _state: EncodeState) -> None:
    _in(out, "min", lambda: _vector2(out, value.min))
    _in(out, "max", lambda: _vector2(out, value.max))


def _udim(out: Emitter, value: v.UDim, _state: EncodeState) -> None:
    out.leaf("S", xml_f32(value.scale))
    out.leaf("O", _int(value.offset, _I32, "a UDim offset"))


def _udim2(out: Emitter, value: v.UDim2, _state: EncodeState) -> None:
    out.leaf("XS", xml_f32(value.x.scale))
    out.leaf("XO", _int(value.x.offset, _I32, "a UDim offset"))
    out.leaf("YS", xml_f32(value.y.scale))
    out.leaf("YO", _int(value.y.offset, _I32, "a UDim offset"))


def _color3(out: Emitter, value: v.Color3, _state: EncodeState) -> None:
    out.leaf("R", xml_f32(value.r))
    out.leaf("G", xml_f32(value.g))
    out.leaf("B", xml_f32(value.b))


def _optional_cframe(out: Emitter, value: v.OptionalCFrame, _state: EncodeState) -> None:
    inner = value.value
    if inner is not None:
        _in(out, "CFrame", lambda: _cframe(out, inner))


def _number_sequence(out: Emitter, value: v.NumberSequence, _state: EncodeState) -> None:
    _spaced(out, [n for p in value.keypoints for n in (p.time, p.value, p.envelope)])


def _color_sequence(out: Emitter, value: v.ColorSequence, _state: EncodeState) -> None:
    _spaced(out, [n for p in value.keypoints for n in (p.time, p.color.r, p.color.g, p.color.b, p.envelope)])


Writer = Callable[[Emitter, Any, EncodeState], None]


def _unique_id(value: v.UniqueId) -> str:
    _int(value.random, _U64, "a UniqueId's random part")
    _int(value.time, _U32, "a UniqueId's time")
    _int(value.index, _U32, "a UniqueId's index")
    return value.hex()


def _packed_color(value: v.Color3uint8) -> str:
    # Rojo leaves out the 0xFF alpha byte Studio puts on top.
    r, g, b = (int(_int(channel, (0, 255), "a Color3uint8 channel")) for channel in (value.r, value.g, value.b))
    return str((r << 16) | (g << 8) | b)


_WRITERS: dict[type, Writer] = {
    v.String: lambda out, value, _s: out.string(value.value),
    v.BinaryString: lambda out, value, _s: _binary(out, value.value),
    v.Bool: _text(lambda value: "true" if value.value else "false"),
    v.Int32: _text(lambda value: _int(value.value, _I32, "an int")),
    v.Int64: _text(lambda value: _int(value.value, _I64, "an int64")),
    v.BrickColor: _text(lambda value: _int(value.value, (0, 0xFFFF), "a BrickColor")),
    v.SecurityCapabilities: _text(lambda value: _int(value.value, _U64, "SecurityCapabilities")),
    v.Enum: _text(lambda value: _int(value.value, _U32, "an enum value")),
    v.EnumItem: _text(lambda value: _int(value.value, _U32, "an enum value")),
    v.Float32: _text(lambda value: xml_f32(value.value)),
    v.Float64: _text(lambda value: xml_f64(value.value)),
    v.Color3uint8: _text(_packed_color),
    v.UniqueId: _text(_unique_id),
    v.Ref: lambda out, value, state: out.text(state.referent_for(value.target)),
    v.ContentId: lambda out, value, _s: _content_id(out, value.value),
    v.Content: _content,
    v.UDim: _udim,
    v.UDim2: _udim2,
    v.Vector2: lambda out, value, _s: _vector2(out, value),
    v.Vector3: lambda out, value, _s: _vector3(out, value),
    v.Vector2int16: lambda out, value, _s: _int_vector(out, (value.x, value.y)),
    v.Vector3int16: lambda out, value, _s: _int_vector(out, (value.x, value.y, value.z)),
    v.Color3: _color3,
    v.CFrame: lambda out, value, _s: _cframe(out, value),
    v.OptionalCFrame: _optional_cframe,
    v.Ray: _ray,
    v.Region3: _region3,
    v.Region3int16: _region3int16,
    v.Rect: _rect,
    v.NumberRange: lambda out, value, _s: _spaced(out, [value.min, value.max]),
    v.NumberSequence: _number_sequence,
    v.ColorSequence: _color_sequence,
    v.Faces: lambda out, value, _s: out.leaf("faces", _int(value.bits, (0, 63), "Faces")),
    v.Axes: lambda out, value, _s: out.leaf("axes", _int(value.bits, (0, 7), "Axes")),
    v.PhysicalProperties: lambda out, value, _s: _physical(out, value),
    v.Font: lambda out, value, _s: _font(out, value),
    v.SharedString: lambda out, value, state: out.string(state.share(value.value)),
    v.Tags: lambda out, value, _s: _blob(out, convert.encode_tags(value)),
    v.Attributes: lambda out, value, _s: _blob(out, attributes.encode(value)),
    v.MaterialColors: lambda out, value, _s: _blob(out, material_colors.encode(value)),
}


def write_body(out: Emitter, value: v.Variant, state: EncodeState) -> None:
    """Everything inside the property element for ``value``."""
    writer = _WRITERS.get(type(value))
    if writer is None:
        raise FormatError(f"the XML format cannot store a {v.type_name(value)} value")
    writer(out, value, state)


def write_property(out: Emitter, name: str, value: v.Variant, state: EncodeState) -> None:
    out.start(element_name(value), {"name": name})
    write_body(out, value, state)
    out.end()
