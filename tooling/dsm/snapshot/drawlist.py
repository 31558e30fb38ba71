"""The draw list ``Layout/DrawList.luau`` exports, as typed Python values.

Coordinates are pixels from the rendered root's top-left corner; colours are 0-1 RGB;
transparencies follow Roblox (0 opaque, 1 invisible).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

RGB = tuple[float, float, float]
Box = tuple[float, float, float, float]  # x, y, width, height
Clip = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True)
class Gradient:
    colors: tuple[tuple[float, RGB], ...]  # (time, colour)
    transparency: tuple[tuple[float, float], ...]  # (time, transparency)
    rotation: float
    offset: tuple[float, float]


@dataclass(frozen=True)
class Stroke:
    target: str  # "border" or "text"
    thickness: float
    color: RGB
    transparency: float
    position: str  # BorderStrokePosition: Outer, Center, Inner
    gradient: Gradient | None


@dataclass(frozen=True)
class Background:
    color: RGB
    transparency: float


@dataclass(frozen=True)
class Border:
    size: int
    color: RGB
    mode: str  # BorderMode: Outline, Middle, Inset


@dataclass(frozen=True)
class Text:
    lines: tuple[str, ...]
    size: float
    family: str
    weight: int
    style: str
    color: RGB
    transparency: float
    stroke_color: RGB
    stroke_transparency: float
    x_alignment: str
    y_alignment: str
    area: Box


@dataclass(frozen=True)
class Image:
    content: str
    color: RGB
    transparency: float


@dataclass(frozen=True)
class ObjectEntry:
    path: str
    class_name: str
    rect: Box
    clip: Clip
    opacity: float
    rotation: float
    corner: float | None
    background: Background | None
    border: Border | None
    text: Text | None
    image: Image | None
    gradient: Gradient | None
    strokes: tuple[Stroke, ...]


@dataclass(frozen=True)
class ScrollBars:
    path: str
    bars: tuple[Box, ...]
    clip: Clip
    opacity: float
    color: RGB
    transparency: float


Entry = ObjectEntry | ScrollBars


def _rgb(value: Any) -> RGB:
    red, green, blue = (float(part) for part in value)
    return red, green, blue


def _four(value: Any) -> tuple[float, float, float, float]:
    a, b, c, d = (float(part) for part in value)
    return a, b, c, d


def _gradient(value: Any) -> Gradient | None:
    if not value:
        return None
    return Gradient(
        colors=tuple((float(item[0]), _rgb(item[1:4])) for item in value["colors"]),
        transparency=tuple((float(item[0]), float(item[1])) for item in value["transparency"]),
        rotation=float(value["rotation"]),
        offset=(float(value["offsetX"]), float(value["offsetY"])),
    )


def _text(value: Any) -> Text | None:
    if not value:
        return None
    lines = value.get("lines") or []
    return Text(
        lines=tuple(str(line) for line in (lines if isinstance(lines, list) else [])),
        size=float(value["size"]),
        family=str(value["family"]),
        weight=int(value["weight"]),
        style=str(value["style"]),
        color=_rgb(value["color"]),
        transparency=float(value["transparency"]),
        stroke_color=_rgb(value["strokeColor"]),
        stroke_transparency=float(value["strokeTransparency"]),
        x_alignment=str(value["xAlignment"]),
        y_alignment=str(value["yAlignment"]),
        area=_four(value["area"]),
    )


def _object(value: dict[str, Any]) -> ObjectEntry:
    background = value.get("background")
    border = value.get("border")
    image = value.get("image")
    strokes = value.get("strokes") or []
    return ObjectEntry(
        path=str(value["path"]),
        class_name=str(value["class"]),
        rect=_four(value["rect"]),
        clip=_four(value["clip"]),
        opacity=float(value["opacity"]),
        rotation=float(value["rotation"]),
        corner=float(value["corner"]) if value.get("corner") is not None else None,
        background=Background(_rgb(background["color"]), float(background["transparency"])) if background else None,
        border=Border(int(border["size"]), _rgb(border["color"]), str(border["mode"])) if border else None,
        text=_text(value.get("text")),
        image=Image(str(image["content"]), _rgb(image["color"]), float(image["transparency"])) if image else None,
        gradient=_gradient(value.get("gradient")),
        strokes=tuple(
            Stroke(
                target=str(stroke["target"]),
                thickness=float(stroke["thickness"]),
                color=_rgb(stroke["color"]),
                transparency=float(stroke["transparency"]),
                position=str(stroke["position"]),
                gradient=_gradient(stroke.get("gradient")),
            )
            for stroke in strokes
        ),
    )


def parse(raw: Any) -> list[Entry]:
    """The entries of a draw list as ``from_lua`` returns it (a list of dicts; {} when empty)."""
    entries: list[Entry] = []
    for value in raw or []:
        if value["kind"] == "scrollbars":
            entries.append(
                ScrollBars(
                    path=str(value["path"]),
                    bars=tuple(_four(bar) for bar in value["bars"]),
                    clip=_four(value["clip"]),
                    opacity=float(value["opacity"]),
                    color=_rgb(value["color"]),
                    transparency=float(value["transparency"]),
                )
            )
        else:
            entries.append(_object(value))
    return entries
