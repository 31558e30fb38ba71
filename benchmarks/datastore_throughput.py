"""Benchmark: DataStoreService throughput in the runtime on a 100k-key store, against a plain table.

Seeding `--keys` keys (small player profiles) into an empty state is timed two ways: the
state format from Python (what `--seed FILE` writes at every reset: checks, encoding and
the bulk write) and `dsm.datastore.seed` with a table built in Luau (adds reading the table
across the VM boundary). Then budgets are switched off (`setBudgetModel("2026",
{ unlimited = true })`: this measures the emulator, not Roblox's rate limits), and each
workload runs in one VM twice: through `game:GetService("DataStoreService")` and as the
same calls on a plain Luau table (a read, a write, a page of 50 sorted key names). The
median of `--repeat` rounds is reported per operation and as a ratio; absolute times on
shared machines are noise.

    .venv/bin/python benchmarks/datastore_throughput.py [--keys 100000] [--operations 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from pathlib import Path

from dsm.runtime.host import Runtime

SETUP = """
local keys, count = {}, ...
for index = 1, count do
    keys[index] = string.format("Player_%06d", index)
end
local function profile(index)
    return { coins = index, level = index % 120, name = keys[index], items = { "Sword", "Shield", "Potion" } }
end
local plain = {}
for index, key in keys do
    plain[key] = profile(index)
end
local service = game:GetService("DataStoreService")
dsm.datastore.setBudgetModel("2026", { unlimited = true })
local store = service:GetDataStore("PlayerData")
local fresh = Instance.new("DataStoreGetOptions")
fresh.UseCache = false
return { keys = keys, count = count, plain = plain, store = store, fresh = fresh, profile = profile }
"""


def _per_operation(state: str, operation: str) -> str:
    """A workload body: it gets the setup table ``s``, runs ``state`` once and returns run(n),
    which runs ``operation`` n times (it may yield; the runtime lets time pass until it ends)."""
    return f"local s = ...\n{state}\nreturn function(n)\n\tfor _ = 1, n do\n{operation}\n\tend\nend\n"


# A Lehmer generator's next key index: keys spread over the store, the same ones every run.
RANDOM_INDEX = "seed = (seed * 48271) % 2147483647\nlocal index = seed % s.count + 1"

# Each workload: (name, emulator body, plain body): the same calls through DataStoreService
# and on a plain Luau table.
WORKLOADS = [
    (
        "GetAsync (UseCache = false)",
        _per_operation("local seed = 1", f"{RANDOM_INDEX}\ns.store:GetAsync(s.keys[index], s.fresh)"),
        _per_operation("local seed = 1", f"{RANDOM_INDEX}\nlocal _ = s.plain[s.keys[index]]"),
    ),
    (
        "GetAsync (cached)",
        _per_operation("", "s.store:GetAsync(s.keys[1])"),
        _per_operation("", "local _ = s.plain[s.keys[1]]"),
    ),
    (
        "SetAsync",
        _per_operation("local seed = 7", f"{RANDOM_INDEX}\ns.store:SetAsync(s.keys[index], s.profile(index))"),
        _per_operation("local seed = 7", f"{RANDOM_INDEX}\ns.plain[s.keys[index]] = s.profile(index)"),
    ),
    (
        "ListKeysAsync (a page of 50)",
        _per_operation(
            "local pages",
            """
            if pages == nil or pages.IsFinished then
                pages = s.store:ListKeysAsync("", 50)
            else
                pages:AdvanceToNextPageAsync()
            end
            local _ = pages:GetCurrentPage()
            """,
        ),
        _per_operation(
            "local position = 1",
            """
            if position > s.count then
                position = 1
            end
            local page = table.move(s.keys, position, math.min(position + 49, s.count), 1, {})
            position += 50
            local _ = page
            """,
        ),
    ),
]


def _profile(index: int) -> dict[str, object]:
    return {"coins": index, "level": index % 120, "name": f"Player_{index:06d}", "items": ["Sword", "Shield", "Potion"]}


LUAU_STATE = """
local count = ...
local entries = {}
for index = 1, count do
    local key = string.format("Player_%06d", index)
    local profile = { coins = index, level = index % 120, name = key, items = { "Sword", "Shield", "Potion" } }
    entries[key] = { value = profile }
end
return { datastores = { { name = "PlayerData", entries = entries } } }
"""


def _seed_from_python(runtime: Runtime, count: int) -> float:
    """Seconds to write PlayerData from the state format into an empty state (one transaction)."""
    state = {
        "datastores": [
            {
                "name": "PlayerData",
                "entries": {f"Player_{index:06d}": {"value": _profile(index)} for index in range(1, count + 1)},
            }
        ]
    }
    runtime.datastore.reset(time.time())
    started = time.perf_counter()
    runtime.datastore.seed(state, time.time())
    return time.perf_counter() - started


def _seed_from_luau(runtime: Runtime, count: int) -> float:
    """Seconds ``dsm.datastore.seed`` takes to write the same state from a Luau table."""
    env = runtime.call_api("environment", None)[0]
    state = runtime.vm.load(LUAU_STATE, "@benchmark/state.luau", env)(count)[0]
    seed = runtime.vm.load("dsm.datastore.seed(...)", "@benchmark/seed.luau", env)
    runtime.datastore.reset(time.time())
    started = time.perf_counter()
    seed(state)
    return time.perf_counter() - started


def _time(runtime: Runtime, setup: object, body: str, operations: int, name: str) -> float:
    env = runtime.call_api("environment", None)[0]
    run = runtime.vm.load(body, f"@benchmark/{name}.luau", env)(setup)[0]
    spawn = runtime.vm.load("local run, n = ... task.spawn(run, n)", "@benchmark/spawn.luau", env)
    started = time.perf_counter()
    spawn(run, operations)
    runtime.call_api("settle", 3600)
    elapsed = time.perf_counter() - started
    failures = runtime.take_failures()
    if failures:
        raise SystemExit(f"{name}: {failures[0].message}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=100_000)
    parser.add_argument("--operations", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    runtime = Runtime(Path.cwd(), time_limit=3600, stdout=io.StringIO())
    from_luau = statistics.median(_seed_from_luau(runtime, args.keys) for _ in range(args.repeat))
    from_python = statistics.median(_seed_from_python(runtime, args.keys) for _ in range(args.repeat))
    print(f"seed {args.keys:,} keys, state format from Python: {from_python:.2f} s")
    print(f"seed {args.keys:,} keys, dsm.datastore.seed from Luau: {from_luau:.2f} s")
    env = runtime.call_api("environment", None)[0]
    setup = runtime.vm.load(SETUP, "@benchmark/setup.luau", env)(args.keys)[0]
    print(f"{'workload':32} {'emulator µs/op':>15} {'plain µs/op':>12} {'ratio':>9}")
    for name, emulated, plain in WORKLOADS:
        _time(runtime, setup, emulated, min(args.operations, 200), "warm-up")
        emulated_times, plain_times = [], []
        for _ in range(args.repeat):
            plain_times.append(_time(runtime, setup, plain, args.operations, "plain"))
            emulated_times.append(_time(runtime, setup, emulated, args.operations, "emulator"))
        emulated_us = statistics.median(emulated_times) / args.operations * 1e6
        plain_us = statistics.median(plain_times) / args.operations * 1e6
        print(f"{name:32} {emulated_us:15.1f} {plain_us:12.3f} {emulated_us / plain_us:8.0f}x")


if __name__ == "__main__":
    main()
