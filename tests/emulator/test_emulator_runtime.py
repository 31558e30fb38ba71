"""DataStoreService in the runtime: the Luau API over the bridge, values copied both ways."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from dsm.runtime.host import Runtime
from dsm.runtime.vm import LuauVM


def _run(tmp_path: Path, source: str, **options: object) -> str:
    script = tmp_path / "script.luau"
    script.write_text(source, encoding="utf-8")
    stdout, stderr = io.StringIO(), io.StringIO()
    runtime = Runtime(tmp_path, stdout=stdout, stderr=stderr, **options)  # type: ignore[arg-type]
    failures = runtime.run_file(script)
    assert not failures, stderr.getvalue()
    return stdout.getvalue()


def test_values_are_copies_in_both_directions(tmp_path: Path) -> None:
    output = _run(
        tmp_path,
        """
        local store = game:GetService("DataStoreService"):GetDataStore("S")
        local value = { list = { 1, 2 } }
        store:SetAsync("k", value)
        value.list[1] = 99
        local first = store:GetAsync("k")
        first.list[2] = 77
        local second = store:GetAsync("k")
        print(first ~= second, second.list[1], second.list[2])
        """,
    )
    assert output.strip() == "true 1 2"


def test_a_large_string_round_trips_with_every_escape(tmp_path: Path) -> None:
    output = _run(
        tmp_path,
        """
        local store = game:GetService("DataStoreService"):GetDataStore("S")
        local special = ""
        for byte = 0, 127 do special ..= string.char(byte) end
        local text = string.rep(special .. "é😀", 2000)
        store:SetAsync("k", text)
        local fresh = Instance.new("DataStoreGetOptions")
        fresh.UseCache = false
        print(store:GetAsync("k", fresh) == text)
        """,
    )
    assert output.strip() == "true"


def test_storable_value_rules_and_their_errors(tmp_path: Path) -> None:
    output = _run(
        tmp_path,
        """
        local store = game:GetService("DataStoreService"):GetDataStore("S")
        local function try(...) local ok, message = pcall(...) print(ok, message) end
        try(store.SetAsync, store, "k", function() end)
        try(store.SetAsync, store, "k", { 1, nil, 3 })
        try(store.SetAsync, store, "k", { a = Instance.new("Folder") })
        try(store.SetAsync, store, "k", "\\255")
        try(store.UpdateAsync, store, "k", function() return Vector3.new() end)
        store:SetAsync("k", { [5] = "x" })
        print(next((store:GetAsync("k"))))
        """,
    )
    assert output.splitlines() == [
        "false 104: Can't store function in DataStore.",
        "false 104: Can't store Array in DataStore.",
        "false 104: Can't store Dictionary in DataStore.",
        "false 104: Can't store string in DataStore.",
        "false 103: Can't allow Vector3 in DataStore.",
        "5 x",
    ]


def test_the_transform_may_not_yield(tmp_path: Path) -> None:
    output = _run(
        tmp_path,
        """
        local store = game:GetService("DataStoreService"):GetDataStore("S")
        store:SetAsync("k", 1)
        print(pcall(store.UpdateAsync, store, "k", function(value) task.wait(1) return value + 1 end))
        print((store:GetAsync("k")))
        """,
    )
    assert output.splitlines() == ["false attempt to yield across metamethod/C-call boundary", "1"]


def test_a_request_waiting_for_budget_yields_only_its_own_thread(tmp_path: Path) -> None:
    output = _run(
        tmp_path,
        """
        dsm.datastore.setBudgetModel("legacy", { startBudgets = { SetIncrementAsync = 0 } })
        local store = game:GetService("DataStoreService"):GetDataStore("S")
        local started = os.clock()
        task.spawn(function()
            store:SetAsync("k", 1)
            print("written after", os.clock() - started)
        end)
        print("other work at", os.clock() - started)
        """,
    )
    assert output.splitlines() == ["other work at 0", "written after 1"]


def test_the_request_log_counts_requests(tmp_path: Path) -> None:
    output = _run(
        tmp_path,
        """
        local store = game:GetService("DataStoreService"):GetDataStore("S")
        store:SetAsync("k", 1)
        store:GetAsync("k")
        pcall(store.GetAsync, store, "")
        for _, entry in dsm.datastore.requestLog() do
            print(entry.method, entry.key, entry.outcome, entry.cost)
        end
        """,
    )
    assert output.splitlines() == ["SetAsync k ok 1", "GetAsync k cached 0", "GetAsync  error 0"]


def test_the_seed_is_written_again_when_the_runtime_resets(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text('{"datastores": [{"name": "S", "entries": {"k": {"value": 1}}}]}', encoding="utf-8")
    runtime = Runtime(tmp_path, seed=seed, stdout=io.StringIO())
    assert runtime.datastore.export()["datastores"][0]["entries"] == {"k": {"value": 1}}
    runtime.datastore.seed({"datastores": [{"name": "S", "entries": {"k": {"value": 2}}}]}, 1_700_000_000.0)
    runtime.call_api("reset")
    assert runtime.datastore.export()["datastores"][0]["entries"] == {"k": {"value": 1}}


def test_a_vm_without_the_emulator_says_so(tmp_path: Path) -> None:
    vm = LuauVM()
    env = vm.import_module("Runtime").get("globals")()[0]
    chunk = vm.load(
        'return pcall(function() return game:GetService("DataStoreService"):GetDataStore("S") end)', "@t", env
    )
    ok, message = chunk()
    assert ok is False
    assert "started without the data store emulator" in str(message)


def test_register_host_refuses_a_name_twice() -> None:
    vm = LuauVM()
    vm.register_host("extra", lambda _lua, _args: 1)
    with pytest.raises(ValueError, match="already registered"):
        vm.register_host("extra", lambda _lua, _args: 2)
