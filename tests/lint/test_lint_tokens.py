"""The Luau tokenizer: positions, strings with interpolation, comments, numbers."""

from __future__ import annotations

from dsm.lint.tokens import Kind, tokenize


def _kinds(source: str) -> list[tuple[Kind, str]]:
    return [(token.kind, token.text) for token in tokenize(source)]


def test_positions_are_one_based_lines_and_character_columns() -> None:
    tokens = tokenize("local x = 1\n\tprint(x)")
    assert [(token.text, token.line, token.column) for token in tokens] == [
        ("local", 1, 1),
        ("x", 1, 7),
        ("=", 1, 9),
        ("1", 1, 11),
        ("print", 2, 2),
        ("(", 2, 7),
        ("x", 2, 8),
        (")", 2, 9),
    ]


def test_interpolated_string_parts_and_the_expressions_between_them() -> None:
    assert _kinds("`a {b} c {`d {e}`} f`") == [
        (Kind.INTERPOLATED, "a "),
        (Kind.NAME, "b"),
        (Kind.INTERPOLATED, " c "),
        (Kind.INTERPOLATED, "d "),
        (Kind.NAME, "e"),
        (Kind.INTERPOLATED, ""),
        (Kind.INTERPOLATED, " f"),
    ]


def test_braces_of_a_table_inside_an_interpolation_do_not_end_it() -> None:
    assert _kinds("`n={#{1, 2}}!`") == [
        (Kind.INTERPOLATED, "n="),
        (Kind.SYMBOL, "#"),
        (Kind.SYMBOL, "{"),
        (Kind.NUMBER, "1"),
        (Kind.SYMBOL, ","),
        (Kind.NUMBER, "2"),
        (Kind.SYMBOL, "}"),
        (Kind.INTERPOLATED, "!"),
    ]


def test_strings_are_decoded() -> None:
    assert _kinds(r"""'a\'b' "tab\tx\65\x42\u{48}" [==[long ]] still]==]""") == [
        (Kind.STRING, "a'b"),
        (Kind.STRING, "tab\txABH"),
        (Kind.STRING, "long ]] still"),
    ]


def test_comments_short_and_long_with_their_lines() -> None:
    tokens = tokenize("-- dsm-lint: ignore x\n--[[ one\ntwo ]] y")
    assert [(token.kind, token.text, token.line, token.end_line) for token in tokens] == [
        (Kind.COMMENT, " dsm-lint: ignore x", 1, 1),
        (Kind.COMMENT, " one\ntwo ", 2, 3),
        (Kind.NAME, "y", 3, 3),
    ]


def test_numbers_symbols_and_keywords() -> None:
    assert _kinds("x //= 0x_FF + 1e-3 .. 2.5 ... :: ->") == [
        (Kind.NAME, "x"),
        (Kind.SYMBOL, "//="),
        (Kind.NUMBER, "0x_FF"),
        (Kind.SYMBOL, "+"),
        (Kind.NUMBER, "1e-3"),
        (Kind.SYMBOL, ".."),
        (Kind.NUMBER, "2.5"),
        (Kind.SYMBOL, "..."),
        (Kind.SYMBOL, "::"),
        (Kind.SYMBOL, "->"),
    ]
    assert _kinds("if continue then end")[0] == (Kind.KEYWORD, "if")


def test_an_unterminated_string_runs_to_the_end_of_its_line() -> None:
    assert _kinds('"open\nnext') == [(Kind.STRING, "open"), (Kind.NAME, "next")]
