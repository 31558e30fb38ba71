"""UIGradient as an RGBA image to multiply a painted object by
(https://create.roblox.com/docs/ui/appearance-modifiers#gradient).

The gradient runs left to right across the object's box at Rotation 0 and turns clockwise
with Rotation; Offset moves it by a fraction of the box. Position along the gradient is
measured in the box's own proportions, so at 90 degrees it spans the box's height whatever
its width. Before its first keypoint and after its last it keeps their colours.
"""

from __future__ import annotations

import itertools
import math

from PIL import Image

from dsm.snapshot.drawlist import RGB, Gradient

# The strip holds the gradient for positions -1..2 (the box spans 0..1; rotation and offset
# reach past it), one pixel per step.
_STEPS = 768
_FIRST, _SPAN = -1.0, 3.0


def _colour_at(keypoints: tuple[tuple[float, RGB], ...], time: float) -> RGB:
    if time <= keypoints[0][0]:
        return keypoints[0][1]
    for (start, before), (end, after) in itertools.pairwise(keypoints):
        if time <= end:
            share = 0.0 if end <= start else (time - start) / (end - start)
            red, green, blue = (low + (high - low) * share for low, high in zip(before, after, strict=True))
            return red, green, blue
    return keypoints[-1][1]


def _number_at(keypoints: tuple[tuple[float, float], ...], time: float) -> float:
    if time <= keypoints[0][0]:
        return keypoints[0][1]
    for (start, before), (end, after) in itertools.pairwise(keypoints):
        if time <= end:
            share = 0.0 if end <= start else (time - start) / (end - start)
            return before + (after - before) * share
    return keypoints[-1][1]


def _strip(gradient: Gradient) -> Image.Image:
    strip = Image.new("RGBA", (_STEPS, 1))
    pixels = []
    for step in range(_STEPS):
        time = min(1.0, max(0.0, _FIRST + _SPAN * step / (_STEPS - 1)))
        red, green, blue = _colour_at(gradient.colors, time) if gradient.colors else (1.0, 1.0, 1.0)
        opacity = 1.0 - _number_at(gradient.transparency, time) if gradient.transparency else 1.0
        pixels.append(tuple(round(max(0.0, min(1.0, part)) * 255) for part in (red, green, blue, opacity)))
    strip.putdata(pixels)
    return strip


def image(gradient: Gradient, box: tuple[int, int], size: tuple[int, int], shift: tuple[int, int]) -> Image.Image:
    """The gradient of an object whose box is ``box`` pixels, over a picture of ``size`` whose
    top-left pixel is at ``shift`` from the box's: colour and opacity to multiply by.
    """
    width, height = max(1, box[0]), max(1, box[1])
    angle = math.radians(gradient.rotation)
    cos, sin = math.cos(angle), math.sin(angle)
    offset_x, offset_y = gradient.offset
    # Position along the gradient of box pixel (x, y): t = a*x + b*y + c, sampled at pixel centres.
    a, b = cos / width, sin / height
    c = 0.5 + cos * (0.5 / width - 0.5 - offset_x) + sin * (0.5 / height - 0.5 - offset_y)
    c += a * shift[0] + b * shift[1]
    steps_per_unit = (_STEPS - 1) / _SPAN
    data = (a * steps_per_unit, b * steps_per_unit, (c - _FIRST) * steps_per_unit, 0.0, 0.0, 0.0)
    return _strip(gradient).transform(size, Image.Transform.AFFINE, data, resample=Image.Resampling.NEAREST)
