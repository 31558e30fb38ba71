"""Benchmark: `dsm watch` save-to-installed latency against copying the plugin file.

For the real plugin (a copy of plugin/src and the packages it maps) and for a synthetic
project of 500 modules, the watcher runs in a thread exactly as `dsm watch` runs it. Each of
N edits appends a line to one module and waits until the rebuilt plugin is installed. The
latency is the time from the save to the installed file, minus the debounce quiet time (a
chosen wait, not work); the rebuild alone (build, compile check, encode, atomic install) is
reported too. The baseline is copying the installed file, the least any install does; one
copy is timed after each edit so both see the same machine load.

    .venv/bin/python benchmarks/watch_latency.py [--edits 50] [--modules 500]
"""

from __future__ import annotations

import argparse
import queue
import shutil
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from build_plugin import write_plugin  # the sibling benchmark's synthetic plugin (same folder)
from dsm.watch import Outcome, WatchOptions, watch
from dsm.watch.targets import Targets

REPO = Path(__file__).resolve().parents[1]
QUIET = 0.05  # debounce quiet time used here; subtracted from the save-to-installed latency


@dataclass
class Samples:
    latency: list[float]
    rebuild: list[float]
    copy: list[float]
    size: int


class TimingReporter:
    def __init__(self) -> None:
        self.outcomes: queue.Queue[tuple[float, Outcome]] = queue.Queue()
        self.ready = threading.Event()

    def watching(self, _targets: Targets) -> None:
        self.ready.set()

    def outcome(self, outcome: Outcome) -> None:
        self.outcomes.put((time.perf_counter(), outcome))


def copy_real_plugin(scratch: Path) -> tuple[Path, Path]:
    """The real plugin's project and sources, copied so edits never touch the checkout."""
    shutil.copytree(REPO / "plugin" / "src", scratch / "plugin" / "src")
    shutil.copytree(REPO / "node_modules" / "@rbxts" / "vide" / "src", scratch / "node_modules/@rbxts/vide/src")
    shutil.copy(REPO / "build.project.json", scratch / "build.project.json")
    edited = max((scratch / "plugin" / "src").rglob("*.luau"), key=lambda path: path.stat().st_size)
    return scratch / "build.project.json", edited


def synthetic_plugin(scratch: Path, modules: int) -> tuple[Path, Path]:
    write_plugin(scratch, modules)
    return scratch / "default.project.json", scratch / "src" / "Feature10" / "Services" / "Module250.luau"


def measure(project: Path, edited: Path, edits: int) -> Samples:
    target = project.parent / "Plugins" / "DataStoreManagerPro.rbxm"
    reporter = TimingReporter()
    stop = threading.Event()
    options = WatchOptions(project, target, quiet=QUIET, max_wait=2.0)
    thread = threading.Thread(target=watch, args=(options, stop, reporter), daemon=True)
    thread.start()
    if not reporter.ready.wait(60):
        raise SystemExit("the watcher did not start")
    _, first = reporter.outcomes.get(timeout=60)
    if first.status != "installed":
        raise SystemExit(f"the first build failed: {first.problems}")
    latency, rebuild, copies = [], [], []
    original = edited.read_text(encoding="utf-8")
    try:
        for index in range(edits):
            text = f"{original}-- edit {index}\n"
            saved = time.perf_counter()
            edited.write_text(text, encoding="utf-8")
            done, outcome = reporter.outcomes.get(timeout=60)
            if outcome.status != "installed":
                raise SystemExit(f"edit {index} was not installed: {outcome.status} {outcome.problems}")
            latency.append(done - saved - QUIET)
            rebuild.append(outcome.elapsed_ms / 1000)
            copies.append(timed_copy(target))  # interleaved, so machine noise hits both alike
            time.sleep(0.15)  # let the watcher go idle, as between a developer's saves
    finally:
        stop.set()
        thread.join(30)
    return Samples(latency, rebuild, copies, target.stat().st_size)


def timed_copy(path: Path) -> float:
    started = time.perf_counter()
    shutil.copyfile(path, path.with_name("copy.rbxm"))
    return time.perf_counter() - started


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def report(name: str, samples: Samples) -> None:
    copy = statistics.median(samples.copy)
    print(f"{name} ({samples.size / 1000:.0f} kB plugin)")
    for label, values in (("save → installed", samples.latency), ("rebuild only", samples.rebuild)):
        median = statistics.median(values)
        ratio = median / copy
        print(f"  {label:18} median {median * 1000:7.1f} ms   p95 {p95(values) * 1000:7.1f} ms   {ratio:6.0f}x copy")
    print(f"  {'copy the file':18} median {copy * 1000:7.2f} ms   p95 {p95(samples.copy) * 1000:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--modules", type=int, default=500)
    args = parser.parse_args()
    print(f"{args.edits} edits each; debounce quiet time ({QUIET * 1000:.0f} ms) excluded")
    with tempfile.TemporaryDirectory() as scratch:
        project, edited = copy_real_plugin(Path(scratch))
        report(f"real plugin, editing {edited.name}", measure(project, edited, args.edits))
    with tempfile.TemporaryDirectory() as scratch:
        project, edited = synthetic_plugin(Path(scratch), args.modules)
        report(f"synthetic plugin, {args.modules} modules", measure(project, edited, args.edits))


if __name__ == "__main__":
    main()
