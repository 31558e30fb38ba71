"""The binary format's value type ids, and which property value types each one stores."""

from __future__ import annotations

from dataclasses import dataclass

STRING = 0x01
BOOL = 0x02
INT32 = 0x03
FLOAT32 = 0x04
FLOAT64 = 0x05
UDIM = 0x06
UDIM2 = 0x07
RAY = 0x08
FACES = 0x09
AXES = 0x0A
BRICK_COLOR = 0x0B
COLOR3 = 0x0C
VECTOR2 = 0x0D
VECTOR3 = 0x0E
CFRAME = 0x10
ENUM = 0x12
REF = 0x13
VECTOR3INT16 = 0x14
NUMBER_SEQUENCE = 0x15
COLOR_SEQUENCE = 0x16
NUMBER_RANGE = 0x17
RECT = 0x18
PHYSICAL_PROPERTIES = 0x19
COLOR3UINT8 = 0x1A
INT64 = 0x1B
SHARED_STRING = 0x1C
BYTECODE = 0x1D
OPTIONAL_CFRAME = 0x1E
UNIQUE_ID = 0x1F
FONT = 0x20
SECURITY_CAPABILITIES = 0x21
CONTENT = 0x22

NAMES: dict[int, str] = {
    STRING: "String",
    BOOL: "Bool",
    INT32: "Int32",
    FLOAT32: "Float32",
    FLOAT64: "Float64",
    UDIM: "UDim",
    UDIM2: "UDim2",
    RAY: "Ray",
    FACES: "Faces",
    AXES: "Axes",
    BRICK_COLOR: "BrickColor",
    COLOR3: "Color3",
    VECTOR2: "Vector2",
    VECTOR3: "Vector3",
    CFRAME: "CFrame",
    ENUM: "Enum",
    REF: "Ref",
    VECTOR3INT16: "Vector3int16",
    NUMBER_SEQUENCE: "NumberSequence",
    COLOR_SEQUENCE: "ColorSequence",
    NUMBER_RANGE: "NumberRange",
    RECT: "Rect",
    PHYSICAL_PROPERTIES: "PhysicalProperties",
    COLOR3UINT8: "Color3uint8",
    INT64: "Int64",
    SHARED_STRING: "SharedString",
    BYTECODE: "Bytecode",
    OPTIONAL_CFRAME: "OptionalCFrame",
    UNIQUE_ID: "UniqueId",
    FONT: "Font",
    SECURITY_CAPABILITIES: "SecurityCapabilities",
    CONTENT: "Content",
}

# The binary type each value type is stored as. Several types share the String column.
FOR_VALUE_TYPE: dict[str, int] = {
    **{name: STRING for name in ("String", "BinaryString", "ContentId", "Tags", "Attributes", "MaterialColors")},
    **{name: type_id for type_id, name in NAMES.items() if name not in ("String", "Bytecode")},
    "EnumItem": ENUM,
}


@dataclass(frozen=True)
class ContentObject:
    """A Content value that points at an object, by referent (-1 = none)."""

    referent: int
