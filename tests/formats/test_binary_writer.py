"""Writing .rbxm: the chunk layout Rojo's rbx_binary produces, and lossless round trips."""

from __future__ import annotations

import time
from typing import Any

import lz4.block
import pytest
from snapshots import dump_binary, first_difference, load_snap, rbx_dom_reflection, view_tree

from conftest import RBX_FIXTURES, SHARED
from dsm import reflection
from dsm.dom import values as v
from dsm.dom.instance import Instance
from dsm.formats import binary
from dsm.formats.binary.chunks import iter_chunks
from dsm.formats.common import FormatError

EXPECTED = RBX_FIXTURES / "expected"
DATABASE = SHARED / "reference" / "rbx-dom" / "database.json"
MODELS = {path.parent.name: path for path in sorted((RBX_FIXTURES / "rbx-test-files").glob("**/binary.rbx*"))}


@pytest.fixture
def rbx_dom_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use rbx-dom's own reflection database, so only the codec is under test."""
    oracle = rbx_dom_reflection(DATABASE)
    monkeypatch.setattr(reflection, "load", lambda: oracle)


def _round_trip(name: str) -> None:
    roots = binary.read(MODELS[name].read_bytes()).roots
    again = binary.read(binary.write(roots)).roots
    difference = first_difference(view_tree(again), view_tree(roots))
    assert difference is None, difference


def _encodes_like_rojo(name: str) -> None:
    roots = binary.read(MODELS[name].read_bytes()).roots
    expected = load_snap(EXPECTED / "rbx_binary" / f"{name}__encoded.snap")
    difference = first_difference(dump_binary(binary.write(roots)), expected)
    assert difference is None, difference


@pytest.mark.parametrize("name", MODELS)
def test_round_trips(name: str) -> None:
    _round_trip(name)


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.usefixtures("rbx_dom_database")
def test_round_trips_with_rbx_dom_database(name: str) -> None:
    _round_trip(name)


@pytest.mark.parametrize("name", MODELS)
def test_encodes_like_rojo(name: str) -> None:
    _encodes_like_rojo(name)


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.usefixtures("rbx_dom_database")
def test_encodes_like_rojo_with_rbx_dom_database(name: str) -> None:
    _encodes_like_rojo(name)


def _folder(name: str = "Folder", **props: v.Variant) -> Instance:
    return Instance("Folder", name, dict(props))


UNIT_TREES: dict[str, Any] = {
    "just_folder": lambda: [_folder()],
    "partially_present": lambda: [
        Instance("StringValue", "StringValue", {"Value": v.String("Hello")}),
        Instance("StringValue", "StringValue"),
    ],
    "unknown_property": lambda: [_folder(WILL_NEVER_EXIST=v.String("Hi, mom!"))],
    "part_color": lambda: [
        Instance("Part", "Part", {"Color3uint8": v.Color3(-0.25, 0.5, 1.2)}),
        Instance("Part", "Part", {"Color3uint8": v.Color3uint8(25, 86, 254)}),
        Instance("Part", "Part", {"Color": v.Color3(0.0, 0.5, 1.0)}),
        Instance("Part", "Part", {"Color": v.Color3uint8(1, 30, 100)}),
    ],
    "default_shared_string": lambda: [
        Instance("Model", "Model", {"ModelMeshData": v.SharedString(b"arbitrary string")}),
        Instance("Model", "Model"),
    ],
}


@pytest.mark.parametrize("name", UNIT_TREES)
def test_rbx_binary_serializer_cases(name: str) -> None:
    expected = load_snap(EXPECTED / "rbx_binary_serializer_unit" / f"{name}.snap")
    difference = first_difference(dump_binary(binary.write(UNIT_TREES[name]())), expected)
    assert difference is None, difference


def _chunks(data: bytes) -> list[dict[str, Any]]:
    return [chunk for chunk in dump_binary(data)["chunks"] if isinstance(chunk, dict)]


def _props(data: bytes) -> list[dict[str, Any]]:
    return [chunk["Prop"] for chunk in _chunks(data) if "Prop" in chunk]


def test_referents_are_post_order_and_classes_sorted_by_name() -> None:
    model = Instance("Model", "Root")
    inner = model.add_child(_folder("Inner"))
    inner.add_child(Instance("Part", "Deep"))
    model.add_child(Instance("Part", "Shallow"))
    dump = dump_binary(binary.write([model]))
    assert (dump["num_types"], dump["num_instances"]) == (3, 4)
    insts = [chunk["Inst"] for chunk in dump["chunks"] if isinstance(chunk, dict) and "Inst" in chunk]
    # Post-order: Deep 0, Inner 1, Shallow 2, Root 3; class ids by first appearance: Part, Folder, Model.
    assert [(i["type_name"], i["type_id"], i["referents"]) for i in insts] == [
        ("Folder", 1, [1]),
        ("Model", 2, [3]),
        ("Part", 0, [0, 2]),
    ]
    assert dump["chunks"][-2] == {"Prnt": {"version": 0, "links": [[0, 1], [1, 3], [2, 3], [3, -1]]}}
    names = {prop["type_id"]: prop["values"] for prop in _props(binary.write([model])) if prop["prop_name"] == "Name"}
    assert names == {0: ["Deep", "Shallow"], 1: ["Inner"], 2: ["Root"]}


