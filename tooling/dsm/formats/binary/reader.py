"""Decode a binary model or place into a :class:`Document`.

Chunks are read in file order: META into the metadata, SSTR into the shared-string table, INST
creates instances, PROP fills one property of one class (serialized names become canonical ones
through the reflection data), PRNT links the tree. Unknown chunks (``SIGN``...) are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dsm import reflection
from dsm.dom import values as v
from dsm.dom.instance import Document, Instance
from dsm.formats import migrations
from dsm.formats.binary import columns, convert
from dsm.formats.binary import types as t
from dsm.formats.binary.chunks import END_BODY, Chunk, iter_chunks, read_header
from dsm.formats.binary.primitives import Cursor
from dsm.formats.common import FormatError


@dataclass
class _ClassInfo:
    name: str
    instances: list[Instance]


@dataclass
class _State:
    refl: reflection.Reflection
    metadata: dict[str, str] = field(default_factory=dict)
    shared: list[bytes] = field(default_factory=list)
    classes: dict[int, _ClassInfo] = field(default_factory=dict)
    by_referent: dict[int, Instance] = field(default_factory=dict)
    roots: list[Instance] = field(default_factory=list)
    parented: bool = False
    # Values of legacy properties, applied after all chunks unless the new property was set.
    pending: list[tuple[Instance, str, v.Variant]] = field(default_factory=list)


def _meta(state: _State, cur: Cursor) -> None:
    for _ in range(cur.count("META entry", 8)):
        key = cur.text("a META key")
        state.metadata[key] = cur.text("a META value")


def _sstr(state: _State, cur: Cursor) -> None:
    if (version := cur.u32()) != 0:
        raise cur.fail(f"unsupported SSTR version {version}")
    for _ in range(cur.count("shared string", 20)):
        cur.take(16)  # MD5 of the value; Studio ignores it and so do we
        state.shared.append(cur.bytes_string())


def _inst(state: _State, cur: Cursor) -> None:
    class_id = cur.u32()
    class_name = cur.text("the class name")
    object_format = cur.u8()
    count = cur.count("instance", 4)
    referents = cur.referents(count)
    if object_format == 1:
        cur.take(count)  # one service marker byte per instance
    if class_id in state.classes:
        raise cur.fail(f"class id {class_id} is declared twice ({state.classes[class_id].name} and {class_name})")
    instances = []
    for referent in referents:
        if referent in state.by_referent:
            raise cur.fail(f"referent {referent} is used by two instances")
        instance = Instance(class_name, class_name)
        state.by_referent[referent] = instance
        instances.append(instance)
    state.classes[class_id] = _ClassInfo(class_name, instances)


def _resolve(state: _State, cur: Cursor, referent: int, what: str) -> Instance | None:
    if referent == -1:
        return None
    target = state.by_referent.get(referent)
    if target is None:
        raise cur.fail(f"{what} refers to referent {referent}, which no INST chunk defines")
    return target


def _raw_to_value(state: _State, cur: Cursor, raw: Any, binary_type: int, data_type: str | None) -> v.Variant:
    if binary_type == t.REF:
        return v.Ref(_resolve(state, cur, raw, "a Ref value"))
    if binary_type == t.SHARED_STRING:
        if raw >= len(state.shared):
            raise cur.fail(f"SharedString index {raw} is outside the SSTR table of {len(state.shared)} entries")
        return v.SharedString(state.shared[raw])
    if isinstance(raw, t.ContentObject):
        # Content objects live outside the DataModel; a missing one is not corruption.
        return v.Content("Object", target=state.by_referent.get(raw.referent))
    return convert.from_column(raw, binary_type, data_type)


def _prop(state: _State, cur: Cursor) -> None:
    class_id = cur.u32()
    prop_name = cur.text("the property name")
    info = state.classes.get(class_id)
    if info is None:
        raise cur.fail(f"property {prop_name} belongs to class id {class_id}, which no INST chunk declares")
    if cur.remaining == 0:
        return  # Roblox ignores a PROP chunk without a type byte, so do we
    binary_type = cur.u8()
    cur.where += f" ({info.name}.{prop_name}, {t.NAMES.get(binary_type, hex(binary_type))})"
    column = columns.decode_column(binary_type, cur, len(info.instances))
    if column is None:
        return  # a value type newer than this reader: skip the property, keep the file
    if prop_name == "Name":
        for instance, raw in zip(info.instances, column, strict=True):
            # Names are text; a name that is not UTF-8 is read leniently, as Roblox does.
            instance.name = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        return

    # As rbx-dom looks it up: the property of that exact name, else the one saved under that name.
    prop = state.refl.find_property(info.name, prop_name)
    if prop is None or (prop.serialized_name is None and prop.migrate_to is None):
        saved_as = state.refl.find_serialized(info.name, prop_name)
        if saved_as is None and prop is not None:
            return  # a property Roblox no longer saves (DoesNotSerialize); drop it like rbx-dom
        prop = saved_as
    data_type = prop.data_type if prop is not None else None
    name = prop.name if prop is not None else prop_name
    for instance, raw in zip(info.instances, column, strict=True):
        value = _raw_to_value(state, cur, raw, binary_type, data_type)
        if prop is not None and prop.migrate_to is not None:
            migrated = migrations.migrate(prop.migration, value)
            if migrated is not None:
                for target in prop.migrate_targets or (prop.migrate_to,):
                    state.pending.append((instance, target, migrated))
                continue
        instance.properties[name] = value


def _prnt(state: _State, cur: Cursor) -> None:
    if (version := cur.u8()) != 0:
        raise cur.fail(f"unsupported PRNT version {version}")
    count = cur.count("link", 8)
    children = cur.referents(count)
    parents = cur.referents(count)
    if count != len(state.by_referent):
        raise cur.fail(f"links {count} instances but the INST chunks define {len(state.by_referent)}")
    linked: set[int] = set()
    for child_ref, parent_ref in zip(children, parents, strict=True):
        child = _resolve(state, cur, child_ref, "a child")
        if child is None or child_ref in linked:
            raise cur.fail(f"referent {child_ref} is linked more than once or is not an instance")
        linked.add(child_ref)
        parent = _resolve(state, cur, parent_ref, f"the parent of referent {child_ref}")
        if parent is None:
            state.roots.append(child)
        else:
            parent.add_child(child)
    _check_acyclic(state, cur)
    state.parented = True


def _check_acyclic(state: _State, cur: Cursor) -> None:
    # Iterative: a crafted file could nest deeper than Python's recursion limit.
    reachable, stack = 0, list(state.roots)
    while stack:
        node = stack.pop()
        reachable += 1
        stack.extend(node.children)
    if reachable != len(state.by_referent):
        raise cur.fail("the parent links form a cycle: some instances are their own ancestors")


_HANDLERS = {"META": _meta, "SSTR": _sstr, "INST": _inst, "PROP": _prop, "PRNT": _prnt}


def read(data: bytes) -> Document:
    """Decode a whole ``.rbxm``/``.rbxl``; corrupt or truncated input raises FormatError."""
    header = read_header(data)
    state = _State(reflection.load())
    inst_chunks = 0
    chunk: Chunk | None = None
    for chunk in iter_chunks(data):
        handler = _HANDLERS.get(chunk.name)
        if chunk.name == "INST":
            inst_chunks += 1
        if handler is not None:
            handler(state, Cursor(chunk.payload, chunk.where))
    assert chunk is not None and chunk.name == "END"
    if chunk.payload != END_BODY:
        raise FormatError(f"{chunk.where}: the END chunk should hold </roblox>, the file may be truncated")
    if inst_chunks != header.class_count or len(state.by_referent) != header.instance_count:
        raise FormatError(
            f"the header promises {header.class_count} classes and {header.instance_count} instances, "
            f"but the file defines {inst_chunks} and {len(state.by_referent)}"
        )
    if state.by_referent and not state.parented:
        raise FormatError("the file has no PRNT chunk, so its instances have no place in the tree")
    for instance, target, value in state.pending:
        instance.properties.setdefault(target, value)
    return Document(state.roots, state.metadata)
