"""Writing XML models the way Rojo does: layout, referents, property order and names, value text."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest
from snapshots import first_difference, shared_string_view, view_tree

from dsm.dom import values as v
from dsm.dom.instance import Instance
from dsm.formats import encode, read_file, write_file, xml
from dsm.formats.common import FormatError

UNKNOWN = "TestOnlyThing"


def _properties_block(node: Instance) -> list[str]:
    """The lines between <Properties> and </Properties> of the first Item, dedented."""
    lines = xml.write([node]).decode().splitlines()
    start = lines.index("    <Properties>") + 1
    end = lines.index("    </Properties>")
    return [line[6:] for line in lines[start:end]]


def test_layout_name_first_then_canonical_order_under_serialized_names() -> None:
    part = Instance(
        "Part",
        "Brick",
        {
            "Zeta": v.Float32(0.1),
            "Tags": v.Tags(("a",)),
            "Size": v.Vector3(4.0, 1.0, 2.0),
            "FormFactor": v.Enum(1),
            "Color": v.Color3(1.0, 0.5, 0.2),
            "Attributes": v.Attributes(),
            "Anchored": v.Bool(True),
        },
    )
    assert xml.write([part]).decode() == (
        '<roblox version="4">\n'
        '  <Item class="Part" referent="0">\n'
        "    <Properties>\n"
        '      <string name="Name">Brick</string>\n'
        '      <bool name="Anchored">true</bool>\n'
        '      <BinaryString name="AttributesSerialize"></BinaryString>\n'
        '      <Color3uint8 name="Color3uint8">16744499</Color3uint8>\n'
        '      <token name="formFactorRaw">1</token>\n'
        '      <Vector3 name="size">\n'
        "        <X>4</X>\n"
        "        <Y>1</Y>\n"
        "        <Z>2</Z>\n"
        "      </Vector3>\n"
        '      <BinaryString name="Tags">YQ==</BinaryString>\n'
        '      <float name="Zeta">0.1</float>\n'
        "    </Properties>\n"
        "  </Item>\n"
        "</roblox>"
    )


def test_referents_are_pre_order_and_a_forward_ref_takes_the_next_number() -> None:
    root = Instance("ObjectValue", "Root")
    first = root.add_child(Instance("Folder", "First"))
    second = root.add_child(Instance("ObjectValue", "Second"))
    root.properties["Value"] = v.Ref(second)
    second.properties["Value"] = v.Ref(first)
    text = xml.write([root]).decode()
    assert [line.strip() for line in text.splitlines() if "referent=" in line or "<Ref" in line] == [
        '<Item class="ObjectValue" referent="0">',
        '<Ref name="Value">1</Ref>',
        '<Item class="Folder" referent="2">',
        '<Item class="ObjectValue" referent="1">',
        '<Ref name="Value">2</Ref>',
    ]


def test_refs_to_nothing_or_outside_the_written_tree_are_null() -> None:
    outsider = Instance("Folder", "Elsewhere")
    node = Instance("ObjectValue", "V", {"Value": v.Ref(outsider), "Other": v.Ref(None)})
    assert '<Ref name="Other">null</Ref>' in _properties_block(node)
    assert '<Ref name="Value">null</Ref>' in _properties_block(node)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("plain", "plain"),
        ("a<b & c>d \"q\" 'x'", "a&lt;b &amp; c>d \"q\" 'x'"),
        (" padded", "<![CDATA[ padded]]>"),
        ("line\n", "<![CDATA[line\n]]>"),
        ("in ]]> side", "in ]]&gt; side"),
        ("\tx ]]> y\n", "<![CDATA[\tx ]]]]><![CDATA[> y\n]]>"),
        ("", ""),
    ],
)
def test_strings_escape_like_xml_rs_and_keep_outer_whitespace_in_cdata(text: str, written: str) -> None:
    node = Instance(UNKNOWN, "N", {"S": v.String(text)})
    output = xml.write([node]).decode()
    assert f'      <string name="S">{written}</string>\n    </Properties>' in output
    assert xml.read(output.encode()).roots[0].properties["S"] == v.String(text)


def test_attribute_values_are_escaped() -> None:
    node = Instance('Odd"Class<', "N", {'we"ird&': v.Bool(True)})
    text = xml.write([node]).decode()
    assert '<Item class="Odd&quot;Class&lt;" referent="0">' in text
    assert '<bool name="we&quot;ird&amp;">true</bool>' in text
    assert xml.read(text.encode()).roots[0].class_name == 'Odd"Class<'


def test_value_text_matches_rbx_xml() -> None:
    node = Instance(
        UNKNOWN,
        "N",
        {
            "A": v.Float32(1.01327896e-06),
            "B": v.Float32(math.inf),
            "C": v.Float64(-math.inf),
            "D": v.Float32(math.nan),
            "E": v.Color3uint8(96, 64, 32),
            "F": v.BinaryString(b"Rojo is cool!"),
            "G": v.BinaryString(b""),
            "H": v.NumberRange(0.15625, 1337.0),
            "I": v.ContentId(""),
            "J": v.BrickColor(194),
            "K": v.EnumItem("Material", 256),
        },
    )
    assert _properties_block(node)[1:] == [
        '<float name="A">0.000001013279</float>',
        '<float name="B">INF</float>',
        '<double name="C">-INF</double>',
        '<float name="D">NAN</float>',
        '<Color3uint8 name="E">6307872</Color3uint8>',
        '<BinaryString name="F"><![CDATA[Um9qbyBpcyBjb29sIQ==]]></BinaryString>',
        '<BinaryString name="G">',
        "</BinaryString>",
        '<NumberRange name="H">0.15625 1337 </NumberRange>',
        '<ContentId name="I">',
        "  <null>",
        "  </null>",
        "</ContentId>",
        '<int name="J">194</int>',
        '<token name="K">256</token>',
    ]


def test_cframe_components_use_rusts_plain_display() -> None:
    frame = v.CFrame(v.Vector3(math.inf, 0.5, -0.0), (1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0))
    lines = _properties_block(Instance(UNKNOWN, "N", {"C": frame}))
    assert lines[1:5] == ['<CoordinateFrame name="C">', "  <X>inf</X>", "  <Y>0.5</Y>", "  <Z>-0</Z>"]


def test_every_value_type_round_trips() -> None:
    target = Instance("Folder", "Target")
    frame = v.CFrame(v.Vector3(1.0, 2.0, 3.0), (0.0, 1.0, 0.0, -1.0, 0.0, 0.0, 0.0, 0.0, 1.0))
    values: dict[str, v.Variant] = {
        "String": v.String("text"),
        "Binary": v.BinaryString(b"\x00\xff"),
        "Bool": v.Bool(False),
        "Int32": v.Int32(-5),
        "Int64": v.Int64(2**40),
        "Float32": v.Float32(0.10000000149011612),
        "Float64": v.Float64(0.1),
        "Enum": v.Enum(4),
        "ContentId": v.ContentId("rbxassetid://1"),
        "ContentUri": v.Content("Uri", "rbxassetid://2"),
        "ContentNone": v.Content(),
        "ContentObject": v.Content("Object", target=target),
        "UDim": v.UDim(0.5, -3),
        "UDim2": v.UDim2(v.UDim(0.25, 1), v.UDim(0.75, 2)),
        "Vector2": v.Vector2(1.5, -2.5),
        "Vector3": v.Vector3(1.0, 2.0, 3.0),
        "Vector2int16": v.Vector2int16(-1, 2),
        "Vector3int16": v.Vector3int16(3, -4, 5),
        "Color3": v.Color3(0.5, 0.25, 1.0),
        "Color3uint8": v.Color3uint8(1, 2, 3),
        "CFrame": frame,
        "OptionalSome": v.OptionalCFrame(frame),
        "OptionalNone": v.OptionalCFrame(None),
        "Ray": v.Ray(v.Vector3(0.0, 1.0, 0.0), v.Vector3(0.0, -1.0, 0.0)),
        "Region3": v.Region3(v.Vector3(0.0, 0.0, 0.0), v.Vector3(1.0, 1.0, 1.0)),
        "Region3int16": v.Region3int16(v.Vector3int16(0, 0, 0), v.Vector3int16(1, 2, 3)),
        "Rect": v.Rect(v.Vector2(0.0, 0.0), v.Vector2(10.0, 20.0)),
        "NumberRange": v.NumberRange(1.0, 2.0),
        "NumberSequence": v.NumberSequence(
            (v.NumberSequenceKeypoint(0.0, 1.0, 0.5), v.NumberSequenceKeypoint(1.0, 0.0, 0.0))
        ),
        "ColorSequence": v.ColorSequence(
            (
                v.ColorSequenceKeypoint(0.0, v.Color3(1.0, 0.0, 0.0)),
                v.ColorSequenceKeypoint(1.0, v.Color3(0.0, 1.0, 0.0)),
            )
        ),
        "Faces": v.Faces(33),
        "Axes": v.Axes(6),
        "Physical": v.PhysicalProperties(True, 0.75, 0.375, 0.5, 1.0, 1.0, 0.25),
        "PhysicalDefault": v.PhysicalProperties(),
        "Font": v.Font("rbxasset://fonts/families/Arial.json", 700, "Italic", "rbxasset://fonts/arialbd.ttf"),
        "SharedString": v.SharedString(b"shared bytes"),
        "UniqueId": v.UniqueId(0x44B188DACE632B47, 0x02E9C68D, 0x004815FC),
        "SecurityCapabilities": v.SecurityCapabilities(2**40 + 768),
        "Ref": v.Ref(target),
    }
    node = Instance(UNKNOWN, "All", values)
    node.add_child(target)
    again = xml.read(xml.write([node])).roots[0]
    copy = again.children[0]
    assert again.properties.pop("Ref") == v.Ref(copy)
    content = again.properties.pop("ContentObject")
    assert isinstance(content, v.Content)
    assert content.target is copy
    assert again.properties == {key: value for key, value in values.items() if key not in ("Ref", "ContentObject")}


def test_special_floats_round_trip() -> None:
    node = Instance(UNKNOWN, "N", {"Nan": v.Float32(math.nan), "Inf": v.Float64(-math.inf), "Zero": v.Float32(-0.0)})
    again = xml.read(xml.write([node])).roots[0].properties
    nan, inf, zero = again["Nan"], again["Inf"], again["Zero"]
    assert isinstance(nan, v.Float32)
    assert math.isnan(nan.value)
    assert inf == v.Float64(-math.inf)
    assert isinstance(zero, v.Float32)
    assert math.copysign(1.0, zero.value) == -1.0


def test_tags_attributes_and_terrain_colours_are_base64_blobs() -> None:
    colors = v.MaterialColors(tuple((name, (i, i, i)) for i, name in enumerate(("Grass", "Slate"))))
    node = Instance(
        "Terrain",
        "Terrain",
        {"Tags": v.Tags(("Cool", "My", "Tags")), "MaterialColors": colors, "Attributes": v.Attributes()},
    )
    block = _properties_block(node)
    assert '<BinaryString name="Tags">Q29vbABNeQBUYWdz</BinaryString>' in block
    assert '<BinaryString name="AttributesSerialize"></BinaryString>' in block
    again = xml.read(xml.write([node])).roots[0].properties["MaterialColors"]
    assert isinstance(again, v.MaterialColors)
    assert dict(again.colors)["Slate"] == (1, 1, 1)
    assert dict(again.colors)["Pavement"] == (0, 0, 0)


def test_shared_strings_are_keyed_by_truncated_blake3_and_sorted_by_hash() -> None:
    node = Instance(UNKNOWN, "N", {"A": v.SharedString(b""), "B": v.SharedString(b"x"), "C": v.SharedString(b"")})
    lines = xml.write([node]).decode().splitlines()
    # The empty string's key is the one rbx_xml writes for it in the sharedstring fixture.
    assert '      <SharedString name="A">rxNJufX5oaagQE3qNtzJSQ==</SharedString>' in lines
    assert '      <SharedString name="C">rxNJufX5oaagQE3qNtzJSQ==</SharedString>' in lines
    table = lines[lines.index("  <SharedStrings>") + 1 : lines.index("  </SharedStrings>")]
    # BLAKE3("x") begins 0x3a..., BLAKE3("") 0xaf...: the table follows the hashes.
    assert shared_string_view(b"x")["hash"] < shared_string_view(b"")["hash"]
    assert table == [
        '    <SharedString md5="OufYBfZ4mmQCrLcK1AlqhQ==">eA==</SharedString>',
        '    <SharedString md5="rxNJufX5oaagQE3qNtzJSQ=="></SharedString>',
    ]


def test_legacy_properties_are_written_as_their_replacements() -> None:
    decal = Instance("Decal", "D", {"Texture": v.ContentId("rbxassetid://5")})
    assert _properties_block(decal)[1:] == [
        '<Content name="TextureContent">',
        "  <uri>rbxassetid://5</uri>",
        "</Content>",
    ]
    both = Instance("Decal", "D", {"Texture": v.ContentId("a"), "TextureContent": v.Content("Uri", "b")})
    assert [line for line in _properties_block(both) if "name=" in line] == [
        '<string name="Name">D</string>',
        '<Content name="TextureContent">',
    ]
    # Without the BrickColor palette the legacy value is kept under its own name.
    part = Instance("Part", "P", {"BrickColor": v.BrickColor(194)})
    assert _properties_block(part)[1:] == ['<int name="BrickColor">194</int>']


def test_unsaved_and_unknown_properties_pass_through_under_their_names() -> None:
    part = Instance("Part", "P", {"Position": v.Vector3(1.0, 2.0, 3.0), "Novel": v.Int32(1)})
    assert [line for line in _properties_block(part) if "name=" in line][1:] == [
        '<int name="Novel">1</int>',
        '<Vector3 name="Position">',
    ]


def test_a_value_that_cannot_take_the_property_type_is_an_error() -> None:
    part = Instance("Part", "P", {"Color": v.Color3(0, 0, 0)})
    node = Instance("SpawnLocation", "S", {"TeamColor": v.Int32(70000)})
    assert "Color3uint8" in "\n".join(_properties_block(part))
    with pytest.raises(FormatError, match=r"S: property TeamColor cannot be written as BrickColor"):
        xml.write([node])


def test_output_is_deterministic_and_dispatches_by_extension(tmp_path: Path) -> None:
    root = Instance("Folder", "Root", {"Attributes": v.Attributes.from_dict({"b": v.Int32(1), "a": v.Bool(True)})})
    root.add_child(Instance("Script", "Main", {"Source": v.String("print('hi')\n")}))
    assert xml.write([root]) == xml.write([root]) == encode([root], "xml")
    path = tmp_path / "model.rbxmx"
    write_file(path, [root])
    assert path.read_bytes() == xml.write([root])
    assert first_difference(view_tree(read_file(path).roots), view_tree([root])) is None


def test_empty_model_and_deep_trees() -> None:
    assert xml.write([]) == b'<roblox version="4">\n</roblox>'
    assert xml.read(xml.write([])).roots == []
    root = node = Instance("Folder", "0")
    for depth in range(1, 3000):
        node = node.add_child(Instance("Folder", str(depth)))
    again = xml.read(xml.write([root])).roots[0]
    while again.children:
        again = again.children[0]
    assert again.name == "2999"


def test_shared_string_keys_do_not_depend_on_the_native_blake3_package(monkeypatch: pytest.MonkeyPatch) -> None:
    node = Instance(UNKNOWN, "N", {"A": v.SharedString(b"mesh" * 500), "B": v.SharedString(b"")})
    with_native = xml.write([node])
    monkeypatch.setitem(sys.modules, "blake3", None)  # importing it now fails: the pure-Python hash is used
    assert xml.write([node]) == with_native


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (v.Int32(2**31), "2147483648 is out of range for an int"),
        (v.Color3uint8(256, 0, 0), "256 is out of range for a Color3uint8 channel"),
        (v.Vector2int16(40000, 0), "40000 is out of range for a 16-bit vector component"),
        (v.UDim(0.5, -(2**31) - 1), "out of range for a UDim offset"),
        (v.Faces(64), "64 is out of range for Faces"),
        (v.Enum(-1), "-1 is out of range for an enum value"),
    ],
)
def test_numbers_the_format_cannot_hold_are_refused(value: v.Variant, problem: str) -> None:
    root = Instance("Folder", "Root")
    root.add_child(Instance(UNKNOWN, "Bad", {"P": value}))
    with pytest.raises(FormatError) as caught:
        xml.write([root])
    assert caught.value.message.startswith("Root.Bad: property P: ")
    assert problem in caught.value.message
