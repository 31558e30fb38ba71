"""Turning a path into an instance: the folder walk and the choice of file kind (Rojo's ``snapshot_from_vfs``).

A folder holding ``default.project.json(c)`` is that nested project; one holding an init file
takes the init file's class with the folder's name and keeps its other entries as children;
any other folder is a Folder. Entries are walked sorted by name, each tested against the ignore
rules first. A file takes the first matching user sync rule, else the first built-in rule, else
it is skipped.
"""

# The builder keeps paths as str: a pathlib object per file costs more than the rest of the work.
# ruff: noqa: PTH116, PTH118, PTH119

from __future__ import annotations

import os
import stat

from dsm.dom.instance import Instance
from dsm.project.context import BuildState, Context, SyncRule
from dsm.project.errors import ProjectError
from dsm.project.fs import Listing, file_stem, list_dir
from dsm.project.middleware import MIDDLEWARES, default_rule
from dsm.project.middleware.localization import localization_table
from dsm.project.middleware.meta import apply, apply_directory, find_adjacent
from dsm.project.middleware.scripts import script
from dsm.project.schema import DEFAULT_PROJECT_NAMES

# get_dir_middleware's priority list after the default projects (note init.plugin.lua first).
INIT_FILES = (
    ("init.luau", "moduleScript"),
    ("init.lua", "moduleScript"),
    ("init.server.luau", "serverScript"),
    ("init.server.lua", "serverScript"),
    ("init.client.luau", "clientScript"),
    ("init.client.lua", "clientScript"),
    ("init.plugin.lua", "pluginScript"),
    ("init.plugin.luau", "pluginScript"),
    ("init.csv", "csv"),
)
# These describe their folder, so they never become instances of their own.
INIT_FILE_NAMES = frozenset(name for name, _ in INIT_FILES)


def snapshot_path(state: BuildState, ctx: Context, path: str) -> Instance | None:
    """The instance for ``path`` (a ``$path`` target), or None when it gives none."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise ProjectError(f"cannot read: {error.strerror}", path=path) from None
    except ValueError:  # a NUL byte or a lone surrogate
        raise ProjectError(f"{path!r} is not a usable path") from None
    if stat.S_ISDIR(mode):
        return snapshot_folder(state, ctx, path)
    if not stat.S_ISREG(mode):
        return None
    return snapshot_file(state, ctx, path, os.path.basename(path), None)


def folder_name(path: str) -> str:
    name = os.path.basename(os.path.normpath(path))
    if name in ("", ".", ".."):
        name = os.path.basename(os.path.realpath(path))
    if not name:
        raise ProjectError("this folder has no name to give its instance; point at a named folder", path=path)
    return name


def snapshot_folder(state: BuildState, ctx: Context, path: str) -> Instance | None:
    real = os.path.realpath(path)
    if real in state.walking:
        raise ProjectError("this folder contains itself through a symbolic link; remove the link", path=path)
    state.walking.add(real)
    try:
        return _snapshot_folder(state, ctx, path)
    finally:
        state.walking.discard(real)


def _snapshot_folder(state: BuildState, ctx: Context, path: str) -> Instance | None:
    name = folder_name(path)
    listing = list_dir(path)
    for project_name in DEFAULT_PROJECT_NAMES:
        if listing.has_file(project_name):
            from dsm.project.builder import snapshot_project

            return snapshot_project(state, ctx, os.path.join(path, project_name), name)
    for init_name, kind in INIT_FILES:
        if listing.has_file(init_name):
            return _snapshot_init(state, ctx, path, name, listing, init_name=init_name, kind=kind)
    folder = Instance("Folder", name)
    add_children(state, ctx, folder, path, listing)
    apply_directory(state, folder, path, listing)
    return folder


def _snapshot_init(
    state: BuildState, ctx: Context, path: str, name: str, listing: Listing, *, init_name: str, kind: str
) -> Instance:
    init_path = os.path.join(path, init_name)
    instance = localization_table(init_path, name) if kind == "csv" else script(kind, ctx, init_path, name)
    # Rojo reads the init file like any file named after the folder: it looks for
    # "<folder>.meta.json" inside the folder, and the folder's metadata then replaces its id.
    for meta in find_adjacent(path, name, listing):
        apply(state, instance, meta, directory=False, keep_id=False)
    add_children(state, ctx, instance, path, listing)
    apply_directory(state, instance, path, listing)
    return instance


def add_children(state: BuildState, ctx: Context, parent: Instance, path: str, listing: Listing) -> None:
    check_ignored = bool(ctx.ignore_rules)
    for entry_name, is_folder in listing.entries:
        child_path = os.path.join(path, entry_name)
        if check_ignored and ctx.is_ignored(child_path):
            continue
        if is_folder:
            child = snapshot_folder(state, ctx, child_path)
        else:
            child = snapshot_file(state, ctx, child_path, entry_name, listing)
        if child is not None:
            parent.add_child(child)


def user_rule_name(rule: SyncRule, file_name: str) -> str:
    if rule.suffix is None:
        return file_stem(file_name)
    return file_name[: len(file_name) - len(rule.suffix)] if file_name.endswith(rule.suffix) else file_name


def snapshot_file(
    state: BuildState, ctx: Context, path: str, file_name: str, listing: Listing | None
) -> Instance | None:
    if file_name in INIT_FILE_NAMES:
        return None
    rule = ctx.user_rule(path) if ctx.sync_rules else None
    if rule is not None:
        use, name = rule.use, user_rule_name(rule, file_name)
    else:
        default = default_rule(file_name)
        if default is None:
            return None
        use, name = default.use, default.name_for(file_name)
    return MIDDLEWARES[use](state, ctx, path, name, listing)
