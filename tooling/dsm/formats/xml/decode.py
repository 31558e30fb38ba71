"""Property elements to values, one decoder per element name (``float``, ``CoordinateFrame``, ``token``...).

The element name gives the value's shape; the reader then converts it to the property's
reflected type. Refs and object Contents point at Items that may come later, so their decoders
leave a placeholder and register the referent with the context.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from dsm.dom import values as v
from dsm.formats.xml import floats
from dsm.formats.xml.errors import Malformed
from dsm.formats.xml.tree import Node

_HEX32 = re.compile(r"[0-9a-fA-F]{32}")
_BASE64_SPACE = re.compile(r"\s+")


@dataclass
class Pending:
    """A Ref (or object Content) whose target is resolved once every Item is known."""

    referent: str
    line: int


@dataclass
class DecodeContext:
    shared_strings: dict[str, bytes] = field(default_factory=dict)
    pending: Pending | None = None


Decoder = Callable[[Node, DecodeContext], v.Variant]


def _number_text(node: Node) -> str:
    return node.text.strip()


def f32(node: Node) -> float:
    text = _number_text(node)
    if not floats.is_float_text(text):
        raise Malformed(node.line, f'{node.describe()}: "{text}" is not a number')
    return floats.parse_f32(text)


def f64(node: Node) -> float:
    text = _number_text(node)
    if not floats.is_float_text(text):
        raise Malformed(node.line, f'{node.describe()}: "{text}" is not a number')
    return float(text)


def _integer(node: Node, low: int, high: int, kind: str) -> int:
    text = _number_text(node)
    if not floats.is_int_text(text):
        raise Malformed(node.line, f'{node.describe()}: "{text}" is not an integer')
    number = int(text)
    if not low <= number <= high:
        raise Malformed(node.line, f"{node.describe()}: {number} is out of range for {kind}")
    return number


def i16(node: Node) -> int:
    return _integer(node, -(2**15), 2**15 - 1, "a 16-bit integer")


def i32(node: Node) -> int:
    return _integer(node, -(2**31), 2**31 - 1, "a 32-bit integer")


def i64(node: Node) -> int:
    return _integer(node, -(2**63), 2**63 - 1, "a 64-bit integer")


def u32(node: Node) -> int:
    return _integer(node, 0, 2**32 - 1, "an unsigned 32-bit integer")


def u64(node: Node) -> int:
    return _integer(node, 0, 2**64 - 1, "an unsigned 64-bit integer")


def boolean(node: Node) -> bool:
    text = _number_text(node).lower()
    if text not in ("true", "false"):
        raise Malformed(node.line, f'{node.describe()}: "{node.text}" is not true or false')
    return text == "true"


def _floats_list(node: Node, count: int | None = None) -> list[float]:
    pieces = node.text.split()
    for piece in pieces:
        if not floats.is_float_text(piece):
            raise Malformed(node.line, f'{node.describe()}: "{piece}" is not a number')
    if count is not None and len(pieces) != count:
        raise Malformed(node.line, f"{node.describe()}: expected {count} numbers, found {len(pieces)}")
    return [floats.parse_f32(piece) for piece in pieces]


def _vector2(node: Node) -> v.Vector2:
    return v.Vector2(f32(node.child("X")), f32(node.child("Y")))


def _vector3(node: Node) -> v.Vector3:
    return v.Vector3(f32(node.child("X")), f32(node.child("Y")), f32(node.child("Z")))


def _vector3int16(node: Node) -> v.Vector3int16:
    return v.Vector3int16(i16(node.child("X")), i16(node.child("Y")), i16(node.child("Z")))


CFRAME_TAGS = ("X", "Y", "Z", "R00", "R01", "R02", "R10", "R11", "R12", "R20", "R21", "R22")


def cframe(node: Node) -> v.CFrame:
    x, y, z, *matrix = (f32(node.child(tag)) for tag in CFRAME_TAGS)
    return v.CFrame(v.Vector3(x, y, z), tuple(matrix))


def _color3(node: Node, _ctx: DecodeContext) -> v.Color3:
    if node.text.strip():
        # Old files pack a Color3 into one integer, as Color3uint8 does.
        packed = u32(node)
        return v.Color3(*(floats.to_f32(((packed >> shift) & 0xFF) / 255) for shift in (16, 8, 0)))
    return v.Color3(f32(node.child("R")), f32(node.child("G")), f32(node.child("B")))


def _color3uint8(node: Node, _ctx: DecodeContext) -> v.Color3uint8:
    # Studio sets the top byte to 0xFF; only the low 24 bits are the colour.
    packed = u32(node)
    return v.Color3uint8((packed >> 16) & 0xFF, (packed >> 8) & 0xFF, packed & 0xFF)


def _binary(node: Node, _ctx: DecodeContext) -> v.BinaryString:
    return v.BinaryString(decode_base64(node))


def decode_base64(node: Node) -> bytes:
    # Studio wraps base64 over several lines; all whitespace inside is ignored.
    text = _BASE64_SPACE.sub("", node.text)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise Malformed(node.line, f"{node.describe()}: the content is not valid base64") from None


def _content_id(node: Node, _ctx: DecodeContext) -> v.ContentId:
    for child in node.children:
        if child.tag == "url":
            return v.ContentId(child.text)
        if child.tag in ("null", "binary", "hash"):
            # "binary" and "hash" are legacy forms whose content Roblox no longer uses.
            return v.ContentId("")
    raise Malformed(node.line, f"{node.describe()} has no <url> or <null> element")


def _content(node: Node, ctx: DecodeContext) -> v.Content:
    for child in node.children:
        if child.tag == "null":
            return v.Content()
        if child.tag in ("uri", "url"):
            return v.Content("Uri", child.text)
        if child.tag == "Ref":
            referent = child.text.strip()
            if referent in ("", "null"):
                return v.Content()
            ctx.pending = Pending(referent, child.line)
            return v.Content("Object")
    raise Malformed(node.line, f"{node.describe()} has no <null>, <uri> or <Ref> element")


def _ref(node: Node, ctx: DecodeContext) -> v.Ref:
    referent = node.text.strip()
    if referent not in ("", "null"):
        ctx.pending = Pending(referent, node.line)
    return v.Ref(None)


def _shared_string(node: Node, ctx: DecodeContext) -> v.SharedString:
    key = node.text.strip()
    if key not in ctx.shared_strings:
        raise Malformed(node.line, f'{node.describe()}: no <SharedString md5="{key}"> in <SharedStrings>')
    return v.SharedString(ctx.shared_strings[key])


def _font_content(node: Node) -> str:
    url = node.find("url")
    if url is not None:
        return url.text
    if node.find("null") is not None:
        return ""
    raise Malformed(node.line, f"{node.describe()} has no <url> or <null> element")


def _font(node: Node, _ctx: DecodeContext) -> v.Font:
    if not node.children:
        # Some old files hold an empty Font element; rbx_xml reads it as the default face.
        return v.Font("rbxasset://fonts/families/SourceSansPro.json")
    family = _font_content(node.child("Family"))
    weight = u32(node.child("Weight"))
    if weight not in v.FONT_WEIGHTS.values():
        weight = 400
    italic = node.child("Style").text.strip() == "Italic"
    cached = node.find("CachedFaceId")
    return v.Font(
        family, weight, "Italic" if italic else "Normal", _font_content(cached) if cached is not None else None
    )


def _physical(node: Node, _ctx: DecodeContext) -> v.PhysicalProperties:
    if not boolean(node.child("CustomPhysics")):
        return v.PhysicalProperties()
    acoustic = node.find("AcousticAbsorption")
    return v.PhysicalProperties(
        True,
        f32(node.child("Density")),
        f32(node.child("Friction")),
        f32(node.child("Elasticity")),
        f32(node.child("FrictionWeight")),
        f32(node.child("ElasticityWeight")),
        f32(acoustic) if acoustic is not None else None,
    )


def _number_sequence(node: Node, _ctx: DecodeContext) -> v.NumberSequence:
    numbers = _floats_list(node)
    if len(numbers) % 3 or len(numbers) < 6:
        raise Malformed(node.line, f"{node.describe()}: expected two or more keypoints of 3 numbers each")
    return v.NumberSequence(tuple(v.NumberSequenceKeypoint(*numbers[i : i + 3]) for i in range(0, len(numbers), 3)))


def _color_sequence(node: Node, _ctx: DecodeContext) -> v.ColorSequence:
    numbers = _floats_list(node)
    if len(numbers) % 5 or len(numbers) < 10:
        raise Malformed(node.line, f"{node.describe()}: expected two or more keypoints of 5 numbers each")
    return v.ColorSequence(
        tuple(
            v.ColorSequenceKeypoint(time, v.Color3(r, g, b), envelope)
            for time, r, g, b, envelope in (numbers[i : i + 5] for i in range(0, len(numbers), 5))
        )
    )


def _unique_id(node: Node, _ctx: DecodeContext) -> v.UniqueId:
    text = node.text.strip()
    if _HEX32.fullmatch(text) is None:
        raise Malformed(node.line, f'{node.describe()}: "{text}" is not 32 hexadecimal digits')
    return v.UniqueId.from_hex(text)


def _bits(tag: str, limit: int) -> Callable[[Node], int]:
    def read(node: Node) -> int:
        bits = u32(node.child(tag))
        if bits > limit:
            raise Malformed(node.line, f"{node.describe()}: {bits} is not a valid bit set (0 to {limit})")
        return bits

    return read


_faces = _bits("faces", 63)
_axes = _bits("axes", 7)


def _optional_cframe(node: Node, _ctx: DecodeContext) -> v.OptionalCFrame:
    inner = node.find("CFrame")
    return v.OptionalCFrame(cframe(inner) if inner is not None else None)


DECODERS: dict[str, Decoder] = {
    "string": lambda n, _c: v.String(n.text),
    "ProtectedString": lambda n, _c: v.String(n.text),
    "BinaryString": _binary,
    "bool": lambda n, _c: v.Bool(boolean(n)),
    "int": lambda n, _c: v.Int32(i32(n)),
    "int64": lambda n, _c: v.Int64(i64(n)),
    "float": lambda n, _c: v.Float32(f32(n)),
    "double": lambda n, _c: v.Float64(f64(n)),
    "token": lambda n, _c: v.Enum(u32(n)),
    "BrickColor": lambda n, _c: v.BrickColor(_integer(n, 0, 0xFFFF, "a BrickColor number")),
    "Ref": _ref,
    "SharedString": _shared_string,
    "Content": _content,
    "ContentId": _content_id,
    "CoordinateFrame": lambda n, _c: cframe(n),
    "OptionalCoordinateFrame": _optional_cframe,
    "Color3": _color3,
    "Color3uint8": _color3uint8,
    "Vector2": lambda n, _c: _vector2(n),
    "Vector3": lambda n, _c: _vector3(n),
    "Vector2int16": lambda n, _c: v.Vector2int16(i16(n.child("X")), i16(n.child("Y"))),
    "Vector3int16": lambda n, _c: _vector3int16(n),
    "UDim": lambda n, _c: v.UDim(f32(n.child("S")), i32(n.child("O"))),
    "UDim2": lambda n, _c: v.UDim2(
        v.UDim(f32(n.child("XS")), i32(n.child("XO"))), v.UDim(f32(n.child("YS")), i32(n.child("YO")))
    ),
    "Rect2D": lambda n, _c: v.Rect(_vector2(n.child("min")), _vector2(n.child("max"))),
    "Ray": lambda n, _c: v.Ray(_vector3(n.child("origin")), _vector3(n.child("direction"))),
    "Region3": lambda n, _c: v.Region3(_vector3(n.child("min")), _vector3(n.child("max"))),
    "Region3int16": lambda n, _c: v.Region3int16(_vector3int16(n.child("min")), _vector3int16(n.child("max"))),
    "NumberRange": lambda n, _c: v.NumberRange(*_floats_list(n, 2)),
    "NumberSequence": _number_sequence,
    "ColorSequence": _color_sequence,
    "PhysicalProperties": _physical,
    "Font": _font,
    "UniqueId": _unique_id,
    "Faces": lambda n, _c: v.Faces(_faces(n)),
    "Axes": lambda n, _c: v.Axes(_axes(n)),
    "SecurityCapabilities": lambda n, _c: v.SecurityCapabilities(u64(n)),
}


def decode(node: Node, ctx: DecodeContext) -> v.Variant:
    decoder = DECODERS.get(node.tag)
    if decoder is None:
        raise Malformed(node.line, f"{node.describe()}: unknown property type <{node.tag}>")
    return decoder(node, ctx)
