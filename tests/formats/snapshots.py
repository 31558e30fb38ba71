"""Compare our trees and files with rbx-dom's insta snapshots (``expected/*.snap``).

``view_tree`` renders instances the way rbx-dom's ``DomViewer`` does (referent-N ids in
pre-order, refs as those ids or "null", SharedStrings as length plus blake3 hash, f32 numbers
printed shortest), so the result compares equal to the YAML body of a ``__decoded`` snapshot.
``dump_binary`` renders a binary file chunk by chunk like rbx_binary's text deserializer does for
the ``__input`` / ``__encoded`` snapshots. ``rbx_dom_reflection`` loads rbx-dom's own database as
a :class:`Reflection`, the oracle that separates codec bugs from gaps in our reflection facts.
"""

from __future__ import annotations

import base64
import json
import math
import struct
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import blake3
import yaml

from dsm import reflection
from dsm.dom import explicit
from dsm.dom import values as v
from dsm.dom.instance import Instance


def load_snap(path: Path) -> Any:
    """The YAML body of an insta snapshot (everything after its ``---`` header block)."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    markers = [index for index, line in enumerate(lines) if line.rstrip("\r\n") == "---"]
    if len(markers) < 2:
        raise ValueError(f"{path}: not an insta snapshot (no header block)")
    return yaml.safe_load("".join(lines[markers[1] + 1 :]))


def f32(value: float) -> Any:
    """An f32 as Rust prints it (shortest round-trip digits), parsed back; inf/NaN as rbx-dom's words."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    packed = struct.pack("<f", value)
    for digits in range(1, 10):
        text = f"{value:.{digits}g}"
        if struct.pack("<f", float(text)) == packed:
            return _number(float(text))
    return _number(value)


def f64(value: float) -> Any:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return _number(value)


def _number(value: float) -> Any:
    # YAML prints whole floats as integers ("1", not "1.0"); ints and floats compare equal anyway.
    return int(value) if value.is_integer() else value


def shared_string_view(data: bytes) -> dict[str, Any]:
    return {"len": len(data), "hash": blake3.blake3(data).hexdigest()}


def _cframe(value: v.CFrame) -> dict[str, Any]:
    m = value.orientation
    return {
        "position": [f32(value.position.x), f32(value.position.y), f32(value.position.z)],
        "orientation": [[f32(n) for n in m[i : i + 3]] for i in (0, 3, 6)],
    }


def _vec(*numbers: float) -> list[Any]:
    return [f32(n) for n in numbers]


