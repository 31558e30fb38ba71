"""Reading .rbxm/.rbxl: Studio-saved files decode to exactly rbx-dom's trees; corrupt files fail clearly."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import zstandard
from snapshots import dump_binary, first_difference, load_snap, rbx_dom_reflection, view_tree

from conftest import RBX_FIXTURES, SHARED
from dsm import reflection
from dsm.dom import values as v
from dsm.formats import binary, read_file
from dsm.formats.binary import columns
from dsm.formats.binary import primitives as p
from dsm.formats.binary import types as t
from dsm.formats.binary.chunks import iter_chunks, write_chunk, write_header
from dsm.formats.common import FormatError

FILES = RBX_FIXTURES / "rbx-test-files"
EXPECTED = RBX_FIXTURES / "expected" / "rbx_binary"
DATABASE = SHARED / "reference" / "rbx-dom" / "database.json"
MODELS = {path.parent.name: path for path in sorted(FILES.glob("**/binary.rbx*"))}


@pytest.fixture
def rbx_dom_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use rbx-dom's own reflection database, so only the codec is under test."""
    oracle = rbx_dom_reflection(DATABASE)
    monkeypatch.setattr(reflection, "load", lambda: oracle)


def _check_decoded(name: str) -> None:
    document = binary.read(MODELS[name].read_bytes())
    expected = load_snap(EXPECTED / f"{name}__decoded.snap")
    difference = first_difference(view_tree(document.roots), expected)
    assert difference is None, difference


def test_every_fixture_has_expectations() -> None:
    assert len(MODELS) == 11
    for name in MODELS:
        assert (EXPECTED / f"{name}__decoded.snap").is_file(), name


@pytest.mark.parametrize("name", MODELS)
def test_decodes_like_rbx_dom(name: str) -> None:
    _check_decoded(name)


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.usefixtures("rbx_dom_database")
def test_decodes_like_rbx_dom_with_its_database(name: str) -> None:
    _check_decoded(name)


@pytest.mark.parametrize("name", MODELS)
def test_chunk_dump_matches_rbx_dom_input_dump(name: str) -> None:
    # The dump that the writer tests compare with rbx-dom's re-encodes is itself checked here.
    difference = first_difference(dump_binary(MODELS[name].read_bytes()), load_snap(EXPECTED / f"{name}__input.snap"))
    assert difference is None, difference


def test_refs_resolve_to_the_instances_themselves() -> None:
    (value,) = binary.read(MODELS["ref-child"].read_bytes()).roots
    target = value.properties["Value"]
    assert isinstance(target, v.Ref)
    assert target.target is value.children[0]
    assert value.children[0].parent is value


def test_metadata_and_place_roots() -> None:
    model = binary.read(MODELS["three-nested-folders"].read_bytes())
    assert model.metadata == {"ExplicitAutoJoints": "true"}
    place = binary.read(MODELS["baseplate-566"].read_bytes())
    assert {"Workspace", "Lighting", "ReplicatedStorage"} <= {root.class_name for root in place.roots}


def _rewrap(data: bytes, how: str) -> bytes:
    """The same file with every chunk stored raw or ZSTD-compressed instead of LZ4."""
    out = [data[:32]]
    for chunk in iter_chunks(data):
        name = chunk.name.encode().ljust(4, b"\0")
        if how == "zstd" and chunk.name != "END":
            body = zstandard.ZstdCompressor().compress(chunk.payload)
            out.append(name + len(body).to_bytes(4, "little") + len(chunk.payload).to_bytes(4, "little") + bytes(4))
            out.append(body)
        else:
            out.append(write_chunk(name, chunk.payload, compress=False))
    return b"".join(out)


@pytest.mark.parametrize("how", ["raw", "zstd"])
def test_uncompressed_and_zstd_chunks_read_the_same(how: str) -> None:
    data = MODELS["sharedstring"].read_bytes()
    assert view_tree(binary.read(_rewrap(data, how)).roots) == view_tree(binary.read(data).roots)


def test_unknown_chunks_are_skipped() -> None:
    data = MODELS["three-intvalues"].read_bytes()
    end = data.rindex(b"END\0")
    signed = data[:end] + write_chunk(b"SIGN", b"\x01signature bytes") + data[end:]
    assert view_tree(binary.read(signed).roots) == view_tree(binary.read(data).roots)


# ---- hand-built files ----------------------------------------------------------------------


def _file(*chunks: bytes, classes: int = 1, instances: int = 1) -> bytes:
    return write_header(classes, instances) + b"".join(chunks) + write_chunk(b"END\0", b"</roblox>", compress=False)


