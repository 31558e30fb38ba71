"""The attribute blob codec against Studio's bytes and rbx-dom's decodings."""

from __future__ import annotations

import struct
from typing import Any

import pytest
from snapshots import load_snap, value_view

from conftest import RBX_FIXTURES
from dsm.dom import values as v
from dsm.formats import attributes
from dsm.formats.common import FormatError

EXPECTED = RBX_FIXTURES / "expected" / "rbx_binary"


def _prop_values(snapshot: str, prop_name: str) -> list[Any]:
    chunks = load_snap(EXPECTED / snapshot)["chunks"]
    props = [chunk["Prop"] for chunk in chunks if isinstance(chunk, dict) and "Prop" in chunk]
    return next(prop["values"] for prop in props if prop["prop_name"] == prop_name)


def _blob(text: str) -> bytes:
    """A snapshot String value: hex bytes when the blob is not UTF-8, else the text itself."""
    try:
        return bytes.fromhex(text)
    except ValueError:
        return text.encode("utf-8")


STUDIO_BLOB = _blob(_prop_values("attributes__input.snap", "AttributesSerialize")[0])
ROJO_BLOB = _blob(_prop_values("attributes__encoded.snap", "AttributesSerialize")[0])


def test_decodes_studio_attributes_like_rbx_dom() -> None:
    expected = load_snap(EXPECTED / "attributes__decoded.snap")[0]["properties"]["Attributes"]
    assert value_view(attributes.decode(STUDIO_BLOB), {}) == expected


def test_encodes_sorted_by_name_exactly_like_rojo() -> None:
    assert STUDIO_BLOB != ROJO_BLOB  # Studio's order differs; Rojo sorts by name
    assert attributes.encode(attributes.decode(STUDIO_BLOB)) == ROJO_BLOB


def test_int32_attribute_from_studio() -> None:
    blob = _blob(_prop_values("lighting-with-int32-attribute__input.snap", "AttributesSerialize")[0])
    decoded = attributes.decode(blob)
    assert decoded.as_dict() == {"RBX_OriginalTechnologyOnFileLoad": v.Int32(3)}
    assert attributes.encode(decoded) == blob


def test_enum_item_attribute() -> None:
    # Studio's bytes for an attribute holding Enum.Material.Plastic (rbx-dom folder-with-enum-attribute).
    blob = b"\x01\0\0\0\x0b\0\0\0AnEnumValue\x15\x08\0\0\0Material\x00\x02\0\0"
    decoded = attributes.decode(blob)
    assert decoded.as_dict() == {"AnEnumValue": v.EnumItem("Material", 512)}
    assert attributes.encode(decoded) == blob


EVERY_TYPE: dict[str, v.Variant] = {
    "Bool": v.Bool(True),
    "Binary": v.BinaryString(b"\xff\x00raw"),
    "BrickColor": v.BrickColor(1004),
    "CFrameAxis": v.CFrame(v.Vector3(1.0, 2.0, 3.0), (0.0, -1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0)),
    "CFrameFree": v.CFrame(v.Vector3(-4.5, 0.25, 8.0), (0.5, 0.25, 0.125, 1.0, 2.0, 3.0, -1.0, -2.0, -3.0)),
    "Color3": v.Color3(0.25, 0.5, 1.0),
    "ColorSequence": v.ColorSequence(
        (v.ColorSequenceKeypoint(0.0, v.Color3(1.0, 0.0, 0.0)), v.ColorSequenceKeypoint(1.0, v.Color3(0.0, 0.0, 1.0)))
    ),
    "EnumItem": v.EnumItem("Material", 256),
    "Float32": v.Float32(0.5),
    "Float64": v.Float64(12345.678),
    "Font": v.Font("rbxasset://fonts/families/Roboto.json", 700, "Italic", "rbxasset://fonts/Roboto-BoldItalic.ttf"),
    "FontPlain": v.Font("rbxasset://fonts/families/Arial.json"),
    "Int32": v.Int32(-7),
    "NumberRange": v.NumberRange(5.0, 10.0),
    "NumberSequence": v.NumberSequence(
        (v.NumberSequenceKeypoint(0.0, 1.0, 0.5), v.NumberSequenceKeypoint(1.0, 0.0, 0.25))
    ),
    "Rect": v.Rect(v.Vector2(1.0, 2.0), v.Vector2(3.0, 4.0)),
    "String": v.String("héllo"),
    "UDim": v.UDim(0.5, -100),
    "UDim2": v.UDim2(v.UDim(0.5, 10), v.UDim(0.75, -30)),
    "Vector2": v.Vector2(10.0, 50.0),
    "Vector3": v.Vector3(1.0, -2.0, 3.5),
}


