"""File kinds (Rojo's middlewares) and the built-in rules that pick one from a file name.

Every kind is a function ``(state, context, path, name, listing) -> Instance | None``; ``listing``
is the parent folder's listing when the file was met in a folder walk, for finding its meta file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from dsm.dom.instance import Instance
from dsm.project.context import BuildState, Context
from dsm.project.fs import Listing, file_stem
from dsm.project.middleware import data, localization, model_file, model_json, scripts, text

Middleware = Callable[[BuildState, Context, str, str, Listing | None], Instance | None]


def _project(state: BuildState, ctx: Context, path: str, name: str, _listing: Listing | None) -> Instance | None:
    from dsm.project.builder import snapshot_project

    return snapshot_project(state, ctx, path, name)


def _ignore(_state: BuildState, _ctx: Context, _path: str, _name: str, _listing: Listing | None) -> None:
    return None


MIDDLEWARES: dict[str, Middleware] = {
    **{kind: partial(scripts.snapshot_script, kind=kind) for kind in scripts.SCRIPT_KINDS},
    "json": data.snapshot_json,
    "toml": data.snapshot_toml,
    "yaml": data.snapshot_yaml,
    "csv": localization.snapshot_csv,
    "text": text.snapshot_text,
    "jsonModel": model_json.snapshot_json_model,
    "rbxm": model_file.snapshot_rbxm,
    "rbxmx": model_file.snapshot_rbxmx,
    "project": _project,
    "ignore": _ignore,
}


@dataclass(frozen=True)
class DefaultRule:
    """A built-in rule. Its glob is ``*<suffix>``, and since ``*`` also matches ``/``,
    matching the full path is the same as matching the file name's end."""

    suffixes: tuple[str, ...]
    use: str
    strip: str | None
    exclude: str | None = None

    def name_for(self, file_name: str) -> str:
        if self.strip is None:
            return file_stem(file_name)
        return file_name[: -len(self.strip)] if file_name.endswith(self.strip) else file_name


# snapshot_middleware/mod.rs::default_sync_rules, in order; the first match wins.
DEFAULT_RULES = (
    DefaultRule((".server.lua",), "serverScript", ".server.lua"),
    DefaultRule((".server.luau",), "serverScript", ".server.luau"),
    DefaultRule((".client.lua",), "clientScript", ".client.lua"),
    DefaultRule((".client.luau",), "clientScript", ".client.luau"),
    DefaultRule((".plugin.lua",), "pluginScript", ".plugin.lua"),
    DefaultRule((".plugin.luau",), "pluginScript", ".plugin.luau"),
    DefaultRule((".lua", ".luau"), "moduleScript", None),
    DefaultRule((".project.json",), "project", ".project.json"),
    DefaultRule((".project.jsonc",), "project", ".project.jsonc"),
    DefaultRule((".model.json",), "jsonModel", ".model.json"),
    DefaultRule((".model.jsonc",), "jsonModel", ".model.jsonc"),
    DefaultRule((".json",), "json", ".json", ".meta.json"),
    DefaultRule((".jsonc",), "json", ".jsonc", ".meta.jsonc"),
    DefaultRule((".toml",), "toml", None),
    DefaultRule((".csv",), "csv", None),
    DefaultRule((".txt",), "text", None),
    DefaultRule((".rbxmx",), "rbxmx", None),
    DefaultRule((".rbxm",), "rbxm", None),
    DefaultRule((".yml", ".yaml"), "yaml", None),
)

# The rules worth trying for each last extension, in order: one dict lookup per file.
_BY_EXTENSION: dict[str, tuple[DefaultRule, ...]] = {}
for _rule in DEFAULT_RULES:
    for _suffix in _rule.suffixes:
        _extension = _suffix[_suffix.rfind(".") :]
        _BY_EXTENSION[_extension] = (*_BY_EXTENSION.get(_extension, ()), _rule)


def default_rule(file_name: str) -> DefaultRule | None:
    dot = file_name.rfind(".")
    if dot < 0:
        return None
    for rule in _BY_EXTENSION.get(file_name[dot:], ()):
        if file_name.endswith(rule.suffixes) and not (rule.exclude and file_name.endswith(rule.exclude)):
            return rule
    return None
