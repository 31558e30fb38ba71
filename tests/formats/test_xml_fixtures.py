"""The XML codec against Studio-saved files and rbx-dom's expected decodings and encodings."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from snapshots import first_difference, load_snap, view_tree

from conftest import RBX_FIXTURES
from dsm.dom.instance import Document, Instance
from dsm.formats import xml

FILES = RBX_FIXTURES / "rbx-test-files"
EXPECTED = RBX_FIXTURES / "expected"
MODELS = sorted(path.parent.name for path in FILES.glob("*/xml.rbxmx"))
PLACE = FILES / "places" / "baseplate-566" / "xml.rbxlx"


def _path(name: str) -> Path:
    return PLACE if name == "baseplate-566" else FILES / name / "xml.rbxmx"


def _read(name: str) -> Document:
    return xml.read(_path(name).read_bytes())


def _encoded_text(name: str) -> str:
    text = (EXPECTED / "rbx_xml" / f"{name}__encoded.snap").read_text(encoding="utf-8")
    _, _, body = text.partition("\n---\n")
    return body.rstrip("\n")


@pytest.mark.parametrize("name", MODELS)
def test_reader_matches_rbx_xml_decoding(name: str) -> None:
    viewed = view_tree(_read(name).roots)
    expected = load_snap(EXPECTED / "rbx_xml" / f"{name}__decoded.snap")
    assert first_difference(viewed, expected) is None


@pytest.mark.parametrize("name", MODELS)
def test_rbx_dom_binary_and_xml_decodings_agree_with_ours(name: str) -> None:
    viewed = view_tree(_read(name).roots)
    expected = load_snap(EXPECTED / "rbx_binary" / f"{name}__decoded.snap")
    assert first_difference(viewed, expected) is None


def _by_path(nodes: list[dict[str, Any]], prefix: str = "") -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for node in nodes:
        key = f"{prefix}/{node['class']}:{node['name']}"
        found[key] = node
        found.update(_by_path(node["children"], key))
    return found


def test_place_agrees_with_the_binary_save_of_the_same_place() -> None:
    """The XML and binary baseplates are two Studio saves, so they differ in a few known places."""
    ours = _by_path(view_tree(_read("baseplate-566").roots))
    theirs = _by_path(load_snap(EXPECTED / "rbx_binary" / "baseplate-566__decoded.snap"))
    # Studio put a FilteredSelection only into the binary save.
    assert set(theirs) - set(ours) == {"/Instance:FilteredSelection"}
    assert set(ours) <= set(theirs)
    refs_ours = {node["referent"]: key for key, node in ours.items()}
    refs_theirs = {node["referent"]: key for key, node in theirs.items()}
    differences = set()
    for key, node in ours.items():
        mine, other = node["properties"], theirs[key]["properties"]
        for prop in set(mine) | set(other):
            a, b = mine.get(prop), other.get(prop)
            if isinstance(a, str) and isinstance(b, str):  # refs: compare what they point at
                a, b = refs_ours.get(a, a), refs_theirs.get(b, b)
            if a != b:
                differences.add((key, prop))
    assert differences == set()


@pytest.mark.parametrize("name", MODELS)
def test_writer_output_is_rojos_text(name: str) -> None:
    written = xml.write(_read(name).roots).decode("utf-8")
    expected = _encoded_text(name)
    if written != expected:
        mismatch = next(
            (i, a, b)
            for i, (a, b) in enumerate(zip(written.splitlines(), expected.splitlines(), strict=False), 1)
            if a != b
        )
        pytest.fail(f"line {mismatch[0]}: wrote {mismatch[1]!r}, Rojo writes {mismatch[2]!r}")


@pytest.mark.parametrize("name", [*MODELS, "baseplate-566"])
def test_writer_then_reader_round_trips(name: str) -> None:
    original = _read(name)
    written = xml.write(original.roots)
    again = xml.read(written)
    assert first_difference(view_tree(again.roots), view_tree(original.roots)) is None
    assert xml.write(again.roots) == written


@pytest.mark.parametrize("name", MODELS)
def test_round_trip_matches_rbx_xml_round_trip(name: str) -> None:
    again = xml.read(xml.write(_read(name).roots))
    expected = load_snap(EXPECTED / "rbx_xml" / f"{name}__roundtrip.snap")
    assert first_difference(view_tree(again.roots), expected) is None


def _binary_neutral(view: Any) -> Any:
    """The binary format stores strings, binary strings and content ids alike.

    Without reflection to say which a property is, they all read back as String.
    """
    if isinstance(view, dict):
        if set(view) == {"ContentId"}:
            return {"String": view["ContentId"]}
        if set(view) == {"BinaryString"}:
            data = base64.b64decode(view["BinaryString"])
            try:
                return {"String": data.decode("utf-8")}
            except UnicodeDecodeError:
                return view
        return {key: _binary_neutral(item) for key, item in view.items()}
    if isinstance(view, list):
        return [_binary_neutral(item) for item in view]
    return view


@pytest.mark.parametrize("name", [*MODELS, "baseplate-566"])
def test_xml_and_binary_writes_read_back_identical(name: str) -> None:
    binary = pytest.importorskip("dsm.formats.binary")
    roots: list[Instance] = _read(name).roots
    from_xml = view_tree(xml.read(xml.write(roots)).roots)
    from_binary = view_tree(binary.read(binary.write(roots)).roots)
    assert first_difference(_binary_neutral(from_binary), _binary_neutral(from_xml)) is None
