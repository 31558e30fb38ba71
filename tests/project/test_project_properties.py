"""Property values: explicit forms as written, implicit forms shaped by the reflection data."""

from __future__ import annotations

from typing import Any

import pytest

from dsm.dom import values as v
from dsm.project.properties import PropertyResolver, Unresolvable, attribute, attributes, f32
from dsm.reflection import ClassInfo, PropertyInfo, Reflection


def _prop(owner: str, name: str, data_type: str, enum: str | None = None) -> PropertyInfo:
    return PropertyInfo(name=name, owner=owner, data_type=data_type, enum=enum, serialized_name=name)


def _tiny() -> Reflection:
    """A reflection with just what these tests need, so they do not follow data updates."""
    props = {
        "Instance": [("Attributes", "Attributes"), ("Tags", "Tags"), ("Name", "String")],
        "Thing": [
            ("Flag", "Bool"),
            ("Single", "Float32"),
            ("Double", "Float64"),
            ("Small", "Int32"),
            ("Big", "Int64"),
            ("Text", "String"),
            ("Image", "ContentId"),
            ("Mesh", "Content"),
            ("Spread", "Vector2"),
            ("Size", "Vector3"),
            ("Tint", "Color3"),
            ("Where", "CFrame"),
            ("Face", "Font"),
            ("Colors", "MaterialColors"),
            ("Target", "Ref"),
            ("Box", "UDim2"),
        ],
    }
    classes = {
        "Instance": ClassInfo(
            "Instance", None, frozenset(), {n: _prop("Instance", n, t) for n, t in props["Instance"]}
        ),
        "Thing": ClassInfo(
            "Thing",
            "Instance",
            frozenset(),
            {n: _prop("Thing", n, t) for n, t in props["Thing"]} | {"Mode": _prop("Thing", "Mode", "Enum", "Mode")},
        ),
    }
    return Reflection(classes, {"Mode": {"Off": 0, "On": 1, "Auto": 2}}, "test")


@pytest.fixture
def resolver() -> PropertyResolver:
    return PropertyResolver(loader=_tiny)


@pytest.mark.parametrize(
    ("prop", "value", "expected"),
    [
        ("Flag", True, v.Bool(True)),
        ("Single", 0.1, v.Float32(f32(0.1))),
        ("Double", 0.1, v.Float64(0.1)),
        ("Small", 2.9, v.Int32(2)),  # Rust `as i32` truncates
        ("Small", -2.9, v.Int32(-2)),
        ("Small", 1e12, v.Int32(2**31 - 1)),  # and saturates
        ("Big", 65, v.Int64(65)),
        ("Text", "hi", v.String("hi")),
        ("Image", "rbxassetid://1", v.ContentId("rbxassetid://1")),
        ("Mesh", "rbxassetid://2", v.Content("Uri", "rbxassetid://2")),
        ("Mode", "Auto", v.Enum(2)),
        ("Spread", [1, 2], v.Vector2(1.0, 2.0)),
        ("Size", [0.1, 2, 3], v.Vector3(f32(0.1), 2.0, 3.0)),
        ("Tint", [1, 0.5, 0], v.Color3(1.0, 0.5, 0.0)),
        ("Tags", ["a", "b"], v.Tags(("a", "b"))),
        ("Tags", [], v.Tags(())),
        ("Box", {"UDim2": [[0.5, 1], [0, 2]]}, v.UDim2(v.UDim(0.5, 1), v.UDim(0.0, 2))),
        ("Unlisted", {"Int32": 7}, v.Int32(7)),  # explicit values skip the lookup
    ],
)
def test_implicit_and_explicit_values(resolver: PropertyResolver, prop: str, value: Any, expected: v.Variant) -> None:
    assert resolver.resolve("Thing", prop, value) == expected


def test_cframe_from_twelve_numbers(resolver: PropertyResolver) -> None:
    value = resolver.resolve("Thing", "Where", [1, 2, 3, 0, 1, 0, 0, 0, 1, 1, 0, 0])
    assert value == v.CFrame(v.Vector3(1.0, 2.0, 3.0), (0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0))


