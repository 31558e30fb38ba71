"""The bundled fonts text is drawn with: the same Fontsource files the runtime's text
measurement was generated from (``scripts/generate-text-metrics``), so a line is drawn as
wide as ``TextService:GetTextSize`` measured it.

A Roblox font (``Font.Family`` asset, weight, style) maps to a bundled face by the same
rules as ``Text/Metrics.luau``: Source Sans Pro for SourceSans, Montserrat standing in for
Gotham and Builder Sans, Inconsolata for Code, Roboto Mono, Arimo for Arial; anything else
is drawn in Source Sans, Studio's UI font. The closest weight wins, the requested style
first when the family has it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont, features

from dsm.runtime.fontfile import read_metrics

FONT_DIR = Path(__file__).resolve().parent / "fonts"

# Family asset name fragments and the bundled family they are drawn with (Text/Metrics.luau).
_FAMILY_PATTERNS: tuple[tuple[str, str], ...] = (
    ("sourcesans", "SourceSans"),
    ("gotham", "Montserrat"),
    ("builder", "Montserrat"),
    ("montserrat", "Montserrat"),
    ("inconsolata", "Inconsolata"),
    ("robotomono", "RobotoMono"),
    ("arial", "Arimo"),
    ("arimo", "Arimo"),
)
_FALLBACK_FAMILY = "SourceSans"

# Shaping features that would change advance widths away from the measured ones.
_PLAIN_FEATURES = ["-kern", "-liga", "-clig", "-calt"]


@dataclass(frozen=True)
class Face:
    family: str
    weight: int
    italic: bool
    file: str


FACES: tuple[Face, ...] = (
    Face("SourceSans", 300, False, "source-sans-pro-latin-300-normal.woff"),
    Face("SourceSans", 400, False, "source-sans-pro-latin-400-normal.woff"),
    Face("SourceSans", 400, True, "source-sans-pro-latin-400-italic.woff"),
    Face("SourceSans", 600, False, "source-sans-pro-latin-600-normal.woff"),
    Face("SourceSans", 700, False, "source-sans-pro-latin-700-normal.woff"),
    Face("Montserrat", 400, False, "montserrat-latin-400-normal.woff"),
    Face("Montserrat", 500, False, "montserrat-latin-500-normal.woff"),
    Face("Montserrat", 700, False, "montserrat-latin-700-normal.woff"),
    Face("Montserrat", 800, False, "montserrat-latin-800-normal.woff"),
    Face("Montserrat", 900, False, "montserrat-latin-900-normal.woff"),
    Face("Inconsolata", 400, False, "inconsolata-latin-400-normal.woff"),
    Face("RobotoMono", 400, False, "roboto-mono-latin-400-normal.woff"),
    Face("Arimo", 400, False, "arimo-latin-400-normal.woff"),
    Face("Arimo", 700, False, "arimo-latin-700-normal.woff"),
)


def family_of(asset: str) -> str:
    """The bundled family a ``Font.Family`` asset (``rbxasset://fonts/families/X.json``) draws with."""
    name = asset.lower()
    for pattern, family in _FAMILY_PATTERNS:
        if pattern in name:
            return family
    return _FALLBACK_FAMILY


def face_for(asset: str, weight: int, style: str) -> Face:
    """The bundled face closest to a Roblox font: its family, the style if present, the nearest weight."""
    family = family_of(asset)
    italic = style == "Italic"
    candidates = [face for face in FACES if face.family == family]
    if any(face.italic == italic for face in candidates):
        candidates = [face for face in candidates if face.italic == italic]
    return min(candidates, key=lambda face: abs(face.weight - weight))


@dataclass(frozen=True)
class FaceMetrics:
    units_per_em: int
    ascender: int
    descender: int

    @property
    def line_units(self) -> int:
        return self.ascender - self.descender


@functools.cache
def metrics(face: Face) -> FaceMetrics:
    data = (FONT_DIR / face.file).read_bytes()
    read = read_metrics(data)
    return FaceMetrics(read.units_per_em, read.ascender, read.descender)


@dataclass(frozen=True)
class SizedFont:
    """A face at a Roblox TextSize: a line is ``size`` pixels tall, as Roblox measures it."""

    font: ImageFont.FreeTypeFont
    ascent: float  # pixels from the top of a line to its baseline
    shaped: bool  # drawn through Raqm with width-changing features turned off

    def width(self, text: str) -> float:
        if self.shaped:
            return float(self.font.getlength(text, features=_PLAIN_FEATURES))
        return float(self.font.getlength(text))

    @property
    def features(self) -> list[str] | None:
        return _PLAIN_FEATURES if self.shaped else None


@functools.lru_cache(maxsize=256)
def sized(face: Face, size: float) -> SizedFont:
    measured = metrics(face)
    # TextSize is the line height, so the em is scaled to fit ascent and descent into it.
    em = size * measured.units_per_em / measured.line_units
    shaped = features.check_feature("raqm") is True
    layout = ImageFont.Layout.RAQM if shaped else ImageFont.Layout.BASIC
    font = ImageFont.truetype(str(FONT_DIR / face.file), em, layout_engine=layout)
    return SizedFont(font, size * measured.ascender / measured.line_units, shaped)
