"""A sent request taking effect: server faults, then the read, write or listing on the state."""

from __future__ import annotations

from typing import Any

from dsm.emulator import limits
from dsm.emulator.errors import engine_error
from dsm.emulator.listing import Page, encode_cursor, shorten
from dsm.emulator.operations import NO_VALUE, ValueResult
from dsm.emulator.service.pipeline import Pipeline
from dsm.emulator.service.requests import SERVER_FAILURE_VALUES, WRITES, Request, Step, Ticket, key_id, unix_ms


class Execution(Pipeline):
    """A sent request meeting the server: its faults, then its effect on the state."""

    def _execute(self, ticket: Ticket, now: float) -> Step:
        request = ticket.request
        failure = self.faults.server_error(request.method, request.ref.name, request.cache_key, request.ref.ordered)
        if failure is not None:
            request.entry.faults.append("error")
            raise engine_error(failure, **SERVER_FAILURE_VALUES)
        if request.method == "UpdateAsync":
            return self._read_for_transform(ticket, now)
        result = self._run(request, now)
        return self._finish(ticket, result)

    def _read_for_transform(self, ticket: Ticket, now: float) -> Step:
        request = ticket.request
        target = request.target
        assert target is not None
        ticket.revision = self.ops.revision(target)
        result = self.ops.get(target, unix_ms(now))
        self.throughput.record("read", key_id(target), limits.byte_length(result[0] or ""), now)
        ticket.state = "transform"
        request.entry.attempts += 1
        return Step("read", ticket.id, result=result)

    def _run(self, request: Request, now: float) -> tuple[Any, ...]:
        method = request.method
        if method in ("ListKeysAsync", "ListDataStoresAsync", "ListVersionsAsync", "GetSortedAsync"):
            return self._run_listing(request, unix_ms(now))
        if method == "BatchGetAsync":
            return (self.ops.batch_get(request.ref.name, request.args["scope"], request.args["keys"]),)
        if method in WRITES:
            return self._run_write(request, now)
        return self._run_read(request, now)

    def _run_read(self, request: Request, now: float) -> ValueResult:
        method, args, target, now_ms = request.method, request.args, request.target, unix_ms(now)
        assert target is not None
        if method == "GetVersionAsync":
            return self.ops.get_version(target, args["version"], now_ms)
        if method == "GetVersionAtTimeAsync":
            return self.ops.get_version_at(target, args["timestamp"], now_ms)
        result = self.ops.get(target, now_ms)
        self.throughput.record("read", key_id(target), limits.byte_length(result[0] or ""), now)
        self.cache.put(request.instance, request.cache_key or "", result, now)
        return result

    def _run_write(self, request: Request, now: float) -> tuple[Any, ...]:
        method, args, target, now_ms = request.method, request.args, request.target, unix_ms(now)
        assert target is not None
        target_key = key_id(target)
        result: ValueResult
        if method == "RemoveVersionAsync":
            self.ops.remove_version(target, args["version"], now_ms)
            self._after_write(request)
            return ()
        if method == "SetAsync":
            result = self.ops.set(target, args["value"], args["user_ids"], args["metadata"], now_ms)
            self.throughput.record("write", target_key, limits.byte_length(args["value"]), now)
        elif method == "IncrementAsync":
            result = self.ops.increment(target, args["delta"], args["user_ids"], args["metadata"], now_ms)
            self.throughput.record("write", target_key, limits.byte_length(result[0] or ""), now)
        else:  # RemoveAsync
            result = self.ops.remove(target, now_ms)
            self.throughput.record("write", target_key, 1, now)
        # A write reported as failed leaves the cache as it was: the server saw no success.
        self._after_write(request)
        self.cache.put(request.instance, request.cache_key or "", result if method != "RemoveAsync" else NO_VALUE, now)
        return (result[1],) if method == "SetAsync" else result

    def _run_listing(self, request: Request, now_ms: int) -> tuple[Any, ...]:
        method, args, target, ref = request.method, request.args, request.target, request.ref
        cursor, size = args["cursor"], args["page_size"]
        page: Page
        if method == "ListKeysAsync":
            scope = None if ref.all_scopes else ref.scope
            page = self.ops.list_keys(
                ref.name,
                scope,
                prefix=args["prefix"],
                cursor=cursor,
                size=size,
                exclude_deleted=args["exclude_deleted"],
                now_ms=now_ms,
            )
            kind = "k"

            def position(name: str) -> list[str]:
                return name.split("/", 1) if scope is None else [ref.scope, name]

        elif method == "ListDataStoresAsync":
            page = self.ops.list_datastores(args["prefix"], cursor, size)
            kind = "d"

            def position(item: list[Any]) -> list[Any]:  # type: ignore[misc]
                return [item[0]]

        elif method == "ListVersionsAsync":
            assert target is not None
            page = self.ops.list_versions(
                target,
                cursor=cursor,
                size=size,
                ascending=args["ascending"],
                min_ms=args["min_ms"],
                max_ms=args["max_ms"],
                now_ms=now_ms,
            )
            kind = "v"

            def position(item: list[Any]) -> list[Any]:  # type: ignore[misc]
                return [item[1], item[3]]

        else:
            assert target is not None
            page = self.ops.sorted(
                target,
                cursor=cursor,
                size=size,
                ascending=args["ascending"],
                minimum=args["minimum"],
                maximum=args["maximum"],
            )
            kind = "o"

            def position(item: list[Any]) -> list[Any]:  # type: ignore[misc]
                return [item[1], item[0]]

        keep = self.faults.short_page(method, ref.name, request.cache_key, len(page.items))
        if keep is not None:
            request.entry.faults.append("shortpage")
            page = shorten(page, keep, position, kind, cursor or encode_cursor(kind, None))
        return (page.items, page.cursor)
