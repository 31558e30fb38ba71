"""Turning a script's call into a Request: the key's target, argument checks, charges."""

from __future__ import annotations

from typing import Any

from dsm.emulator import arguments, limits, routing
from dsm.emulator.errors import argument_error
from dsm.emulator.operations import Target
from dsm.emulator.requestlog import LogEntry
from dsm.emulator.service.requests import KEYED, Request, StoreRef, key_id
from dsm.emulator.service.state import ServiceState


class Preparing(ServiceState):
    """A call on a data store object turned into a checked, charged Request."""

    def _resolve(self, ref: StoreRef, key: object) -> tuple[Target, str]:
        if not isinstance(key, str):
            raise argument_error("Argument 1 missing or nil")
        if ref.all_scopes:
            scope, name = limits.split_all_scopes_key(key)
        else:
            limits.check_key(key)
            scope, name = ref.scope, key
        return Target(ref.ordered, ref.name, scope, name), key

    def _prepare(
        self, method: str, ref: StoreRef, instance: int, args: dict[str, Any], *, entry: LogEntry, now: float
    ) -> Request:
        target: Target | None = None
        cache_key: str | None = None
        if method in KEYED:
            target, cache_key = self._resolve(ref, args.get("key"))
            entry.scope = target.scope
        elif method == "GetSortedAsync":
            target = Target(True, ref.name, ref.scope, "")
        request = Request(
            method, ref, instance, target, cache_key, dict(args), entry, routing.queue_name(method, ref.ordered)
        )
        arguments.check(method, request.args, ordered=ref.ordered, scope=ref.scope, settings=self.settings, now=now)
        if method == "BatchGetAsync":
            request.cache_key = None
        first, commit = routing.request_types(method, ref.ordered, self.budgets.model)
        amount = float(len(request.args["keys"])) if method == "BatchGetAsync" else 1.0
        request.charges = self.budgets.charges(first, amount)
        request.commit_charges = self.budgets.charges(commit)
        entry.requestType = "+".join((*first, *commit)) if request.charges or request.commit_charges else ""
        if target is not None and method in ("GetAsync", "UpdateAsync", "GetVersionAsync", "GetVersionAtTimeAsync"):
            target_key = key_id(target)
            request.throughput = ("read", target_key, self.throughput.last_size("read", target_key, now))
        elif target is not None and method in ("SetAsync", "IncrementAsync", "RemoveAsync"):
            request.throughput = ("write", key_id(target), limits.byte_length(request.args.get("value") or ""))
        return request
