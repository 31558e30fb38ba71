"""`dsm watch` end to end: real file events in a temporary project, the installed plugin read back."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from watchkit import RunningWatch, installed_tree, make_project, module_sources, module_sources_of, options

from dsm.fsutil import write_atomic


def _edit(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_first_build_installs_then_an_edit_reinstalls(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    plugins = tmp_path / "Plugins"
    with RunningWatch(options(project, plugins)) as running:
        first = running.first()
        assert first.status == "installed"
        assert first.target == plugins / "DataStoreManagerPro.rbxm"
        assert module_sources(first.target) == {"Util": "return {}\n"}

        _edit(tmp_path / "plugin" / "src" / "Util.luau", "return { answer = 42 }\n")
        edit = running.next()
        assert (edit.status, [change.path.name for change in edit.changes][:1]) == ("installed", ["Util.luau"])
        assert module_sources(edit.target) == {"Util": "return { answer = 42 }\n"}
    assert sorted(path.name for path in plugins.iterdir()) == ["DataStoreManagerPro.rbxm"]  # no temp files left


def test_new_deleted_and_renamed_modules(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    source = tmp_path / "plugin" / "src"
    with RunningWatch(options(project, tmp_path / "Plugins")) as running:
        target = running.first().target

        _edit(source / "Added.luau", "return 1\n")
        assert running.next().status == "installed"
        assert module_sources(target) == {"Added": "return 1\n", "Util": "return {}\n"}

        (source / "Added.luau").unlink()
        assert running.next().status == "installed"
        assert module_sources(target) == {"Util": "return {}\n"}

        (source / "Util.luau").rename(source / "Helpers.luau")
        renamed = running.next()
        assert renamed.status == "installed"
        assert renamed.changes[0].kind == "moved"
        assert module_sources(target) == {"Helpers": "return {}\n"}


def test_a_syntax_error_keeps_the_last_good_plugin_and_the_fix_reinstalls(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    util = tmp_path / "plugin" / "src" / "Util.luau"
    with RunningWatch(options(project, tmp_path / "Plugins")) as running:
        target = running.first().target
        good = target.read_bytes()

        _edit(util, "local x =\nreturn {\n")
        broken = running.next()
        assert broken.status == "failed"
        assert len(broken.problems) == 1
        assert broken.problems[0].endswith("Util.luau:2: Expected identifier when parsing expression, got 'return'"), (
            broken.problems
        )
        assert target.read_bytes() == good

        _edit(util, "local x = 1\nreturn { x = x }\n")
        fixed = running.next()
        assert fixed.status == "installed"
        assert module_sources(target) == {"Util": "local x = 1\nreturn { x = x }\n"}


def test_fifty_saves_within_a_second_are_one_or_few_rebuilds(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    util = tmp_path / "plugin" / "src" / "Util.luau"
    with RunningWatch(options(project, tmp_path / "Plugins")) as running:
        target = running.first().target
        started = time.monotonic()
        for index in range(50):
            _edit(util, f"return {index}\n")
            time.sleep(0.015)
        assert time.monotonic() - started < 3  # about 0.8 s; slack for a loaded machine
        rebuilds = running.until(lambda outcome: module_sources(outcome.target).get("Util") == "return 49\n")
        rebuilds += running.quiet_for(0.5)
        # One batch on an idle machine; a scheduling stall longer than the quiet time may split it.
        assert 1 <= len(rebuilds) <= 3, [outcome.changes[:1] for outcome in rebuilds]
        assert module_sources(target) == {"Util": "return 49\n"}


def test_editor_save_styles_each_give_one_rebuild(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    util = tmp_path / "plugin" / "src" / "Util.luau"
    with RunningWatch(options(project, tmp_path / "Plugins")) as running:
        target = running.first().target

        write_atomic(util, b"return 'atomic'\n")  # a temporary file renamed over the original
        atomic = running.next()
        assert [(change.kind, change.path.name) for change in atomic.changes] == [("changed", "Util.luau")]
        assert module_sources(target) == {"Util": "return 'atomic'\n"}

        util.unlink()  # delete, then create again
        _edit(util, "return 'recreated'\n")
        recreated = running.next()
        assert recreated.status == "installed"
        assert module_sources(target) == {"Util": "return 'recreated'\n"}
        assert running.quiet_for(0.4) == []

        (util.parent / ".Util.luau.swp").write_bytes(b"swap")
        (util.parent / "Util.luau~").write_bytes(b"backup")
        assert running.quiet_for(0.5) == []  # editor side files are not changes


def test_an_unchanged_build_is_not_reinstalled(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    util = tmp_path / "plugin" / "src" / "Util.luau"
    with RunningWatch(options(project, tmp_path / "Plugins")) as running:
        target = running.first().target
        before = target.stat().st_mtime_ns
        time.sleep(0.05)
        os.utime(util)
        _edit(util, util.read_text(encoding="utf-8"))
        assert running.next().status == "unchanged"
        assert target.stat().st_mtime_ns == before


def test_a_new_path_in_the_project_file_is_watched(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "Config.luau").write_text("return 1\n", encoding="utf-8")
    with RunningWatch(options(project, tmp_path / "Plugins")) as running:
        target = running.first().target
        tree = {"name": "DataStoreManagerPro", "tree": {"$path": "plugin/src", "Shared": {"$path": "shared"}}}
        write_atomic(project, json.dumps(tree).encode())
        assert running.next().status == "installed"
        assert [child.name for child in installed_tree(target).children] == ["Util", "Shared"]

        _edit(shared / "Config.luau", "return 2\n")
        assert running.next().status == "installed"
        shared_folder = installed_tree(target).children[1]
        assert module_sources_of(shared_folder) == {"Config": "return 2\n"}


def test_a_broken_project_file_is_reported_and_its_fix_rebuilds(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    good = project.read_text(encoding="utf-8")
    with RunningWatch(options(project, tmp_path / "Plugins")) as running:
        running.first()
        _edit(project, '{"name": "DataStoreManagerPro", "tree": {"$path": "plugin/src",}')
        broken = running.next()
        assert broken.status == "failed"
        assert "build.project.json" in broken.problems[0]

        _edit(project, good)  # the same tree as the plugin that stayed installed
        fixed = running.next()
        assert (fixed.status, fixed.problems) == ("unchanged", [])


def test_template_changes_regenerate_once_without_a_second_rebuild(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    templates = tmp_path / "plugin" / "templates"
    templates.mkdir(parents=True)
    template = templates / "Version.luau.j2"
    template.write_text("1.0", encoding="utf-8")
    generated = tmp_path / "plugin" / "src" / "Version.luau"

    def regenerate() -> list[Path]:
        text = f'return "{template.read_text(encoding="utf-8")}"\n'.encode()
        if generated.is_file() and generated.read_bytes() == text:
            return []
        write_atomic(generated, text)
        return [generated]

    with RunningWatch(
        options(project, tmp_path / "Plugins", generate_inputs=[templates], regenerate=regenerate)
    ) as running:
        first = running.first()
        assert first.regenerated == [generated]
        assert module_sources(first.target)["Version"] == 'return "1.0"\n'

        _edit(template, "2.0")
        outcome = running.next()
        assert outcome.regenerated == [generated]
        assert module_sources(outcome.target)["Version"] == 'return "2.0"\n'
        # The regenerated file's own events are not a second change.
        assert running.quiet_for(0.6) == []
