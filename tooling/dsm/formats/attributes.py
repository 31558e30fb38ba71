"""The attribute blob (``AttributesSerialize``): a count, then name, type byte and value per entry.

Both file formats store an instance's attributes in this blob (binary as a String property,
XML as base64). Values are little-endian and never interleaved, and the type ids are not the
model format's (String is 0x02 here, 0x01 there). Entries are written sorted by name, as Rojo does.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

from dsm.dom import values as v
from dsm.formats.common import FormatError

STRING = 0x02
BOOL = 0x03
INT32 = 0x04
FLOAT32 = 0x05
FLOAT64 = 0x06
UDIM = 0x09
UDIM2 = 0x0A
BRICK_COLOR = 0x0E
COLOR3 = 0x0F
VECTOR2 = 0x10
VECTOR3 = 0x11
CFRAME = 0x14
ENUM_ITEM = 0x15
NUMBER_SEQUENCE = 0x17
COLOR_SEQUENCE = 0x19
NUMBER_RANGE = 0x1B
RECT = 0x1C
FONT = 0x21

_FONT_STYLES = ("Normal", "Italic")

_U32 = struct.Struct("<I")


class _Reader:
    """Little-endian reads over the blob; running past the end is a FormatError."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.what = "the attribute count"

    def take(self, size: int) -> bytes:
        end = self.pos + size
        if end > len(self.data):
            raise FormatError(
                f"corrupt attribute blob: it ends at byte {len(self.data)} while reading {self.what}"
                f" (needs {size} bytes at byte {self.pos})"
            )
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def unpack(self, fmt: str) -> tuple[float, ...]:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))

    def u8(self) -> int:
        return self.take(1)[0]

    def u32(self) -> int:
        return int(_U32.unpack(self.take(4))[0])

    def f32s(self, count: int) -> tuple[float, ...]:
        return self.unpack(f"{count}f")

    def raw_string(self) -> bytes:
        return self.take(self.u32())

    def text(self) -> str:
        raw = self.raw_string()
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise FormatError(f"corrupt attribute blob: {self.what} is not UTF-8 text") from None


def _string(reader: _Reader) -> v.Variant:
    raw = reader.raw_string()
    try:
        return v.String(raw.decode("utf-8"))
    except UnicodeDecodeError:
        # Attribute strings may hold arbitrary bytes; keep them rather than mangle them.
        return v.BinaryString(raw)


def _cframe(reader: _Reader) -> v.CFrame:
    from dsm.formats.binary.rotations import matrix_from_id

    x, y, z = reader.f32s(3)
    rotation_id = reader.u8()
    if rotation_id == 0:
        matrix = reader.f32s(9)
    else:
        found = matrix_from_id(rotation_id)
        if found is None:
            raise FormatError(f"corrupt attribute blob: {reader.what} has unknown rotation id {rotation_id:#04x}")
        matrix = found
    return v.CFrame(v.Vector3(x, y, z), tuple(matrix))


def _font(reader: _Reader) -> v.Font:
    weight = int(reader.unpack("H")[0])
    style = reader.u8()
    family = reader.text()
    cached = reader.text()
    return v.Font(family, weight, "Italic" if style == 1 else "Normal", cached or None)


def _number_sequence(reader: _Reader) -> v.NumberSequence:
    points = []
    for _ in range(reader.u32()):
        envelope, time, value = reader.f32s(3)
        points.append(v.NumberSequenceKeypoint(time, value, envelope))
    return v.NumberSequence(tuple(points))


def _color_sequence(reader: _Reader) -> v.ColorSequence:
    points = []
    for _ in range(reader.u32()):
        envelope, time, r, g, b = reader.f32s(5)
        points.append(v.ColorSequenceKeypoint(time, v.Color3(r, g, b), envelope))
    return v.ColorSequence(tuple(points))


def _udim(reader: _Reader) -> v.UDim:
    scale, offset = reader.unpack("fi")
    return v.UDim(scale, int(offset))


_DECODERS: dict[int, Callable[[_Reader], v.Variant]] = {
    STRING: _string,
    BOOL: lambda r: v.Bool(r.u8() != 0),
    INT32: lambda r: v.Int32(int(r.unpack("i")[0])),
    FLOAT32: lambda r: v.Float32(r.f32s(1)[0]),
    FLOAT64: lambda r: v.Float64(r.unpack("d")[0]),
    UDIM: _udim,
    UDIM2: lambda r: v.UDim2(_udim(r), _udim(r)),
    BRICK_COLOR: lambda r: v.BrickColor(r.u32()),
    COLOR3: lambda r: v.Color3(*r.f32s(3)),
    VECTOR2: lambda r: v.Vector2(*r.f32s(2)),
    VECTOR3: lambda r: v.Vector3(*r.f32s(3)),
    CFRAME: _cframe,
    ENUM_ITEM: lambda r: v.EnumItem(r.text(), r.u32()),
    NUMBER_SEQUENCE: _number_sequence,
    COLOR_SEQUENCE: _color_sequence,
    NUMBER_RANGE: lambda r: v.NumberRange(*r.f32s(2)),
    RECT: lambda r: v.Rect(v.Vector2(*r.f32s(2)), v.Vector2(*r.f32s(2))),
    FONT: _font,
}


