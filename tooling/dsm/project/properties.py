"""Property and attribute values from project, meta and model files (Rojo's ``resolution.rs``).

An explicit value (``{"Vector3": [1, 2, 3]}``) is taken as written. An implicit value is shaped
by the property's type in the reflection data, found on the class or a superclass: a number
becomes Float32/Float64/Int32/Int64, a string a String, Content, ContentId or an Enum item by
name, arrays Vector2/Vector3/Color3/CFrame/Tags, objects Attributes/Font/MaterialColors.
Attribute values are implicit only for bool, number (Float64) and string.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable
from typing import Any

from dsm.dom import explicit
from dsm.dom import values as v
from dsm.errors import DsmError
from dsm.project.errors import describe, did_you_mean
from dsm.reflection import PropertyInfo, Reflection

# The value types the attribute blob can hold (formats/attributes.py).
ATTRIBUTE_TYPES = frozenset(
    {
        "String",
        "Bool",
        "Int32",
        "Float32",
        "Float64",
        "UDim",
        "UDim2",
        "BrickColor",
        "Color3",
        "Vector2",
        "Vector3",
        "CFrame",
        "EnumItem",
        "NumberSequence",
        "ColorSequence",
        "NumberRange",
        "Rect",
        "Font",
    }
)

_PACK_F32 = struct.Struct("<f")


class Unresolvable(Exception):
    """A value that does not fit; the caller adds the file and line. ``key`` names the attribute."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


def f32(number: float) -> float:
    """Round to the nearest float32, as Rust's ``as f32`` does (overflow gives infinity)."""
    try:
        return float(_PACK_F32.unpack(_PACK_F32.pack(number))[0])
    except OverflowError:
        return math.copysign(math.inf, number)


def _int_cast(number: float, bits: int) -> int:
    """Rust's saturating ``as i32``/``as i64``: truncate toward zero, clamp to the range."""
    low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    if math.isnan(number):
        return 0
    if math.isinf(number):
        return high if number > 0 else low
    return max(low, min(high, int(number)))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _numbers(value: Any, count: int) -> list[float] | None:
    if isinstance(value, list) and len(value) == count and all(_is_number(item) for item in value):
        return [float(item) for item in value]
    return None


_EXPECTS = {
    "Bool": "true or false",
    "Float32": "a number",
    "Float64": "a number",
    "Int32": "a whole number",
    "Int64": "a whole number",
    "String": "a string",
    "Content": "a string (a content URI)",
    "ContentId": "a string (a content URI)",
    "Tags": "an array of strings",
    "Vector2": "an array of 2 numbers",
    "Vector3": "an array of 3 numbers",
    "Color3": "an array of 3 numbers (red, green, blue from 0 to 1)",
    "CFrame": "an array of 12 numbers (position, then the 3 rotation rows)",
    "Attributes": 'an object of attribute name -> explicit value ({"String": "..."})',
    "Font": 'a font object ({"family": "...", "weight": "Bold", "style": "Normal"})',
    "MaterialColors": "an object of terrain material -> [r, g, b]",
}


