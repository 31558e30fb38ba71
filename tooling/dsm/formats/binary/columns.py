"""PROP value columns: one codec per binary type id, decoding or encoding all values of a property.

Columns work on *raw* values: property values from :mod:`dsm.dom.values`, except that String
columns hold ``bytes``, Ref columns hold referents (``int``), SharedString columns hold indices
into the SSTR table and Content objects are :class:`~dsm.formats.binary.types.ContentObject`
referents. The reader and writer translate between raw values and instance properties.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

from dsm.dom import values as v
from dsm.formats.binary import primitives as p
from dsm.formats.binary.rotations import id_from_matrix, matrix_from_id
from dsm.formats.binary.types import (
    AXES,
    BOOL,
    BRICK_COLOR,
    BYTECODE,
    CFRAME,
    COLOR3,
    COLOR3UINT8,
    COLOR_SEQUENCE,
    CONTENT,
    ENUM,
    FACES,
    FLOAT32,
    FLOAT64,
    FONT,
    INT32,
    INT64,
    NAMES,
    NUMBER_RANGE,
    NUMBER_SEQUENCE,
    OPTIONAL_CFRAME,
    PHYSICAL_PROPERTIES,
    RAY,
    RECT,
    REF,
    SECURITY_CAPABILITIES,
    SHARED_STRING,
    STRING,
    UDIM,
    UDIM2,
    UNIQUE_ID,
    VECTOR2,
    VECTOR3,
    VECTOR3INT16,
    ContentObject,
)
from dsm.formats.common import FormatError

_FONT_STYLES = ("Normal", "Italic")
_MASK64 = 0xFFFFFFFFFFFFFFFF


# ---- decoding -------------------------------------------------------------------------


def _read_cframes(cur: p.Cursor, count: int) -> list[v.CFrame]:
    matrices: list[tuple[float, ...]] = []
    for _ in range(count):
        rotation_id = cur.u8()
        if rotation_id == 0:
            matrices.append(tuple(cur.le("f", 9)))
            continue
        matrix = matrix_from_id(rotation_id)
        if matrix is None:
            raise cur.fail(f"unknown CFrame rotation id {rotation_id:#04x}")
        matrices.append(matrix)
    xs, ys, zs = cur.f32s(count), cur.f32s(count), cur.f32s(count)
    return [v.CFrame(v.Vector3(x, y, z), m) for x, y, z, m in zip(xs, ys, zs, matrices, strict=True)]


def _read_optional_cframes(cur: p.Cursor, count: int) -> list[v.OptionalCFrame]:
    if (marker := cur.u8()) != CFRAME:
        raise cur.fail(f"OptionalCFrame column should start with the CFrame type id 0x10, found {marker:#04x}")
    frames = _read_cframes(cur, count)
    if (marker := cur.u8()) != BOOL:
        raise cur.fail(f"OptionalCFrame presence flags should start with the Bool type id 0x02, found {marker:#04x}")
    present = cur.take(count)
    return [v.OptionalCFrame(frame if flag else None) for frame, flag in zip(frames, present, strict=True)]


def _read_physical(cur: p.Cursor, count: int) -> list[v.PhysicalProperties]:
    out = []
    for _ in range(count):
        flags = cur.u8()
        if not flags & 1:
            out.append(v.PhysicalProperties())
            continue
        n = cur.le("f", 6 if flags & 2 else 5)
        absorption = n[5] if len(n) == 6 else None
        out.append(v.PhysicalProperties(True, n[0], n[1], n[2], n[3], n[4], acoustic_absorption=absorption))
    return out


def _read_unique_ids(cur: p.Cursor, count: int) -> list[v.UniqueId]:
    raw = cur.planes(count, 16)
    out = []
    for offset in range(0, count * 16, 16):
        index, time, random = struct.unpack_from(">IIQ", raw, offset)
        # The binary form stores the random part rotated left by one bit.
        out.append(v.UniqueId(((random >> 1) | ((random & 1) << 63)) & _MASK64, time, index))
    return out


def _read_content(cur: p.Cursor, count: int) -> list[v.Content | ContentObject]:
    kinds = cur.i32s(count)
    uris = [cur.text("a Content URI") for _ in range(cur.count("Content URI", 4))]
    objects = cur.referents(cur.count("Content object", 4))
    cur.take(4 * cur.count("external Content object", 4))  # meant for copy/paste inside Studio
    uri_iter, object_iter = iter(uris), iter(objects)
    out: list[v.Content | ContentObject] = []
    try:
        for kind in kinds:
            if kind == 0:
                out.append(v.Content())
            elif kind == 1:
                out.append(v.Content("Uri", next(uri_iter)))
            elif kind == 2:
                out.append(ContentObject(next(object_iter)))
            else:
                raise cur.fail(f"unknown Content source type {kind}")
    except StopIteration:
        raise cur.fail("Content column has fewer URIs or objects than its source types need") from None
    return out


def _read_fonts(cur: p.Cursor, count: int) -> list[v.Font]:
    out = []
    for _ in range(count):
        family = cur.text("a Font family")
        weight, style = cur.u16(), cur.u8()
        cached = cur.text("a Font cached face id")
        out.append(v.Font(family, weight, "Italic" if style == 1 else "Normal", cached or None))
    return out


def _read_number_sequences(cur: p.Cursor, count: int) -> list[v.NumberSequence]:
    out = []
    for _ in range(count):
        numbers = cur.le("f", 3 * cur.count("keypoint", 12))
        points = (v.NumberSequenceKeypoint(*numbers[i : i + 3]) for i in range(0, len(numbers), 3))
        out.append(v.NumberSequence(tuple(points)))
    return out


def _read_color_sequences(cur: p.Cursor, count: int) -> list[v.ColorSequence]:
    out = []
    for _ in range(count):
        numbers = cur.le("f", 5 * cur.count("keypoint", 20))
        points = (
            v.ColorSequenceKeypoint(numbers[i], v.Color3(*numbers[i + 1 : i + 4]), numbers[i + 4])
            for i in range(0, len(numbers), 5)
        )
        out.append(v.ColorSequence(tuple(points)))
    return out


def _read_udim2s(cur: p.Cursor, count: int) -> list[v.UDim2]:
    xs, ys = cur.f32s(count), cur.f32s(count)
    xo, yo = cur.i32s(count), cur.i32s(count)
    return [v.UDim2(v.UDim(a, b), v.UDim(c, d)) for a, c, b, d in zip(xs, ys, xo, yo, strict=True)]


def _read_rects(cur: p.Cursor, count: int) -> list[v.Rect]:
    x0, y0, x1, y1 = (cur.f32s(count) for _ in range(4))
    return [v.Rect(v.Vector2(a, b), v.Vector2(c, d)) for a, b, c, d in zip(x0, y0, x1, y1, strict=True)]


def _triples(numbers: tuple[float, ...]) -> list[tuple[float, ...]]:
    return [numbers[i : i + 3] for i in range(0, len(numbers), 3)]


_DECODERS: dict[int, Callable[[p.Cursor, int], list[Any]]] = {
    STRING: lambda cur, n: [cur.bytes_string() for _ in range(n)],
    BYTECODE: lambda cur, n: [cur.bytes_string() for _ in range(n)],
    BOOL: lambda cur, n: [v.Bool(b != 0) for b in cur.take(n)],
    INT32: lambda cur, n: [v.Int32(x) for x in cur.i32s(n)],
    FLOAT32: lambda cur, n: [v.Float32(x) for x in cur.f32s(n)],
    FLOAT64: lambda cur, n: [v.Float64(x) for x in cur.le("d", n)],
    UDIM: lambda cur, n: [v.UDim(s, o) for s, o in zip(cur.f32s(n), cur.i32s(n), strict=True)],
    UDIM2: _read_udim2s,
    RAY: lambda cur, n: [v.Ray(v.Vector3(*c[:3]), v.Vector3(*c[3:])) for c in (cur.le("f", 6) for _ in range(n))],
    FACES: lambda cur, n: [v.Faces(b) for b in cur.take(n)],
    AXES: lambda cur, n: [v.Axes(b) for b in cur.take(n)],
    BRICK_COLOR: lambda cur, n: [v.BrickColor(x) for x in cur.u32s(n)],
    COLOR3: lambda cur, n: [v.Color3(*c) for c in zip(cur.f32s(n), cur.f32s(n), cur.f32s(n), strict=True)],
    VECTOR2: lambda cur, n: [v.Vector2(*c) for c in zip(cur.f32s(n), cur.f32s(n), strict=True)],
    VECTOR3: lambda cur, n: [v.Vector3(*c) for c in zip(cur.f32s(n), cur.f32s(n), cur.f32s(n), strict=True)],
    CFRAME: _read_cframes,
    ENUM: lambda cur, n: [v.Enum(x) for x in cur.u32s(n)],
    REF: lambda cur, n: cur.referents(n),
    VECTOR3INT16: lambda cur, n: [v.Vector3int16(*map(int, c)) for c in _triples(cur.le("h", 3 * n))],
    NUMBER_SEQUENCE: _read_number_sequences,
    COLOR_SEQUENCE: _read_color_sequences,
    NUMBER_RANGE: lambda cur, n: [v.NumberRange(*c) for c in (cur.le("f", 2) for _ in range(n))],
    RECT: _read_rects,
    PHYSICAL_PROPERTIES: _read_physical,
    COLOR3UINT8: lambda cur, n: [v.Color3uint8(*c) for c in zip(cur.take(n), cur.take(n), cur.take(n), strict=True)],
    INT64: lambda cur, n: [v.Int64(x) for x in cur.i64s(n)],
    SHARED_STRING: lambda cur, n: cur.u32s(n),
    OPTIONAL_CFRAME: _read_optional_cframes,
    UNIQUE_ID: _read_unique_ids,
    FONT: _read_fonts,
    SECURITY_CAPABILITIES: lambda cur, n: [v.SecurityCapabilities(x) for x in cur.i64s(n)],
    CONTENT: _read_content,
}


def decode_column(type_id: int, cur: p.Cursor, count: int) -> list[Any] | None:
    """``count`` raw values of binary type ``type_id``; None for a type id this reader does not know."""
    decoder = _DECODERS.get(type_id)
    if decoder is None:
        return None
    return decoder(cur, count)


# ---- encoding -------------------------------------------------------------------------


def _write_cframes(values: list[v.CFrame]) -> bytes:
    parts = []
    for value in values:
        rotation_id = id_from_matrix(value.orientation)
        parts.append(bytes([rotation_id]) if rotation_id else b"\0" + p.le_f32s(list(value.orientation)))
    positions = [value.position for value in values]
    parts += [p.encode_f32s([pos.x for pos in positions])]
    parts += [p.encode_f32s([pos.y for pos in positions])]
    parts += [p.encode_f32s([pos.z for pos in positions])]
    return b"".join(parts)


def _write_optional_cframes(values: list[v.OptionalCFrame]) -> bytes:
    frames = [value.value or v.CFrame() for value in values]
    flags = bytes(int(value.value is not None) for value in values)
    return bytes([CFRAME]) + _write_cframes(frames) + bytes([BOOL]) + flags


def _write_physical(values: list[v.PhysicalProperties]) -> bytes:
    parts = []
    for value in values:
        if not value.custom:
            parts.append(b"\0")
            continue
        numbers = [value.density, value.friction, value.elasticity, value.friction_weight, value.elasticity_weight]
        if value.acoustic_absorption is not None:
            numbers.append(value.acoustic_absorption)
        parts.append(bytes([3 if len(numbers) == 6 else 1]) + p.le_f32s(numbers))
    return b"".join(parts)


def _write_unique_ids(values: list[v.UniqueId]) -> bytes:
    raw = b"".join(
        struct.pack(">IIQ", value.index, value.time, ((value.random << 1) | (value.random >> 63)) & _MASK64)
        for value in values
    )
    return p.interleave(raw, 16)


def _write_content(values: list[v.Content | ContentObject]) -> bytes:
    kinds, uris, objects = [], [], []
    for value in values:
        if isinstance(value, ContentObject):
            kinds.append(2)
            objects.append(value.referent)
        elif value.kind == "Uri":
            kinds.append(1)
            uris.append(value.uri)
        else:
            kinds.append(0)
    return b"".join(
        [
            p.encode_i32s(kinds),
            len(uris).to_bytes(4, "little"),
            *(p.string(uri.encode("utf-8")) for uri in uris),
            len(objects).to_bytes(4, "little"),
            p.encode_referents(objects),
            bytes(4),  # no external objects
        ]
    )


def _write_fonts(values: list[v.Font]) -> bytes:
    return b"".join(
        p.string(f.family.encode("utf-8"))
        + struct.pack("<HB", f.weight, _FONT_STYLES.index(f.style))
        + p.string((f.cached_face_id or "").encode("utf-8"))
        for f in values
    )


def _write_sequences(values: list[Any], per_point: Callable[[Any], list[float]]) -> bytes:
    parts = []
    for value in values:
        numbers = [n for point in value.keypoints for n in per_point(point)]
        parts.append(len(value.keypoints).to_bytes(4, "little") + p.le_f32s(numbers))
    return b"".join(parts)


def _write_udim2s(values: list[v.UDim2]) -> bytes:
    return b"".join(
        [
            p.encode_f32s([u.x.scale for u in values]),
            p.encode_f32s([u.y.scale for u in values]),
            p.encode_i32s([u.x.offset for u in values]),
            p.encode_i32s([u.y.offset for u in values]),
        ]
    )


def _planes_f32(values: list[Any], *getters: Callable[[Any], float]) -> bytes:
    return b"".join(p.encode_f32s([get(value) for value in values]) for get in getters)


_ENCODERS: dict[int, Callable[[list[Any]], bytes]] = {
    STRING: lambda vals: b"".join(p.string(data) for data in vals),
    BYTECODE: lambda vals: b"".join(p.string(data) for data in vals),
    BOOL: lambda vals: bytes(int(val.value) for val in vals),
    INT32: lambda vals: p.encode_i32s([val.value for val in vals]),
    FLOAT32: lambda vals: p.encode_f32s([val.value for val in vals]),
    FLOAT64: lambda vals: struct.pack(f"<{len(vals)}d", *(val.value for val in vals)),
    UDIM: lambda vals: p.encode_f32s([u.scale for u in vals]) + p.encode_i32s([u.offset for u in vals]),
    UDIM2: _write_udim2s,
    RAY: lambda vals: p.le_f32s(
        [n for r in vals for n in (r.origin.x, r.origin.y, r.origin.z, r.direction.x, r.direction.y, r.direction.z)]
    ),
    FACES: lambda vals: bytes(val.bits for val in vals),
    AXES: lambda vals: bytes(val.bits for val in vals),
    BRICK_COLOR: lambda vals: p.encode_u32s([val.value for val in vals]),
    COLOR3: lambda vals: _planes_f32(vals, lambda c: c.r, lambda c: c.g, lambda c: c.b),
    VECTOR2: lambda vals: _planes_f32(vals, lambda c: c.x, lambda c: c.y),
    VECTOR3: lambda vals: _planes_f32(vals, lambda c: c.x, lambda c: c.y, lambda c: c.z),
    CFRAME: _write_cframes,
    ENUM: lambda vals: p.encode_u32s([val.value for val in vals]),
    REF: p.encode_referents,
    VECTOR3INT16: lambda vals: struct.pack(f"<{3 * len(vals)}h", *(n for c in vals for n in (c.x, c.y, c.z))),
    NUMBER_SEQUENCE: lambda vals: _write_sequences(vals, lambda k: [k.time, k.value, k.envelope]),
    COLOR_SEQUENCE: lambda vals: _write_sequences(
        vals, lambda k: [k.time, k.color.r, k.color.g, k.color.b, k.envelope]
    ),
    NUMBER_RANGE: lambda vals: p.le_f32s([n for r in vals for n in (r.min, r.max)]),
    RECT: lambda vals: _planes_f32(vals, lambda r: r.min.x, lambda r: r.min.y, lambda r: r.max.x, lambda r: r.max.y),
    PHYSICAL_PROPERTIES: _write_physical,
    COLOR3UINT8: lambda vals: bytes(c.r for c in vals) + bytes(c.g for c in vals) + bytes(c.b for c in vals),
    INT64: lambda vals: p.encode_i64s([val.value for val in vals]),
    SHARED_STRING: p.encode_u32s,
    OPTIONAL_CFRAME: _write_optional_cframes,
    UNIQUE_ID: _write_unique_ids,
    FONT: _write_fonts,
    SECURITY_CAPABILITIES: lambda vals: p.encode_i64s([val.value for val in vals]),
    CONTENT: _write_content,
}


def encode_column(type_id: int, values: list[Any]) -> bytes:
    """The column bytes for raw ``values`` of binary type ``type_id``."""
    try:
        return _ENCODERS[type_id](values)
    except (struct.error, ValueError, OverflowError) as error:
        raise FormatError(f"a {NAMES[type_id]} value cannot be stored: {error}") from None
