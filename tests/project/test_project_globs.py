"""Rust globset semantics, which differ from fnmatch on `/`, `**/` and `{a,b}`."""

from __future__ import annotations

import fnmatch

import pytest

from dsm.project.globs import GlobError, compile_glob


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("*.lua", "a.lua", True),
        ("*.lua", "deep/er/a.lua", True),  # `*` crosses `/`
        ("*.lua", "a.luau", False),
        ("**/*.spec.lua", "a.spec.lua", True),  # `**/` also matches at the top level
        ("**/*.spec.lua", "x/y/a.spec.lua", True),
        ("src/**", "src/a/b", True),
        ("src/**", "src", False),
        ("a/**/b", "a/b", True),
        ("a/**/b", "a/x/y/b", True),
        ("a/**/b", "ab", False),
        ("**", "any/thing", True),
        ("foo**", "foo/bar", True),  # not at a boundary: like `*`
        ("*.{lua,luau}", "x.luau", True),
        ("*.{lua,luau}", "x.txt", False),
        ("*.{lua,}", "x.", False),  # empty alternatives are dropped
        ("a?c", "a/c", True),
        ("[!a]b", "xb", True),
        ("[!a]b", "ab", False),
        ("[a-c]", "b", True),
        ("[]]", "]", True),
        ("[-a]", "-", True),
        ("\\*x", "*x", True),
        ("\\*x", "ax", False),
        ("\\!x", "!x", True),
        ("a.b", "aXb", False),  # regex characters are literal
        ("src/*.md", "src/notes.md", True),
        ("src/*.md", "other/src/notes.md", False),  # anchored at the start
    ],
)
def test_matches_like_globset(pattern: str, path: str, expected: bool) -> None:
    assert compile_glob(pattern).matches(path) is expected


def test_fnmatch_would_disagree() -> None:
    # The reason this module exists: fnmatch has no `**/` at the top level and no alternation.
    assert not fnmatch.fnmatchcase("a.spec.lua", "**/*.spec.lua")
    assert compile_glob("**/*.spec.lua").matches("a.spec.lua")
    assert not fnmatch.fnmatchcase("x.luau", "*.{lua,luau}")


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{a,{b}}", "nested"),
        ("[abc", "never closed"),
        ("{a", "never closed"),
        ("a}", "closes no"),
        ("x\\", "escapes nothing"),
        ("[z-a]", "runs backwards"),
    ],
)
def test_malformed_globs_are_errors(pattern: str, message: str) -> None:
    with pytest.raises(GlobError, match=message):
        compile_glob(pattern)