def value_view(value: v.Variant, ref_id: dict[int, str], *, in_attributes: bool = False) -> Any:  # noqa: C901, PLR0911, PLR0912
    """One property value in rbx-dom's serde form (``{"Type": inner}``; refs and SharedStrings bare)."""
    match value:
        case v.Ref(target):
            return "null" if target is None else ref_id.get(id(target), "[unknown ID]")
        case v.SharedString(data):
            return shared_string_view(data)
        case v.String(text) if in_attributes:
            # rbx-dom reads every attribute string as a BinaryString.
            return {"BinaryString": base64.b64encode(text.encode()).decode()}
        case v.String(text) | v.ContentId(text):
            return {v.type_name(value): text}
        case v.BinaryString(data):
            return {"BinaryString": base64.b64encode(data).decode()}
        case v.Bool(flag):
            return {"Bool": flag}
        case v.Int32(n) | v.Int64(n) | v.Enum(n) | v.BrickColor(n) | v.SecurityCapabilities(n):
            return {v.type_name(value): n}
        case v.Float32(x):
            return {"Float32": f32(x)}
        case v.Float64(x):
            return {"Float64": f64(x)}
        case v.EnumItem(enum_type, n):
            return {"EnumItem": {"type": enum_type, "value": n}}
        case v.Content(kind, uri, target):
            if kind == "Uri":
                return {"Content": {"Uri": uri}}
            if kind == "Object":
                return {"Content": {"Object": "null" if target is None else ref_id.get(id(target))}}
            return {"Content": "None"}
        case v.UDim(scale, offset):
            return {"UDim": [f32(scale), offset]}
        case v.UDim2(x, y):
            return {"UDim2": [[f32(x.scale), x.offset], [f32(y.scale), y.offset]]}
        case v.Vector2(x, y):
            return {"Vector2": _vec(x, y)}
        case v.Vector3(x, y, z) | v.Color3(x, y, z):
            return {v.type_name(value): _vec(x, y, z)}
        case v.Vector2int16(x, y):
            return {"Vector2int16": [x, y]}
        case v.Vector3int16(x, y, z) | v.Color3uint8(x, y, z):
            return {v.type_name(value): [x, y, z]}
        case v.CFrame():
            return {"CFrame": _cframe(value)}
        case v.OptionalCFrame(inner):
            return {"OptionalCFrame": None if inner is None else _cframe(inner)}
        case v.NumberRange(low, high):
            return {"NumberRange": _vec(low, high)}
        case v.Rect(low, high):
            return {"Rect": [_vec(low.x, low.y), _vec(high.x, high.y)]}
        case v.NumberSequence(points):
            return {
                "NumberSequence": {
                    "keypoints": [
                        {"time": f32(p.time), "value": f32(p.value), "envelope": f32(p.envelope)} for p in points
                    ]
                }
            }
        case v.ColorSequence(cpoints):
            return {
                "ColorSequence": {
                    "keypoints": [
                        {"time": f32(p.time), "color": _vec(p.color.r, p.color.g, p.color.b)} for p in cpoints
                    ]
                }
            }
        case v.PhysicalProperties(custom=False):
            return {"PhysicalProperties": "Default"}
        case v.PhysicalProperties():
            props = {
                "density": f32(value.density),
                "friction": f32(value.friction),
                "elasticity": f32(value.elasticity),
                "frictionWeight": f32(value.friction_weight),
                "elasticityWeight": f32(value.elasticity_weight),
            }
            if value.acoustic_absorption is not None:
                props["acousticAbsorption"] = f32(value.acoustic_absorption)
            return {"PhysicalProperties": props}
        case v.Font(family, weight, style, cached):
            names = {n: w for w, n in v.FONT_WEIGHTS.items()}
            return {
                "Font": {"family": family, "weight": names.get(weight, weight), "style": style, "cachedFaceId": cached}
            }
        case v.UniqueId():
            return {"UniqueId": value.hex()}
        case v.Tags(names):
            return {"Tags": list(names)}
        case v.Attributes(entries):
            return {"Attributes": {name: value_view(item, ref_id, in_attributes=True) for name, item in entries}}
        case v.MaterialColors(colors):
            return {"MaterialColors": {name: list(rgb) for name, rgb in colors}}
        case v.Faces(bits):
            return {"Faces": [name for i, name in enumerate(v.FACE_NAMES) if bits & (1 << i)]}
        case v.Axes(bits):
            return {"Axes": [name for i, name in enumerate(v.AXIS_NAMES) if bits & (1 << i)]}
    raise TypeError(f"no snapshot view for {value!r}")


def view_tree(roots: Sequence[Instance]) -> list[dict[str, Any]]:
    """``roots`` as rbx-dom's ``DomViewer::view_children`` prints them."""
    ref_id: dict[int, str] = {}
    for root in roots:
        for node in root.walk():
            ref_id.setdefault(id(node), f"referent-{len(ref_id)}")

    def view(node: Instance) -> dict[str, Any]:
        return {
            "referent": ref_id[id(node)],
            "name": node.name,
            "class": node.class_name,
            "properties": {key: value_view(node.properties[key], ref_id) for key in sorted(node.properties)},
            "children": [view(child) for child in node.children],
        }

    return [view(root) for root in roots]


