"""The bridge between the Luau DataStoreService (``luau/Services/DataStoreService.luau``)
and the Python emulator (``dsm.emulator``).

Each request crosses as positional values (strings, numbers, JSON text), never as
tables, so values cannot alias between Luau and the state, and the hot path (GetAsync,
SetAsync) builds nothing it does not need. Every host function answers with a status
first: ``"error", message`` becomes a Luau error at the caller's line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pluau

from dsm.emulator import catalogue, faults, seeding
from dsm.emulator.errors import EngineError
from dsm.emulator.service import Emulator, Step
from dsm.errors import DsmError
from dsm.runtime.jsonvalue import JsonValues
from dsm.runtime.vm import LuauVM, from_lua, text, to_lua

# Positional arguments each method's request carries after (method, instance, now).
REQUEST_ARGUMENTS: dict[str, tuple[str, ...]] = {
    "GetAsync": ("key", "use_cache"),
    "SetAsync": ("key", "value", "user_ids", "metadata"),
    "IncrementAsync": ("key", "delta", "user_ids", "metadata"),
    "UpdateAsync": ("key",),
    "RemoveAsync": ("key",),
    "GetVersionAsync": ("key", "version"),
    "GetVersionAtTimeAsync": ("key", "timestamp"),
    "RemoveVersionAsync": ("key", "version"),
    "ListVersionsAsync": ("key", "ascending", "min_ms", "max_ms", "page_size", "cursor"),
    "ListKeysAsync": ("prefix", "page_size", "cursor", "exclude_deleted"),
    "ListDataStoresAsync": ("prefix", "page_size", "cursor"),
    "GetSortedAsync": ("ascending", "page_size", "minimum", "maximum", "cursor"),
    "BatchGetAsync": ("keys",),
}


def _value(item: Any) -> Any:
    if isinstance(item, pluau.String):
        return text(item)
    if isinstance(item, pluau.Table):
        return from_lua(item)
    return item


class DataStoreBridge:
    """Registers ``host.datastore_*`` on a VM for one emulator."""

    def __init__(self, vm: LuauVM, emulator: Emulator) -> None:
        self.vm = vm
        self.emulator = emulator
        self.json_values = JsonValues(vm.lua)
        functions: dict[str, Callable[..., Any]] = {
            "datastore_catalogue": self._catalogue,
            "datastore_open": self._open,
            "datastore_begin": self._begin,
            "datastore_poll": self._poll,
            "datastore_commit": self._commit,
            "datastore_cancel": self._cancel,
            "datastore_budget": self._budget,
            "datastore_setRateLimit": self._set_rate_limit,
            "datastore_control": self._control,
            "datastore_string": self._string,
        }
        for name, function in functions.items():
            vm.register_host(name, function)

    # Answers --------------------------------------------------------------------------

    def _step(self, step: Step) -> tuple[Any, ...]:
        if step.kind == "wait":
            return ("wait", step.ticket, step.seconds)
        lua = self.vm.lua
        return (
            step.kind,
            step.ticket,
            *(to_lua(lua, item) if isinstance(item, list | dict) else item for item in step.result),
        )

    def _guard(self, call: Callable[[], Any]) -> Any:
        try:
            result = call()
        except EngineError as error:
            return ("error", error.message)
        return ("ok", result) if not isinstance(result, tuple) else result

    # Host functions -------------------------------------------------------------------

    def _catalogue(self, lua: pluau.Lua, _args: tuple[Any, ...]) -> Any:
        loaded = catalogue.load()
        errors = {entry.name: {"code": entry.code, "message": entry.message} for entry in loaded.errors}
        return to_lua(lua, {"limits": dict(loaded.limits), "errors": errors})

    def _string(self, _lua: pluau.Lua, args: tuple[Any, ...]) -> Any:
        """JSON for a string value and back, at C speed: Luau's pattern matching walks a
        multi-megabyte string far slower, and large string values are common."""
        operation, value = text(args[0]), text(args[1])
        if operation == "quote":
            return (json.dumps(value, ensure_ascii=False),)
        return (json.loads(value),)

    def _open(self, _lua: pluau.Lua, args: tuple[Any, ...]) -> Any:
        ordered, name, scope, all_scopes, global_store = (_value(item) for item in args[:5])
        return self._guard(
            lambda: self.emulator.open(
                bool(ordered), str(name), str(scope or ""), bool(all_scopes), global_store=bool(global_store)
            )
        )

    def _begin(self, _lua: pluau.Lua, args: tuple[Any, ...]) -> Any:
        method, instance, now = text(args[0]), int(args[1]), float(args[2])
        names = REQUEST_ARGUMENTS.get(method)
        if names is None:
            return ("error", f"{method} is not a data store request")
        values = {name: _value(args[3 + index]) if 3 + index < len(args) else None for index, name in enumerate(names)}
        return self._guard(lambda: self._step(self.emulator.begin(method, instance, now, values)))

    def _poll(self, _lua: pluau.Lua, args: tuple[Any, ...]) -> Any:
        return self._guard(lambda: self._step(self.emulator.poll(int(args[0]), float(args[1]))))

    def _commit(self, _lua: pluau.Lua, args: tuple[Any, ...]) -> Any:
        ticket, now, value, user_ids, metadata = (_value(item) for item in (*args, None, None)[:5])
        return self._guard(
            lambda: self._step(self.emulator.commit(int(ticket), float(now), str(value), user_ids, metadata))
        )

    def _cancel(self, _lua: pluau.Lua, args: tuple[Any, ...]) -> Any:
        error = _value(args[1]) if len(args) > 1 else None
        return self._guard(lambda: self.emulator.cancel(int(args[0]), None if error is None else str(error)))

    def _budget(self, _lua: pluau.Lua, args: tuple[Any, ...]) -> Any:
        return self._guard(lambda: self.emulator.budget(text(args[0]), float(args[1])))

    def _set_rate_limit(self, _lua: pluau.Lua, args: tuple[Any, ...]) -> Any:
        request_type, base, per_player, now = text(args[0]), _value(args[1]), _value(args[2]), float(args[3])
        return self._guard(lambda: self.emulator.set_rate_limit(request_type, base, per_player, now))

    def _control(self, _lua: pluau.Lua, args: tuple[Any, ...]) -> Any:
        """The ``dsm.datastore`` test hooks: JSON text in and out; a seed comes as its table."""
        operation, now = text(args[0]), float(args[1])
        if operation == "seed":
            return self._guard(lambda: self._seed(args[2] if len(args) > 2 else None, now))
        argument = _value(args[2]) if len(args) > 2 else None
        extra = _value(args[3]) if len(args) > 3 else None
        return self._guard(lambda: self._run_control(operation, now, argument, extra))

    def _run_control(self, operation: str, now: float, argument: Any, extra: Any) -> Any:
        emulator = self.emulator
        if operation == "reset":
            emulator.reset(now)
        elif operation == "export":
            return json.dumps(emulator.export(), separators=(",", ":"), allow_nan=True)
        elif operation == "inject":
            emulator.inject(faults.parse(str(argument or "")))
        elif operation == "injectList":
            emulator.inject(self._fault_list(str(argument)))
        elif operation == "setBudgetModel":
            emulator.set_budget_model(str(argument), json.loads(extra) if extra else {}, now)
        elif operation == "setApiAccess":
            emulator.api_access = bool(argument)
        elif operation == "requestLog":
            return json.dumps([entry.as_luau() for entry in emulator.log.entries], allow_nan=True)
        elif operation == "configure":
            return json.dumps(emulator.configure(json.loads(argument) if argument else {}))
        else:
            raise EngineError(f"unknown data store control {operation!r}")
        return None

    def _seed(self, state: Any, now: float) -> None:
        """Writes the Luau table ``state``, read as its JSON would read (one crossing, no
        Luau code run per key), checked as a --seed file is."""
        data = self.json_values.read(state)
        self.emulator.seed(seeding.prepare(data, source="dsm.datastore.seed"), now)

    @staticmethod
    def _fault_list(argument: str) -> faults.FaultPlan:
        decoded = json.loads(argument)
        if isinstance(decoded, dict) and not decoded:
            decoded = []
        if not isinstance(decoded, list):
            raise faults.FaultSpecError(
                'dsm.datastore.inject: pass a spec string or a list of faults like { { kind = "error", p = 0.1 } }'
            )
        return faults.from_table(decoded)


def emulator_for(state: Path | None = None, seed_file: Path | None = None, fault_spec: str | None = None) -> Emulator:
    """The emulator ``dsm run`` / ``dsm test`` start with: in memory or a state file,
    a seed applied at each reset, and the CLI's faults; bad input is one DsmError line."""
    seed = None
    if seed_file is not None:
        try:
            source = seed_file.read_text(encoding="utf-8")
        except OSError as error:
            raise DsmError(f"cannot read the seed: {error.strerror}", path=seed_file) from None
        except UnicodeDecodeError:
            raise DsmError("the seed is not UTF-8 text", path=seed_file) from None
        try:
            seed = seeding.parse(source, source="seed")
        except seeding.SeedError as error:
            message = error.message.removeprefix("seed: ")
            if error.line is not None:
                message = message.replace(f"(line {error.line}, column", "(column")
            raise DsmError(message, path=seed_file, line=error.line) from None
    plan = None
    if fault_spec:
        try:
            plan = faults.parse(fault_spec)
        except EngineError as error:
            raise DsmError(f"--{error.message}") from None
    if state is not None and state.is_dir():
        raise DsmError("is a folder; --datastore takes a state file (created when missing)", path=state)
    if state is not None and not state.parent.is_dir():
        raise DsmError("the folder for the state file does not exist", path=state)
    return Emulator(state, seed=seed, faults=plan)