def test_every_attribute_type_round_trips() -> None:
    value = v.Attributes.from_dict(EVERY_TYPE)
    assert attributes.decode(attributes.encode(value)) == value


def test_axis_aligned_cframe_is_one_id_byte() -> None:
    blob = attributes.encode(v.Attributes.from_dict({"C": EVERY_TYPE["CFrameAxis"]}))
    # count, name, type 0x14, position, then only the rotation id: right +Y (1), up -X (3): 6 * 1 + 3 + 1
    assert blob == struct.pack("<I", 1) + struct.pack("<I", 1) + b"C\x14" + struct.pack("<3f", 1, 2, 3) + b"\x0a"


def test_colour_keypoints_are_written_with_zero_envelope() -> None:
    points = (v.ColorSequenceKeypoint(0.0, v.Color3(1.0, 1.0, 1.0), envelope=0.5),)
    blob = attributes.encode(v.Attributes.from_dict({"S": v.ColorSequence(points)}))
    assert blob.endswith(struct.pack("<I5f", 1, 0.0, 0.0, 1.0, 1.0, 1.0))


def test_empty_maps_are_empty_blobs() -> None:
    assert attributes.encode(v.Attributes()) == b""
    assert attributes.decode(b"") == v.Attributes()
    assert attributes.decode(b"\0\0\0\0") == v.Attributes()


def test_entries_are_sorted_by_name_bytes() -> None:
    blob = attributes.encode(v.Attributes((("b", v.Bool(True)), ("B", v.Bool(False)), ("a", v.Bool(True)))))
    names = [blob[8:9], blob[15:16], blob[22:23]]
    assert names == [b"B", b"a", b"b"]


@pytest.mark.parametrize(
    ("blob", "message"),
    [
        (b"\x01\0", "ends at byte 2 while reading the attribute count"),
        (b"\x01\0\0\0\x05\0\0\0Na", "the name of attribute #1"),
        (b"\x01\0\0\0\x01\0\0\0N\x07", 'attribute "N" has unknown type id 0x07'),
        (b"\x01\0\0\0\x01\0\0\0N\x06\0\0", 'while reading the value of attribute "N"'),
        (b"\x01\0\0\0\x02\0\0\0\xff\xfe\x03\x01", "the name of attribute #1 is not UTF-8"),
        (b"\x01\0\0\0\x01\0\0\0N\x14" + bytes(12) + b"\x01", "unknown rotation id 0x01"),
    ],
)
def test_corrupt_blobs_raise_format_errors(blob: bytes, message: str) -> None:
    with pytest.raises(FormatError, match="corrupt attribute blob") as caught:
        attributes.decode(blob)
    assert message in caught.value.message


def test_values_attributes_cannot_hold_are_rejected_by_name() -> None:
    with pytest.raises(FormatError, match='attribute "Target": an attribute cannot hold a Ref value'):
        attributes.encode(v.Attributes.from_dict({"Target": v.Ref(None)}))
    with pytest.raises(FormatError, match='attribute "Big": value out of range for a Int32'):
        attributes.encode(v.Attributes.from_dict({"Big": v.Int32(1 << 40)}))
