"""Reading XML models: every property element, reflection mapping, refs, and errors that name the line."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from dsm.dom import values as v
from dsm.dom.instance import Instance
from dsm.formats import read_file, xml
from dsm.formats.common import FormatError

# A class reflection does not know: its properties are read exactly as the elements say.
UNKNOWN = "TestOnlyThing"


def _model(properties: str, class_name: str = UNKNOWN, extra: str = "") -> bytes:
    return (
        '<roblox version="4">\n'
        f'<Item class="{class_name}" referent="RBX0">\n'
        "<Properties>\n"
        f"{properties}\n"
        "</Properties>\n"
        f"{extra}"
        "</Item>\n"
        "</roblox>\n"
    ).encode()


def _one(properties: str, class_name: str = UNKNOWN) -> Instance:
    return xml.read(_model(properties, class_name)).roots[0]


def _error(data: bytes) -> str:
    with pytest.raises(FormatError) as caught:
        xml.read(data)
    return caught.value.message


# --- every element type ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("element", "expected"),
    [
        ('<string name="P">a &lt;b&gt; &amp; "c"</string>', v.String('a <b> & "c"')),
        ('<ProtectedString name="P"><![CDATA[  print(1)\n]]></ProtectedString>', v.String("  print(1)\n")),
        ('<BinaryString name="P">SGVs\n  bG8=</BinaryString>', v.BinaryString(b"Hello")),
        ('<BinaryString name="P"></BinaryString>', v.BinaryString(b"")),
        ('<bool name="P">true</bool>', v.Bool(True)),
        ('<bool name="P">False</bool>', v.Bool(False)),
        ('<int name="P">-2147483648</int>', v.Int32(-(2**31))),
        ('<int64 name="P">9007199254740993</int64>', v.Int64(9007199254740993)),
        ('<float name="P">0.1</float>', v.Float32(0.10000000149011612)),
        ('<float name="P">-INF</float>', v.Float32(-math.inf)),
        ('<double name="P">0.1</double>', v.Float64(0.1)),
        ('<token name="P">3</token>', v.Enum(3)),
        ('<BrickColor name="P">194</BrickColor>', v.BrickColor(194)),
        ('<ContentId name="P"><url>rbxassetid://1</url></ContentId>', v.ContentId("rbxassetid://1")),
        ('<ContentId name="P"><null></null></ContentId>', v.ContentId("")),
        ('<ContentId name="P"><hash>ab</hash></ContentId>', v.ContentId("")),
        ('<Content name="P"><uri>rbxassetid://2</uri></Content>', v.Content("Uri", "rbxassetid://2")),
        ('<Content name="P"><url>rbxassetid://3</url></Content>', v.Content("Uri", "rbxassetid://3")),
        ('<Content name="P"><null></null></Content>', v.Content()),
        ('<Color3 name="P"><R>1</R><G>0.5</G><B>0</B></Color3>', v.Color3(1.0, 0.5, 0.0)),
        ('<Color3 name="P">4294901760</Color3>', v.Color3(1.0, 0.0, 0.0)),  # the old packed form
        ('<Color3uint8 name="P">4288914085</Color3uint8>', v.Color3uint8(163, 162, 165)),
        ('<Vector2 name="P"><X>1</X><Y>2</Y></Vector2>', v.Vector2(1.0, 2.0)),
        ('<Vector3 name="P"><X>1</X><Y>2</Y><Z>3</Z></Vector3>', v.Vector3(1.0, 2.0, 3.0)),
        ('<Vector2int16 name="P"><X>-5</X><Y>7</Y></Vector2int16>', v.Vector2int16(-5, 7)),
        ('<Vector3int16 name="P"><X>1</X><Y>2</Y><Z>-3</Z></Vector3int16>', v.Vector3int16(1, 2, -3)),
        ('<UDim name="P"><S>0.5</S><O>10</O></UDim>', v.UDim(0.5, 10)),
        (
            '<UDim2 name="P"><XS>0.5</XS><XO>1</XO><YS>0.25</YS><YO>-2</YO></UDim2>',
            v.UDim2(v.UDim(0.5, 1), v.UDim(0.25, -2)),
        ),
        (
            '<Rect2D name="P"><min><X>1</X><Y>2</Y></min><max><X>3</X><Y>4</Y></max></Rect2D>',
            v.Rect(v.Vector2(1.0, 2.0), v.Vector2(3.0, 4.0)),
        ),
        (
            '<Ray name="P"><origin><X>1</X><Y>2</Y><Z>3</Z></origin>'
            "<direction><X>0</X><Y>-1</Y><Z>0</Z></direction></Ray>",
            v.Ray(v.Vector3(1.0, 2.0, 3.0), v.Vector3(0.0, -1.0, 0.0)),
        ),
        (
            '<Region3 name="P"><min><X>0</X><Y>0</Y><Z>0</Z></min><max><X>4</X><Y>4</Y><Z>4</Z></max></Region3>',
            v.Region3(v.Vector3(0.0, 0.0, 0.0), v.Vector3(4.0, 4.0, 4.0)),
        ),
        ('<NumberRange name="P">5 10 </NumberRange>', v.NumberRange(5.0, 10.0)),
        (
            '<NumberSequence name="P">0 1 0 1 0.5 0.25 </NumberSequence>',
            v.NumberSequence((v.NumberSequenceKeypoint(0.0, 1.0, 0.0), v.NumberSequenceKeypoint(1.0, 0.5, 0.25))),
        ),
        (
            '<ColorSequence name="P">0 1 0 0 0 1 0 0 1 0 </ColorSequence>',
            v.ColorSequence(
                (
                    v.ColorSequenceKeypoint(0.0, v.Color3(1.0, 0.0, 0.0)),
                    v.ColorSequenceKeypoint(1.0, v.Color3(0.0, 0.0, 1.0)),
                )
            ),
        ),
        (
            '<PhysicalProperties name="P"><CustomPhysics>false</CustomPhysics></PhysicalProperties>',
            v.PhysicalProperties(),
        ),
        (
            '<PhysicalProperties name="P"><CustomPhysics>true</CustomPhysics><Density>1</Density>'
            "<Friction>0.5</Friction><Elasticity>0.25</Elasticity><FrictionWeight>1</FrictionWeight>"
            "<ElasticityWeight>2</ElasticityWeight><AcousticAbsorption>0.5</AcousticAbsorption></PhysicalProperties>",
            v.PhysicalProperties(True, 1.0, 0.5, 0.25, 1.0, 2.0, 0.5),
        ),
        ('<OptionalCoordinateFrame name="P"></OptionalCoordinateFrame>', v.OptionalCFrame(None)),
        (
            '<Font name="P"><Family><url>rbxasset://fonts/families/Arial.json</url></Family>'
            "<Weight>700</Weight><Style>Italic</Style>"
            "<CachedFaceId><url>rbxasset://fonts/arialbd.ttf</url></CachedFaceId></Font>",
            v.Font("rbxasset://fonts/families/Arial.json", 700, "Italic", "rbxasset://fonts/arialbd.ttf"),
        ),
        (
            '<UniqueId name="P">44b188dace632b4702e9c68d004815fc</UniqueId>',
            v.UniqueId.from_hex("44b188dace632b4702e9c68d004815fc"),
        ),
        ('<Faces name="P"><faces>42</faces></Faces>', v.Faces(42)),
        ('<Axes name="P"><axes>5</axes></Axes>', v.Axes(5)),
        ('<SecurityCapabilities name="P">768</SecurityCapabilities>', v.SecurityCapabilities(768)),
    ],
)
def test_each_element_type_decodes(element: str, expected: v.Variant) -> None:
    assert _one(element).properties["P"] == expected


def test_coordinate_frame_keeps_its_twelve_components() -> None:
    tags = ("X", "Y", "Z", "R00", "R01", "R02", "R10", "R11", "R12", "R20", "R21", "R22")
    body = "".join(f"<{tag}>{index}</{tag}>" for index, tag in enumerate(tags))
    value = _one(f'<CoordinateFrame name="P">{body}</CoordinateFrame>').properties["P"]
    assert value == v.CFrame(v.Vector3(0.0, 1.0, 2.0), tuple(float(n) for n in range(3, 12)))
    optional = _one(f'<OptionalCoordinateFrame name="P"><CFrame>{body}</CFrame></OptionalCoordinateFrame>')
    assert optional.properties["P"] == v.OptionalCFrame(value)  # type: ignore[arg-type]


def test_float_nan_reads_as_nan() -> None:
    value = _one('<float name="P">NAN</float>').properties["P"]
    assert isinstance(value, v.Float32)
    assert math.isnan(value.value)


def test_indentation_is_not_text_but_cdata_whitespace_is() -> None:
    node = _one('<string name="A">\n   \n</string>\n<string name="B">\n<![CDATA[ x ]]>\n</string>')
    assert node.properties["A"] == v.String("")
    assert node.properties["B"] == v.String(" x ")


def test_shared_strings_are_resolved_from_the_table() -> None:
    data = _model('<SharedString name="P">a2V5</SharedString>').replace(
        b"</roblox>", b'<SharedStrings><SharedString md5="a2V5">aGVsbG8=</SharedString></SharedStrings></roblox>'
    )
    assert xml.read(data).roots[0].properties["P"] == v.SharedString(b"hello")


def test_refs_resolve_forwards_backwards_and_to_null() -> None:
    data = (
        b'<roblox version="4">'
        b'<Item class="ObjectValue" referent="A"><Properties><Ref name="Value">B</Ref></Properties>'
        b'<Item class="ObjectValue" referent="B"><Properties><Ref name="Value">A</Ref>'
        b'<Content name="C"><Ref>A</Ref></Content></Properties></Item></Item>'
        b'<Item class="ObjectValue" referent="C"><Properties><Ref name="Value">null</Ref></Properties></Item>'
        b"</roblox>"
    )
    first, third = xml.read(data).roots
    second = first.children[0]
    assert first.properties["Value"] == v.Ref(second)
    assert second.properties["Value"] == v.Ref(first)
    content = second.properties["C"]
    assert isinstance(content, v.Content)
    assert content.kind == "Object"
    assert content.target is first
    assert third.properties["Value"] == v.Ref(None)
    assert second.parent is first


def test_document_metadata_and_names() -> None:
    data = (
        b'<roblox version="4"><Meta name="ExplicitAutoJoints">true</Meta><External>null</External>'
        b'<Item class="Folder"><Properties></Properties></Item></roblox>'
    )
    document = xml.read(data)
    assert document.metadata == {"ExplicitAutoJoints": "true"}
    assert document.roots[0].name == "Folder"  # no Name property: the class name


# --- reflection mapping ---------------------------------------------------------------------


def test_serialized_names_map_to_canonical_properties_and_types() -> None:
    part = _one(
        '<Color3uint8 name="Color3uint8">4288914085</Color3uint8>'
        '<Vector3 name="size"><X>4</X><Y>1</Y><Z>2</Z></Vector3>'
        '<token name="formFactorRaw">1</token>'
        '<BinaryString name="AttributesSerialize">AQAAAAEAAABhAwE=</BinaryString>'
        '<BinaryString name="Tags">YQBi</BinaryString>'
        '<bool name="DefinesCapabilities">true</bool>',
        "Part",
    )
    assert part.properties == {
        "Color": v.Color3uint8(163, 162, 165),
        "Size": v.Vector3(4.0, 1.0, 2.0),
        "FormFactor": v.Enum(1),
        "Attributes": v.Attributes.from_dict({"a": v.Bool(True)}),
        "Tags": v.Tags(("a", "b")),
        "Sandboxed": v.Bool(True),
    }


def test_element_types_widen_to_the_reflected_type() -> None:
    assert _one('<float name="Value">0.5</float>', "NumberValue").properties["Value"] == v.Float64(0.5)
    assert _one('<int name="Value">7</int>', "IntValue").properties["Value"] == v.Int64(7)
    assert _one('<int name="TeamColor">194</int>', "SpawnLocation").properties["TeamColor"] == v.BrickColor(194)


def test_undecodable_attributes_are_kept_as_bytes() -> None:
    value = _one('<BinaryString name="AttributesSerialize">AQAAAA==</BinaryString>', "Folder").properties["Attributes"]
    assert value == v.BinaryString(b"\x01\x00\x00\x00")


def test_legacy_properties_migrate_and_an_explicit_new_one_wins() -> None:
    decal = _one('<Content name="Texture"><url>rbxassetid://5</url></Content>', "Decal")
    assert decal.properties == {"TextureContent": v.Content("Uri", "rbxassetid://5")}
    both = _one(
        '<Content name="TextureContent"><uri>rbxassetid://6</uri></Content>'
        '<Content name="Texture"><url>rbxassetid://5</url></Content>',
        "Decal",
    )
    assert both.properties == {"TextureContent": v.Content("Uri", "rbxassetid://6")}
    corner = _one('<UDim name="CornerRadius"><S>0</S><O>8</O></UDim>', "UICorner")
    radii = ("BottomLeftRadius", "BottomRightRadius", "TopLeftRadius", "TopRightRadius")
    assert corner.properties == dict.fromkeys(radii, v.UDim(0.0, 8))
    label = _one('<token name="Font">3</token>', "TextLabel")
    assert label.properties == {"FontFace": v.Font("rbxasset://fonts/families/SourceSansPro.json")}


def test_unknown_properties_are_kept_and_unsaved_ones_dropped() -> None:
    part = _one(
        '<float name="SomeFutureProperty">2</float><Vector3 name="Position"><X>1</X><Y>2</Y><Z>3</Z></Vector3>',
        "Part",
    )
    assert part.properties == {"SomeFutureProperty": v.Float32(2.0)}


# --- errors name the line -------------------------------------------------------------------


def test_malformed_xml_names_the_line() -> None:
    message = _error(b'<roblox version="4">\n<Item class="Folder">\n<Properties>\n</Item>\n</roblox>')
    assert message.startswith("line 4: not well-formed XML")


def test_unknown_element_type_names_line_and_type() -> None:
    message = _error(_model('<string name="A">x</string>\n<Quaternion name="Q">1 2 3 4</Quaternion>'))
    assert message == (f'line 5: property Q of a {UNKNOWN}: <Quaternion name="Q">: unknown property type <Quaternion>')


@pytest.mark.parametrize(
    ("element", "problem"),
    [
        ('<float name="P">1,5</float>', '"1,5" is not a number'),
        ('<float name="P">1_0</float>', '"1_0" is not a number'),
        ('<int name="P">2147483648</int>', "out of range for a 32-bit integer"),
        ('<int name="P">12.5</int>', '"12.5" is not an integer'),
        ('<token name="P">-1</token>', "out of range for an unsigned 32-bit integer"),
        ('<bool name="P">yes</bool>', '"yes" is not true or false'),
        ('<Vector3 name="P"><X>1</X><Y>2</Y></Vector3>', "has no <Z> element"),
        ('<BinaryString name="P">abc</BinaryString>', "not valid base64"),
        ('<NumberSequence name="P">0 1 0 1 1</NumberSequence>', "expected two or more keypoints"),
        ('<NumberRange name="P">1 2 3</NumberRange>', "expected 2 numbers, found 3"),
        ('<UniqueId name="P">xyz</UniqueId>', "is not 32 hexadecimal digits"),
        ('<ContentId name="P"></ContentId>', "has no <url> or <null> element"),
        ('<Faces name="P"><faces>64</faces></Faces>', "is not a valid bit set"),
        ('<SharedString name="P">missing</SharedString>', 'no <SharedString md5="missing">'),
    ],
)
def test_bad_values_name_the_line_and_problem(element: str, problem: str) -> None:
    message = _error(_model(f'<string name="Name">x</string>\n{element}'))
    assert message.startswith(f"line 5: property P of a {UNKNOWN}: ")
    assert problem in message


def test_dangling_ref_names_the_line_of_the_ref() -> None:
    message = _error(_model('<string name="Name">x</string>\n<Ref name="Value">RBXNOPE</Ref>', "ObjectValue"))
    assert message.startswith("line 5: ")
    assert '"RBXNOPE"' in message


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b'<model version="4"></model>', "line 1: the root element is <model>, not <roblox>"),
        (b"<roblox></roblox>", 'line 1: <roblox> has no "version" attribute'),
        (b'<roblox version="3"></roblox>', 'line 1: unsupported format version "3"'),
        (b'<roblox version="4">\n<Thing/></roblox>', "line 2: unexpected <Thing> inside <roblox>"),
        (b'<roblox version="4">\n<Item><Properties/></Item></roblox>', 'line 2: <Item> has no "class" attribute'),
        (
            b'<roblox version="4"><Item class="Folder">\n<Properties><string>x</string></Properties></Item></roblox>',
            'line 2: property ? of a Folder: <string> has no "name" attribute',
        ),
        (
            b'<roblox version="4"><Item class="A" referent="r"/>\n<Item class="B" referent="r"/></roblox>',
            'line 2: two Items have the referent "r"',
        ),
        (b"", "line 1: not well-formed XML"),
    ],
)
def test_document_structure_errors(data: bytes, problem: str) -> None:
    assert _error(data).startswith(problem)


def test_name_must_be_a_string() -> None:
    assert "the Name property must be a string" in _error(_model('<int name="Name">5</int>'))


def test_doctype_and_entities_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n'
        b'<roblox version="4"><Meta name="x">&lol2;</Meta></roblox>'
    )
    assert _error(bomb) == "line 2: DOCTYPE declarations are not allowed in Roblox files"
    external = b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><roblox version="4">&x;</roblox>'
    assert "DOCTYPE" in _error(external)


def test_read_file_prefixes_the_path(tmp_path: Path) -> None:
    path = tmp_path / "broken.rbxmx"
    path.write_bytes(_model('<string name="Name">x</string>\n<float name="P">oops</float>'))
    with pytest.raises(FormatError) as caught:
        read_file(path)
    assert caught.value.message.endswith(
        f'broken.rbxmx: line 5: property P of a {UNKNOWN}: <float name="P">: "oops" is not a number'
    )


def test_deep_trees_read_without_recursion() -> None:
    depth = 5000
    data = '<roblox version="4">' + '<Item class="Folder">' * depth + "</Item>" * depth + "</roblox>"
    node = xml.read(data.encode()).roots[0]
    levels = 1
    while node.children:
        node = node.children[0]
        levels += 1
    assert levels == depth


def test_a_later_element_for_the_same_property_wins() -> None:
    node = _one('<Ref name="Value">RBXNOPE</Ref>\n<Ref name="Value">null</Ref>', "ObjectValue")
    assert node.properties == {"Value": v.Ref(None)}
