"""How far two pictures differ, for golden-image tests: anti-aliasing and font rasterising
move a few edge pixels by a few levels between Pillow builds, which must not fail a test,
while a moved box or a changed colour must.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageChops


@dataclass(frozen=True)
class Difference:
    size_matches: bool
    differing: int  # pixels whose largest channel difference exceeds the tolerance
    largest: int  # the largest channel difference anywhere (0-255)

    def within(self, max_pixels: int) -> bool:
        return self.size_matches and self.differing <= max_pixels


def difference(expected: Image.Image, actual: Image.Image, tolerance: int = 16) -> Difference:
    """Pixels of ``actual`` that differ from ``expected`` by more than ``tolerance`` levels."""
    if expected.size != actual.size:
        return Difference(False, expected.width * expected.height, 255)
    delta = ImageChops.difference(expected.convert("RGB"), actual.convert("RGB"))
    largest_per_pixel = ImageChops.lighter(ImageChops.lighter(*delta.split()[:2]), delta.split()[2])
    histogram = largest_per_pixel.histogram()
    differing = sum(histogram[tolerance + 1 :])
    largest = max((level for level, count in enumerate(histogram) if count), default=0)
    return Difference(True, differing, largest)
