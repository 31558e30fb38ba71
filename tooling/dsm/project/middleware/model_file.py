"""``.rbxm``/``.rbxmx`` inside the tree → the file's single top-level instance, renamed.

Refs inside the model keep pointing at the same (decoded) instances, so they stay valid in the
built tree. Adjacent meta files do not apply to model files.
"""

from __future__ import annotations

from dsm import formats
from dsm.dom.instance import Instance
from dsm.project.context import BuildState, Context
from dsm.project.errors import ProjectError
from dsm.project.fs import Listing, read_bytes


def _snapshot(kind: str, path: str, name: str) -> Instance:
    data = read_bytes(path, "model file")
    try:
        document = formats.decode(data, kind)
    except formats.FormatError as error:
        # The codecs name the file themselves only when they know it.
        raise ProjectError(error.message, path=path if error.path is None else None) from None
    if len(document.roots) != 1:
        raise ProjectError(
            f"a model file in a project must hold exactly one top-level instance; this one holds "
            f"{len(document.roots)}; group them under one Folder or Model",
            path=path,
        )
    (root,) = document.roots
    root.name = name
    root.parent = None
    return root


def snapshot_rbxm(_state: BuildState, _ctx: Context, path: str, name: str, _listing: Listing | None) -> Instance:
    return _snapshot("binary", path, name)


def snapshot_rbxmx(_state: BuildState, _ctx: Context, path: str, name: str, _listing: Listing | None) -> Instance:
    return _snapshot("xml", path, name)