def _inst(class_id: int, name: str, referents: list[int], service: bool = False) -> bytes:
    body = class_id.to_bytes(4, "little") + p.string(name.encode()) + bytes([service])
    body += len(referents).to_bytes(4, "little") + p.encode_referents(referents)
    return write_chunk(b"INST", body + (b"\x01" * len(referents) if service else b""))


def _prop(class_id: int, name: str, type_id: int | None, column: bytes = b"") -> bytes:
    body = class_id.to_bytes(4, "little") + p.string(name.encode())
    return write_chunk(b"PROP", body + (b"" if type_id is None else bytes([type_id]) + column))


def _prnt(links: list[tuple[int, int]]) -> bytes:
    children, parents = [c for c, _ in links], [p_ for _, p_ in links]
    body = b"\0" + len(links).to_bytes(4, "little") + p.encode_referents(children) + p.encode_referents(parents)
    return write_chunk(b"PRNT", body)


def _names(*names: str) -> bytes:
    return columns.encode_column(t.STRING, [name.encode() for name in names])


def test_hand_built_file_with_services_and_unusual_props() -> None:
    data = _file(
        _inst(0, "Lighting", [0], service=True),
        _inst(1, "Folder", [1]),
        _prop(0, "Name", t.STRING, _names("Lighting")),
        _prop(1, "Name", t.STRING, _names("Stuff")),
        _prop(1, "NotAProperty", t.STRING, _names("kept as is")),
        _prop(1, "Binary", t.STRING, columns.encode_column(t.STRING, [b"\xff\xfe"])),
        _prop(1, "Future", 0x7E, b"\x01\x02\x03"),  # a type newer than this reader
        _prop(1, "NoType", None),  # Roblox ignores PROP chunks without a type byte
        _prnt([(1, 0), (0, -1)]),
        classes=2,
        instances=2,
    )
    (lighting,) = binary.read(data).roots
    (folder,) = lighting.children
    assert (lighting.name, folder.name) == ("Lighting", "Stuff")
    assert folder.properties == {"NotAProperty": v.String("kept as is"), "Binary": v.BinaryString(b"\xff\xfe")}


def test_legacy_properties_migrate_unless_the_new_one_is_present() -> None:
    font = columns.encode_column(t.ENUM, [v.Enum(3), v.Enum(8)])
    face = columns.encode_column(t.FONT, [v.Font("x"), v.Font("rbxasset://fonts/families/Ubuntu.json")])
    data = _file(
        _inst(0, "TextLabel", [0, 1]),
        _inst(1, "Decal", [2]),
        _prop(0, "Font", t.ENUM, font),
        _prop(1, "Texture", t.STRING, _names("rbxassetid://42")),
        _prnt([(0, -1), (1, -1), (2, -1)]),
        classes=2,
        instances=3,
    )
    first, second, decal = binary.read(data).roots
    assert first.properties["FontFace"] == v.Font("rbxasset://fonts/families/SourceSansPro.json")
    assert second.properties["FontFace"] == v.Font("rbxasset://fonts/families/Guru.json")
    assert "Font" not in first.properties
    assert decal.properties == {"TextureContent": v.Content("Uri", "rbxassetid://42")}
    # When the file also has the new property, the file's own value wins.
    prnt_at = data.index(b"PRNT")
    both = data[:prnt_at] + _prop(0, "FontFace", t.FONT, face) + data[prnt_at:]
    kept = binary.read(both).roots
    assert kept[0].properties["FontFace"] == v.Font("x")


# ---- corrupt input --------------------------------------------------------------------------


def _corrupt(data: bytes, message: str) -> None:
    with pytest.raises(FormatError) as caught:
        binary.read(data)
    assert message in caught.value.message


def test_truncated_files() -> None:
    data = MODELS["three-color3values"].read_bytes()
    _corrupt(data[:20], "shorter than the 32-byte header")
    _corrupt(data[:40], "without an END chunk")
    _corrupt(data[:70], "truncated: META chunk at byte 32 needs 36 bytes but the file ends 22 bytes later")
    _corrupt(data[: data.rindex(b"END\0")], "without an END chunk")
    _corrupt(b"", "does not start with <roblox!")


def test_bad_magic_and_header() -> None:
    data = MODELS["tags"].read_bytes()
    _corrupt(b"PK\x03\x04" + data[4:], "not a binary Roblox model or place")
    _corrupt((FILES / "tags" / "xml.rbxmx").read_bytes(), "it looks like an XML file")
    _corrupt(data[:8] + b"\x89\xff\n\n\x1a\n" + data[14:], "wrong signature")
    _corrupt(data[:14] + b"\x01\x00" + data[16:], "unsupported binary format version 1")
    _corrupt(data[:24] + b"\x01" + data[25:], "reserved bytes 24-31 are not zero")


