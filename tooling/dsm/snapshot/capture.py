"""``dsm snapshot``: the plugin's dock widget as a PNG.

The steps are a person's in Studio: load the plugin, switch the Studio theme, open the
widget with its toolbar button at the requested size, click the navigation entry of the
view, run an optional set-up script, let the clock run so tweens finish, then paint what
the layout engine says is on screen.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dsm.dom.instance import Instance
from dsm.errors import DsmError, UsageError
from dsm.fsutil import write_atomic
from dsm.runtime.host import Runtime
from dsm.runtime.vm import from_lua, to_lua
from dsm.snapshot import scene
from dsm.snapshot.scene import SnapshotError

# Virtual seconds the clock runs before the picture: longer than the plugin's tweens.
SETTLE_SECONDS = 2.0
THEMES = {"dark": "Dark", "light": "Light"}
MAX_SIDE = 8192
EXAMPLE_STATE = Path(__file__).with_name("example-state.json")
# The virtual clock starts at 2026-01-01 12:00 UTC, so dates in a picture (versions, "updated")
# are the same on every run and regenerated screenshots differ only when the plugin does.
EPOCH = 1767268800.0


@dataclass(frozen=True)
class Options:
    output: Path
    width: int = 1000
    height: int = 640
    theme: str = "dark"
    view: str | None = None
    seed: Path | None = None
    script: Path | None = None
    time_limit: float = 60.0


def parse_size(text: str) -> tuple[int, int]:
    """``WIDTHxHEIGHT`` in pixels, e.g. ``1000x640``."""
    match = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", text)
    if not match:
        raise UsageError(f"--size {text!r}: write it as WIDTHxHEIGHT in pixels, e.g. 1000x640")
    width, height = int(match.group(1)), int(match.group(2))
    if not (1 <= width <= MAX_SIDE and 1 <= height <= MAX_SIDE):
        raise UsageError(f"--size {text!r}: each side must be between 1 and {MAX_SIDE} pixels")
    return width, height


def _run_script(runtime: Runtime, path: Path, plugin: Any, widget: Any) -> None:
    if not path.is_file():
        raise DsmError("no such set-up script", path=path)
    # The script reaches what it sets up through the `snapshot` global.
    runtime.globals.set("snapshot", to_lua(runtime.vm.lua, {"plugin": plugin, "widget": widget}))
    failures = runtime.run_file(path.resolve())
    if failures:
        raise SnapshotError(f"the set-up script failed: {failures[0].message}", path=path)


def take(root: Path, tree: Instance, options: Options) -> Path:
    """Renders the plugin built from ``tree`` as ``options`` ask and writes the PNG."""
    if options.theme not in THEMES:
        raise UsageError(f"--theme {options.theme!r}: use dark or light")
    # Without a seed the picture shows the emulator's own example state, whose every name
    # says where it comes from, so it is never mistaken for an experience's data.
    seed = options.seed if options.seed is not None else EXAMPLE_STATE
    # A pinned clock and random numbers: the same command paints the same picture.
    runtime = Runtime(root, time_limit=options.time_limit, seed=seed, epoch=EPOCH, random_seed=0)
    runtime.mount(tree)
    stage = scene.stage(runtime)
    widget, plugin = scene.call(runtime, stage.get("open"), options.width, options.height, THEMES[options.theme])[:2]
    if options.view is not None:
        found, seen = scene.call(runtime, stage.get("selectView"), widget, options.view)[:2]
        if not found:
            names = from_lua(seen) or []
            entries = ", ".join(f'"{name}"' for name in names) or "none"
            raise SnapshotError(
                f'no navigation entry "{options.view}" in the widget; the entries with text are: {entries}'
            )
    if options.script is not None:
        _run_script(runtime, options.script, plugin, widget)
    scene.call(runtime, runtime.dsm.get("clock").get("advance"), SETTLE_SECONDS)
    failures = runtime.take_failures()
    if failures:
        raise SnapshotError(f"the plugin raised an error while being set up: {failures[0].message}")
    window = scene.colour_bytes(from_lua(scene.call(runtime, stage.get("windowColour"))[0]))
    image = scene.render(runtime, widget, options.width, options.height, window)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", optimize=True)
    write_atomic(options.output, buffer.getvalue())
    return options.output
