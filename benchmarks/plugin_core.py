"""Benchmarks of the plugin core (plugin/src/Core) against the DataStoreService emulator.

Three measurements, each against its baseline in the same run:

(a) bulk write: N keys written through a BulkOperation (the RequestScheduler paces them
    inside the request budget) against naive SetAsync loops on a fresh budget: every
    request started at once, and one after another. Reported: requests per minute as a
    fraction of the budget ceiling, i.e. the most the budget allowed in the time taken
    (the start budget plus the per-minute rate times the minutes), throttling errors, and
    requests that waited in the service's own queue. Virtual time.
(b) listing a 100,000-key store: requests spent on the first page and on a full scan,
    against the theoretical minimum (one request per largest page). Virtual time.
(c) a cache hit: `Cache:get` and `DataStoreManagerSlim:getData` answered from the cache,
    against a plain table read, in real time (median of rounds).

    .venv/bin/python benchmarks/plugin_core.py [--keys 1000] [--players 0] [--store-keys 100000]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time
from pathlib import Path
from typing import Any

from dsm.runtime.host import Runtime
from dsm.runtime.vm import text

ROOT = Path(__file__).resolve().parent.parent
# Virtual seconds a part may take before the run gives up on it.
VIRTUAL_LIMIT = 6 * 3600.0

PRELUDE = """
local Core = game.ServerStorage.DataStoreManagerPro.Core
local Constants = require(game.ServerStorage.DataStoreManagerPro.Shared.Generated.Constants)
local DataStoreManagerSlim = require(Core.DataStoreManagerSlim)
local Logger = require(Core.Logger)
local HttpService = game:GetService("HttpService")
local DataStoreService = game:GetService("DataStoreService")
local quiet = Logger.new({ output = function() end })
local result = {}
local function finish() result.done = true end
"""

BULK = """
local N, PLAYERS, MODEL = {keys}, {players}, "{model}"
local RequestType = Enum.DataStoreRequestType
local writeType = if MODEL == "legacy" then RequestType.SetIncrementAsync else RequestType.StandardWrite
local limits = Constants.LIMITS
local rate = if MODEL == "legacy"
    then limits.legacy_set_base + limits.legacy_set_per_player * PLAYERS
    else limits.server_write_base + limits.server_write_per_player * PLAYERS

local function fresh()
    dsm.datastore.inject(nil)
    dsm.datastore.setBudgetModel(MODEL, {{ players = PLAYERS }})
    return DataStoreService:GetRequestBudgetForRequestType(writeType)
end

local function summarise(name, start, from, elapsed, succeeded)
    local log = dsm.datastore.requestLog()
    local throttled, failed, queued = 0, 0, 0
    for index = from + 1, #log do
        local entry = log[index]
        if entry.outcome == "error" then
            failed += 1
            if string.find(entry.error or "", "throttled", 1, true) then throttled += 1 end
        end
        if (entry.queued or 0) > 0 then queued += 1 end
    end
    local minutes = elapsed / 60
    table.insert(result.rows, {{
        name = name, requests = #log - from, succeeded = succeeded, failed = failed, throttled = throttled,
        queued = queued, seconds = elapsed, perMinute = succeeded / minutes,
        ceiling = (start + rate * minutes) / minutes,
    }})
end

