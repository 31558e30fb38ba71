"""The painter: each paint property lands on the right pixels."""

from __future__ import annotations

from dsm.snapshot.drawlist import Background, Border, Gradient, ObjectEntry, ScrollBars, Stroke
from dsm.snapshot.paint import Painter

WHOLE = (0.0, 0.0, 100.0, 100.0)


def entry(**changes: object) -> ObjectEntry:
    values: dict[str, object] = {
        "path": "Frame",
        "class_name": "Frame",
        "rect": (10.0, 10.0, 40.0, 20.0),
        "clip": WHOLE,
        "opacity": 1.0,
        "rotation": 0.0,
        "corner": None,
        "background": Background((1.0, 0.0, 0.0), 0.0),
        "border": None,
        "text": None,
        "image": None,
        "gradient": None,
        "strokes": (),
    }
    values.update(changes)
    return ObjectEntry(**values)  # type: ignore[arg-type]


def paint(*entries: ObjectEntry | ScrollBars) -> Painter:
    painter = Painter(100, 100, (0, 0, 0, 255))
    painter.paint(list(entries))
    return painter


def pixel(painter: Painter, x: int, y: int) -> tuple[int, ...]:
    return tuple(painter.picture.getpixel((x, y)))  # type: ignore[arg-type]


def test_background_fills_the_box_and_nothing_else() -> None:
    painter = paint(entry())
    assert pixel(painter, 10, 10) == (255, 0, 0, 255)
    assert pixel(painter, 49, 29) == (255, 0, 0, 255)
    assert pixel(painter, 50, 10) == (0, 0, 0, 255)
    assert pixel(painter, 10, 30) == (0, 0, 0, 255)


def test_background_transparency_blends() -> None:
    painter = paint(entry(background=Background((1.0, 1.0, 1.0), 0.5)))
    assert pixel(painter, 20, 20)[0] in (127, 128)


def test_border_modes_put_the_border_outside_or_inside() -> None:
    outline = paint(entry(border=Border(2, (0.0, 1.0, 0.0), "Outline")))
    assert pixel(outline, 8, 15) == (0, 255, 0, 255)
    assert pixel(outline, 10, 15) == (255, 0, 0, 255)
    inset = paint(entry(border=Border(2, (0.0, 1.0, 0.0), "Inset")))
    assert pixel(inset, 8, 15) == (0, 0, 0, 255)
    assert pixel(inset, 10, 15) == (0, 255, 0, 255)
    assert pixel(inset, 12, 15) == (255, 0, 0, 255)


def test_clip_cuts_the_object() -> None:
    painter = paint(entry(clip=(0.0, 0.0, 30.0, 100.0)))
    assert pixel(painter, 29, 15) == (255, 0, 0, 255)
    assert pixel(painter, 30, 15) == (0, 0, 0, 255)


def test_corner_rounds_the_background() -> None:
    painter = paint(entry(corner=8.0))
    assert pixel(painter, 10, 10) == (0, 0, 0, 255)
    assert pixel(painter, 30, 20) == (255, 0, 0, 255)


def test_outer_border_stroke_surrounds_the_box() -> None:
    stroke = Stroke("border", 3.0, (0.0, 0.0, 1.0), 0.0, "Outer", None)
    painter = paint(entry(strokes=(stroke,)))
    assert pixel(painter, 8, 20) == (0, 0, 255, 255)
    assert pixel(painter, 11, 20) == (255, 0, 0, 255)


def test_gradient_runs_left_to_right_and_turns_with_rotation() -> None:
    white = Background((1.0, 1.0, 1.0), 0.0)
    ramp = ((0.0, (1.0, 0.0, 0.0)), (1.0, (0.0, 0.0, 1.0)))
    flat = ((0.0, 0.0), (1.0, 0.0))
    across = paint(
        entry(rect=(0.0, 0.0, 100.0, 100.0), background=white, gradient=Gradient(ramp, flat, 0.0, (0.0, 0.0)))
    )
    assert pixel(across, 0, 50)[0] > 240 and pixel(across, 99, 50)[2] > 240
    down = paint(
        entry(rect=(0.0, 0.0, 100.0, 100.0), background=white, gradient=Gradient(ramp, flat, 90.0, (0.0, 0.0)))
    )
    assert pixel(down, 50, 0)[0] > 240 and pixel(down, 50, 99)[2] > 240


def test_scroll_bars_paint_their_rectangles() -> None:
    bars = ScrollBars("Scroller", ((90.0, 0.0, 10.0, 40.0),), WHOLE, 1.0, (1.0, 1.0, 1.0), 0.0)
    painter = paint(bars)
    assert pixel(painter, 95, 20) == (255, 255, 255, 255)
    assert pixel(painter, 95, 50) == (0, 0, 0, 255)


def test_canvas_group_opacity_fades_the_object() -> None:
    painter = paint(entry(opacity=0.5, background=Background((1.0, 1.0, 1.0), 0.0)))
    assert pixel(painter, 20, 20)[0] in (127, 128)