def decode(blob: bytes) -> v.Attributes:
    """Parse an attribute blob; an empty blob is an empty map. Corrupt input raises FormatError."""
    if not blob:
        return v.Attributes()
    reader = _Reader(blob)
    entries: dict[str, v.Variant] = {}
    for index in range(reader.u32()):
        reader.what = f"the name of attribute #{index + 1}"
        name = reader.text()
        reader.what = f'the type of attribute "{name}"'
        type_id = reader.u8()
        decoder = _DECODERS.get(type_id)
        if decoder is None:
            raise FormatError(f'corrupt attribute blob: attribute "{name}" has unknown type id {type_id:#04x}')
        reader.what = f'the value of attribute "{name}"'
        entries[name] = decoder(reader)
    return v.Attributes.from_dict(entries)


class _Writer:
    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def pack(self, fmt: str, *items: float) -> None:
        self.parts.append(struct.pack("<" + fmt, *items))

    def f32s(self, *items: float) -> None:
        self.parts.append(b"".join(pack_f32(item) for item in items))

    def string(self, data: bytes) -> None:
        self.parts.append(_U32.pack(len(data)) + data)


def pack_f32(value: float) -> bytes:
    """Little-endian f32; values beyond f32 range become infinities, as a float cast does."""
    try:
        return struct.pack("<f", value)
    except OverflowError:
        return struct.pack("<f", float("inf") if value > 0 else float("-inf"))


def _encode_cframe(out: _Writer, value: v.CFrame) -> None:
    from dsm.formats.binary.rotations import id_from_matrix

    out.f32s(value.position.x, value.position.y, value.position.z)
    rotation_id = id_from_matrix(value.orientation)
    out.pack("B", rotation_id)
    if rotation_id == 0:
        out.f32s(*value.orientation)


def _encode_value(out: _Writer, value: v.Variant) -> int:  # noqa: C901, PLR0911, PLR0912
    """Append ``value``'s bytes and return its type id."""
    match value:
        case v.String(text):
            out.string(text.encode("utf-8"))
            return STRING
        case v.BinaryString(data):
            out.string(data)
            return STRING
        case v.Bool(flag):
            out.pack("B", int(flag))
            return BOOL
        case v.Int32(number):
            out.pack("i", number)
            return INT32
        case v.Float32(number):
            out.f32s(number)
            return FLOAT32
        case v.Float64(number):
            out.pack("d", number)
            return FLOAT64
        case v.UDim(scale, offset):
            out.f32s(scale)
            out.pack("i", offset)
            return UDIM
        case v.UDim2(x, y):
            for part in (x, y):
                out.f32s(part.scale)
                out.pack("i", part.offset)
            return UDIM2
        case v.BrickColor(number):
            out.pack("I", number)
            return BRICK_COLOR
        case v.Color3(r, g, b):
            out.f32s(r, g, b)
            return COLOR3
        case v.Vector2(x, y):
            out.f32s(x, y)
            return VECTOR2
        case v.Vector3(x, y, z):
            out.f32s(x, y, z)
            return VECTOR3
        case v.CFrame():
            _encode_cframe(out, value)
            return CFRAME
        case v.EnumItem(enum_type, number):
            out.string(enum_type.encode("utf-8"))
            out.pack("I", number)
            return ENUM_ITEM
        case v.NumberSequence(points):
            out.pack("I", len(points))
            for point in points:
                out.f32s(point.envelope, point.time, point.value)
            return NUMBER_SEQUENCE
        case v.ColorSequence(points):
            out.pack("I", len(points))
            for cpoint in points:
                # Roblox always writes a zero envelope for colour keypoints.
                out.f32s(0.0, cpoint.time, cpoint.color.r, cpoint.color.g, cpoint.color.b)
            return COLOR_SEQUENCE
        case v.NumberRange(low, high):
            out.f32s(low, high)
            return NUMBER_RANGE
        case v.Rect(low, high):
            out.f32s(low.x, low.y, high.x, high.y)
            return RECT
        case v.Font(family, weight, style, cached):
            out.pack("HB", weight, _FONT_STYLES.index(style))
            out.string(family.encode("utf-8"))
            out.string((cached or "").encode("utf-8"))
            return FONT
    raise FormatError(f"an attribute cannot hold a {v.type_name(value)} value")


def encode(attributes: v.Attributes) -> bytes:
    """The blob for ``attributes``; an empty map is an empty blob. Unsupported values raise FormatError."""
    if not attributes.entries:
        return b""
    entries = sorted(attributes.entries, key=lambda entry: entry[0].encode("utf-8"))
    out = _Writer()
    out.pack("I", len(entries))
    for name, value in entries:
        out.string(name.encode("utf-8"))
        marker = len(out.parts)
        out.parts.append(b"")
        try:
            type_id = _encode_value(out, value)
        except FormatError as error:
            raise FormatError(f'attribute "{name}": {error.message}') from None
        except struct.error as error:
            raise FormatError(f'attribute "{name}": value out of range for a {v.type_name(value)} ({error})') from None
        out.parts[marker] = bytes([type_id])
    return b"".join(out.parts)
