"""Lua(u) files → Script, LocalScript or ModuleScript, with the RunContext rules of Rojo 7.4+.

``Source`` is the file text with ``\\r\\n`` turned into ``\\n`` and nothing else changed (a BOM
stays). With ``emitLegacyScripts`` (the default) ``.server`` gives a Script with RunContext
Legacy and ``.client`` a LocalScript; without it both are Scripts with RunContext Server or
Client. ``.plugin`` is always a Script with RunContext Plugin.
"""

from __future__ import annotations

from dsm.dom import values as v
from dsm.dom.instance import Instance
from dsm.project.context import BuildState, Context
from dsm.project.fs import Listing, decode_utf8, read_bytes
from dsm.project.middleware.meta import apply_adjacent

# Enum.RunContext items; fixed by Roblox.
LEGACY, SERVER, CLIENT, PLUGIN = 0, 1, 2, 3

# Sync-rule kind -> (class, RunContext) regardless of emitLegacyScripts.
_FIXED: dict[str, tuple[str, int | None]] = {
    "moduleScript": ("ModuleScript", None),
    "pluginScript": ("Script", PLUGIN),
    "legacyServerScript": ("Script", LEGACY),
    "legacyClientScript": ("LocalScript", None),
    "runContextServerScript": ("Script", SERVER),
    "runContextClientScript": ("Script", CLIENT),
}
SCRIPT_KINDS = frozenset({*_FIXED, "serverScript", "clientScript"})


def script_class(kind: str, emit_legacy_scripts: bool) -> tuple[str, int | None]:
    if kind == "serverScript":
        return ("Script", LEGACY if emit_legacy_scripts else SERVER)
    if kind == "clientScript":
        return ("LocalScript", None) if emit_legacy_scripts else ("Script", CLIENT)
    return _FIXED[kind]


def read_source(path: str) -> str:
    text = decode_utf8(read_bytes(path, "script"), path, "script")
    return text.replace("\r\n", "\n") if "\r" in text else text


def script(kind: str, ctx: Context, path: str, name: str) -> Instance:
    class_name, run_context = script_class(kind, ctx.emit_legacy_scripts)
    properties: dict[str, v.Variant] = {"Source": v.String(read_source(path))}
    if run_context is not None:
        properties["RunContext"] = v.Enum(run_context)
    return Instance(class_name, name, properties, origin=path)


def snapshot_script(
    state: BuildState, ctx: Context, path: str, name: str, listing: Listing | None, *, kind: str
) -> Instance:
    instance = script(kind, ctx, path, name)
    apply_adjacent(state, instance, path, name, listing)
    return instance
