"""Project nodes → instances (Rojo's ``snapshot_project_node``), and loading (nested) projects.

A node's instance is named by its key; ``$path`` supplies a class, properties and children;
``$className``, or inference under DataModel, StarterPlayer and Workspace, supplies a class when
``$path`` gives only a Folder or nothing. Children from ``$path`` come first, then the node's own
children sorted by key. ``$properties`` and then ``$attributes`` override what ``$path`` gave.
"""

# The builder keeps paths as str: a pathlib object per file costs more than the rest of the work.
# ruff: noqa: PTH100, PTH110, PTH117, PTH118, PTH119, PTH120, PTH206

from __future__ import annotations

import os

from dsm.dom.instance import Instance
from dsm.project.context import BuildState, Context
from dsm.project.errors import ProjectError, did_you_mean, location
from dsm.project.properties import Unresolvable, attributes
from dsm.project.schema import DEFAULT_PROJECT_NAMES, PROJECT_SUFFIXES, Node, PathSpec, Project, load_project
from dsm.project.snapshot import INIT_FILE_NAMES, snapshot_path

# Children that StarterPlayer and Workspace always hold, with classes of the same name.
_SPECIAL_CHILDREN = {
    "StarterPlayer": frozenset({"StarterPlayerScripts", "StarterCharacterScripts"}),
    "Workspace": frozenset({"Terrain"}),
}


def project_name_fallback(project_file: str) -> str:
    """The name a project without ``name`` takes: its folder's for a default project, else its stem."""
    base = os.path.basename(project_file)
    if base in DEFAULT_PROJECT_NAMES:
        return os.path.basename(os.path.dirname(os.path.abspath(project_file)))
    for suffix in PROJECT_SUFFIXES:
        if base.endswith(suffix):
            return base[: -len(suffix)]
    return base


def snapshot_project(state: BuildState, ctx: Context, project_file: str, fallback_name: str) -> Instance | None:
    """Load ``project_file`` and build its tree; ``fallback_name`` names it when it has no ``name``.

    A default project is named after its folder. Its ignore rules join the parent's; its sync
    rules and ``emitLegacyScripts`` replace them.
    """
    real = os.path.realpath(project_file)
    if real in state.loading:
        chain = " → ".join(os.path.basename(path) for path in [*state.loading, real])
        raise ProjectError(f"this project includes itself ({chain}); remove the loop", path=project_file)
    state.loading.append(real)
    try:
        project = load_project(project_file, state.warn)
        name = project.name
        if name is None:
            base = os.path.basename(project_file)
            name = project_name_fallback(project_file) if base in DEFAULT_PROJECT_NAMES else fallback_name
        inner = Context(
            ignore_rules=ctx.ignore_rules + tuple(project.ignore_rules),
            sync_rules=tuple(project.sync_rules),
            emit_legacy_scripts=True if project.emit_legacy_scripts is None else project.emit_legacy_scripts,
        )
        return build_node(state, inner, project, project.tree, name, parent_class=None)
    finally:
        state.loading.pop()


def _infer_class(state: BuildState, name: str, parent_class: str | None) -> str | None:
    if parent_class == "DataModel":
        return name if state.resolver.is_service(name) else None
    if parent_class in _SPECIAL_CHILDREN and name in _SPECIAL_CHILDREN[parent_class]:
        return name
    return None


def join_path(folder: str, relative: str) -> str:
    """``folder/relative`` without ``.`` components (Rust's ``Path`` drops them; ``..`` stays),
    so globs see ``src/x`` for ``$path: "./src"``."""
    full = relative if os.path.isabs(relative) else os.path.join(folder, relative)
    parts = [part for part in full.split(os.sep) if part not in ("", ".")]
    return (os.sep if full.startswith(os.sep) else "") + os.sep.join(parts)


def _resolve_path(state: BuildState, ctx: Context, project: Project, spec: PathSpec) -> tuple[str, Instance | None]:
    full = join_path(project.folder, spec.path)
    return full, snapshot_path(state, ctx, full)


