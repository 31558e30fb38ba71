"""Benchmark: the headless runtime's overhead against plain pluau, and a 500-test suite.

Each micro-workload runs twice in the same VM: once through the Roblox shim (signal fire,
property set, require, Instance.new) and once as the closest plain-Luau equivalent
(calling handlers from a list, a table write, a cached module lookup, a table with a
metatable). The shim's cost is reported as a multiple of the plain one; absolute times on
shared machines are noise.

The suite part writes 500 `it`s across 20 spec files and times `dsm test`'s runner on them
(target: under 10 s here).

    .venv/bin/python benchmarks/runtime_overhead.py [--iterations 20000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from dsm.runtime.host import Runtime
from dsm.runtime.specs import SpecSession

# Each workload: (name, shim body, plain body). Bodies run `n` times inside a timed loop.
WORKLOADS = [
    (
        "signal fire (1 handler, deferred)",
        """
        local event = Instance.new("BindableEvent")
        local count = 0
        event.Event:Connect(function() count += 1 end)
        return function(n)
            for _ = 1, n do event:Fire(1) end
            dsm.flush()
        end
        """,
        """
        local count = 0
        local handlers, queue = { function() count += 1 end }, {}
        return function(n)
            for _ = 1, n do
                for _, handler in handlers do table.insert(queue, handler) end
            end
            for _, handler in queue do handler(1) end
            table.clear(queue)
        end
        """,
    ),
    (
        "property set (Frame.Size)",
        """
        local frame = Instance.new("Frame")
        local a, b = UDim2.fromOffset(1, 2), UDim2.fromOffset(3, 4)
        return function(n)
            for i = 1, n do frame.Size = if i % 2 == 0 then a else b end
        end
        """,
        """
        local frame = {}
        local a, b = { 1, 2 }, { 3, 4 }
        return function(n)
            for i = 1, n do frame.Size = if i % 2 == 0 then a else b end
        end
        """,
    ),
    (
        "require (cached module)",
        """
        local module = Instance.new("ModuleScript")
        module.Source = "return { value = 1 }"
        require(module)
        return function(n)
            for _ = 1, n do require(module) end
        end
        """,
        """
        local cache = { module = { value = 1 } }
        local function load(name) return cache[name] end
        return function(n)
            for _ = 1, n do load("module") end
        end
        """,
    ),
    (
        "Instance.new + Parent",
        """
        local parent = Instance.new("Folder")
        return function(n)
            for _ = 1, n do Instance.new("Frame").Parent = parent end
            parent:ClearAllChildren()
        end
        """,
        """
        local meta = { __index = {} }
        local parent = { children = {} }
        return function(n)
            for _ = 1, n do
                local object = setmetatable({ props = {} }, meta)
                table.insert(parent.children, object)
            end
            table.clear(parent.children)
        end
        """,
    ),
]


def time_workload(runtime: Runtime, body: str, iterations: int, name: str) -> float:
    env = runtime.call_api("environment", None)[0]
    make = runtime.vm.load(body, f"@benchmark/{name}.luau", env)
    run = make()[0]
    run(min(iterations, 1000))  # warm up caches and lazily built class records
    started = time.perf_counter()
    run(iterations)
    return time.perf_counter() - started


def micro(iterations: int, repeat: int) -> None:
    runtime = Runtime(Path.cwd(), time_limit=600)
    print(f"{'workload':40} {'shim µs/op':>11} {'plain µs/op':>12} {'ratio':>7}")
    for name, shim, plain in WORKLOADS:
        shim_times, plain_times = [], []
        for _ in range(repeat):
            plain_times.append(time_workload(runtime, plain, iterations, "plain"))
            shim_times.append(time_workload(runtime, shim, iterations, "shim"))
        shim_us = statistics.median(shim_times) / iterations * 1e6
        plain_us = statistics.median(plain_times) / iterations * 1e6
        print(f"{name:40} {shim_us:11.3f} {plain_us:12.3f} {shim_us / plain_us:6.1f}x")


SPEC_TEMPLATE = """
describe("suite {file}", function()
    local counter = 0
    beforeEach(function() counter += 1 end)
{tests}
end)
"""

TEST_TEMPLATE = """
    it("test {index}", function()
        local frame = Instance.new("Frame")
        local label = Instance.new("TextLabel", frame)
        label.Text = "row {index}"
        local event = Instance.new("BindableEvent")
        local seen = 0
        event.Event:Connect(function() seen += 1 end)
        event:Fire()
        task.wait(0.1)
        expect(seen).toBe(1)
        expect(label.Text).toBe("row {index}")
        expect({{ a = {index} }}).toEqual({{ a = {index} }})
    end)
"""


def suite(files: int, tests_per_file: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        specs = root / "plugin" / "tests"
        specs.mkdir(parents=True)
        for file in range(files):
            tests = "".join(TEST_TEMPLATE.format(index=index) for index in range(tests_per_file))
            (specs / f"bench{file}.spec.luau").write_text(SPEC_TEMPLATE.format(file=file, tests=tests))
        started = time.perf_counter()
        session = SpecSession(root, None)
        setup = time.perf_counter() - started
        passed = failed = 0
        for path in sorted(specs.glob("*.spec.luau")):
            spec = session.open(path)
            for case in spec.cases:
                result = spec.run(case)
                passed += result.status == "passed"
                failed += result.status == "failed"
            spec.finish()
        total = time.perf_counter() - started
        print(
            f"\nsuite: {passed + failed} its in {files} files: {total:.2f} s "
            f"(runtime start {setup:.2f} s), {failed} failed; target < 10 s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--iterations", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--tests-per-file", type=int, default=25)
    args = parser.parse_args()
    micro(args.iterations, args.repeat)
    suite(args.files, args.tests_per_file)


if __name__ == "__main__":
    main()
