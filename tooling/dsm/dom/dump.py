"""Readable, diff-friendly dumps of an instance tree.

One instance per line, indented by depth: ``ClassName "Name"`` followed by its
properties sorted by name as ``Prop=Type(value)``, where ``value`` is the compact explicit
JSON form. Golden tests compare these dumps, and ``dsm inspect`` prints them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from dsm.dom import explicit
from dsm.dom import values as v
from dsm.dom.instance import Instance


def _ref_namer(roots: Iterable[Instance]) -> explicit.RefNamer:
    paths: dict[int, str] = {}
    for root in roots:
        for node in root.walk():
            paths[id(node)] = node.full_name()

    def name(target: Instance | None) -> Any:
        if target is None:
            return None
        return paths.get(id(target), f"<outside {target.name}>")

    return name


def format_value(value: v.Variant, ref_name: explicit.RefNamer, limit: int | None = None) -> str:
    text = json.dumps(explicit.encode_inner(value, ref_name), ensure_ascii=False, separators=(",", ":"))
    if limit is not None and len(text) > limit:
        text = f"{text[:limit]}… ({len(text)} chars)"
    return f"{v.type_name(value)}({text})"


def dump_lines(roots: Iterable[Instance], *, limit: int | None = None) -> list[str]:
    """The dump as lines; ``limit`` shortens long values (``None`` keeps them whole)."""
    roots = list(roots)
    ref_name = _ref_namer(roots)
    lines: list[str] = []

    def visit(node: Instance, depth: int) -> None:
        props = " ".join(
            f"{key}={format_value(node.properties[key], ref_name, limit)}" for key in sorted(node.properties)
        )
        head = f"{'  ' * depth}{node.class_name} {json.dumps(node.name, ensure_ascii=False)}"
        lines.append(f"{head} {props}" if props else head)
        for child in node.children:
            visit(child, depth + 1)

    for root in roots:
        visit(root, 0)
    return lines


def dump(roots: Iterable[Instance], *, limit: int | None = None) -> str:
    return "\n".join(dump_lines(roots, limit=limit)) + "\n"


def to_json(roots: Iterable[Instance]) -> list[dict[str, Any]]:
    """The tree as nested JSON objects with explicit-form properties."""
    roots = list(roots)
    ref_name = _ref_namer(roots)

    def convert(node: Instance) -> dict[str, Any]:
        return {
            "name": node.name,
            "className": node.class_name,
            "properties": {key: explicit.encode(node.properties[key], ref_name) for key in sorted(node.properties)},
            "children": [convert(child) for child in node.children],
        }

    return [convert(root) for root in roots]
