"""Benchmark: `dsm build` of a synthetic 500-module plugin against a plain file copy.

The baseline reads the same files and writes their concatenation, which is the least
any builder must do; the build is reported as a multiple of it, both measured in this
run (absolute times on shared machines are noise).

    .venv/bin/python benchmarks/build_plugin.py [--modules 500] [--repeat 15]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dsm import formats
from dsm.project import build_tree

MODULE_TEMPLATE = """--!strict
-- {name}: synthetic module {index} of the build benchmark.
local {name} = {{}}
{name}.__index = {name}

export type {name} = typeof(setmetatable({{}} :: {{ value: number, label: string }}, {name}))

function {name}.new(value: number, label: string): {name}
	return setmetatable({{ value = value, label = label }}, {name})
end
{body}
return {name}
"""

METHOD_TEMPLATE = """
function {name}:method{index}(input: {{ number }}): number
	local total = self.value
	for position, item in input do
		total += item * position + {index}
	end
	return total -- {padding}
end
"""


def write_plugin(root: Path, modules: int, seed: int = 7) -> int:
    """A plugin tree of ``modules`` ModuleScripts in nested folders; returns bytes of Luau."""
    rng = random.Random(seed)
    source_root = root / "src"
    (source_root / "Core").mkdir(parents=True)
    (source_root / "init.server.luau").write_text('print("benchmark plugin")\n', encoding="utf-8")
    total = 0
    for index in range(modules):
        folder = source_root / f"Feature{index // 25:02d}" / ("Views" if index % 2 else "Services")
        folder.mkdir(parents=True, exist_ok=True)
        name = f"Module{index:03d}"
        methods = "".join(
            METHOD_TEMPLATE.format(name=name, index=m, padding="x" * rng.randint(20, 80)) for m in range(16)
        )
        text = MODULE_TEMPLATE.format(name=name, index=index, body=methods)
        (folder / f"{name}.luau").write_text(text, encoding="utf-8")
        total += len(text.encode())
    (root / "default.project.json").write_text('{"name": "Bench", "tree": {"$path": "src"}}', encoding="utf-8")
    return total


def baseline(root: Path, output: Path) -> None:
    """Read every source file and write their concatenation: the floor for any build."""
    parts = [path.read_bytes() for path in sorted((root / "src").rglob("*.luau"))]
    output.write_bytes(b"".join(parts))


def build(root: Path, output: Path) -> None:
    formats.write_file(output, [build_tree(root / "default.project.json")])


def timed(action: Callable[[], None]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure(actions: dict[str, Callable[[], None]], repeat: int) -> dict[str, list[float]]:
    """Run the actions in turn, ``repeat`` rounds, so machine noise hits them all alike."""
    samples: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            samples[name].append(timed(action))
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--modules", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        size = write_plugin(root, args.modules)
        build(root, root / "warmup.rbxm")  # imports, reflection load: paid once per process
        samples = measure(
            {
                "baseline (read + concatenate)": lambda: baseline(root, root / "concat.bin"),
                "dsm build -> .rbxm": lambda: build(root, root / "out.rbxm"),
                "dsm build -> .rbxmx": lambda: build(root, root / "out.rbxmx"),
            },
            args.repeat,
        )
    base = statistics.median(next(iter(samples.values())))
    print(f"plugin: {args.modules} modules, {size / 1e6:.2f} MB of Luau; median of {args.repeat} interleaved runs")
    for name, times in samples.items():
        median = statistics.median(times)
        print(f"{name + ':':32} {median * 1000:8.1f} ms   {median / base:.2f}x")


if __name__ == "__main__":
    main()