def test_chunk_framing_is_lz4_with_a_raw_end_and_no_meta() -> None:
    data = binary.write([_folder(Attributes=v.Attributes(), Tags=v.Tags(("a", "b")))])
    chunks = list(iter_chunks(data))
    assert [chunk.name for chunk in chunks] == ["INST", "PROP", "PROP", "PROP", "PRNT", "END"]
    assert data.endswith(b"END\0" + (0).to_bytes(4, "little") + (9).to_bytes(4, "little") + bytes(4) + b"</roblox>")
    position = 32
    for chunk in chunks[:-1]:
        compressed = int.from_bytes(data[position + 4 : position + 8], "little")
        assert compressed > 0
        body = data[position + 16 : position + 16 + compressed]
        assert lz4.block.decompress(body, uncompressed_size=len(chunk.payload)) == chunk.payload
        position += 16 + compressed


def test_properties_sort_by_canonical_name_and_use_serialized_names() -> None:
    part = Instance("Part", "P", {"Size": v.Vector3(1, 2, 3), "Color": v.Color3(1, 0, 0), "Anchored": v.Bool(True)})
    props = _props(binary.write([part]))
    assert [(p["prop_name"], p["prop_type"]) for p in props] == [
        ("Anchored", "Bool"),
        ("Color3uint8", "Color3uint8"),
        ("Name", "String"),
        ("size", "Vector3"),
    ]
    assert props[1]["values"] == [[255, 0, 0]]


def test_attributes_tags_and_unknown_properties() -> None:
    folder = _folder(
        Attributes=v.Attributes.from_dict({"b": v.Bool(True)}),
        Tags=v.Tags(("One", "Two")),
        Custom=v.Vector3(1, 2, 3),
    )
    props = {p["prop_name"]: (p["prop_type"], p["values"]) for p in _props(binary.write([folder, _folder("Bare")]))}
    assert props["AttributesSerialize"] == ("String", ["\x01\0\0\0\x01\0\0\0b\x03\x01", ""])
    assert props["Tags"] == ("String", ["One\0Two", ""])
    assert props["Custom"] == ("Vector3", [[1, 2, 3], [0, 0, 0]])


def test_properties_that_are_never_saved_are_skipped() -> None:
    part = Instance("Part", "P", {"AssemblyMass": v.Float32(3.0), "Anchored": v.Bool(False)})
    assert [p["prop_name"] for p in _props(binary.write([part]))] == ["Anchored", "Name"]


def test_services_use_object_format_one() -> None:
    dump = dump_binary(binary.write([Instance("Workspace", "Workspace"), _folder()]))
    insts = {c["Inst"]["type_name"]: c["Inst"] for c in dump["chunks"] if isinstance(c, dict) and "Inst" in c}
    assert insts["Workspace"]["object_format"] == 1
    assert insts["Workspace"]["remaining"] == "01"
    assert insts["Folder"]["object_format"] == 0
    assert "remaining" not in insts["Folder"]


def test_refs_inside_and_outside_the_written_tree() -> None:
    outside = _folder("Elsewhere")
    root = _folder("Root")
    target = root.add_child(_folder("Target"))
    root.add_child(Instance("ObjectValue", "In", {"Value": v.Ref(target)}))
    root.add_child(Instance("ObjectValue", "Out", {"Value": v.Ref(outside)}))
    root.add_child(Instance("ObjectValue", "Nil", {"Value": v.Ref(None)}))
    data = binary.write([root])
    (value,) = [p for p in _props(data) if p["prop_name"] == "Value"]
    assert value["values"] == [0, -1, -1]
    (read_root,) = binary.read(data).roots
    ref = read_root.children[1].properties["Value"]
    assert isinstance(ref, v.Ref)
    assert ref.target is read_root.children[0]


def test_legacy_properties_are_written_under_their_replacements() -> None:
    label = Instance("TextLabel", "L", {"Font": v.Enum(8)})
    decal = Instance("Decal", "D", {"Texture": v.ContentId("rbxassetid://7")})
    corner = Instance("UICorner", "C", {"CornerRadius": v.UDim(0, 8)})
    props = {(p["type_id"], p["prop_name"]): p["values"] for p in _props(binary.write([label, decal, corner]))}
    assert props[(0, "FontFace")] == [
        {"family": "rbxasset://fonts/families/Guru.json", "weight": "Regular", "style": "Normal", "cachedFaceId": None}
    ]
    assert props[(1, "TextureContent")] == [{"Uri": "rbxassetid://7"}]
    assert props[(2, "TopLeftRadius")] == props[(2, "BottomRightRadius")] == [[0, 8]]
    assert (0, "Font") not in props


