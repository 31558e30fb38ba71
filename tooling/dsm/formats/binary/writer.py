"""Encode instances as a binary model, laid out the way Rojo's rbx_binary writes it.

Referents follow a depth-first post-order walk; class ids are given in order of first
appearance in that walk while INST chunks are written sorted by class name. Each class gets one
PROP chunk per property any of its instances has, sorted by canonical name but written under the
serialized name and type; instances without the property get the reflection default or a
type fallback. Every chunk but END is LZ4-compressed; no META chunk is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dsm import reflection
from dsm.dom import values as v
from dsm.dom.instance import Instance
from dsm.formats import migrations
from dsm.formats.binary import columns, convert
from dsm.formats.binary import primitives as p
from dsm.formats.binary import types as t
from dsm.formats.binary.chunks import END_BODY, write_chunk, write_header
from dsm.formats.binary.hashing import blake3
from dsm.formats.common import FormatError

_FALLBACKS: dict[int, v.Variant] = {
    t.STRING: v.BinaryString(b""),
    t.BYTECODE: v.BinaryString(b""),
    t.BOOL: v.Bool(False),
    t.INT32: v.Int32(0),
    t.FLOAT32: v.Float32(0.0),
    t.FLOAT64: v.Float64(0.0),
    t.UDIM: v.UDim(0.0, 0),
    t.UDIM2: v.UDim2(v.UDim(0.0, 0), v.UDim(0.0, 0)),
    t.RAY: v.Ray(v.Vector3(0.0, 0.0, 0.0), v.Vector3(0.0, 0.0, 0.0)),
    t.FACES: v.Faces(0),
    t.AXES: v.Axes(0),
    t.BRICK_COLOR: v.BrickColor(194),  # Medium stone grey, Roblox's default part colour
    t.COLOR3: v.Color3(0.0, 0.0, 0.0),
    t.VECTOR2: v.Vector2(0.0, 0.0),
    t.VECTOR3: v.Vector3(0.0, 0.0, 0.0),
    t.CFRAME: v.CFrame(),
    t.ENUM: v.Enum(0),
    t.REF: v.Ref(None),
    t.VECTOR3INT16: v.Vector3int16(0, 0, 0),
    t.NUMBER_SEQUENCE: v.NumberSequence((v.NumberSequenceKeypoint(0.0, 0.0), v.NumberSequenceKeypoint(1.0, 0.0))),
    t.COLOR_SEQUENCE: v.ColorSequence(
        (v.ColorSequenceKeypoint(0.0, v.Color3(0.0, 0.0, 0.0)), v.ColorSequenceKeypoint(1.0, v.Color3(0.0, 0.0, 0.0)))
    ),
    t.NUMBER_RANGE: v.NumberRange(0.0, 0.0),
    t.RECT: v.Rect(v.Vector2(0.0, 0.0), v.Vector2(0.0, 0.0)),
    t.PHYSICAL_PROPERTIES: v.PhysicalProperties(),
    t.COLOR3UINT8: v.Color3uint8(0, 0, 0),
    t.INT64: v.Int64(0),
    t.SHARED_STRING: v.SharedString(b""),
    t.OPTIONAL_CFRAME: v.OptionalCFrame(None),
    t.UNIQUE_ID: v.UniqueId(0, 0, 0),
    t.FONT: v.Font("rbxasset://fonts/families/SourceSansPro.json"),
    t.SECURITY_CAPABILITIES: v.SecurityCapabilities(0),
    t.CONTENT: v.Content(),
}


@dataclass
class _Column:
    """One logical property of one class, and where its values come from."""

    serialized_name: str
    binary_type: int
    default: v.Variant
    # Instance property names that feed this column, in priority order, with their migration.
    sources: list[tuple[str, str | None]] = field(default_factory=list)


@dataclass
class _Class:
    class_id: int
    name: str
    instances: list[Instance] = field(default_factory=list)
    columns: dict[str, _Column] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)


@dataclass
class _Target:
    canonical: str
    serialized_name: str
    data_type: str
    migration: str | None


def _stored_type(refl: reflection.Reflection, class_name: str, prop: reflection.PropertyInfo) -> str:
    """The value type a property is stored as, which its serialized form may change (Color -> Color3uint8)."""
    assert prop.serialized_name is not None
    if prop.serialized_name == prop.name:
        return prop.data_type
    stored = refl.find_property(class_name, prop.serialized_name)
    if stored is not None:
        return stored.data_type
    # Without an entry of its own, a serialized name that is a value type's name (BasePart's
    # "Color3uint8") is stored as that type.
    return prop.serialized_name if prop.serialized_name in v.VARIANT_TYPES else prop.data_type


def _targets(refl: reflection.Reflection, class_name: str, name: str) -> list[_Target] | None:
    """Where property ``name`` of ``class_name`` is written; [] when it is never saved, None when unknown."""
    info = refl.find_property(class_name, name)
    if info is None or (info.serialized_name is None and info.migrate_to is None):
        # An alias that is some property's serialized name (Color3uint8 -> Color) stands for it.
        info = refl.find_serialized(class_name, name) or info
    if info is None:
        return None
    migration = None
    infos = [info]
    if info.migrate_to is not None:
        migration = info.migration
        found = [refl.find_property(class_name, target) for target in info.migrate_targets or (info.migrate_to,)]
        infos = [target for target in found if target is not None]
    out = []
    for target in infos:
        if target.serialized_name is None:
            continue
        data_type = _stored_type(refl, class_name, target)
        out.append(_Target(target.name, target.serialized_name, data_type, migration))
    return out


def _fits(value: v.Variant, binary_type: int) -> bool:
    if binary_type == t.REF:
        return isinstance(value, v.Ref)
    if binary_type == t.SHARED_STRING:
        return isinstance(value, v.SharedString)
    if binary_type == t.CONTENT:
        return isinstance(value, v.Content)
    return convert.to_column(value, binary_type) is not None


def _column_type(data_type: str, value: v.Variant | None) -> int:
    """The reflection's type for the column, unless the value cannot be stored as that type.

    The reflection data is not complete (a property typed Float32 may hold Int32 in real files),
    so a value that does not fit keeps its own type, as an unknown property would.
    """
    wanted = convert.binary_type_for(data_type)
    if value is None or (wanted is not None and _fits(value, wanted)):
        return wanted if wanted is not None else t.STRING
    return t.FOR_VALUE_TYPE.get(v.type_name(value), wanted if wanted is not None else t.STRING)


def _as_saved(name: str, value: v.Variant, node: Instance) -> _Target:
    """A property written under its own name with its own type (unknown, or a legacy value kept)."""
    if t.FOR_VALUE_TYPE.get(v.type_name(value)) is None:
        raise FormatError(
            f"{node.full_name()}: property {name} is a {v.type_name(value)}, which the binary format cannot store"
        )
    return _Target(name, name, v.type_name(value), None)


def _add_property(refl: reflection.Reflection, cls: _Class, node: Instance, name: str, value: v.Variant) -> None:
    targets = _targets(refl, cls.name, name)
    if targets is None:
        targets = [_as_saved(name, value, node)]
    elif any(target.migration for target in targets) and migrations.migrate(targets[0].migration, value) is None:
        # A legacy value that cannot be converted here (BrickColor needs the palette) is kept
        # under its legacy name rather than lost; Roblox still reads those.
        targets = [_as_saved(name, value, node)]
    for target in targets:
        column = cls.columns.get(target.canonical)
        if column is None:
            probe = migrations.migrate(target.migration, value) if target.migration else value
            binary_type = _column_type(target.data_type, probe)
            default = refl.default(cls.name, target.canonical)
            if default is None or not _fits(default, binary_type):
                default = _FALLBACKS[binary_type]
            column = _Column(target.serialized_name, binary_type, default)
            cls.columns[target.canonical] = column
        source = (name, target.migration)
        if source not in column.sources:
            # The canonical name wins over aliases and legacy names when an instance has both.
            if name == target.canonical:
                column.sources.insert(0, source)
            else:
                column.sources.append(source)


def _collect(refl: reflection.Reflection, order: list[Instance]) -> dict[str, _Class]:
    classes: dict[str, _Class] = {}
    for node in order:
        cls = classes.get(node.class_name)
        if cls is None:
            cls = classes[node.class_name] = _Class(len(classes), node.class_name)
        cls.instances.append(node)
        for name, value in node.properties.items():
            if name != "Name" and name not in cls.seen:
                cls.seen.add(name)
                _add_property(refl, cls, node, name, value)
    return classes


def _value_for(node: Instance, column: _Column, canonical: str) -> v.Variant:
    for name, migration in column.sources:
        value = node.properties.get(name)
        if value is None:
            continue
        if migration is None:
            return value
        migrated = migrations.migrate(migration, value)
        if migrated is None:
            raise FormatError(
                f"{node.full_name()}: cannot convert the legacy property {name} ({v.type_name(value)}) "
                f"to {canonical}; set {canonical} instead"
            )
        return migrated
    return column.default


@dataclass
class _Encoder:
    referents: dict[int, int]
    shared: dict[bytes, int]

    def raw(self, node: Instance, canonical: str, value: v.Variant, binary_type: int) -> Any:
        if binary_type == t.REF and isinstance(value, v.Ref):
            return -1 if value.target is None else self.referents.get(id(value.target), -1)
        if binary_type == t.SHARED_STRING and isinstance(value, v.SharedString):
            return self.shared[value.value]
        if binary_type == t.CONTENT and isinstance(value, v.Content) and value.kind == "Object":
            target = value.target
            return t.ContentObject(-1 if target is None else self.referents.get(id(target), -1))
        raw = convert.to_column(value, binary_type)
        if raw is None:
            raise FormatError(
                f"{node.full_name()}: property {canonical} is a {v.type_name(value)}, "
                f"but {node.class_name} files store it as {t.NAMES[binary_type]}"
            )
        return raw


def _shared_strings(classes: dict[str, _Class]) -> list[bytes]:
    found: set[bytes] = set()
    for cls in classes.values():
        for canonical, column in cls.columns.items():
            if column.binary_type == t.SHARED_STRING:
                # rbx_binary stores a column's default even when every instance has a value.
                if isinstance(column.default, v.SharedString):
                    found.add(column.default.value)
                for node in cls.instances:
                    value = _value_for(node, column, canonical)
                    if isinstance(value, v.SharedString):
                        found.add(value.value)
    # rbx_binary sorts the table by each string's BLAKE3 hash; doing the same keeps SSTR identical.
    return sorted(found, key=blake3)


def _inst_chunk(cls: _Class, referents: dict[int, int], is_service: bool) -> bytes:
    body = [
        cls.class_id.to_bytes(4, "little"),
        p.string(cls.name.encode("utf-8")),
        bytes([int(is_service)]),
        len(cls.instances).to_bytes(4, "little"),
        p.encode_referents([referents[id(node)] for node in cls.instances]),
    ]
    if is_service:
        body.append(b"\x01" * len(cls.instances))
    return write_chunk(b"INST", b"".join(body))


def _prop_chunks(cls: _Class, encoder: _Encoder) -> list[bytes]:
    by_name = dict(cls.columns)
    by_name["Name"] = _Column("Name", t.STRING, v.String(""))
    chunks = []
    for canonical in sorted(by_name):
        column = by_name[canonical]
        if canonical == "Name":
            raws: list[Any] = [node.name.encode("utf-8") for node in cls.instances]
        else:
            raws = [
                encoder.raw(node, canonical, _value_for(node, column, canonical), column.binary_type)
                for node in cls.instances
            ]
        try:
            data = columns.encode_column(column.binary_type, raws)
        except FormatError as error:
            raise FormatError(f"{cls.name}.{canonical}: {error.message}") from None
        head = cls.class_id.to_bytes(4, "little") + p.string(column.serialized_name.encode("utf-8"))
        chunks.append(write_chunk(b"PROP", head + bytes([column.binary_type]) + data))
    return chunks


def write(roots: Sequence[Instance]) -> bytes:
    """``roots`` and their descendants as a binary model; the same tree always gives the same bytes."""
    refl = reflection.load()
    order = [node for root in roots for node in root.post_order()]
    referents = {id(node): index for index, node in enumerate(order)}
    classes = _collect(refl, order)
    shared = _shared_strings(classes)
    encoder = _Encoder(referents, {data: index for index, data in enumerate(shared)})

    out = [write_header(len(classes), len(order))]
    if shared:
        entries = b"".join(bytes(16) + p.string(data) for data in shared)
        out.append(write_chunk(b"SSTR", bytes(4) + len(shared).to_bytes(4, "little") + entries))
    by_name = [classes[name] for name in sorted(classes)]
    out += [_inst_chunk(cls, referents, refl.is_service(cls.name)) for cls in by_name]
    for cls in by_name:
        out += _prop_chunks(cls, encoder)
    parents = [referents.get(id(node.parent), -1) if node.parent is not None else -1 for node in order]
    prnt = b"\0" + len(order).to_bytes(4, "little") + p.encode_referents(list(range(len(order))))
    out.append(write_chunk(b"PRNT", prnt + p.encode_referents(parents)))
    out.append(write_chunk(b"END\0", END_BODY, compress=False))
    return b"".join(out)