def first_difference(actual: Any, expected: Any, path: str = "$") -> str | None:  # noqa: PLR0911
    """Where two nested structures first differ, for readable assertion messages."""
    if isinstance(actual, dict) and isinstance(expected, dict):
        for key in sorted(set(actual) | set(expected), key=str):
            if key not in actual:
                return f"{path}.{key}: missing (expected {expected[key]!r:.200})"
            if key not in expected:
                return f"{path}.{key}: unexpected {actual[key]!r:.200}"
            found = first_difference(actual[key], expected[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(actual, list) and isinstance(expected, list):
        for index, (a, e) in enumerate(zip(actual, expected, strict=False)):
            found = first_difference(a, e, f"{path}[{index}]")
            if found:
                return found
        if len(actual) != len(expected):
            return f"{path}: length {len(actual)} != expected {len(expected)}"
        return None
    if actual == expected and isinstance(actual, bool) == isinstance(expected, bool):
        return None
    return f"{path}: {actual!r:.200} != expected {expected!r:.200}"


def _hex(data: bytes) -> str:
    return " ".join(f"{byte:02x}" for byte in data)


def _column_view(raw: Any, binary_type: int) -> Any:
    from dsm.formats.binary import types as t

    if isinstance(raw, bytes):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return _hex(raw)
    if isinstance(raw, int):  # referents and SharedString indices
        return raw
    if isinstance(raw, t.ContentObject):
        return {"Object": raw.referent}
    if binary_type == t.OPTIONAL_CFRAME:
        return None if raw.value is None else _cframe(raw.value)
    viewed = value_view(raw, {})
    return next(iter(viewed.values()))


def dump_binary(data: bytes) -> dict[str, Any]:
    """A binary file chunk by chunk, in the shape of rbx_binary's ``__input``/``__encoded`` snapshots."""
    from dsm.formats.binary import columns
    from dsm.formats.binary import types as t
    from dsm.formats.binary.chunks import iter_chunks, read_header
    from dsm.formats.binary.primitives import Cursor

    header = read_header(data)
    counts: dict[int, int] = {}
    chunks: list[Any] = []
    for chunk in iter_chunks(data):
        cur = Cursor(chunk.payload, chunk.where)
        body: dict[str, Any]
        if chunk.name == "META":
            body = {"entries": [[cur.text("key"), cur.text("value")] for _ in range(cur.u32())]}
        elif chunk.name == "SSTR":
            body = {"version": cur.u32(), "entries": []}
            for _ in range(cur.u32()):
                cur.take(16)
                body["entries"].append(shared_string_view(cur.bytes_string()))
        elif chunk.name == "INST":
            body = {"type_id": cur.u32(), "type_name": cur.text("class"), "object_format": cur.u8()}
            count = cur.u32()
            counts[body["type_id"]] = count
            body["referents"] = cur.referents(count)
        elif chunk.name == "PROP":
            body = {"type_id": cur.u32(), "prop_name": cur.text("name")}
            type_id = cur.u8()
            column = columns.decode_column(type_id, cur, counts[body["type_id"]]) or []
            body["prop_type"] = t.NAMES[type_id]
            body["values"] = [_column_view(raw, type_id) for raw in column]
        elif chunk.name == "PRNT":
            body = {"version": cur.u8()}
            count = cur.u32()
            children, parents = cur.referents(count), cur.referents(count)
            body["links"] = [[c, p] for c, p in zip(children, parents, strict=True)]
        elif chunk.name == "END":
            chunks.append("End")
            break
        else:
            chunks.append({"Unknown": {"name": chunk.name, "contents": _hex(chunk.payload)}})
            continue
        if cur.remaining:
            body["remaining"] = _hex(cur.rest())
        chunks.append({chunk.name.capitalize(): body})
    return {"num_types": header.class_count, "num_instances": header.instance_count, "chunks": chunks}


def _oracle_property(owner: str, name: str, raw: dict[str, Any]) -> reflection.PropertyInfo:
    data_type = raw["DataType"]
    kind = raw["Kind"]
    serialized: str | None = name
    migrate: dict[str, Any] = {}
    if "Alias" in kind:
        serialized = None  # an alias (Color3uint8, size) is found through what it aliases
    else:
        how = kind["Canonical"]["Serialization"]
        if how == "DoesNotSerialize":
            serialized = None
        elif isinstance(how, dict) and "SerializesAs" in how:
            serialized = how["SerializesAs"]
        elif isinstance(how, dict) and "Migrate" in how:
            migrate = how["Migrate"]
    targets = migrate.get("To", ())
    targets = (targets,) if isinstance(targets, str) else tuple(targets)
    return reflection.PropertyInfo(
        name=name,
        owner=owner,
        data_type=data_type.get("Value", "Enum"),
        enum=data_type.get("Enum"),
        serialized_name=serialized,
        migrate_to=targets[0] if targets else None,
        migration=migrate.get("Migration"),
        migrate_targets=targets,
    )


@cache
def rbx_dom_reflection(database: Path) -> reflection.Reflection:
    """rbx-dom's reflection database (``database.json``) in our Reflection shape, for oracle tests."""
    raw = json.loads(database.read_text(encoding="utf-8"))
    classes = {}
    for name, data in raw["Classes"].items():
        props = {key: _oracle_property(name, key, prop) for key, prop in data["Properties"].items()}
        defaults = {}
        for key, value in data.get("DefaultProperties", {}).items():
            try:
                defaults[key] = explicit.decode(value)
            except explicit.ExplicitValueError:
                continue  # a type the explicit form does not cover (Ref, SmoothGrid...)
        classes[name] = reflection.ClassInfo(
            name, data.get("Superclass"), frozenset(data.get("Tags", [])), props, defaults
        )
    enums = {name: dict(enum["items"]) for name, enum in raw["Enums"].items()}
    return reflection.Reflection(classes, enums, f"rbx-dom {raw.get('Version', '')}")
