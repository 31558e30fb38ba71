"""Paints a draw list with Pillow, entry by entry in paint order.

Each object is painted into a layer of its own (background, border, image placeholder,
text), multiplied by its UIGradient, given its border strokes, faded by any CanvasGroup
around it, cut to its clip rectangle and composited onto the picture. Boxes are snapped to
whole pixels as Roblox draws them.

- Borders (BorderSizePixel, BorderColor3) take the background's transparency and sit
  outside the box (Outline), across its edge (Middle) or inside it (Inset).
- UICorner rounds the background and border strokes; UIStroke draws around the box
  (Border: Outer, Center or Inner) or around the glyphs (Contextual, on text).
- Text is drawn line by line as the runtime broke it, with the bundled font for its face;
  a line is TextSize pixels tall. TextStrokeTransparency below 1 outlines it by a pixel.
- Images are not fetched: an image is drawn as a thin grey frame with its diagonals over
  the exact area it would cover, tinted by nothing and showing nothing made up.
- Rotation is not applied: rotated objects are drawn upright.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw

from dsm.snapshot import fonts, gradient, shapes
from dsm.snapshot.drawlist import RGB, Border, Clip, Entry, Gradient, ObjectEntry, ScrollBars, Stroke, Text

RGBA = tuple[int, int, int, int]

# The placeholder frame of an image: a neutral grey at 60 % opacity.
PLACEHOLDER_GREY: RGB = (0.5, 0.5, 0.5)
PLACEHOLDER_OPACITY = 0.6


def _snap(value: float) -> int:
    return math.floor(value + 0.5)


def _byte(part: float) -> int:
    return max(0, min(255, _snap(part * 255)))


@dataclass(frozen=True)
class _Layer:
    """A rectangle of the picture an entry paints into: ``image`` sits at ``left, top``."""

    image: Image.Image
    left: int
    top: int

    def local(self, left: float, top: float, right: float, bottom: float) -> shapes.Bounds:
        return left - self.left, top - self.top, right - self.left, bottom - self.top

    def fill(self, mask: Image.Image, colour: RGB, opacity: float) -> None:
        """Paints ``colour`` where ``mask`` covers, at ``opacity`` (0-1)."""
        if opacity <= 0:
            return
        solid = Image.new("RGBA", self.image.size, (_byte(colour[0]), _byte(colour[1]), _byte(colour[2]), 0))
        alpha = mask if opacity >= 1 else mask.point(lambda value: _snap(value * opacity))
        solid.putalpha(alpha)
        self.image.alpha_composite(solid)


class Painter:
    """A picture of ``width`` x ``height`` pixels, filled with ``background`` (RGBA 0-255)."""

    def __init__(self, width: int, height: int, background: RGBA = (0, 0, 0, 0)) -> None:
        self.picture = Image.new("RGBA", (width, height), background)

    def paint(self, entries: list[Entry]) -> Image.Image:
        for entry in entries:
            if isinstance(entry, ScrollBars):
                self._scroll_bars(entry)
            else:
                self._object(entry)
        return self.picture

    # Layers --------------------------------------------------------------------------------

    def _bounds(self, clip: Clip, wanted: tuple[float, float, float, float]) -> tuple[int, int, int, int] | None:
        """The pixels of ``wanted`` inside ``clip`` and the picture, or None when there are none."""
        left = max(_snap(clip[0]), math.floor(wanted[0]), 0)
        top = max(_snap(clip[1]), math.floor(wanted[1]), 0)
        right = min(_snap(clip[2]), math.ceil(wanted[2]), self.picture.width)
        bottom = min(_snap(clip[3]), math.ceil(wanted[3]), self.picture.height)
        if right <= left or bottom <= top:
            return None
        return left, top, right, bottom

    def _composite(self, layer: _Layer, opacity: float) -> None:
        image = layer.image
        if opacity < 1:
            faded = image.getchannel("A").point(lambda value: _snap(value * max(0.0, opacity)))
            image.putalpha(faded)
        self.picture.alpha_composite(image, (layer.left, layer.top))

    # Scroll bars ---------------------------------------------------------------------------

    def _scroll_bars(self, entry: ScrollBars) -> None:
        for x, y, width, height in entry.bars:
            bounds = self._bounds(entry.clip, (x, y, x + width, y + height))
            if bounds is None:
                continue
            left, top, right, bottom = bounds
            layer = _Layer(Image.new("RGBA", (right - left, bottom - top)), left, top)
            box = layer.local(_snap(x), _snap(y), _snap(x + width), _snap(y + height))
            layer.fill(shapes.box(layer.image.size, box), entry.color, 1 - entry.transparency)
            self._composite(layer, entry.opacity)

    # Objects -------------------------------------------------------------------------------

    def _object(self, entry: ObjectEntry) -> None:
        x, y, width, height = entry.rect
        box = (_snap(x), _snap(y), _snap(x + width), _snap(y + height))
        margin = 1.0
        if entry.border:
            margin += entry.border.size
        for stroke in entry.strokes:
            margin += math.ceil(stroke.thickness)
        wanted = (box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)
        if entry.text and entry.text.lines:
            wanted = _union(wanted, _text_extent(entry.text, margin))
        bounds = self._bounds(entry.clip, wanted)
        if bounds is None:
            return
        left, top, right, bottom = bounds
        layer = _Layer(Image.new("RGBA", (right - left, bottom - top)), left, top)
        self._fill(layer, entry, box)
        if entry.gradient:
            _multiply(layer, entry.gradient, box)
        for stroke in entry.strokes:
            if stroke.target == "border":
                _border_stroke(layer, stroke, box, entry.corner or 0.0)
        self._composite(layer, entry.opacity)

    def _fill(self, layer: _Layer, entry: ObjectEntry, box: tuple[int, int, int, int]) -> None:
        radius = entry.corner or 0.0
        local = layer.local(*box)
        if entry.background:
            opacity = 1 - entry.background.transparency
            layer.fill(shapes.box(layer.image.size, local, radius), entry.background.color, opacity)
            if entry.border:
                _border(layer, entry.border, opacity, local)
        if entry.image:
            opacity = PLACEHOLDER_OPACITY * (1 - entry.image.transparency)
            layer.fill(shapes.cross(layer.image.size, local), PLACEHOLDER_GREY, opacity)
        if entry.text and entry.text.lines:
            text_strokes = [stroke for stroke in entry.strokes if stroke.target == "text"]
            _text(layer, entry.text, text_strokes)


def _union(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def _border(layer: _Layer, border: Border, opacity: float, box: shapes.Bounds) -> None:
    size, mode, colour = border.size, border.mode, border.color
    outside = {"Outline": float(size), "Middle": size / 2, "Inset": 0.0}.get(mode, float(size))
    inside = size - outside
    left, top, right, bottom = box
    outer = (left - outside, top - outside, right + outside, bottom + outside)
    inner = (left + inside, top + inside, right - inside, bottom - inside)
    layer.fill(shapes.ring(layer.image.size, outer, inner, 0, 0), colour, opacity)


def _border_stroke(layer: _Layer, stroke: Stroke, box: tuple[int, int, int, int], radius: float) -> None:
    thickness = stroke.thickness
    outside = {"Outer": thickness, "Center": thickness / 2, "Inner": 0.0}.get(stroke.position, thickness)
    inside = thickness - outside
    left, top, right, bottom = layer.local(*box)
    outer = (left - outside, top - outside, right + outside, bottom + outside)
    inner = (left + inside, top + inside, right - inside, bottom - inside)
    mask = shapes.ring(layer.image.size, outer, inner, radius + outside if radius else 0, max(0.0, radius - inside))
    if stroke.gradient is None:
        layer.fill(mask, stroke.color, 1 - stroke.transparency)
        return
    painted = _Layer(Image.new("RGBA", layer.image.size), layer.left, layer.top)
    painted.fill(mask, stroke.color, 1 - stroke.transparency)
    _multiply(painted, stroke.gradient, box)
    layer.image.alpha_composite(painted.image)


def _multiply(layer: _Layer, tinted: Gradient, box: tuple[int, int, int, int]) -> None:
    """Multiplies the layer by the gradient of the object whose box is ``box``."""
    tint = gradient.image(
        tinted, (box[2] - box[0], box[3] - box[1]), layer.image.size, (layer.left - box[0], layer.top - box[1])
    )
    layer.image.paste(ImageChops.multiply(layer.image, tint))


def _line_layout(text: Text) -> tuple[fonts.SizedFont, list[tuple[str, float, float]]]:
    """The font and each line's left edge and top, as Roblox aligns them in the text area."""
    sized = fonts.sized(fonts.face_for(text.family, text.weight, text.style), text.size)
    area_x, area_y, area_w, area_h = text.area
    block = len(text.lines) * text.size
    share = {"Top": 0.0, "Center": 0.5, "Bottom": 1.0}.get(text.y_alignment, 0.5)
    top = area_y + (area_h - block) * share
    placed = []
    for index, line in enumerate(text.lines):
        width = sized.width(line)
        x_share = {"Left": 0.0, "Center": 0.5, "Right": 1.0}.get(text.x_alignment, 0.5)
        placed.append((line, area_x + (area_w - width) * x_share, top + index * text.size))
    return sized, placed


