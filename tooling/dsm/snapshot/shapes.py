"""Coverage masks ("L" images, 0-255) of the shapes GUI objects are made of: boxes with or
without rounded corners and the rings between two of them. Rounded shapes are drawn at
four times the size and scaled down, which anti-aliases their curves.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

SUPERSAMPLE = 4

Bounds = tuple[float, float, float, float]  # left, top, right, bottom in layer pixels


def _draw_box(draw: ImageDraw.ImageDraw, bounds: Bounds, radius: float, scale: int, fill: int) -> None:
    left, top, right, bottom = (value * scale for value in bounds)
    if right <= left or bottom <= top:
        return
    # Pillow's right and bottom are inclusive.
    corners = (left, top, right - 1, bottom - 1)
    if radius > 0:
        draw.rounded_rectangle(corners, radius=radius * scale, fill=fill)
    else:
        draw.rectangle(corners, fill=fill)


def box(size: tuple[int, int], bounds: Bounds, radius: float = 0.0) -> Image.Image:
    """A filled box, its corners rounded by ``radius`` pixels."""
    if radius <= 0:
        mask = Image.new("L", size, 0)
        _draw_box(ImageDraw.Draw(mask), bounds, 0, 1, 255)
        return mask
    large = Image.new("L", (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE), 0)
    _draw_box(ImageDraw.Draw(large), bounds, radius, SUPERSAMPLE, 255)
    return large.reduce(SUPERSAMPLE)


def ring(size: tuple[int, int], outer: Bounds, inner: Bounds, outer_radius: float, inner_radius: float) -> Image.Image:
    """The area inside ``outer`` and outside ``inner`` (a border or a stroke)."""
    scale = SUPERSAMPLE if outer_radius > 0 or inner_radius > 0 else 1
    mask = Image.new("L", (size[0] * scale, size[1] * scale), 0)
    draw = ImageDraw.Draw(mask)
    _draw_box(draw, outer, outer_radius, scale, 255)
    _draw_box(draw, inner, inner_radius, scale, 0)
    return mask.reduce(scale) if scale > 1 else mask


def cross(size: tuple[int, int], bounds: Bounds) -> Image.Image:
    """A one-pixel frame with both diagonals: the placeholder drawn where an image would be."""
    mask = Image.new("L", size, 0)
    left, top, right, bottom = bounds
    if right - left < 1 or bottom - top < 1:
        return mask
    draw = ImageDraw.Draw(mask)
    draw.rectangle((left, top, right - 1, bottom - 1), outline=255, width=1)
    draw.line((left, top, right - 1, bottom - 1), fill=255, width=1)
    draw.line((left, bottom - 1, right - 1, top), fill=255, width=1)
    return mask