def test_objects_become_attributes_fonts_and_material_colors(resolver: PropertyResolver) -> None:
    assert resolver.resolve("Thing", "Attributes", {"B": {"Bool": True}, "A": 1}) == v.Attributes(
        (("A", v.Float64(1.0)), ("B", v.Bool(True)))
    )
    font = resolver.resolve("Thing", "Face", {"family": "rbxasset://x.json", "weight": "Bold", "style": "Italic"})
    assert font == v.Font("rbxasset://x.json", 700, "Italic", None)
    colors = resolver.resolve("Thing", "Colors", {"Grass": [10, 20, 30]})
    assert colors == v.MaterialColors((("Grass", (10, 20, 30)),))


@pytest.mark.parametrize(
    ("prop", "value", "message"),
    [
        ("Text", 5, "Thing.Text expects a string, got 5"),
        ("Flag", "yes", 'Thing.Flag expects true or false, got "yes"'),
        ("Size", [1, 2], "Thing.Size expects an array of 3 numbers, got [1, 2]"),
        ("Mode", "Aut", 'expects an Enum.Mode item name such as "Auto", "Off", "On", got "Aut" (did you mean "Auto"?)'),
        ("Mode", 1, "expects an Enum.Mode item name"),
        ("Target", "x", "Thing.Target is a reference and cannot be written as a value; give the target an id"),
        ("Box", [1, 2], 'Thing.Box is a UDim2; write it in explicit form, {"UDim2": ...}, got [1, 2]'),
        ("Txt", "x", 'Thing has no property "Txt" (did you mean "Text"?)'),
        ("Size", {"Vector3": [1, 2]}, "a Vector3 value must be an array of 3 numbers, got [1, 2]"),
        ("Text", None, "Thing.Text expects a string, got null"),
    ],
)
def test_mismatches_say_what_was_expected(resolver: PropertyResolver, prop: str, value: Any, message: str) -> None:
    with pytest.raises(Unresolvable) as raised:
        resolver.resolve("Thing", prop, value)
    assert message in str(raised.value)


def test_unknown_class_asks_for_an_explicit_value(resolver: PropertyResolver) -> None:
    with pytest.raises(Unresolvable, match=r'"Thin" is not a class .*did you mean "Thing"'):
        resolver.resolve("Thin", "Text", "x")


def test_superclass_properties_are_found(resolver: PropertyResolver) -> None:
    assert resolver.resolve("Thing", "Tags", ["x"]) == v.Tags(("x",))


def test_reflection_is_loaded_only_when_needed() -> None:
    calls: list[int] = []

    def loader() -> Reflection:
        calls.append(1)
        return _tiny()

    resolver = PropertyResolver(loader=loader)
    assert resolver.resolve("Thing", "Anything", {"Bool": True}) == v.Bool(True)
    assert calls == []
    resolver.resolve("Thing", "Flag", True)
    resolver.resolve("Thing", "Flag", False)
    assert calls == [1]


def test_attribute_values() -> None:
    assert attribute(True) == v.Bool(True)
    assert attribute(3) == v.Float64(3.0)  # numbers are always Float64
    assert attribute("s") == v.String("s")
    assert attribute({"Vector3": [1, 2, 3]}) == v.Vector3(1.0, 2.0, 3.0)
    with pytest.raises(Unresolvable, match="a Tags cannot be stored as an attribute"):
        attribute({"Tags": ["a"]})
    with pytest.raises(Unresolvable, match="attribute values are"):
        attribute([1, 2])
    with pytest.raises(Unresolvable) as raised:
        attributes({"Good": 1, "Bad": None})
    assert raised.value.key == "Bad"


def test_attributes_are_sorted_by_name() -> None:
    assert [name for name, _ in attributes({"b": 1, "a": 2, "B": 3}).entries] == ["B", "a", "b"]


def test_f32_rounds_and_overflows_like_rust() -> None:
    assert f32(0.1) == 0.10000000149011612
    assert f32(1e39) == float("inf")
    assert f32(-1e39) == float("-inf")
