"""Roblox property values, one frozen class per rbx-dom variant type.

Class names are rbx-dom's type names, the same keys the explicit JSON form of a
property uses (``{"Vector3": [1, 2, 3]}``), so a value's type is ``type(v).__name__``.
Float32 and Float64 are kept apart because the file formats store them differently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from dsm.dom.instance import Instance


@dataclass(frozen=True, slots=True)
class String:
    value: str


@dataclass(frozen=True, slots=True)
class BinaryString:
    value: bytes


@dataclass(frozen=True, slots=True)
class Bool:
    value: bool


@dataclass(frozen=True, slots=True)
class Int32:
    value: int


@dataclass(frozen=True, slots=True)
class Int64:
    value: int


@dataclass(frozen=True, slots=True)
class Float32:
    value: float


@dataclass(frozen=True, slots=True)
class Float64:
    value: float


@dataclass(frozen=True, slots=True)
class Enum:
    """An enum property: only the item's number is stored in files."""

    value: int


@dataclass(frozen=True, slots=True)
class EnumItem:
    """An enum value that carries its enum's name (attributes store both)."""

    enum_type: str
    value: int


@dataclass(frozen=True, slots=True)
class ContentId:
    value: str


@dataclass(frozen=True, slots=True)
class Content:
    """The 2024 Content type: nothing, a URI, or a reference to an object."""

    kind: Literal["None", "Uri", "Object"] = "None"
    uri: str = ""
    target: Instance | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class UDim:
    scale: float
    offset: int


@dataclass(frozen=True, slots=True)
class UDim2:
    x: UDim
    y: UDim


@dataclass(frozen=True, slots=True)
class Vector2:
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Vector3:
    x: float
    y: float
    z: float


@dataclass(frozen=True, slots=True)
class Vector2int16:
    x: int
    y: int


@dataclass(frozen=True, slots=True)
class Vector3int16:
    x: int
    y: int
    z: int


@dataclass(frozen=True, slots=True)
class Color3:
    r: float
    g: float
    b: float


@dataclass(frozen=True, slots=True)
class Color3uint8:
    r: int
    g: int
    b: int


@dataclass(frozen=True, slots=True)
class BrickColor:
    value: int


IDENTITY: tuple[float, ...] = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0)


@dataclass(frozen=True, slots=True)
class CFrame:
    """Position plus a row-major 3x3 rotation matrix."""

    position: Vector3 = Vector3(0.0, 0.0, 0.0)
    orientation: tuple[float, ...] = IDENTITY


@dataclass(frozen=True, slots=True)
class OptionalCFrame:
    value: CFrame | None


@dataclass(frozen=True, slots=True)
class Ray:
    origin: Vector3
    direction: Vector3


@dataclass(frozen=True, slots=True)
class Region3:
    min: Vector3
    max: Vector3


@dataclass(frozen=True, slots=True)
class Region3int16:
    min: Vector3int16
    max: Vector3int16


@dataclass(frozen=True, slots=True)
class Rect:
    min: Vector2
    max: Vector2


@dataclass(frozen=True, slots=True)
class NumberRange:
    min: float
    max: float


@dataclass(frozen=True, slots=True)
class NumberSequenceKeypoint:
    time: float
    value: float
    envelope: float = 0.0


@dataclass(frozen=True, slots=True)
class NumberSequence:
    keypoints: tuple[NumberSequenceKeypoint, ...]


@dataclass(frozen=True, slots=True)
class ColorSequenceKeypoint:
    time: float
    color: Color3
    envelope: float = 0.0


@dataclass(frozen=True, slots=True)
class ColorSequence:
    keypoints: tuple[ColorSequenceKeypoint, ...]


FACE_NAMES: tuple[str, ...] = ("Right", "Top", "Back", "Left", "Bottom", "Front")
AXIS_NAMES: tuple[str, ...] = ("X", "Y", "Z")


@dataclass(frozen=True, slots=True)
class Faces:
    """Bit set over FACE_NAMES (bit 0 is Right)."""

    bits: int


@dataclass(frozen=True, slots=True)
class Axes:
    """Bit set over AXIS_NAMES (bit 0 is X)."""

    bits: int


