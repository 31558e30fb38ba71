"""The Luau VM the runtime lives in, and the bridge between it and Python.

The Roblox shim is written in Luau (``luau/*.luau``) and loaded with ``import(name)``, a
module loader private to the shim. Python offers the shim a small ``host`` table for what
Luau cannot do itself: create userdata (so the built-in ``typeof`` names Roblox types),
compile source under a chosen chunk name, read reflection data, and write output.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from importlib import resources
from typing import Any, TextIO

import pluau

from dsm import reflection
from dsm.dom import explicit

SHIM_PACKAGE = "dsm.runtime"

# -O1 keeps line information exact; -g2 keeps local names for tracebacks.
_COMPILER = pluau.Compiler(1, 2, 0, 0)


class LuauError(Exception):
    """An error raised in Luau and not caught there; ``traceback`` has its stack."""

    def __init__(self, message: str, traceback: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.traceback = traceback


class TimeLimitExceeded(Exception):
    """Luau code ran longer than the wall-clock limit without yielding back to the host."""


def to_lua(lua: pluau.Lua, value: Any) -> Any:
    """A Python value (dicts, lists, scalars) as a Luau value; tables are copied."""
    if isinstance(value, dict):
        table = lua.create_table_with_capacity(0, len(value))
        for key, item in value.items():
            table.set(key, to_lua(lua, item))
        return table
    if isinstance(value, list | tuple):
        table = lua.create_table_with_capacity(len(value), 0)
        for index, item in enumerate(value, start=1):
            table.set(index, to_lua(lua, item))
        return table
    return value


def from_lua(value: Any) -> Any:
    """A Luau value as plain Python: tables become dicts (or lists when they are arrays)."""
    if isinstance(value, pluau.String):
        return bytes(value.as_bytes()).decode("utf-8", "replace")
    if isinstance(value, pluau.Table):
        items = {from_lua(key): from_lua(item) for key, item in value}
        if items and all(isinstance(key, int) for key in items) and sorted(items) == list(range(1, len(items) + 1)):
            return [items[index] for index in range(1, len(items) + 1)]
        return items
    return value


def text(value: Any) -> str:
    if isinstance(value, pluau.String):
        return bytes(value.as_bytes()).decode("utf-8", "replace")
    return str(value)


class LuauVM:
    """One Luau state with the shim's module loader and host bridge installed."""

    def __init__(
        self,
        *,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        memory_limit: int = 1024 * 1024 * 1024,
        time_limit: float | None = None,
        epoch: float | None = None,
    ) -> None:
        self.lua = pluau.Lua()
        self.lua.set_memory_limit(memory_limit)
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self._modules: dict[str, Any] = {}
        self._loading: list[str] = []
        self._reflection = reflection.load()
        self._deadline: float | None = None
        self._time_limit = time_limit
        # Unix time at virtual time zero: now, unless a caller pins it for reproducible output.
        self.epoch = float(epoch) if epoch is not None else time.time()
        self._limit = 0.0
        self._timed_out = False
        self._class_cache: dict[str, Any] = {}
        self.shim_env = self.lua.create_table()
        base = self.lua.globals()
        # Luau's globals are copied in, not reached through __index: the shim reads `table`,
        # `math` and friends in its hottest loops (every frame), and a direct hit is cheaper
        # than a miss followed by a metamethod. The metatable still finds later additions.
        for key, value in base:
            self.shim_env.set(key, value)
        meta = self.lua.create_table()
        meta.set("__index", base)
        setmetatable = base.get("setmetatable")
        setmetatable(self.shim_env, meta)
        self._host = self._host_table()
        self.shim_env.set("host", self._host)
        self.shim_env.set("import", self.lua.create_function(lambda _lua, args: self.import_module(text(args[0]))))
        self.lua.set_interrupt(self._interrupt)

    # Time limit ---------------------------------------------------------------------------

    def _interrupt(self, _lua: Any) -> Any:
        # Past the deadline every interrupt raises, so code that catches one error (a pcall
        # in a loop) meets the next at its loop's back edge and the whole call unwinds.
        if self._deadline is not None and time.monotonic() > self._deadline:
            self._timed_out = True
            raise TimeLimitExceeded(f"ran longer than the time limit of {self._limit:g} s")
        return pluau.VmState.Continue

    def guarded(self, function: Callable[[], Any], time_limit: float | None = None) -> Any:
        """Run ``function`` with the wall-clock limit armed (the VM's own or ``time_limit``).

        Raises TimeLimitExceeded when the limit was hit, even if Luau code caught the error
        and returned normally: the state it left behind cannot be trusted.
        """
        limit = time_limit if time_limit is not None else self._time_limit
        previous, previous_limit = self._deadline, self._limit
        self._deadline = time.monotonic() + limit if limit else None
        self._limit = limit or 0.0
        self._timed_out = False
        try:
            result = function()
        except Exception:
            if self._timed_out:
                raise TimeLimitExceeded(f"ran longer than the time limit of {self._limit:g} s") from None
            raise
        finally:
            self._deadline, self._limit = previous, previous_limit
        if self._timed_out:
            raise TimeLimitExceeded(f"ran longer than the time limit of {limit:g} s")
        return result

    # Shim modules -------------------------------------------------------------------------

    def import_module(self, name: str) -> Any:
        """Load ``luau/<name>.luau`` once and return what it returns."""
        if name in self._modules:
            return self._modules[name]
        if name in self._loading:
            cycle = " -> ".join([*self._loading[self._loading.index(name) :], name])
            raise LuauError(f"shim modules require each other in a cycle: {cycle}")
        source = (resources.files(SHIM_PACKAGE) / "luau" / f"{name}.luau").read_text(encoding="utf-8")
        self._loading.append(name)
        try:
            chunk = self.lua.load_chunk(source, name=f"@dsm/{name}.luau", env=self.shim_env, compiler=_COMPILER)
            result = chunk()
        finally:
            self._loading.pop()
        module = result[0] if result else None
        self._modules[name] = module
        return module

    def load(self, source: str, chunk_name: str, env: Any = None) -> Any:
        """Compile ``source``; chunk names start with ``@`` so tracebacks show them as paths."""
        return self.lua.load_chunk(source, name=chunk_name, env=env, compiler=_COMPILER)

    # The host table -----------------------------------------------------------------------

    def _host_table(self) -> Any:
        lua = self.lua
        host = lua.create_table()

        def define(name: str, function: Callable[..., Any]) -> None:
            host.set(name, lua.create_function(function))

        define("userdata", lambda lua_, args: lua_.create_userdata(None, args[0]))
        define("load", self._host_load)
        define("classInfo", lambda _lua, args: self._class_info(text(args[0])))
        define("classNames", lambda lua_, _args: to_lua(lua_, sorted(self._reflection.classes)))
        define("enumNames", lambda lua_, _args: to_lua(lua_, sorted(self._reflection.enums)))
        define("enumItems", self._enum_items)
        define("write", self._write)
        define("clock", lambda _lua, _args: time.perf_counter())
        define("epoch", lambda _lua, _args: self.epoch)
        return host

    def register_host(self, name: str, function: Callable[[pluau.Lua, tuple[Any, ...]], Any]) -> None:
        """Adds ``host.<name>`` for the shim: ``function(lua, args)`` returns Luau values
        (a tuple returns several). Other parts of the toolchain (the data store emulator)
        plug in here, so the VM does not need to know them."""
        if self._host.get(name) is not None:
            raise ValueError(f"host.{name} is already registered")
        self._host.set(name, self.lua.create_function(function))

    def _host_load(self, _lua: Any, args: tuple[Any, ...]) -> Any:
        source, chunk_name = text(args[0]), text(args[1])
        env = args[2] if len(args) > 2 else None
        try:
            return self.load(source, chunk_name, env), None
        except Exception as error:  # compile errors arrive as several exception types
            return None, str(error)

    def _write(self, _lua: Any, args: tuple[Any, ...]) -> None:
        stream = self.stderr if text(args[0]) == "stderr" else self.stdout
        stream.write(text(args[1]) + "\n")
        stream.flush()

    def _enum_items(self, lua: pluau.Lua, args: tuple[Any, ...]) -> Any:
        items = self._reflection.enum_items(text(args[0]))
        return None if items is None else to_lua(lua, items)

    def _class_info(self, name: str) -> Any:
        """Reflection for one class: superclass, tags, properties and defaults (explicit form)."""
        if name in self._class_cache:
            return self._class_cache[name]
        info = self._reflection.get_class(name)
        if info is None:
            self._class_cache[name] = None
            return None
        properties = {}
        for prop in info.properties.values():
            entry: dict[str, Any] = {"type": prop.data_type, "readonly": prop.readonly}
            if prop.enum:
                entry["enum"] = prop.enum
            if not prop.scriptable:
                entry["scriptable"] = False
            properties[prop.name] = entry
        defaults = {}
        for prop_name, value in info.defaults.items():
            encoded = explicit.encode(value)
            if isinstance(encoded, dict) and len(encoded) == 1:
                ((kind, payload),) = encoded.items()
                defaults[prop_name] = {"type": kind, "value": payload}
        table = to_lua(
            self.lua,
            {
                "name": info.name,
                "superclass": info.superclass,
                "tags": sorted(info.tags),
                "properties": properties,
                "defaults": defaults,
                "methods": sorted(info.methods),
                "events": sorted(info.events),
                "callbacks": sorted(info.callbacks),
                "untypedProperties": sorted(info.untyped_properties),
            },
        )
        self._class_cache[name] = table
        return table