def _text_extent(text: Text, margin: float) -> tuple[float, float, float, float]:
    sized, placed = _line_layout(text)
    left = min(x for _, x, _ in placed) - margin
    right = max(x + sized.width(line) for line, x, _ in placed) + margin
    top = placed[0][2] - margin
    bottom = placed[-1][2] + text.size + margin
    return left, top, right, bottom


def _glyph_mask(layer: _Layer, text: Text, placed: list[tuple[str, float, float]], stroke: int) -> Image.Image:
    """Coverage of the text's glyphs (grown by ``stroke`` pixels), drawn at four times the size
    and scaled down: glyphs land at their fractional positions, as measured, with little
    distortion from hinting.
    """
    scale = shapes.SUPERSAMPLE
    sized = fonts.sized(fonts.face_for(text.family, text.weight, text.style), text.size * scale)
    width, height = layer.image.size
    mask = Image.new("L", (width * scale, height * scale), 0)
    draw = ImageDraw.Draw(mask)
    for line, x, top in placed:
        origin = ((x - layer.left) * scale, (top - layer.top) * scale + sized.ascent)
        draw.text(
            origin, line, fill=255, font=sized.font, anchor="ls", stroke_width=stroke * scale, features=sized.features
        )
    return mask.reduce(scale)


def _text(layer: _Layer, text: Text, strokes: list[Stroke]) -> None:
    _, placed = _line_layout(text)
    for stroke in strokes:
        layer.fill(
            _glyph_mask(layer, text, placed, max(1, _snap(stroke.thickness))), stroke.color, 1 - stroke.transparency
        )
    if text.stroke_transparency < 1:
        layer.fill(_glyph_mask(layer, text, placed, 1), text.stroke_color, 1 - text.stroke_transparency)
    layer.fill(_glyph_mask(layer, text, placed, 0), text.color, 1 - text.transparency)
