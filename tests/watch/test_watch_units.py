"""The watcher's parts on their own: event translation, batching, descriptions, targets, the session."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from watchdog.events import (
    DirModifiedEvent,
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
)
from watchkit import make_project, module_sources

from dsm.watch.changes import Change, describe, is_noise
from dsm.watch.debounce import Debouncer
from dsm.watch.observer import ChangeHandler
from dsm.watch.session import WatchSession
from dsm.watch.targets import Targets, find_targets

# translation of watchdog events


def _handler(tmp_path: Path) -> ChangeHandler:
    targets = Targets(frozenset({tmp_path / "build.project.json"}), frozenset({tmp_path / "src"}), frozenset())
    return ChangeHandler(lambda: targets, lambda _change: None)


def test_events_inside_the_sources_become_changes(tmp_path: Path) -> None:
    handler = _handler(tmp_path)
    source = str(tmp_path / "src" / "A.luau")
    assert handler.translate(FileModifiedEvent(source)) == Change("changed", Path(source))
    assert handler.translate(FileCreatedEvent(source)) == Change("added", Path(source))
    assert handler.translate(FileDeletedEvent(source)) == Change("removed", Path(source))
    project = str(tmp_path / "build.project.json")
    assert handler.translate(FileModifiedEvent(project)) == Change("changed", Path(project))


def test_events_that_change_nothing_are_dropped(tmp_path: Path) -> None:
    handler = _handler(tmp_path)
    inside = str(tmp_path / "src" / "A.luau")
    assert handler.translate(FileOpenedEvent(inside)) is None
    assert handler.translate(FileClosedNoWriteEvent(inside)) is None
    assert handler.translate(DirModifiedEvent(str(tmp_path / "src"))) is None
    assert handler.translate(FileModifiedEvent(str(tmp_path / "README.md"))) is None  # beside the project file
    assert handler.translate(FileModifiedEvent(str(tmp_path / "src" / ".A.luau.swp"))) is None


def test_moves_are_renames_saves_or_removals(tmp_path: Path) -> None:
    handler = _handler(tmp_path)
    src = tmp_path / "src"
    a, b = src / "A.luau", src / "B.luau"
    assert handler.translate(FileMovedEvent(str(a), str(b))) == Change("moved", a, b)
    # An editor writes a temporary file and renames it over the original: a save.
    assert handler.translate(FileMovedEvent(str(src / ".A.luau.x1y2.tmp"), str(a))) == Change("changed", a)
    assert handler.translate(FileMovedEvent(str(tmp_path / "elsewhere.luau"), str(a))) == Change("changed", a)
    assert handler.translate(FileMovedEvent(str(a), str(tmp_path / "trash" / "A.luau"))) == Change("removed", a)


@pytest.mark.parametrize(
    ("name", "noise"),
    [
        ("Foo.luau", False),
        (".Foo.luau.swp", True),
        ("Foo.luau~", True),
        ("4913", True),
        (".#Foo.luau", True),
        (".DataStoreManagerPro.rbxm.k2j3.tmp", True),
        (".meta.json", False),
        ("init.meta.json", False),
    ],
)
def test_editor_side_files_are_noise(name: str, noise: bool) -> None:
    assert is_noise(Path("/p") / name) is noise


# descriptions


def test_describe_names_the_first_file_and_counts_the_rest(tmp_path: Path) -> None:
    existing = tmp_path / "Foo.luau"
    existing.write_text("", encoding="utf-8")
    other = tmp_path / "Bar.luau"
    assert describe([Change("changed", existing)]) == "Foo.luau changed"
    assert describe([Change("changed", existing), Change("changed", existing)]) == "Foo.luau changed"
    assert describe([Change("added", existing), Change("removed", other)]) == "Foo.luau added (+1 more)"
    assert describe([Change("removed", existing), Change("added", existing)]) == "Foo.luau changed"
    assert describe([Change("removed", other)]) == "Bar.luau removed"
    assert describe([Change("moved", other, existing)]) == "Bar.luau renamed to Foo.luau"


# batching


def test_a_burst_is_one_batch_and_a_pause_starts_the_next() -> None:
    debouncer = Debouncer(quiet=0.15, max_wait=5)
    stop = threading.Event()
    for index in range(50):
        debouncer.put(Change("changed", Path(f"/p/{index}.luau")))
    assert len(debouncer.next_batch(stop) or []) == 50


def test_a_batch_closes_after_max_wait_even_while_events_keep_coming() -> None:
    debouncer = Debouncer(quiet=0.2, max_wait=0.3)
    stop = threading.Event()
    feeding = threading.Event()

    def feed() -> None:
        while not feeding.is_set():
            debouncer.put(Change("changed", Path("/p/A.luau")))
            time.sleep(0.02)

    thread = threading.Thread(target=feed)
    thread.start()
    try:
        started = time.monotonic()
        assert debouncer.next_batch(stop)
        assert time.monotonic() - started < 1.5  # closed by max_wait (0.3 s), not by a quiet moment
    finally:
        feeding.set()
        thread.join()


def test_stop_ends_the_wait_for_a_batch() -> None:
    stop = threading.Event()
    stop.set()
    assert Debouncer().next_batch(stop) is None


# targets


def test_targets_follow_every_path_and_nested_projects(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "default.project.json").write_text(
        json.dumps({"tree": {"$path": "../vendor/Thing.luau"}}), encoding="utf-8"
    )
    project = tmp_path / "build.project.json"
    tree = {"$path": "src", "Lib": {"$path": "lib"}, "Later": {"$path": {"optional": "later"}}}
    project.write_text(json.dumps({"name": "P", "tree": tree}), encoding="utf-8")
    targets = find_targets(project, [tmp_path / "templates"])
    assert targets.project_files == {project, tmp_path / "lib" / "default.project.json"}
    assert targets.sources == {tmp_path / "src", tmp_path / "later", tmp_path / "vendor" / "Thing.luau"}
    assert targets.covers(tmp_path / "src" / "deep" / "X.luau")
    assert targets.covers(tmp_path / "templates" / "Theme.luau.j2")
    assert targets.is_generate_input(tmp_path / "templates" / "Theme.luau.j2")
    assert not targets.covers(tmp_path / "README.md")
    # Missing paths are watched through their parent; folders inside a deep watch are not repeated.
    assert targets.watch_points() == [(tmp_path, False), (tmp_path / "lib", False), (tmp_path / "src", True)]


# the session without a watcher


def test_the_session_keeps_the_last_good_plugin(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    target = tmp_path / "Plugins" / "DataStoreManagerPro.rbxm"
    session = WatchSession(project, target)
    assert session.rebuild([]).status == "installed"
    util = tmp_path / "plugin" / "src" / "Util.luau"
    util.write_text("return (\n", encoding="utf-8")
    failed = session.rebuild([Change("changed", util)])
    assert failed.status == "failed"
    assert module_sources(target) == {"Util": "return {}\n"}
    util.write_text("return 2\n", encoding="utf-8")
    assert session.rebuild([Change("changed", util)]).status == "installed"
    assert module_sources(target) == {"Util": "return 2\n"}


def test_a_new_session_does_not_rewrite_an_identical_plugin(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    target = tmp_path / "Plugins" / "DataStoreManagerPro.rbxm"
    assert WatchSession(project, target).rebuild([]).status == "installed"
    assert WatchSession(project, target).rebuild([]).status == "unchanged"


def test_build_warnings_are_reported_once(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    tree = {"$path": "plugin/src", "$properties": {"Name": "Other"}}
    project.write_text(json.dumps({"name": "DataStoreManagerPro", "tree": tree}), encoding="utf-8")
    session = WatchSession(project, tmp_path / "Plugins" / "DataStoreManagerPro.rbxm")
    first = session.rebuild([])
    assert len(first.warnings) == 1
    assert "Name" in first.warnings[0]
    assert session.rebuild([Change("changed", project)]).warnings == []


def test_regenerated_files_are_not_changes_of_their_own(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    generated = tmp_path / "plugin" / "src" / "Generated.luau"

    def regenerate() -> list[Path]:
        generated.write_text("return 'generated'\n", encoding="utf-8")
        return [generated]

    session = WatchSession(project, tmp_path / "P" / "X.rbxm", regenerate=regenerate)
    assert session.rebuild([]).regenerated == [generated]
    assert session.relevant([Change("changed", generated)]) == []
    generated.write_text("return 'edited by hand'\n", encoding="utf-8")
    assert session.relevant([Change("changed", generated)]) == [Change("changed", generated)]
