"""The bridge to the runtime: the Luau functions ``dsm snapshot`` calls, and rendering a
GUI root of a running runtime to a picture.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from PIL import Image

from dsm.errors import DsmError
from dsm.runtime.host import Runtime
from dsm.runtime.vm import LuauError, TimeLimitExceeded, from_lua, text
from dsm.snapshot import drawlist
from dsm.snapshot.paint import RGBA, Painter


class SnapshotError(DsmError):
    """The picture cannot be taken: the plugin, the view or the GUI is not as expected."""


def call(runtime: Runtime, function: Any, *args: Any) -> list[Any]:
    """Calls a Luau function under the runtime's time limit; Luau errors become SnapshotError."""
    try:
        return runtime.vm.guarded(lambda: function(*args))  # type: ignore[no-any-return]
    except TimeLimitExceeded as error:
        raise SnapshotError(f"the plugin's code {error}") from None
    except LuauError as error:
        raise SnapshotError(error.message) from None
    except Exception as error:  # pluau reports Luau errors as its own exception types
        message = text(error.args[0]) if error.args else str(error)
        raise SnapshotError(message.split("\nstack traceback:")[0].strip()) from None


def stage(runtime: Runtime) -> Any:
    """The Luau ``stage`` module (plugin set-up for pictures), loaded in the shim's environment."""
    source = (resources.files("dsm.snapshot") / "stage.luau").read_text(encoding="utf-8")
    chunk = runtime.vm.load(source, "@dsm/snapshot/stage.luau", env=runtime.vm.shim_env)
    return call(runtime, chunk)[0]


def draw_list(runtime: Runtime, root: Any) -> list[drawlist.Entry]:
    """What ``root`` and the GUI under it paint, in order."""
    build = runtime.import_module("Layout/DrawList").get("build")
    return drawlist.parse(from_lua(call(runtime, build, root)[0]))


def render(runtime: Runtime, root: Any, width: int, height: int, background: RGBA) -> Image.Image:
    """``root`` (a container laid out at ``width`` x ``height``) painted over ``background``."""
    return Painter(width, height, background).paint(draw_list(runtime, root))


def colour_bytes(colour: Any, alpha: int = 255) -> RGBA:
    """A 0-1 RGB list from Luau as RGBA bytes."""
    red, green, blue = (max(0, min(255, round(float(part) * 255))) for part in colour)
    return red, green, blue, alpha