def test_legacy_values_that_cannot_be_converted_keep_their_name() -> None:
    part = Instance("Part", "P", {"BrickColor": v.BrickColor(21)})
    props = {p["prop_name"]: (p["prop_type"], p["values"]) for p in _props(binary.write([part]))}
    assert props["BrickColor"] == ("BrickColor", [21])
    (read_back,) = binary.read(binary.write([part])).roots
    assert read_back.properties == {"BrickColor": v.BrickColor(21)}


def test_same_tree_same_bytes() -> None:
    def build() -> list[Instance]:
        root = _folder("Root", Attributes=v.Attributes.from_dict({"z": v.Int32(1), "a": v.String("x")}))
        for index in range(5):
            root.add_child(Instance("ModuleScript", f"M{index}", {"Source": v.String(f"return {index}")}))
            root.add_child(Instance("Model", f"Mesh{index}", {"ModelMeshData": v.SharedString(bytes([index]) * 9)}))
        return [root]

    assert binary.write(build()) == binary.write(build())


def test_values_of_every_binary_type_round_trip() -> None:
    values: dict[str, v.Variant] = {
        "A": v.Axes(5),
        "B": v.BrickColor(1004),
        "CF": v.CFrame(v.Vector3(1, 2, 3), (0.0, 0.0, 1.0, 0.0, 1.0, 0.0, -1.0, 0.0, 0.0)),
        "Cap": v.SecurityCapabilities(7),
        "Col": v.Color3(0.5, 0.25, 1.0),
        "Cu8": v.Color3uint8(1, 2, 3),
        "CS": v.ColorSequence(
            (v.ColorSequenceKeypoint(0, v.Color3(1, 1, 1)), v.ColorSequenceKeypoint(1, v.Color3(0, 0, 0)))
        ),
        "Ct": v.Content("Uri", "rbxassetid://5"),
        "E": v.Enum(3),
        "F": v.Faces(33),
        "F32": v.Float32(0.5),
        "F64": v.Float64(0.1),
        "Fnt": v.Font("rbxasset://fonts/families/Arial.json", 700, "Italic"),
        "I32": v.Int32(-5),
        "I64": v.Int64(1 << 40),
        "NR": v.NumberRange(1, 2),
        "NS": v.NumberSequence((v.NumberSequenceKeypoint(0, 1, 0.5), v.NumberSequenceKeypoint(1, 0))),
        "OCF": v.OptionalCFrame(v.CFrame(v.Vector3(4, 5, 6))),
        "PP": v.PhysicalProperties(True, 1, 0.5, 0.25, 1, 1),
        "R": v.Ray(v.Vector3(1, 2, 3), v.Vector3(4, 5, 6)),
        "Rc": v.Rect(v.Vector2(1, 2), v.Vector2(3, 4)),
        "SS": v.SharedString(b"\x00shared"),
        "Str": v.String("text"),
        "Bin": v.BinaryString(b"\xff\x01"),
        "U": v.UDim(0.5, 3),
        "U2": v.UDim2(v.UDim(0.5, 3), v.UDim(0.25, -4)),
        "UID": v.UniqueId(0xFEDCBA9876543210, 5, 9),
        "V2": v.Vector2(1, 2),
        "V3": v.Vector3(1, 2, 3),
        "V3i": v.Vector3int16(-1, 2, 300),
    }
    ((folder,)) = binary.read(binary.write([_folder(**values)])).roots
    assert folder.properties == values


def test_unstorable_values_fail_with_the_instance_and_property() -> None:
    region = _folder(Box=v.Region3(v.Vector3(0, 0, 0), v.Vector3(1, 1, 1)))
    with pytest.raises(FormatError, match="Folder: property Box is a Region3, which the binary format cannot store"):
        binary.write([region])
    mixed = [
        Instance("StringValue", "A", {"Value": v.String("x")}),
        Instance("StringValue", "B", {"Value": v.Int32(1)}),
    ]
    with pytest.raises(FormatError, match="B: property Value is a Int32, but StringValue files store it as String"):
        binary.write(mixed)
    fonts = [Instance("TextLabel", "A", {"Font": v.Enum(3)}), Instance("TextLabel", "B", {"Font": v.Enum(999)})]
    with pytest.raises(FormatError, match=r"B: cannot convert the legacy property Font \(Enum\) to FontFace"):
        binary.write(fonts)
    with pytest.raises(FormatError, match=r"Folder\.Big: a value is outside the Int32 range"):
        binary.write([_folder(Big=v.Int32(1 << 33))])


def test_five_hundred_modules_are_quick() -> None:
    source = "local value = 1\n" * 250
    root = _folder("Root")
    for group in range(25):
        folder = root.add_child(_folder(f"Group{group}"))
        for index in range(20):
            folder.add_child(Instance("ModuleScript", f"Module{index}", {"Source": v.String(f"{source}--{index}")}))
    start = time.perf_counter()
    data = binary.write([root])
    assert time.perf_counter() - start < 2.0
    assert len(list(binary.read(data).walk())) == 526
