"""``.txt`` → StringValue whose ``Value`` is the file's text, line endings untouched."""

from __future__ import annotations

from dsm.dom import values as v
from dsm.dom.instance import Instance
from dsm.project.context import BuildState, Context
from dsm.project.fs import Listing, read_text
from dsm.project.middleware.meta import apply_adjacent


def snapshot_text(state: BuildState, _ctx: Context, path: str, name: str, listing: Listing | None) -> Instance:
    instance = Instance("StringValue", name, {"Value": v.String(read_text(path, "text file"))})
    apply_adjacent(state, instance, path, name, listing)
    return instance