class PropertyResolver:
    """Resolves values against the reflection data, which it loads on first use and caches."""

    def __init__(self, loader: Callable[[], Reflection] | None = None) -> None:
        self._loader = loader
        self._reflection: Reflection | None = None
        self._found: dict[tuple[str, str], PropertyInfo | None] = {}

    @property
    def reflection(self) -> Reflection:
        if self._reflection is None:
            loader = self._loader
            if loader is None:
                from dsm import reflection

                loader = reflection.load
            try:
                self._reflection = loader()
            except (OSError, ValueError, KeyError) as error:
                raise DsmError(
                    f"the reflection data (classes and properties) cannot be loaded: {error}; reinstall dsm"
                ) from None
        return self._reflection

    def find(self, class_name: str, prop: str) -> PropertyInfo | None:
        key = (class_name, prop)
        if key not in self._found:
            self._found[key] = self.reflection.find_property(class_name, prop)
        return self._found[key]

    def is_service(self, class_name: str) -> bool:
        return self.reflection.is_service(class_name)

    def known_class(self, class_name: str) -> bool:
        return self.reflection.get_class(class_name) is not None

    def class_hint(self, class_name: str) -> str:
        return did_you_mean(class_name, self.reflection.classes)

    def property_names(self, class_name: str) -> list[str]:
        names: list[str] = []
        for owner in self.reflection.ancestry(class_name):
            info = self.reflection.get_class(owner)
            if info is not None:
                names.extend(info.properties)
        return names

    def resolve(self, class_name: str, prop: str, value: Any) -> v.Variant:
        """The value of ``class_name.prop``; raises :class:`Unresolvable` with what is wrong."""
        explicit_problem: str | None = None
        if explicit.is_explicit(value):
            try:
                return explicit.decode(value)
            except (ValueError, OverflowError) as error:  # ExplicitValueError, or a bad hex digit
                explicit_problem = str(error)
        info = self.find(class_name, prop)
        if info is None:
            if explicit_problem:
                raise Unresolvable(explicit_problem)
            if not self.known_class(class_name):
                raise Unresolvable(
                    f'"{class_name}" is not a class in the reflection data{self.class_hint(class_name)}, '
                    f'so "{prop}" needs an explicit value such as {{"String": ...}}'
                )
            hint = did_you_mean(prop, self.property_names(class_name))
            raise Unresolvable(f'{class_name} has no property "{prop}"{hint}')
        try:
            return self._implicit(class_name, info, value)
        except Unresolvable:
            if explicit_problem:
                raise Unresolvable(explicit_problem) from None
            raise
        except OverflowError:
            raise Unresolvable(f"{class_name}.{prop}: the number {describe(value)} is out of range") from None

    def _implicit(self, class_name: str, info: PropertyInfo, value: Any) -> v.Variant:  # noqa: C901, PLR0911, PLR0912
        kind = info.data_type
        if kind == "Enum":
            return self._enum(class_name, info, value)
        if kind == "Bool" and isinstance(value, bool):
            return v.Bool(value)
        if _is_number(value):
            number = float(value)
            if kind == "Float32":
                return v.Float32(f32(number))
            if kind == "Float64":
                return v.Float64(number)
            if kind == "Int32":
                return v.Int32(_int_cast(number, 32))
            if kind == "Int64":
                return v.Int64(_int_cast(number, 64))
        if isinstance(value, str):
            if kind == "String":
                return v.String(value)
            if kind == "Content":
                return v.Content("Uri", value)
            if kind == "ContentId":
                return v.ContentId(value)
        if isinstance(value, list):
            if kind == "Tags" and all(isinstance(item, str) for item in value):
                return v.Tags(tuple(value))
            if kind == "Vector2" and (numbers := _numbers(value, 2)):
                return v.Vector2(*map(f32, numbers))
            if kind in ("Vector3", "Color3") and (numbers := _numbers(value, 3)):
                x, y, z = map(f32, numbers)
                return v.Vector3(x, y, z) if kind == "Vector3" else v.Color3(x, y, z)
            if kind == "CFrame" and (numbers := _numbers(value, 12)):
                parts = [f32(n) for n in numbers]
                return v.CFrame(v.Vector3(*parts[:3]), tuple(parts[3:]))
        if isinstance(value, dict) and kind in ("Attributes", "Font", "MaterialColors"):
            if kind == "Attributes":
                return attributes(value)
            try:
                return explicit.decode({kind: value})
            except (ValueError, OverflowError) as error:
                raise Unresolvable(f"{class_name}.{info.name}: {error}") from None
        raise Unresolvable(self._mismatch(class_name, info, value))

    def _enum(self, class_name: str, info: PropertyInfo, value: Any) -> v.Variant:
        items = self.reflection.enum_items(info.enum or "") or {}
        if isinstance(value, str) and value in items:
            return v.Enum(items[value])
        names = sorted(items)
        examples = ", ".join(f'"{name}"' for name in names[:3]) + (" ..." if len(names) > 3 else "")
        hint = did_you_mean(value, names) if isinstance(value, str) else ""
        raise Unresolvable(
            f"{class_name}.{info.name} expects an Enum.{info.enum} item name such as {examples}, "
            f"got {describe(value)}{hint}"
        )

    @staticmethod
    def _mismatch(class_name: str, info: PropertyInfo, value: Any) -> str:
        kind = info.data_type
        if kind == "Ref":
            return (
                f"{class_name}.{info.name} is a reference and cannot be written as a value; give the target "
                f'an id ("$id", or "id" in a meta/model file) and add the attribute '
                f'"Rojo_Target_{info.name}" with that id'
            )
        expected = _EXPECTS.get(kind)
        if expected is None:
            return (
                f"{class_name}.{info.name} is a {kind}; write it in explicit form, "
                f'{{"{kind}": ...}}, got {describe(value)}'
            )
        return f"{class_name}.{info.name} expects {expected}, got {describe(value)}"


def attribute(value: Any) -> v.Variant:
    """One attribute: bool, number (Float64) and string are implicit, the rest explicit."""
    if isinstance(value, bool):
        return v.Bool(value)
    if _is_number(value):
        try:
            return v.Float64(float(value))
        except OverflowError:
            raise Unresolvable(f"the number {describe(value)} is out of range") from None
    if isinstance(value, str):
        return v.String(value)
    if isinstance(value, dict):
        try:
            resolved = explicit.decode(value)
        except (ValueError, OverflowError) as error:
            raise Unresolvable(str(error)) from None
        kind = v.type_name(resolved)
        if kind not in ATTRIBUTE_TYPES:
            raise Unresolvable(
                f"a {kind} cannot be stored as an attribute; attributes hold {', '.join(sorted(ATTRIBUTE_TYPES))}"
            )
        return resolved
    raise Unresolvable(
        f"attribute values are true/false, numbers and strings, or explicit values such as "
        f'{{"Vector3": [1, 2, 3]}}; got {describe(value)}'
    )


def attributes(raw: dict[str, Any]) -> v.Attributes:
    values: dict[str, v.Variant] = {}
    for name, value in raw.items():
        try:
            values[name] = attribute(value)
        except Unresolvable as error:
            raise Unresolvable(str(error), key=name) from None
    return v.Attributes.from_dict(values)
