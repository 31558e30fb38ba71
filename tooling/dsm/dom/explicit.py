"""The explicit JSON form of property values: ``{"Vector3": [1, 2, 3]}``.

Rojo project files accept this form in ``$properties`` and ``$attributes``, rbx-dom's
reflection database uses it for defaults, and ``dsm inspect --json`` prints it. Parsing
raises :class:`ExplicitValueError` with a message that names what was wrong; callers add
the file and key.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from typing import Any

from dsm.dom import values as v
from dsm.dom.instance import Instance

JsonValue = Any


class ExplicitValueError(ValueError):
    pass


def _fail(type_name: str, expected: str, got: JsonValue) -> ExplicitValueError:
    return ExplicitValueError(f"a {type_name} value must be {expected}, got {_describe(got)}")


def _describe(value: JsonValue) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:57] + "..."


def _number(type_name: str, value: JsonValue) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(type_name, "a number", value)
    return float(value)


def _integer(type_name: str, value: JsonValue) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise _fail(type_name, "an integer", value)
    return int(value)


def _numbers(type_name: str, value: JsonValue, count: int) -> list[float]:
    if not isinstance(value, list) or len(value) != count:
        raise _fail(type_name, f"an array of {count} numbers", value)
    return [_number(type_name, item) for item in value]


def _integers(type_name: str, value: JsonValue, count: int) -> list[int]:
    if not isinstance(value, list) or len(value) != count:
        raise _fail(type_name, f"an array of {count} integers", value)
    return [_integer(type_name, item) for item in value]


def _vector3(type_name: str, value: JsonValue) -> v.Vector3:
    return v.Vector3(*_numbers(type_name, value, 3))


def _cframe(type_name: str, value: JsonValue) -> v.CFrame:
    if not isinstance(value, dict) or set(value) != {"position", "orientation"}:
        raise _fail(type_name, 'an object with "position" and "orientation"', value)
    rows = value["orientation"]
    if not isinstance(rows, list) or len(rows) != 3:
        raise _fail(type_name, "an orientation of 3 rows of 3 numbers", rows)
    matrix = [n for row in rows for n in _numbers(type_name, row, 3)]
    return v.CFrame(_vector3(type_name, value["position"]), tuple(matrix))


def _font(value: JsonValue) -> v.Font:
    if not isinstance(value, dict) or "family" not in value:
        raise _fail("Font", 'an object with "family"', value)
    unknown = set(value) - {"family", "weight", "style", "cachedFaceId"}
    if unknown:
        raise _fail("Font", "family, weight, style and cachedFaceId only", sorted(unknown))
    weight = value.get("weight", "Regular")
    if isinstance(weight, str):
        if weight not in v.FONT_WEIGHTS:
            raise _fail("Font", f"a weight among {', '.join(v.FONT_WEIGHTS)}", weight)
        weight = v.FONT_WEIGHTS[weight]
    style = value.get("style", "Normal")
    if style not in ("Normal", "Italic"):
        raise _fail("Font", '"Normal" or "Italic" as style', style)
    family = value["family"]
    if not isinstance(family, str):
        raise _fail("Font", "a string family", family)
    cached = value.get("cachedFaceId")
    return v.Font(family, _integer("Font", weight), style, cached)


def _physical(value: JsonValue) -> v.PhysicalProperties:
    if value == "Default":
        return v.PhysicalProperties()
    fields = ("density", "friction", "elasticity", "frictionWeight", "elasticityWeight")
    if not isinstance(value, dict) or not set(fields) <= set(value):
        raise _fail("PhysicalProperties", '"Default" or an object with ' + ", ".join(fields), value)
    density, friction, elasticity, friction_weight, elasticity_weight = (
        _number("PhysicalProperties", value[name]) for name in fields
    )
    absorption = value.get("acousticAbsorption")
    return v.PhysicalProperties(
        True,
        density,
        friction,
        elasticity,
        friction_weight,
        elasticity_weight,
        None if absorption is None else _number("PhysicalProperties", absorption),
    )


def _keypoints(type_name: str, value: JsonValue) -> list[dict[str, Any]]:
    if not isinstance(value, dict) or not isinstance(value.get("keypoints"), list):
        raise _fail(type_name, 'an object with a "keypoints" array', value)
    points: list[dict[str, Any]] = value["keypoints"]
    if not all(isinstance(point, dict) for point in points):
        raise _fail(type_name, "keypoint objects", points)
    return points


def _attributes(value: JsonValue) -> v.Attributes:
    if not isinstance(value, dict):
        raise _fail("Attributes", "an object of name -> explicit value", value)
    return v.Attributes.from_dict({name: decode(item) for name, item in value.items()})


def _bits(type_name: str, value: JsonValue, names: tuple[str, ...]) -> int:
    if not isinstance(value, list) or not all(item in names for item in value):
        raise _fail(type_name, f"an array of {', '.join(names)}", value)
    return sum(1 << names.index(item) for item in set(value))


def _content(value: JsonValue) -> v.Content:
    if value == "None":
        return v.Content()
    if isinstance(value, dict) and set(value) == {"Uri"} and isinstance(value["Uri"], str):
        return v.Content("Uri", value["Uri"])
    raise _fail("Content", '"None" or {"Uri": "..."}', value)


def _string(type_name: str, value: JsonValue) -> str:
    if not isinstance(value, str):
        raise _fail(type_name, "a string", value)
    return value


def _base64(type_name: str, value: JsonValue) -> bytes:
    try:
        return base64.b64decode(_string(type_name, value), validate=True)
    except ValueError:
        raise _fail(type_name, "base64 text", value) from None


_DECODERS: dict[str, Callable[[JsonValue], v.Variant]] = {
    "String": lambda x: v.String(_string("String", x)),
    "BinaryString": lambda x: v.BinaryString(_base64("BinaryString", x)),
    "Bool": lambda x: v.Bool(x) if isinstance(x, bool) else _raise(_fail("Bool", "true or false", x)),
    "Int32": lambda x: v.Int32(_integer("Int32", x)),
    "Int64": lambda x: v.Int64(_integer("Int64", x)),
    "Float32": lambda x: v.Float32(_number("Float32", x)),
    "Float64": lambda x: v.Float64(_number("Float64", x)),
    "Enum": lambda x: v.Enum(_integer("Enum", x)),
    "EnumItem": lambda x: (
        v.EnumItem(_string("EnumItem", x["type"]), _integer("EnumItem", x["value"]))
        if isinstance(x, dict) and set(x) == {"type", "value"}
        else _raise(_fail("EnumItem", '{"type": name, "value": number}', x))
    ),
    "ContentId": lambda x: v.ContentId(_string("ContentId", x)),
    "Content": _content,
    "UDim": lambda x: v.UDim(_numbers("UDim", x, 2)[0], _integer("UDim", x[1])),
    "UDim2": lambda x: (
        v.UDim2(*(v.UDim(_numbers("UDim2", part, 2)[0], _integer("UDim2", part[1])) for part in x))
        if isinstance(x, list) and len(x) == 2
        else _raise(_fail("UDim2", "[[xScale, xOffset], [yScale, yOffset]]", x))
    ),
    "Vector2": lambda x: v.Vector2(*_numbers("Vector2", x, 2)),
    "Vector3": lambda x: _vector3("Vector3", x),
    "Vector2int16": lambda x: v.Vector2int16(*_integers("Vector2int16", x, 2)),
    "Vector3int16": lambda x: v.Vector3int16(*_integers("Vector3int16", x, 3)),
    "Color3": lambda x: v.Color3(*_numbers("Color3", x, 3)),
    "Color3uint8": lambda x: v.Color3uint8(*_integers("Color3uint8", x, 3)),
    "BrickColor": lambda x: v.BrickColor(_integer("BrickColor", x)),
    "CFrame": lambda x: _cframe("CFrame", x),
    "OptionalCFrame": lambda x: v.OptionalCFrame(None if x is None else _cframe("OptionalCFrame", x)),
    "Ray": lambda x: (
        v.Ray(_vector3("Ray", x["origin"]), _vector3("Ray", x["direction"]))
        if isinstance(x, dict) and set(x) == {"origin", "direction"}
        else _raise(_fail("Ray", '{"origin": [...], "direction": [...]}', x))
    ),
    "Region3": lambda x: (
        v.Region3(_vector3("Region3", x[0]), _vector3("Region3", x[1]))
        if isinstance(x, list) and len(x) == 2
        else _raise(_fail("Region3", "[min, max]", x))
    ),
    "Region3int16": lambda x: (
        v.Region3int16(*(v.Vector3int16(*_integers("Region3int16", c, 3)) for c in x))
        if isinstance(x, list) and len(x) == 2
        else _raise(_fail("Region3int16", "[min, max]", x))
    ),
    "Rect": lambda x: (
        v.Rect(v.Vector2(*_numbers("Rect", x[0], 2)), v.Vector2(*_numbers("Rect", x[1], 2)))
        if isinstance(x, list) and len(x) == 2
        else _raise(_fail("Rect", "[[minX, minY], [maxX, maxY]]", x))
    ),
    "NumberRange": lambda x: v.NumberRange(*_numbers("NumberRange", x, 2)),
    "NumberSequence": lambda x: v.NumberSequence(
        tuple(
            v.NumberSequenceKeypoint(
                _number("NumberSequence", p.get("time")),
                _number("NumberSequence", p.get("value")),
                _number("NumberSequence", p.get("envelope", 0)),
            )
            for p in _keypoints("NumberSequence", x)
        )
    ),
    "ColorSequence": lambda x: v.ColorSequence(
        tuple(
            v.ColorSequenceKeypoint(
                _number("ColorSequence", p.get("time")),
                v.Color3(*_numbers("ColorSequence", p.get("color"), 3)),
                _number("ColorSequence", p.get("envelope", 0)),
            )
            for p in _keypoints("ColorSequence", x)
        )
    ),
    "Faces": lambda x: v.Faces(_bits("Faces", x, v.FACE_NAMES)),
    "Axes": lambda x: v.Axes(_bits("Axes", x, v.AXIS_NAMES)),
    "PhysicalProperties": _physical,
    "Font": _font,
    "SharedString": lambda x: v.SharedString(_base64("SharedString", x)),
    "UniqueId": lambda x: v.UniqueId.from_hex(_string("UniqueId", x).rjust(32, "0")),
    "Tags": lambda x: (
        v.Tags(tuple(x))
        if isinstance(x, list) and all(isinstance(t, str) for t in x)
        else _raise(_fail("Tags", "an array of strings", x))
    ),
    "Attributes": _attributes,
    "MaterialColors": lambda x: (
        v.MaterialColors(tuple((name, tuple(_integers("MaterialColors", rgb, 3))) for name, rgb in x.items()))  # type: ignore[misc]
        if isinstance(x, dict)
        else _raise(_fail("MaterialColors", "an object of material -> [r, g, b]", x))
    ),
    "SecurityCapabilities": lambda x: v.SecurityCapabilities(_integer("SecurityCapabilities", x)),
}


def _raise(error: Exception) -> v.Variant:
    raise error


def is_explicit(value: JsonValue) -> bool:
    """True when ``value`` looks like ``{"<Type>": ...}`` with a known type name."""
    return isinstance(value, dict) and len(value) == 1 and next(iter(value)) in _DECODERS


def decode(value: JsonValue) -> v.Variant:
    """Parse one explicit value. Ref cannot be written this way (Rojo links refs by id)."""
    if not isinstance(value, dict) or len(value) != 1:
        raise ExplicitValueError(f'an explicit value must look like {{"Type": value}}, got {_describe(value)}')
    ((type_name, inner),) = value.items()
    decoder = _DECODERS.get(type_name)
    if decoder is None:
        hint = "Ref properties are linked with $id / Rojo_Target_ attributes" if type_name == "Ref" else None
        message = f'unknown value type "{type_name}"'
        raise ExplicitValueError(f"{message}; {hint}" if hint else message)
    try:
        return decoder(inner)
    except (TypeError, KeyError, IndexError) as error:
        raise _fail(type_name, "well-formed", inner) from error


def _float(value: float) -> JsonValue:
    # JSON has no inf/nan; rbx-dom prints them as words.
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def _cframe_json(value: v.CFrame) -> JsonValue:
    m = value.orientation
    return {
        "position": [_float(value.position.x), _float(value.position.y), _float(value.position.z)],
        "orientation": [[_float(n) for n in m[i : i + 3]] for i in (0, 3, 6)],
    }


RefNamer = Callable[[Instance | None], JsonValue]


def _no_ref_names(_target: Instance | None) -> JsonValue:
    return None


def encode(value: v.Variant, ref_name: RefNamer = _no_ref_names) -> JsonValue:
    """The explicit JSON form of ``value``; refs are named by ``ref_name``."""
    return {v.type_name(value): encode_inner(value, ref_name)}


def encode_inner(value: v.Variant, ref_name: RefNamer = _no_ref_names) -> JsonValue:  # noqa: C901, PLR0911, PLR0912
    match value:
        case v.String(text) | v.ContentId(text):
            return text
        case v.BinaryString(data) | v.SharedString(data):
            return base64.b64encode(data).decode()
        case v.Bool(flag):
            return flag
        case v.Int32(n) | v.Int64(n) | v.Enum(n) | v.BrickColor(n) | v.SecurityCapabilities(n):
            return n
        case v.Float32(x) | v.Float64(x):
            return _float(x)
        case v.EnumItem(enum_type, n):
            return {"type": enum_type, "value": n}
        case v.Content(kind, uri, target):
            if kind == "Uri":
                return {"Uri": uri}
            if kind == "Object":
                return {"Object": ref_name(target)}
            return "None"
        case v.UDim(scale, offset):
            return [_float(scale), offset]
        case v.UDim2(x, y):
            return [[_float(x.scale), x.offset], [_float(y.scale), y.offset]]
        case v.Vector2(x, y):
            return [_float(x), _float(y)]
        case v.Vector3(x, y, z) | v.Color3(x, y, z):
            return [_float(x), _float(y), _float(z)]
        case v.Vector2int16(x, y):
            return [x, y]
        case v.Vector3int16(x, y, z) | v.Color3uint8(x, y, z):
            return [x, y, z]
        case v.CFrame():
            return _cframe_json(value)
        case v.OptionalCFrame(inner):
            return None if inner is None else _cframe_json(inner)
        case v.Ray(origin, direction):
            return {"origin": encode_inner(origin), "direction": encode_inner(direction)}
        case v.Region3(lo, hi) | v.Region3int16(lo, hi) | v.Rect(lo, hi):
            return [encode_inner(lo), encode_inner(hi)]
        case v.NumberRange(lo, hi):
            return [_float(lo), _float(hi)]
        case v.NumberSequence(points):
            return {
                "keypoints": [
                    {"time": _float(p.time), "value": _float(p.value), "envelope": _float(p.envelope)} for p in points
                ]
            }
        case v.ColorSequence(points):
            return {"keypoints": [{"time": _float(p.time), "color": encode_inner(p.color)} for p in points]}
        case v.Faces(bits):
            return [name for i, name in enumerate(v.FACE_NAMES) if bits & (1 << i)]
        case v.Axes(bits):
            return [name for i, name in enumerate(v.AXIS_NAMES) if bits & (1 << i)]
        case v.PhysicalProperties(custom=False):
            return "Default"
        case v.PhysicalProperties():
            props: dict[str, JsonValue] = {
                "density": value.density,
                "friction": value.friction,
                "elasticity": value.elasticity,
                "frictionWeight": value.friction_weight,
                "elasticityWeight": value.elasticity_weight,
            }
            if value.acoustic_absorption is not None:
                props["acousticAbsorption"] = value.acoustic_absorption
            return props
        case v.Font(family, weight, style, cached):
            names = {n: w for w, n in v.FONT_WEIGHTS.items()}
            return {"family": family, "weight": names.get(weight, weight), "style": style, "cachedFaceId": cached}
        case v.UniqueId():
            return value.hex()
        case v.Tags(names):
            return list(names)
        case v.Attributes(entries):
            return {name: encode(item, ref_name) for name, item in entries}
        case v.MaterialColors(colors):
            return {name: list(rgb) for name, rgb in colors}
        case v.Ref(target):
            return ref_name(target)
    raise TypeError(f"cannot encode {value!r}")