def test_garbage_chunks() -> None:
    data = MODELS["tags"].read_bytes()
    garbage = b"INST" + (40).to_bytes(4, "little") + (500).to_bytes(4, "little") + bytes(4) + bytes(range(40))
    _corrupt(data[:32] + garbage + data[32:], "INST chunk at byte 32: corrupt LZ4 data")
    huge = b"PROP" + (10).to_bytes(4, "little") + (1 << 31).to_bytes(4, "little") + bytes(4) + bytes(10)
    _corrupt(data[:32] + huge + data[32:], "PROP chunk at byte 32: claims 2147483648 bytes uncompressed")
    _corrupt(data[:32] + b"\xde\xad\xbe\xef" * 8, "truncated")
    end = data.rindex(b"END\0")
    _corrupt(data[:end] + write_chunk(b"END\0", b"</robl>", compress=False), "should hold </roblox>")


def test_wrong_counts() -> None:
    data = MODELS["three-intvalues"].read_bytes()
    _corrupt(data[:20] + (7).to_bytes(4, "little") + data[24:], "header promises 1 classes and 7 instances")
    folder = _inst(0, "Folder", [0])
    _corrupt(_file(folder, _prnt([(0, -1), (0, -1)])), "links 2 instances but the INST chunks define 1")
    _corrupt(_file(folder), "no PRNT chunk")
    short = write_chunk(b"INST", (0).to_bytes(4, "little") + p.string(b"Folder") + b"\0" + (3).to_bytes(4, "little"))
    _corrupt(_file(short, classes=1, instances=3), "instance count 3 does not fit")


def test_referents_out_of_range() -> None:
    folder = _inst(0, "Folder", [0])
    _corrupt(_file(folder, _prnt([(0, 5)])), "the parent of referent 0 refers to referent 5")
    _corrupt(_file(folder, _prnt([(9, -1)])), "a child refers to referent 9")
    ref = _prop(0, "Value", t.REF, p.encode_referents([3]))
    _corrupt(_file(_inst(0, "ObjectValue", [0]), ref, _prnt([(0, -1)])), "a Ref value refers to referent 3")
    _corrupt(_file(folder, _prop(4, "Name", t.STRING, _names("x")), _prnt([(0, -1)])), "class id 4")
    shared = _prop(0, "ModelMeshData", t.SHARED_STRING, p.encode_u32s([2]))
    _corrupt(_file(_inst(0, "Model", [0]), shared, _prnt([(0, -1)])), "SharedString index 2 is outside")


def test_structural_errors() -> None:
    twice = _file(_inst(0, "Folder", [0, 0]), _prnt([(0, -1), (0, -1)]), instances=2)
    _corrupt(twice, "referent 0 is used by two instances")
    cycle = _file(_inst(0, "Folder", [0, 1]), _prnt([(0, 1), (1, 0)]), instances=2)
    _corrupt(cycle, "the parent links form a cycle")
    rotation = _prop(0, "CFrame", t.CFRAME, b"\x01" + bytes(24))
    _corrupt(_file(_inst(0, "Part", [0]), rotation, _prnt([(0, -1)])), "unknown CFrame rotation id 0x01")
    column = _prop(0, "Value", t.INT32, b"\x00\x01")
    with pytest.raises(FormatError, match=r"PROP chunk at byte \d+ \(IntValue\.Value, Int32\): truncated"):
        binary.read(_file(_inst(0, "IntValue", [0]), column, _prnt([(0, -1)])))


def test_random_damage_only_ever_raises_format_errors() -> None:
    rng = random.Random(20240501)
    originals = [path.read_bytes() for path in MODELS.values()]
    originals += [_rewrap(data, "raw") for data in originals]
    detected = 0
    for _ in range(1500):
        data = bytearray(rng.choice(originals))
        if rng.random() < 0.3:
            del data[rng.randrange(len(data)) :]
        else:
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(32, len(data))] = rng.randrange(256)
        try:
            binary.read(bytes(data))
        except FormatError:
            detected += 1
    assert detected > 750  # most damage is caught; the rest decodes to some tree without crashing


def test_read_file_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.rbxm"
    broken.write_bytes(MODELS["tags"].read_bytes()[:50])
    with pytest.raises(FormatError, match=r"broken\.rbxm: truncated"):
        read_file(broken)