def _why_nothing(spec: PathSpec, full: str) -> str:
    if not os.path.exists(full):
        return (
            f'no file or folder "{spec.path}"; check the path (it is relative to the project file\'s folder) '
            'or use {"optional": ...}'
        )
    base = os.path.basename(full)
    if base in INIT_FILE_NAMES:
        folder = os.path.dirname(spec.path) or "."
        return f'"{spec.path}" describes its folder; point $path at the folder ("{folder}")'
    return (
        f'"{spec.path}" gives no instance: no sync rule matches it, or a rule ignores it '
        "(scripts are .lua/.luau, data .json/.toml/.yaml/.csv/.txt, models .rbxm/.rbxmx/.model.json)"
    )


def build_node(
    state: BuildState, ctx: Context, project: Project, node: Node, name: str, *, parent_class: str | None
) -> Instance | None:
    """The instance for ``node``, or None when its optional ``$path`` gives nothing and no class is known."""
    path_instance: Instance | None = None
    full = ""
    if node.path is not None:
        full, path_instance = _resolve_path(state, ctx, project, node.path)
    class_name = _choose_class(
        state, project, node, name, parent_class=parent_class, path_instance=path_instance, full=full
    )
    if class_name is None:
        return None
    instance = path_instance if path_instance is not None else Instance(class_name, name)
    instance.name = name
    instance.class_name = class_name
    for child_name, child_node in node.children:
        child = build_node(state, ctx, project, child_node, child_name, parent_class=class_name)
        if child is not None:
            instance.add_child(child)
    _apply_values(state, project, node, instance)
    if node.id is not None:
        state.set_id(instance, node.id)
    return instance


def _choose_class(
    state: BuildState,
    project: Project,
    node: Node,
    name: str,
    *,
    parent_class: str | None,
    path_instance: Instance | None,
    full: str,
) -> str | None:
    """``$className``, the ``$path`` class and the inferred class, combined as Rojo does.

    None means the node is dropped: its optional ``$path`` gave nothing and no class is known.
    """
    inferred = _infer_class(state, name, parent_class)
    if path_instance is not None:
        path_class = path_instance.class_name
        if node.class_name is None:
            return inferred if inferred is not None and path_class == "Folder" else path_class
        if path_class != "Folder":
            raise ProjectError(
                f'"$className" is "{node.class_name}" but "$path" gives a {path_class}; with both set, '
                '"$path" must give a plain Folder; remove one of them',
                path=project.file,
                line=node.path.line if node.path else node.line,
                key=node.key,
            )
        return node.class_name
    class_name = node.class_name or inferred
    path_key = f"{node.key}.$path"
    if node.path is None:
        if class_name is None:
            message = _no_class_message(state, name, parent_class)
            raise ProjectError(message, path=project.file, line=node.line, key=node.key)
        return class_name
    if class_name is None:
        if node.path.optional:
            return None
        raise ProjectError(_why_nothing(node.path, full), path=project.file, line=node.path.line, key=path_key)
    if not node.path.optional:
        state.warn(
            location(project.file, node.path.line, path_key)
            + _why_nothing(node.path, full)
            + f"; the node stays a {class_name} without it"
        )
    return class_name


def _no_class_message(state: BuildState, name: str, parent_class: str | None) -> str:
    hint = ""
    if parent_class == "DataModel":
        services = [cls for cls, info in state.resolver.reflection.classes.items() if info.is_service]
        hint = did_you_mean(name, services)
        if hint:
            hint = f"; no service is called {name}{hint}"
    return f'cannot tell this node\'s class: set "$className", or "$path" to a file or folder{hint}'


def _apply_values(state: BuildState, project: Project, node: Node, instance: Instance) -> None:
    for entry in node.properties:
        key = f"{node.key}.$properties.{entry.name}"
        if entry.name in ("Name", "Parent"):
            state.warn(
                location(project.file, entry.line, key)
                + f"{entry.name} cannot be set in $properties and is ignored; "
                + ("the node's key names the instance" if entry.name == "Name" else "the tree decides the parent")
            )
            continue
        try:
            instance.properties[entry.name] = state.resolver.resolve(instance.class_name, entry.name, entry.value)
        except Unresolvable as error:
            raise ProjectError(str(error), path=project.file, line=entry.line, key=key) from None
    if node.attributes:
        try:
            instance.properties["Attributes"] = attributes({entry.name: entry.value for entry in node.attributes})
        except Unresolvable as error:
            line = next((entry.line for entry in node.attributes if entry.name == error.key), node.line)
            raise ProjectError(
                str(error), path=project.file, line=line, key=f"{node.key}.$attributes.{error.key}"
            ) from None
