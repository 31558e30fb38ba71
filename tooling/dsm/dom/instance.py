"""The in-memory instance tree that the builder produces and the writers consume.

Properties are keyed by their canonical name (``Attributes``, ``Color``); the file
formats translate to and from serialized names (``AttributesSerialize``, ``Color3uint8``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from dsm.dom.values import Variant


@dataclass(eq=False)
class Instance:
    class_name: str
    name: str
    properties: dict[str, Variant] = field(default_factory=dict)
    children: list[Instance] = field(default_factory=list)
    parent: Instance | None = field(default=None, repr=False)
    origin: str | None = field(default=None, repr=False)
    """The source file the instance was built from, when there is one (for tracebacks)."""

    def add_child(self, child: Instance) -> Instance:
        child.parent = self
        self.children.append(child)
        return child

    def descendants(self) -> Iterator[Instance]:
        """Every instance below this one, depth-first pre-order."""
        for child in self.children:
            yield child
            yield from child.descendants()

    def walk(self) -> Iterator[Instance]:
        """This instance, then its descendants (pre-order)."""
        yield self
        yield from self.descendants()

    def post_order(self) -> Iterator[Instance]:
        """Descendants before ancestors, siblings in order: Rojo's referent order."""
        for child in self.children:
            yield from child.post_order()
        yield self

    def find_child(self, name: str) -> Instance | None:
        return next((child for child in self.children if child.name == name), None)

    def full_name(self) -> str:
        parts = []
        node: Instance | None = self
        while node is not None:
            parts.append(node.name)
            node = node.parent
        return ".".join(reversed(parts))


@dataclass
class Document:
    """What a model or place file holds: top-level instances plus file metadata."""

    roots: list[Instance] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)

    def walk(self) -> Iterator[Instance]:
        for root in self.roots:
            yield from root.walk()
