"""`dsm doctor`: which external tools are present, their versions, and what each enables."""

from __future__ import annotations

import json
import platform
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ToolStatus:
    name: str
    version: str | None
    """None when the tool is missing."""
    enables: str
    missing_hint: str


_VERSION = re.compile(r"\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)?")


def _command_version(command: str, *args: str) -> str | None:
    path = shutil.which(command)
    if path is None:
        return None
    try:
        result = subprocess.run([path, *args], check=False, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = _VERSION.search(result.stdout + result.stderr)
    return match.group(0) if match else "unknown version"


def _npm_version(root: Path, package: str) -> str | None:
    manifest = root / "node_modules" / package / "package.json"
    try:
        version = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None
    return str(version) if version else None


def check(root: Path) -> list[ToolStatus]:
    """Look for every tool the toolchain can use; nothing here is required but Python."""
    python = platform.python_version()
    return [
        ToolStatus(
            "python",
            python if sys.version_info >= (3, 12) else None,
            "the dsm toolchain itself (needs 3.12 or newer)",
            "install Python 3.12 or newer",
        ),
        ToolStatus(
            "node",
            _command_version("node", "--version"),
            "dsm fmt without a stylua binary (StyLua as WASM)",
            "install Node.js 18 or newer",
        ),
        ToolStatus(
            "rojo",
            _command_version("rojo", "--version"),
            "dsm build --builder rojo; rojo serve for live sync of places",
            "optional: `rokit install` pins it (rokit.toml)",
        ),
        ToolStatus(
            "selene",
            _command_version("selene", "--version"),
            "dsm lint also runs selene's rules",
            "optional: `rokit install` pins it (rokit.toml)",
        ),
        ToolStatus(
            "stylua",
            _command_version("stylua", "--version"),
            "dsm fmt uses the native binary (faster than WASM)",
            "optional: `rokit install` pins it (rokit.toml)",
        ),
        ToolStatus(
            "lune",
            _command_version("lune", "--version"),
            "run Luau scripts outside Studio with Lune's own runtime",
            "optional: not needed by dsm",
        ),
        ToolStatus(
            "@rbxts/types",
            _npm_version(root, "@rbxts/types"),
            "scripts/generate-reflection (Roblox classes and enums)",
            "run `npm ci` in the project root",
        ),
        ToolStatus(
            "@rbxts/vide",
            _npm_version(root, "@rbxts/vide"),
            "the plugin's UI library, built into the plugin",
            "run `npm ci` in the project root",
        ),
        ToolStatus(
            "@johnnymorganz/stylua",
            _npm_version(root, "@johnnymorganz/stylua"),
            "dsm fmt without a stylua binary",
            "run `npm ci` in the project root",
        ),
    ]
