"""Binary format building blocks: interleaving, number transforms, column codecs, rotations, BLAKE3.

The byte strings are the worked examples of rbx-dom's docs/binary.md.
"""

from __future__ import annotations

import os
from typing import Any

import blake3 as reference_blake3
import pytest

from dsm.dom import values as v
from dsm.formats.binary import columns, rotations
from dsm.formats.binary import primitives as p
from dsm.formats.binary import types as t
from dsm.formats.binary.hashing import blake3
from dsm.formats.common import FormatError


def test_interleave_splits_rows_into_byte_planes() -> None:
    rows = bytes.fromhex("a0a1 b0b1 c0c1")
    assert p.interleave(rows, 2) == bytes.fromhex("a0b0c0 a1b1c1")
    assert p.deinterleave(bytes.fromhex("a0b0c0 a1b1c1"), 3, 2) == rows


def test_roblox_float_moves_the_sign_bit_last() -> None:
    assert p.encode_f32s([-0.15625]) == bytes.fromhex("7c400001")
    assert p.Cursor(bytes.fromhex("7c400001"), "test").f32s(1) == [-0.15625]


def test_integers_are_zigzagged() -> None:
    values = [0, -1, 1, -2, 2147483647, -2147483648]
    assert p.Cursor(p.encode_i32s(values), "test").i32s(len(values)) == values
    big = [0, -1, (1 << 63) - 1, -(1 << 63)]
    assert p.Cursor(p.encode_i64s(big), "test").i64s(len(big)) == big


def test_referent_arrays_accumulate() -> None:
    # docs/binary.md: stored 1619, 1, 4, 2, 3, 5 means 1619, 1620, 1624, 1626, 1629, 1634.
    stored = p.encode_i32s([1619, 1, 4, 2, 3, 5])
    assert p.Cursor(stored, "test").referents(6) == [1619, 1620, 1624, 1626, 1629, 1634]
    assert p.encode_referents([1619, 1620, 1624, 1626, 1629, 1634]) == stored
    assert p.encode_referents([]) == b""


def test_out_of_range_integers_are_format_errors() -> None:
    with pytest.raises(FormatError, match="outside the Int32 range"):
        p.encode_i32s([1 << 31])
    with pytest.raises(FormatError, match="outside the u32 range"):
        p.encode_u32s([-1])


def test_cursor_reports_truncation_with_its_location() -> None:
    cursor = p.Cursor(b"\x05\0\0\0ab", "PROP chunk at byte 99")
    with pytest.raises(FormatError, match=r"PROP chunk at byte 99: truncated: needs 5 bytes at byte 4, only 2 left"):
        cursor.bytes_string()


DOC_EXAMPLES: list[tuple[int, list[Any], str]] = [
    (t.UDIM, [v.UDim(1, 2), v.UDim(3, 4)], "7f800080 00000000 00000000 00000408"),
    (t.UDIM2, [v.UDim2(v.UDim(0.75, -30), v.UDim(-1.5, 60))], "7e800000 7f800001 0000003b 00000078"),
    (t.FACES, [v.Faces(0b100000), v.Faces(0b000110), v.Faces(0b011001)], "200619"),
    (t.AXES, [v.Axes(1), v.Axes(3), v.Axes(5)], "010305"),
    (t.BRICK_COLOR, [v.BrickColor(1004), v.BrickColor(37), v.BrickColor(1010)], "000000 000000 030003 ec25f2"),
    (t.COLOR3, [v.Color3(1.0, 180 / 255, 20 / 255)], "7f000000 7e69696a 7b414142"),
    (
        t.VECTOR2,
        [v.Vector2(-100.80, 200.55), v.Vector2(200.55, -100.80)],
        "85869391 3319359a 86859193 19339a35",
    ),
    (
        t.VECTOR3,
        [v.Vector3(1, 2, 3), v.Vector3(-1, -2, -3)],
        "7f7f0000 00000001 80800000 00000001 80808080 00000001",
    ),
    (t.NUMBER_RANGE, [v.NumberRange(0, 0.5), v.NumberRange(0.5, 1)], "00000000 0000003f 0000003f 0000803f"),
    (
        t.RECT,
        [v.Rect(v.Vector2(-1, -10), v.Vector2(8, 9)), v.Rect(v.Vector2(0, 1), v.Vector2(5, 6))],
        "7f000000 00000100 827f4000 00000100 82810040 00000000 82812080 00000000",
    ),
    (
        t.PHYSICAL_PROPERTIES,
        [v.PhysicalProperties(), v.PhysicalProperties(True, 0.7, 0.3, 0.5, 1, 1)],
        "00 01 3333333f 9a99993e 0000003f 0000803f 0000803f",
    ),
    (t.COLOR3UINT8, [v.Color3uint8(0, 255, 255), v.Color3uint8(63, 0, 127)], "003f ff00 ff7f"),
    (
        t.NUMBER_SEQUENCE,
        [
            v.NumberSequence(
                (
                    v.NumberSequenceKeypoint(0, 0, 0),
                    v.NumberSequenceKeypoint(0.5, 1, 0),
                    v.NumberSequenceKeypoint(1, 1, 0.5),
                )
            )
        ],
        "03000000 00000000 00000000 00000000 0000003f 0000803f 00000000 0000803f 0000803f 0000003f",
    ),
    (
        t.OPTIONAL_CFRAME,
        [
            v.OptionalCFrame(v.CFrame(v.Vector3(0, 0, 1), (0, -1, 0, 1, 0, 0, 0, 0, 1))),
            v.OptionalCFrame(None),
        ],
        "10 0a 02 0000000000000000 0000000000000000 7f00000000000000 02 01 00",
    ),
]


