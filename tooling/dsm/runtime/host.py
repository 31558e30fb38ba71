"""The headless runtime: the project's instance tree in a virtual DataModel, inside a Luau VM.

``Runtime`` builds the project the way ``dsm build`` does, mounts the tree at
``game.ServerStorage.<name>`` and runs Luau files and specs there with the Roblox shim.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from dsm.dom import explicit
from dsm.dom.instance import Instance
from dsm.errors import DsmError
from dsm.runtime.vm import LuauError, LuauVM, TimeLimitExceeded, from_lua, text, to_lua

# How long (virtual seconds) a `dsm run` script may keep threads waiting before it ends.
SETTLE_LIMIT = 3600.0
DEFAULT_TIME_LIMIT = 30.0


@dataclass(frozen=True)
class Failure:
    message: str
    traceback: str


class Runtime:
    """One Luau VM with the shim loaded, a DataModel and (optionally) the project mounted."""

    def __init__(
        self,
        root: Path,
        *,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        time_limit: float = DEFAULT_TIME_LIMIT,
        memory_limit: int = 1024 * 1024 * 1024,
        datastore: Path | None = None,
        seed: Path | None = None,
        faults: str | None = None,
        epoch: float | None = None,
        random_seed: int | None = None,
    ) -> None:
        self.root = root
        self.time_limit = time_limit
        self.vm = LuauVM(stdout=stdout, stderr=stderr, memory_limit=memory_limit, time_limit=time_limit, epoch=epoch)
        if random_seed is not None:
            # math.random (retry jitter, say) then draws the same numbers on every run.
            self.vm.load(f"math.randomseed({int(random_seed)})", "@randomseed")()
        # DataStoreService's state: in memory unless `datastore` names a file; registered
        # before the shim loads, since loading it starts a game server.
        from dsm.runtime.datastore import DataStoreBridge, emulator_for

        self.datastore = emulator_for(datastore, seed, faults)
        DataStoreBridge(self.vm, self.datastore)
        self.api = self.vm.import_module("Runtime")
        self.dsm = self.vm.import_module("Dsm")
        self.globals = self.api.get("globals")()[0]
        self.globals.set("dsm", self.dsm.get("global"))
        self.plugin_root: Any = None

    # Mounting -----------------------------------------------------------------------------

    def _node(self, instance: Instance) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        attributes: dict[str, Any] = {}
        tags: list[str] = []
        for name, value in instance.properties.items():
            encoded = explicit.encode(value)
            if not isinstance(encoded, dict) or len(encoded) != 1:
                continue
            ((kind, payload),) = encoded.items()
            if kind == "Attributes" and isinstance(payload, dict):
                attributes = {key: _attribute(item) for key, item in payload.items()}
            elif kind == "Tags" and isinstance(payload, list):
                tags = [str(tag) for tag in payload]
            else:
                properties[name] = {"type": kind, "value": payload}
        node: dict[str, Any] = {
            "className": instance.class_name,
            "name": instance.name,
            "properties": properties,
            "attributes": attributes,
            "tags": tags,
            "children": [self._node(child) for child in instance.children],
        }
        if instance.origin is not None:
            node["origin"] = self.display(instance.origin)
        return node

    def display(self, path: str) -> str:
        """A source path as tracebacks show it: relative to the project root when inside it."""
        try:
            relative = os.path.relpath(path, self.root)
        except ValueError:  # another drive on Windows
            return path
        return path if relative.startswith("..") else relative.replace(os.sep, "/")

    def mount(self, tree: Instance, service: str = "ServerStorage") -> Any:
        """Put ``tree`` under ``game.<service>`` and make it the plugin ``dsm.loadPlugin`` runs."""
        root = self.call_api("mount", to_lua(self.vm.lua, self._node(tree)), service)[0]
        self.plugin_root = root
        self._call(self.dsm.get("setPluginRoot"), root)
        return root

    def mount_project(self, project_file: Path) -> Any:
        from dsm.project import build_tree

        return self.mount(build_tree(project_file))

    # Running -----------------------------------------------------------------------------

    def _call(self, function: Any, *args: Any) -> list[Any]:
        try:
            return self.vm.guarded(lambda: function(*args))  # type: ignore[no-any-return]
        except TimeLimitExceeded:
            raise
        except Exception as error:
            raise LuauError(_message(error)) from None

    def run_file(self, path: Path) -> list[Failure]:
        """Run a Luau file as a Script, let its threads finish, and return uncaught errors."""
        try:
            source = path.read_text(encoding="utf-8")
        except OSError as error:
            raise DsmError(f"cannot read {path}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise DsmError(f"{path} is not UTF-8 text") from None
        self._call(self.api.get("runSource"), source, self.display(str(path)), path.stem)
        self._call(self.api.get("settle"), SETTLE_LIMIT)
        return self.take_failures()

    def call_api(self, name: str, *args: Any) -> list[Any]:
        """Call one of the Luau ``Runtime`` module's functions under the time limit."""
        return self._call(self.api.get(name), *args)

    def take_failures(self) -> list[Failure]:
        failures = from_lua(self._call(self.api.get("takeFailures"))[0]) or []
        return [Failure(str(item.get("message", "")), str(item.get("traceback", ""))) for item in failures]

    def import_module(self, name: str) -> Any:
        return self.vm.import_module(name)


def _attribute(value: Any) -> Any:
    """An attribute in explicit form as ``{type, value}``, converted to a runtime value in Luau."""
    if isinstance(value, dict) and len(value) == 1:
        ((kind, payload),) = value.items()
        return {"type": kind, "value": payload}
    return value


def _message(error: Exception) -> str:
    message = text(error.args[0]) if error.args else str(error)
    return message.split("\nstack traceback:")[0]
