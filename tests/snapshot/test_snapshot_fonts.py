"""The bundled fonts draw text as wide as the runtime measures it."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from dsm.runtime.host import Runtime
from dsm.snapshot import fonts, scene

SAMPLE = "Keys - PlayerData: 1,024 entries (global scope)"

MEASURE = """
local name, text, size = ...
local font = Font.fromEnum(Enum.Font[name])
local unbounded = Vector2.new(math.huge, math.huge)
local measured = game:GetService("TextService"):GetTextSize(text, size, Enum.Font[name], unbounded)
return font.Family, font.Weight.Value, font.Style.Name, measured.X
"""


@pytest.fixture(scope="module")
def runtime() -> Runtime:
    return Runtime(Path(__file__).resolve().parent)


@pytest.mark.parametrize(
    "enum_font",
    ["SourceSans", "SourceSansBold", "SourceSansLight", "SourceSansItalic", "Gotham", "GothamBold", "Code", "Arial"],
)
@pytest.mark.parametrize("size", [14, 18, 32])
def test_drawn_width_matches_the_measured_width(runtime: Runtime, enum_font: str, size: int) -> None:
    chunk = runtime.vm.load(MEASURE, "@measure", env=runtime.api.get("environment")(None)[0])
    family, weight, style, measured = scene.call(runtime, chunk, enum_font, SAMPLE, size)[:4]
    drawn = fonts.sized(fonts.face_for(str(family), int(weight), str(style)), size).width(SAMPLE)
    # GetTextSize rounds up to whole pixels; the drawn advance is the exact sum.
    assert math.ceil(drawn - 0.05) == pytest.approx(measured, abs=1)


def test_unknown_families_draw_in_source_sans() -> None:
    face = fonts.face_for("rbxasset://fonts/families/Creepster.json", 700, "Normal")
    assert (face.family, face.weight) == ("SourceSans", 700)


def test_italic_falls_back_to_the_upright_face_when_the_family_has_none() -> None:
    face = fonts.face_for("rbxasset://fonts/families/GothamSSm.json", 500, "Italic")
    assert (face.family, face.weight, face.italic) == ("Montserrat", 500, False)


def test_every_bundled_face_has_its_file_and_licence() -> None:
    for face in fonts.FACES:
        assert (fonts.FONT_DIR / face.file).is_file(), face.file
    licences = {path.name for path in fonts.FONT_DIR.glob("*.LICENSE")}
    assert licences == {
        "source-sans-pro.LICENSE",
        "montserrat.LICENSE",
        "inconsolata.LICENSE",
        "roboto-mono.LICENSE",
        "arimo.LICENSE",
    }