@pytest.mark.parametrize(("type_id", "values", "hex_bytes"), DOC_EXAMPLES, ids=[t.NAMES[c[0]] for c in DOC_EXAMPLES])
def test_columns_match_the_documented_bytes(type_id: int, values: list[Any], hex_bytes: str) -> None:
    encoded = columns.encode_column(type_id, values)
    assert encoded == bytes.fromhex(hex_bytes)
    decoded = columns.decode_column(type_id, p.Cursor(encoded, "test"), len(values))
    assert decoded is not None
    assert columns.encode_column(type_id, decoded) == encoded


def test_cframe_column_from_the_docs() -> None:
    # CFrame.new(1, 2, 3) and CFrame.new(4, 5, 6) * CFrame.Angles(7, 8, 9).
    data = bytes.fromhex(
        "02 00 4BC0073E 089C753D 95467D3F 1D2590BE 586C74BF 84C5C33D 1E4A733F 6F1995BE 9FA6E0BD"
        " 7F810000 00000000 807F0022 00D400B2 80818080 00000000"
    )
    frames = columns.decode_column(t.CFRAME, p.Cursor(data, "test"), 2)
    assert frames is not None
    assert frames[0] == v.CFrame(v.Vector3(1, 2, 3))
    # The docs' Y plane for the second value is garbled; X and Z read back as 4 and 6.
    assert (frames[1].position.x, frames[1].position.z) == (4, 6)
    assert frames[1].orientation[0] == pytest.approx(0.13256, abs=1e-4)
    assert columns.encode_column(t.CFRAME, frames) == data


def test_unique_ids_store_the_random_part_rotated() -> None:
    # Workspace of places/baseplate-566: binary 004815fc 02e9c68d 896311b59cc6568e, XML 44b188dace632b47...
    value = v.UniqueId.from_hex("44b188dace632b4702e9c68d004815fc")
    raw = bytes.fromhex("004815fc02e9c68d896311b59cc6568e")
    assert columns.encode_column(t.UNIQUE_ID, [value]) == raw
    assert columns.decode_column(t.UNIQUE_ID, p.Cursor(raw, "test"), 1) == [value]


ROUND_TRIP: list[tuple[int, list[Any]]] = [
    (t.STRING, [b"", b"hello", b"\xff\x00"]),
    (t.BOOL, [v.Bool(True), v.Bool(False)]),
    (t.FLOAT64, [v.Float64(0.1), v.Float64(-1e300)]),
    (t.RAY, [v.Ray(v.Vector3(1, 2, 3), v.Vector3(4, 5, 6))]),
    (t.ENUM, [v.Enum(0), v.Enum(4294967295)]),
    (t.REF, [-1, 0, 5, 2]),
    (t.VECTOR3INT16, [v.Vector3int16(1, -2, 32767)]),
    (
        t.COLOR_SEQUENCE,
        [
            v.ColorSequence(
                (v.ColorSequenceKeypoint(0, v.Color3(1, 0, 0)), v.ColorSequenceKeypoint(1, v.Color3(0, 1, 0)))
            )
        ],
    ),
    (t.PHYSICAL_PROPERTIES, [v.PhysicalProperties(True, 1, 0.5, 0.25, 2, 3, acoustic_absorption=0.75)]),
    (t.INT64, [v.Int64(-1), v.Int64(1 << 40)]),
    (t.SHARED_STRING, [0, 3, 1]),
    (t.FONT, [v.Font("rbxasset://fonts/families/Arial.json", 700, "Italic", "rbxasset://a.ttf"), v.Font("x")]),
    (t.SECURITY_CAPABILITIES, [v.SecurityCapabilities(0), v.SecurityCapabilities(12345)]),
    (t.CONTENT, [v.Content(), v.Content("Uri", "rbxassetid://1"), t.ContentObject(3), v.Content("Uri", "b")]),
    (t.CFRAME, [v.CFrame(v.Vector3(1, 2, 3), (0.5, 0.25, 0, 0, 1, 0, 0, 0, 2))]),
]


@pytest.mark.parametrize(("type_id", "values"), ROUND_TRIP, ids=[t.NAMES[c[0]] for c in ROUND_TRIP])
def test_columns_round_trip(type_id: int, values: list[Any]) -> None:
    encoded = columns.encode_column(type_id, values)
    assert columns.decode_column(type_id, p.Cursor(encoded, "test"), len(values)) == values


def test_unknown_type_ids_decode_to_none() -> None:
    assert columns.decode_column(0x7E, p.Cursor(b"", "test"), 0) is None


def test_there_are_24_axis_aligned_rotations() -> None:
    ids = [rotation_id for rotation_id in range(256) if rotations.matrix_from_id(rotation_id)]
    assert len(ids) == 24
    assert rotations.matrix_from_id(0x02) == v.IDENTITY
    for rotation_id in ids:
        matrix = rotations.matrix_from_id(rotation_id)
        assert matrix is not None
        assert rotations.id_from_matrix(matrix) == rotation_id


def test_near_axis_aligned_matrices_snap_within_f32_epsilon() -> None:
    assert rotations.id_from_matrix((1.0, 1e-9, 0.0, -0.0, 0.99999994, 0.0, 0.0, 0.0, 1.0)) == 0x02
    assert rotations.id_from_matrix((0.5, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0)) == 0
    # Right and up axis-aligned but a mirrored third column is not a rotation.
    assert rotations.id_from_matrix((1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, -1.0)) == 0


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 1023, 1024, 1025, 2048, 3073, 4096, 9000])
def test_blake3_matches_the_reference_implementation(size: int) -> None:
    data = os.urandom(size)
    assert blake3(data) == reference_blake3.blake3(data).digest()