result.rows = {{}}
result.rate = rate
task.spawn(function()
    -- The plugin: a BulkOperation paced by the RequestScheduler.
    local start = fresh()
    local manager = DataStoreManagerSlim.new({{ dataStoreName = "BenchManaged", logger = quiet }})
    local bulk = manager:createBulkOperation()
    for index = 1, N do bulk:addSet(`Player_{{index}}`, {{ level = index, coins = index * 10 }}) end
    local from = #dsm.datastore.requestLog()
    local began = os.clock()
    local outcome = bulk:execute()
    summarise("BulkOperation (RequestScheduler)", start, from, os.clock() - began, outcome.successCount)

    -- Naive: every SetAsync started at once.
    start = fresh()
    local store = DataStoreService:GetDataStore("BenchNaiveParallel")
    from = #dsm.datastore.requestLog()
    began = os.clock()
    local pending, succeeded = N, 0
    for index = 1, N do
        task.spawn(function()
            if pcall(store.SetAsync, store, `Player_{{index}}`, {{ level = index, coins = index * 10 }}) then
                succeeded += 1
            end
            pending -= 1
        end)
    end
    while pending > 0 do task.wait(0.1) end
    summarise("naive: all SetAsync at once", start, from, os.clock() - began, succeeded)

    -- Naive: one SetAsync after another, each waiting in the service's queue when over budget.
    start = fresh()
    store = DataStoreService:GetDataStore("BenchNaiveLoop")
    from = #dsm.datastore.requestLog()
    began = os.clock()
    succeeded = 0
    for index = 1, N do
        if pcall(store.SetAsync, store, `Player_{{index}}`, {{ level = index, coins = index * 10 }}) then
            succeeded += 1
        end
    end
    summarise("naive: SetAsync loop", start, from, os.clock() - began, succeeded)
    finish()
end)
return function() return HttpService:JSONEncode(result) end
"""

LISTING = """
local STORE_KEYS, PLAYERS = {store_keys}, {players}
local limits = Constants.LIMITS
result.listRate = limits.server_list_base + limits.server_list_per_player * PLAYERS
result.maxPage = limits.list_keys_page_max
task.spawn(function()
    local entries = {{}}
    for index = 1, STORE_KEYS do
        entries[string.format("Player_%06d", index)] = {{ value = {{ level = index % 100, coins = index }} }}
    end
    dsm.datastore.seed({{ datastores = {{ {{ name = "BenchListing", entries = entries }} }} }})
    dsm.datastore.inject(nil)
    dsm.datastore.setBudgetModel("2026", {{ players = PLAYERS }})
    local manager = DataStoreManagerSlim.new({{ dataStoreName = "BenchListing", logger = quiet }})

    local function scan(pageSize, limitPages)
        local from = #dsm.datastore.requestLog()
        local began = os.clock()
        local ok, page = manager:listKeys({{ pageSize = pageSize, priority = "background" }})
        assert(ok, page and page.message)
        local keys, pages = #page.items, 1
        while not page.isFinished and (limitPages == nil or pages < limitPages) do
            ok, page = manager:nextPage(page, {{ priority = "background" }})
            assert(ok, page and page.message)
            keys += #page.items
            pages += 1
        end
        return {{ keys = keys, requests = #dsm.datastore.requestLog() - from, seconds = os.clock() - began }}
    end

    result.firstPage = scan(50, 1)
    result.fullScan = scan(limits.list_keys_page_max, nil)
    result.defaultScan = scan(0, nil)
    finish()
end)
return function() return HttpService:JSONEncode(result) end
"""

CACHE = """
local Cache = require(Core.Cache)
local profile = {{
    level = 42, coins = 1500, gems = 12, lastLogin = 1700000000,
    inventory = {{ "sword", "shield", "potion", "bow", "arrow" }},
    settings = {{ music = true, sfx = false, language = "en" }},
    stats = {{ kills = 10, deaths = 3, wins = 7, losses = 2 }},
}}
local plain = {{ Player_1 = profile }}
local cache = Cache.new()
cache:set("Player_1", profile, 200)
local manager = DataStoreManagerSlim.new({{ dataStoreName = "BenchCache", logger = quiet }})
task.spawn(function()
    manager:setData("Player_1", profile)
    manager:getData("Player_1")
    finish()
end)
local sink
return {{
    plain = function(n) for _ = 1, n do sink = plain.Player_1 end end,
    cache = function(n) for _ = 1, n do sink = cache:get("Player_1") end end,
    manager = function(n) for _ = 1, n do sink = manager:getData("Player_1") end end,
    check = function() return manager:getCacheStats().hits end,
}}
"""


def new_runtime() -> Runtime:
    runtime = Runtime(ROOT, stdout=io.StringIO(), stderr=io.StringIO(), time_limit=1800)
    runtime.mount_project(ROOT / "build.project.json")
    return runtime


def run_part(runtime: Runtime, body: str, name: str) -> Any:
    env = runtime.call_api("environment", None)[0]
    chunk = runtime.vm.load(PRELUDE + body, f"@benchmarks/{name}.luau", env)
    returned = runtime.vm.guarded(chunk)[0]
    if not runtime.call_api("settle", VIRTUAL_LIMIT)[0]:
        raise SystemExit(f"{name}: still running after {VIRTUAL_LIMIT:.0f} virtual seconds")
    failures = runtime.take_failures()
    if failures:
        raise SystemExit(f"{name} failed: {failures[0].message}")
    return returned


def bulk(keys: int, players: int, model: str) -> None:
    runtime = new_runtime()
    report = run_part(runtime, BULK.format(keys=keys, players=players, model=model), "bulk_write")
    data = json.loads(text(runtime.vm.guarded(report)[0]))
    print(f"(a) bulk write of {keys} keys, {model} budget, {players} players ({data['rate']} writes/min)")
    columns = [("ok", 6), ("throttled", 9), ("queued", 7), ("minutes", 8)]
    columns += [("req/min", 8), ("ceiling", 8), ("fraction", 8)]
    print(f"{'writer':34} " + " ".join(f"{name:>{width}}" for name, width in columns))
    for row in data["rows"]:
        print(
            f"{row['name']:34} {row['succeeded']:6d} {row['throttled']:9d} {row['queued']:7d} "
            f"{row['seconds'] / 60:8.2f} {row['perMinute']:8.1f} {row['ceiling']:8.1f} "
            f"{row['perMinute'] / row['ceiling']:8.3f}"
        )


def listing(store_keys: int, players: int) -> None:
    runtime = new_runtime()
    started = time.perf_counter()
    report = run_part(runtime, LISTING.format(store_keys=store_keys, players=players), "listing")
    data = json.loads(text(runtime.vm.guarded(report)[0]))
    real = time.perf_counter() - started
    minimum = -(-store_keys // data["maxPage"])
    print(
        f"\n(b) listing a {store_keys}-key store, 2026 budget, {players} players "
        f"(StandardList {data['listRate']}/min); {real:.1f} s real"
    )
    print(f"{'listing':40} {'keys':>7} {'requests':>9} {'minimum':>8} {'virtual min':>11}")
    rows = [
        ("first page (pageSize 50)", data["firstPage"], 1),
        (f"full scan (pageSize {data['maxPage']})", data["fullScan"], minimum),
        ("full scan (service default page, 50)", data["defaultScan"], minimum),
    ]
    for name, row, least in rows:
        print(f"{name:40} {row['keys']:7d} {row['requests']:9d} {least:8d} {row['seconds'] / 60:11.2f}")


def cache_hit(iterations: int, repeat: int) -> None:
    runtime = new_runtime()
    functions = run_part(runtime, CACHE.format(), "cache_hit")
    timings: dict[str, list[float]] = {"plain": [], "cache": [], "manager": []}
    for name in timings:
        runtime.vm.guarded(lambda name=name: functions.get(name)(1000))
    for _ in range(repeat):
        for name, samples in timings.items():
            function = functions.get(name)
            started = time.perf_counter()
            runtime.vm.guarded(lambda function=function: function(iterations))
            samples.append((time.perf_counter() - started) / iterations * 1e6)
    hits = runtime.vm.guarded(functions.get("check"))[0]
    plain = statistics.median(timings["plain"])
    print(f"\n(c) cache hit cost, median of {repeat} rounds of {iterations} reads ({hits} manager cache hits)")
    print(f"{'read':44} {'µs/op':>9} {'ratio':>8}")
    labels = {
        "plain": "plain table read",
        "cache": "Cache:get (LRU + TTL check)",
        "manager": "getData from cache (copy, metrics, events)",
    }
    for name, label in labels.items():
        value = statistics.median(timings[name])
        print(f"{label:44} {value:9.3f} {value / plain:7.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=1000, help="keys written in (a)")
    parser.add_argument("--players", type=int, default=0, help="players on the server in (a)")
    parser.add_argument("--model", choices=("legacy", "2026"), default="legacy", help="budget model in (a)")
    parser.add_argument("--store-keys", type=int, default=100000, help="keys in the store listed in (b)")
    parser.add_argument("--list-players", type=int, default=100, help="players on the server in (b)")
    parser.add_argument("--iterations", type=int, default=20000, help="reads per round in (c)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds in (c)")
    parser.add_argument("--only", choices=("bulk", "listing", "cache"), help="run one part")
    args = parser.parse_args()
    if args.only in (None, "bulk"):
        bulk(args.keys, args.players, args.model)
    if args.only in (None, "listing"):
        listing(args.store_keys, args.list_players)
    if args.only in (None, "cache"):
        cache_hit(args.iterations, args.repeat)


if __name__ == "__main__":
    main()