@dataclass(frozen=True, slots=True)
class PhysicalProperties:
    """Custom physical properties; ``None`` fields mean the part uses its material's."""

    custom: bool = False
    density: float = 0.0
    friction: float = 0.0
    elasticity: float = 0.0
    friction_weight: float = 0.0
    elasticity_weight: float = 0.0
    acoustic_absorption: float | None = None


@dataclass(frozen=True, slots=True)
class Font:
    family: str
    weight: int = 400
    style: Literal["Normal", "Italic"] = "Normal"
    cached_face_id: str | None = None


FONT_WEIGHTS: dict[str, int] = {
    "Thin": 100,
    "ExtraLight": 200,
    "Light": 300,
    "Regular": 400,
    "Medium": 500,
    "SemiBold": 600,
    "Bold": 700,
    "ExtraBold": 800,
    "Heavy": 900,
}


@dataclass(frozen=True, slots=True)
class SharedString:
    """Bytes shared between instances through the file's SSTR table."""

    value: bytes


@dataclass(frozen=True, slots=True)
class UniqueId:
    """Fields in XML order: random (64 bits), time (32), index (32)."""

    random: int
    time: int
    index: int

    def hex(self) -> str:
        return f"{self.random:016x}{self.time:08x}{self.index:08x}"

    @classmethod
    def from_hex(cls, text: str) -> UniqueId:
        return cls(int(text[:16], 16), int(text[16:24], 16), int(text[24:32], 16))


@dataclass(frozen=True, slots=True)
class Tags:
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Attributes:
    """Attribute name -> value; kept sorted by name, which is how files store them."""

    entries: tuple[tuple[str, Variant], ...] = ()

    @classmethod
    def from_dict(cls, mapping: dict[str, Variant]) -> Attributes:
        return cls(tuple(sorted(mapping.items(), key=lambda item: item[0].encode())))

    def as_dict(self) -> dict[str, Variant]:
        return dict(self.entries)


@dataclass(frozen=True, slots=True)
class MaterialColors:
    """Terrain material -> RGB, in the file's fixed material order."""

    colors: tuple[tuple[str, tuple[int, int, int]], ...]


@dataclass(frozen=True, slots=True)
class SecurityCapabilities:
    value: int


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to another instance of the same tree, or nil."""

    target: Instance | None = field(default=None, compare=False)

    # Identity, not structure: two refs are equal when they point at the same object.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ref) and other.target is self.target

    def __hash__(self) -> int:
        return id(self.target)


Variant = (
    String
    | BinaryString
    | Bool
    | Int32
    | Int64
    | Float32
    | Float64
    | Enum
    | EnumItem
    | ContentId
    | Content
    | UDim
    | UDim2
    | Vector2
    | Vector3
    | Vector2int16
    | Vector3int16
    | Color3
    | Color3uint8
    | BrickColor
    | CFrame
    | OptionalCFrame
    | Ray
    | Region3
    | Region3int16
    | Rect
    | NumberRange
    | NumberSequence
    | ColorSequence
    | Faces
    | Axes
    | PhysicalProperties
    | Font
    | SharedString
    | UniqueId
    | Tags
    | Attributes
    | MaterialColors
    | SecurityCapabilities
    | Ref
)

VARIANT_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        String,
        BinaryString,
        Bool,
        Int32,
        Int64,
        Float32,
        Float64,
        Enum,
        EnumItem,
        ContentId,
        Content,
        UDim,
        UDim2,
        Vector2,
        Vector3,
        Vector2int16,
        Vector3int16,
        Color3,
        Color3uint8,
        BrickColor,
        CFrame,
        OptionalCFrame,
        Ray,
        Region3,
        Region3int16,
        Rect,
        NumberRange,
        NumberSequence,
        ColorSequence,
        Faces,
        Axes,
        PhysicalProperties,
        Font,
        SharedString,
        UniqueId,
        Tags,
        Attributes,
        MaterialColors,
        SecurityCapabilities,
        Ref,
    )
}


def type_name(value: Variant) -> str:
    """rbx-dom's name for the value's type, e.g. ``"Float32"``."""
    return type(value).__name__
