"""Read ``.rbxmx``/``.rbxlx`` files into instance trees, mapping stored properties through reflection.

A property element's ``name`` is its serialized name (``size``, ``Color3uint8``,
``AttributesSerialize``); reflection gives the canonical name and type it becomes, and legacy
properties are migrated to their replacements. Properties reflection does not know are kept as
they are. Every problem is a FormatError naming the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dsm import reflection
from dsm.dom import values as v
from dsm.dom.instance import Document, Instance
from dsm.formats import migrations
from dsm.formats.xml import convert, tree
from dsm.formats.xml.decode import DecodeContext, Pending, decode, decode_base64
from dsm.formats.xml.errors import Malformed
from dsm.formats.xml.tree import Node


@dataclass
class _Link:
    instance: Instance
    name: str
    pending: Pending
    placeholder: v.Variant


@dataclass
class _State:
    refl: reflection.Reflection
    ctx: DecodeContext = field(default_factory=DecodeContext)
    by_referent: dict[str, Instance] = field(default_factory=dict)
    links: list[_Link] = field(default_factory=list)
    lookups: dict[tuple[str, str], tuple[reflection.PropertyInfo | None, bool]] = field(default_factory=dict)

    def lookup(self, class_name: str, stored_name: str) -> tuple[reflection.PropertyInfo | None, bool]:
        """The property a stored name is, and whether it is one Roblox never saves (to be dropped)."""
        key = (class_name, stored_name)
        found = self.lookups.get(key)
        if found is None:
            info = self.refl.find_serialized(class_name, stored_name)
            unsaved = False
            if info is None:
                info = self.refl.find_property(class_name, stored_name)
                unsaved = info is not None and info.serialized_name is None and info.migrate_to is None
            found = self.lookups[key] = (info, unsaved)
        return found


def _attribute(node: Node, name: str) -> str:
    value = node.attrs.get(name)
    if value is None:
        raise Malformed(node.line, f'{node.describe()} has no "{name}" attribute')
    return value


def _shared_strings(node: Node) -> dict[str, bytes]:
    table: dict[str, bytes] = {}
    for entry in node.children:
        if entry.tag != "SharedString":
            raise Malformed(entry.line, f"unexpected <{entry.tag}> inside <SharedStrings>")
        table[_attribute(entry, "md5")] = decode_base64(entry)
    return table


def _property(state: _State, instance: Instance, node: Node, migrated: list[tuple[str, v.Variant]]) -> None:
    stored_name = _attribute(node, "name")
    if stored_name == "Name":
        value = decode(node, state.ctx)
        if not isinstance(value, v.String):
            raise Malformed(node.line, f"the Name property must be a string, not <{node.tag}>")
        instance.name = value.value
        return
    info, unsaved = state.lookup(instance.class_name, stored_name)
    if unsaved:
        decode(node, state.ctx)  # still checked, then dropped: Roblox no longer saves it
        state.ctx.pending = None
        return
    value = decode(node, state.ctx)
    name = stored_name if info is None else info.name
    if info is not None:
        try:
            value = convert.convert(value, info.data_type)
        except convert.ConversionError as error:
            raise Malformed(node.line, f"{node.describe()}: {error}") from None
    if state.ctx.pending is not None:
        state.links.append(_Link(instance, name, state.ctx.pending, value))
        state.ctx.pending = None
    if info is not None and info.migrate_to is not None:
        replacement = migrations.migrate(info.migration, value)
        if replacement is not None:
            migrated.extend((target, replacement) for target in info.migrate_targets or (info.migrate_to,))
            return
    instance.properties[name] = value


def _item(state: _State, node: Node, parent: Instance | None) -> Instance:
    class_name = _attribute(node, "class")
    instance = Instance(class_name, class_name)
    if parent is not None:
        parent.add_child(instance)
    referent = node.attrs.get("referent")
    if referent is not None:
        if referent in state.by_referent:
            raise Malformed(node.line, f'two Items have the referent "{referent}"')
        state.by_referent[referent] = instance
    migrated: list[tuple[str, v.Variant]] = []
    for child in node.children:
        if child.tag == "Properties":
            for prop in child.children:
                try:
                    _property(state, instance, prop, migrated)
                except Malformed as error:
                    raise Malformed(
                        error.line, f"property {prop.attrs.get('name', '?')} of a {class_name}: {error.message}"
                    ) from None
        elif child.tag != "Item":
            raise Malformed(child.line, f"unexpected <{child.tag}> inside <Item>")
    # A property stored under its new name wins over one migrated from its legacy name.
    for name, value in migrated:
        instance.properties.setdefault(name, value)
    return instance


def _resolve(state: _State) -> None:
    for link in state.links:
        current = link.instance.properties.get(link.name)
        if current is not link.placeholder:
            continue  # a later element for the same property replaced this one
        target = state.by_referent.get(link.pending.referent)
        if target is None:
            raise Malformed(
                link.pending.line,
                f'property {link.name} of a {link.instance.class_name} refers to "{link.pending.referent}",'
                " which no Item in the file has as its referent",
            )
        if isinstance(current, v.Content):
            link.instance.properties[link.name] = v.Content("Object", target=target)
        elif isinstance(current, v.Ref):
            link.instance.properties[link.name] = v.Ref(target)


def _document(state: _State, root: Node) -> Document:
    if root.tag != "roblox":
        raise Malformed(root.line, f"the root element is <{root.tag}>, not <roblox>")
    version = _attribute(root, "version")
    if version != "4":
        raise Malformed(root.line, f'unsupported format version "{version}" (only version 4 exists)')
    document = Document()
    for child in root.children:
        if child.tag == "SharedStrings":
            state.ctx.shared_strings.update(_shared_strings(child))
        elif child.tag == "Meta":
            document.metadata[_attribute(child, "name")] = child.text
        elif child.tag not in ("Item", "External"):
            raise Malformed(child.line, f"unexpected <{child.tag}> inside <roblox>")
    # Items are visited without recursion, so deep trees cannot exhaust the stack.
    stack: list[tuple[Node, Instance | None]] = [
        (child, None) for child in reversed(root.children) if child.tag == "Item"
    ]
    while stack:
        node, parent = stack.pop()
        instance = _item(state, node, parent)
        if parent is None:
            document.roots.append(instance)
        stack.extend((child, instance) for child in reversed(node.children) if child.tag == "Item")
    _resolve(state)
    return document


def read(data: bytes) -> Document:
    """Decode a whole XML model or place file; problems raise FormatError with the line."""
    try:
        root = tree.parse(data)
        return _document(_State(reflection.load()), root)
    except Malformed as error:
        raise error.to_format_error() from None
