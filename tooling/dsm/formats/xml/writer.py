"""Write instance trees as ``.rbxmx``/``.rbxlx`` text, byte for byte as Rojo's XML writer does.

Items get referents 0, 1, 2... in depth-first pre-order as they are written; a Ref to an Item
not yet written takes the next number early. ``Name`` comes first, the other properties follow
sorted by canonical name, each under the name and type the file format uses for it.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Any

from dsm import reflection
from dsm.dom import values as v
from dsm.dom.instance import Instance
from dsm.formats import migrations
from dsm.formats.common import FormatError
from dsm.formats.xml import convert
from dsm.formats.xml.emitter import Emitter
from dsm.formats.xml.encode import write_property

# The one property whose stored form has a type of its own: BasePart.Color is saved as a
# Color3uint8 under that name (rbx-dom's database gives the hidden property that type).
_STORED_TYPES = {"Color3uint8": "Color3uint8"}


def _load_hasher() -> Callable[[bytes], bytes]:
    try:
        from blake3 import blake3 as native
    except ImportError:
        from dsm.formats.binary.hashing import blake3

        return blake3

    def digest(data: bytes) -> bytes:
        result: Any = native(data).digest()
        return bytes(result)

    return digest


def _every(roots: Sequence[Instance]) -> list[Instance]:
    """All instances of the trees, gathered without recursion."""
    found: list[Instance] = []
    stack = list(roots)
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(node.children)
    return found


class _State:
    """Referents handed out so far and the shared strings met on the way."""

    def __init__(self, roots: Sequence[Instance]) -> None:
        self._inside = {id(node) for node in _every(roots)}
        self._referents: dict[int, str] = {}
        self._hash = _load_hasher()
        self._lookups: dict[tuple[str, str], reflection.PropertyInfo | None] = {}
        # Full hash -> (key written in files, bytes).
        self.shared: dict[bytes, tuple[str, bytes]] = {}

    def referent_for(self, target: Instance | None) -> str:
        # A target outside the written tree could only dangle, so it is written as nil.
        if target is None or id(target) not in self._inside:
            return "null"
        key = id(target)
        if key not in self._referents:
            self._referents[key] = str(len(self._referents))
        return self._referents[key]

    def lookup(self, refl: reflection.Reflection, class_name: str, name: str) -> reflection.PropertyInfo | None:
        """What reflection says about a property, by canonical name first, remembered per class."""
        key = (class_name, name)
        if key not in self._lookups:
            self._lookups[key] = refl.find_property(class_name, name) or refl.find_serialized(class_name, name)
        return self._lookups[key]

    def share(self, data: bytes) -> str:
        digest = self._hash(data)
        entry = self.shared.get(digest)
        if entry is None:
            # Roblox expects a 16-byte key, so the 32-byte BLAKE3 hash is cut to its first half.
            entry = (base64.b64encode(digest[:16]).decode("ascii"), data)
            self.shared[digest] = entry
        return entry[0]


def _stored_type(info: reflection.PropertyInfo, serialized_name: str) -> str:
    return _STORED_TYPES.get(serialized_name, info.data_type)


def _converted(node: Instance, name: str, value: v.Variant, data_type: str) -> v.Variant:
    try:
        return convert.convert(value, data_type)
    except convert.ConversionError as error:
        raise FormatError(f"{node.full_name()}: property {name} cannot be written as {data_type}: {error}") from None


def _elements(
    info: reflection.PropertyInfo | None, node: Instance, name: str, value: v.Variant
) -> list[tuple[str, v.Variant]]:
    """The (name in the file, value) pairs a property is written as, given what reflection says of it."""
    if info is None:
        return [(name, value)]
    if info.migrate_to is not None:
        own = _converted(node, name, value, info.data_type)
        migrated = migrations.migrate(info.migration, own)
        if migrated is None:
            return [(info.name, own)]
        # Written under the new properties' names; a value the instance also holds directly wins.
        targets = info.migrate_targets or (info.migrate_to,)
        return [(target, migrated) for target in targets if target not in node.properties]
    if info.serialized_name is None:
        # Roblox never saves this property; Rojo passes it through under its own name regardless.
        return [(name, value)]
    return [(info.serialized_name, _converted(node, name, value, _stored_type(info, info.serialized_name)))]


def _write_item(out: Emitter, state: _State, refl: reflection.Reflection, node: Instance) -> None:
    out.start("Item", {"class": node.class_name, "referent": state.referent_for(node)})
    out.start("Properties")
    write_property(out, "Name", v.String(node.name), state)
    for name in sorted(node.properties):
        if name == "Name":
            continue
        info = state.lookup(refl, node.class_name, name)
        for file_name, value in _elements(info, node, name, node.properties[name]):
            try:
                write_property(out, file_name, value, state)
            except FormatError as error:
                raise FormatError(f"{node.full_name()}: property {name}: {error.message}") from None
    out.end()


def write(roots: Sequence[Instance]) -> bytes:
    """The XML file for ``roots`` and their descendants."""
    refl = reflection.load()
    state = _State(roots)
    out = Emitter()
    out.start("roblox", {"version": "4"})
    # Depth-first without recursion, so deep trees cannot exhaust the stack.
    stack: list[Instance | None] = [*reversed(roots)]
    while stack:
        node = stack.pop()
        if node is None:
            out.end()
            continue
        _write_item(out, state, refl, node)
        stack.append(None)
        stack.extend(reversed(node.children))
    if state.shared:
        out.start("SharedStrings")
        for _digest, (key, data) in sorted(state.shared.items()):
            out.start("SharedString", {"md5": key})
            out.string(base64.b64encode(data).decode("ascii"))
            out.end()
        out.end()
    out.end()
    return out.getvalue()
