"""Golden images: synthetic GUI trees built in Luau, laid out by the runtime and painted.

A picture may differ from its golden by a few anti-aliased pixels; a moved box, a changed
colour or a different line break fails. After an intended change, regenerate with
``DSM_UPDATE_GOLDEN=1 .venv/bin/pytest tests/snapshot`` and look at the new pictures.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from dsm.runtime.host import Runtime
from dsm.snapshot import compare, scene

HERE = Path(__file__).resolve().parent
SCENES = HERE / "scenes"
GOLDEN = HERE / "golden"
# Pixels allowed to differ by more than the tolerance (font rasterising, anti-aliased edges).
MAX_DIFFERING_PIXELS = 40


def render_scene(path: Path) -> Image.Image:
    runtime = Runtime(HERE)
    failures = runtime.run_file(path)
    assert not failures, failures[0].message
    find = runtime.vm.load(
        "return game:GetService('StarterGui').Scene", "@find", env=runtime.api.get("environment")(None)[0]
    )
    root = scene.call(runtime, find)[0]
    return scene.render(runtime, root, *_size(runtime, root), (0, 0, 0, 255))


def _size(runtime: Runtime, root: object) -> tuple[int, int]:
    read = runtime.vm.load("local root = ... return root.AbsoluteSize.X, root.AbsoluteSize.Y", "@size")
    width, height = scene.call(runtime, read, root)[:2]
    return int(width), int(height)


@pytest.mark.parametrize("name", sorted(path.stem for path in SCENES.glob("*.luau")))
def test_scene_matches_its_golden_image(name: str) -> None:
    picture = render_scene(SCENES / f"{name}.luau")
    golden = GOLDEN / f"{name}.png"
    if os.environ.get("DSM_UPDATE_GOLDEN") == "1":
        picture.convert("RGB").save(golden)
    assert golden.exists(), f"no golden image {golden.name}; run with DSM_UPDATE_GOLDEN=1 to create it"
    with Image.open(golden) as expected:
        difference = compare.difference(expected, picture)
    assert difference.within(MAX_DIFFERING_PIXELS), (
        f"{name}: {difference.differing} pixels differ (largest difference {difference.largest}); "
        "if the change is intended, regenerate with DSM_UPDATE_GOLDEN=1"
    )


def test_a_moved_box_fails_the_comparison() -> None:
    picture = render_scene(SCENES / "layering.luau")
    shifted = Image.new("RGB", picture.size)
    shifted.paste(picture.convert("RGB"), (3, 0))
    assert not compare.difference(picture, shifted).within(MAX_DIFFERING_PIXELS)
