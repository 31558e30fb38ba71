"""A temporary plugin project and a watcher running on it in a thread, for the watch tests."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

import projectkit
from dsm import formats
from dsm.dom.instance import Instance
from dsm.dom.values import String
from dsm.watch import Outcome, WatchOptions, watch
from dsm.watch.session import Regenerate
from dsm.watch.targets import Targets

EVENT_WAIT = 15.0  # seconds; generous for loaded CI machines, a passing test never waits this long


def make_project(root: Path, modules: dict[str, str] | None = None) -> Path:
    """``root/build.project.json`` mapping ``plugin/src`` (an entry script plus ``modules``)."""
    sources = {f"plugin/src/{name}.luau": text for name, text in (modules or {"Util": "return {}\n"}).items()}
    return projectkit.make_project(root, sources) / "build.project.json"


def installed_tree(path: Path) -> Instance:
    roots = formats.read_file(path).roots
    assert len(roots) == 1
    return roots[0]


def module_sources(path: Path) -> dict[str, str]:
    """Child name → Source of the installed plugin's ModuleScripts."""
    return module_sources_of(installed_tree(path))


def module_sources_of(instance: Instance) -> dict[str, str]:
    return {child.name: _text(child) for child in instance.children}


def _text(instance: Instance) -> str:
    source = instance.properties["Source"]
    assert isinstance(source, String)
    return source.value


class RecordingReporter:
    def __init__(self) -> None:
        self.outcomes: queue.Queue[Outcome] = queue.Queue()
        self.ready = threading.Event()

    def watching(self, _targets: Targets) -> None:
        self.ready.set()

    def outcome(self, outcome: Outcome) -> None:
        self.outcomes.put(outcome)


class RunningWatch:
    """``with RunningWatch(options) as running:`` runs ``watch`` in a thread until the block ends."""

    def __init__(self, options: WatchOptions) -> None:
        self.options = options
        self.reporter = RecordingReporter()
        self.stop = threading.Event()
        self.errors: list[BaseException] = []
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            watch(self.options, self.stop, self.reporter)
        except BaseException as error:  # surfaced by __exit__ so a crash fails the test
            self.errors.append(error)
            self.reporter.ready.set()

    def __enter__(self) -> RunningWatch:
        self.thread.start()
        assert self.reporter.ready.wait(EVENT_WAIT), "the watcher did not start"
        assert not self.errors, self.errors
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop.set()
        self.thread.join(EVENT_WAIT)
        assert not self.thread.is_alive(), "the watcher did not stop"
        assert not self.errors, self.errors

    def first(self) -> Outcome:
        return self.next()

    def next(self, timeout: float = EVENT_WAIT) -> Outcome:
        try:
            return self.reporter.outcomes.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no rebuild within {timeout} s") from None

    def quiet_for(self, seconds: float) -> list[Outcome]:
        """Outcomes that arrive within ``seconds`` (expected: none)."""
        deadline = time.monotonic() + seconds
        seen = []
        while (left := deadline - time.monotonic()) > 0:
            try:
                seen.append(self.reporter.outcomes.get(timeout=left))
            except queue.Empty:
                break
        return seen

    def until(self, done: Callable[[Outcome], bool]) -> list[Outcome]:
        """Outcomes up to and including the first one ``done`` accepts."""
        seen = []
        while True:
            outcome = self.next()
            seen.append(outcome)
            if done(outcome):
                return seen


def options(
    project: Path, plugins: Path, *, generate_inputs: Sequence[Path] = (), regenerate: Regenerate | None = None
) -> WatchOptions:
    return WatchOptions(
        project,
        plugins / "DataStoreManagerPro.rbxm",
        generate_inputs=generate_inputs,
        regenerate=regenerate,
        quiet=0.1,
        max_wait=2.0,
    )
