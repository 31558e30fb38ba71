"""Which files `dsm fmt` visits: Luau under the given paths, minus .styluaignore (gitignore patterns)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsm.errors import DsmError
from dsm.fmt.files import IgnoreRules, collect


@pytest.mark.parametrize(
    ("pattern", "path", "folder", "ignored"),
    [
        ("FontMetricsData.luau", "tooling/Text/FontMetricsData.luau", False, True),  # no slash: any depth
        ("*.spec.luau", "plugin/tests/a.spec.luau", False, True),
        ("*.spec.luau", "plugin/tests/a.luau", False, False),
        ("/plugin/*.luau", "plugin/a.luau", False, True),  # a slash anchors at the root
        ("/plugin/*.luau", "plugin/sub/a.luau", False, False),  # `*` stays inside one folder
        ("plugin/**/*.luau", "plugin/sub/deep/a.luau", False, True),
        ("Generated/", "plugin/src/Generated/Theme.luau", False, True),  # a folder hides what is below it
        ("Generated/", "plugin/src/Generated.luau", False, False),  # trailing slash: folders only
        ("# comment", "# comment", False, False),
    ],
)
def test_ignore_patterns(pattern: str, path: str, folder: bool, ignored: bool) -> None:
    assert IgnoreRules([pattern]).ignores(path, folder=folder) is ignored


def test_negation_re_includes_and_the_last_rule_wins() -> None:
    rules = IgnoreRules(["*.luau", "!Keep.luau"])
    assert rules.ignores("a/Drop.luau")
    assert not rules.ignores("a/Keep.luau")


def test_collect_walks_sorted_skips_hidden_and_node_modules(tmp_path: Path) -> None:
    for name in ("b.luau", "a.lua", "notes.md", "sub/c.luau", ".hidden/d.luau", "node_modules/e.luau", "gen/f.luau"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("", encoding="utf-8")
    (tmp_path / ".styluaignore").write_text("# generated\ngen/\n", encoding="utf-8")
    found = collect(tmp_path, [tmp_path], IgnoreRules.load(tmp_path))
    assert [path.relative_to(tmp_path).as_posix() for path in found] == ["a.lua", "b.luau", "sub/c.luau"]
    # A file named on the command line is formatted even when ignored, as StyLua does.
    assert collect(tmp_path, [tmp_path / "gen" / "f.luau"], IgnoreRules.load(tmp_path)) == [tmp_path / "gen" / "f.luau"]


def test_a_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DsmError, match="no such file or folder"):
        collect(tmp_path, [tmp_path / "nope"], IgnoreRules([]))
