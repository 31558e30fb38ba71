"""``placeholder-data``: plugin sources show real data only, never made-up data.

What is flagged in ``plugin/src`` (tests may fake whatever they like):

1. Strings and comments containing filler text: "lorem ipsum", "dolor sit amet", or one of
   *demo, dummy, fake, mock, placeholder, sample* followed by a data noun (*data, value(s),
   entry/entries, record(s), row(s), item(s), key(s), user(s), player(s), store(s),
   datastore(s)*), e.g. "mock data", "fake entries", "sample keys".
2. Comments that leave a fake in place: TODO, FIXME, XXX or HACK in a comment that also says
   fake, mock, dummy, demo, placeholder, stub(bed) or hard-coded.
3. Identifiers naming made-up data: a name whose words (split at camelCase and underscores)
   include fake, mock, dummy, demo or lorem, or "placeholder" followed by a data noun
   (``mockEntries``, ``DEMO_KEYS``, ``placeholderData``). ``PlaceholderText`` is a real TextBox
   property and is not flagged. Each identifier is reported once per file.
4. ``math.random`` and ``Random.new``: random values are how made-up numbers get on screen. A
   plugin needing randomness for something not displayed (retry jitter) says so with
   ``-- dsm-lint: ignore placeholder-data`` and the reason.
"""

from __future__ import annotations

import re

from dsm.lint.findings import Finding
from dsm.lint.source import SourceFile
from dsm.lint.tokens import Kind

_NOUNS = r"data|values?|entry|entries|records?|rows?|items?|keys?|users?|players?|stores?|datastores?"
_FILLER = re.compile(
    rf"\b(lorem ipsum|dolor sit amet|(?:demo|dummy|fake|mock|placeholder|sample)[ _-]+(?:{_NOUNS}))\b",
    re.IGNORECASE,
)
_TODO_FAKE = re.compile(
    r"\b(?:TODO|FIXME|XXX|HACK)\b.*?\b(fake|mock|dummy|demo|placeholder|stub(?:bed)?|hard-?coded)\b",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_FAKE_WORDS = frozenset({"fake", "mock", "dummy", "demo", "lorem"})
_DATA_NOUN = re.compile(rf"^(?:{_NOUNS})$")
_RANDOM_SOURCES = frozenset({"math.random", "Random.new"})


def _fake_identifier(name: str) -> bool:
    words = [word.lower() for word in _WORDS.findall(name)]
    if _FAKE_WORDS.intersection(words):
        return True
    return any(
        word == "placeholder" and index + 1 < len(words) and _DATA_NOUN.match(words[index + 1])
        for index, word in enumerate(words)
    )


def check(source: SourceFile) -> list[Finding]:
    findings: list[Finding] = []

    def report(line: int, column: int, message: str) -> None:
        findings.append(Finding(source.display, line, column, "placeholder-data", message))

    named: set[str] = set()
    for token in source.tokens:
        todo = _TODO_FAKE.search(token.text) if token.kind is Kind.COMMENT else None
        filler = _FILLER.search(token.text) if token.kind in (Kind.STRING, Kind.INTERPOLATED, Kind.COMMENT) else None
        if todo is not None:
            report(
                token.line,
                token.column,
                f'a TODO about "{todo.group(1)}" marks made-up data left in place; finish the real code or remove it',
            )
        elif filler is not None:
            report(token.line, token.column, f'"{filler.group(1)}" is made-up data; the plugin shows real data only')
        if token.kind is Kind.NAME and token.text not in named and _fake_identifier(token.text):
            named.add(token.text)
            report(
                token.line,
                token.column,
                f"{token.text} names made-up data; plugin sources use real data only (fakes belong in plugin/tests)",
            )
    for access in source.accesses:
        name = ".".join(access.path[:2])
        if name in _RANDOM_SOURCES:
            columns = source.columns_of(access.line, access.path[0])
            report(
                access.line,
                columns[0] if columns else source.first_column(access.line),
                f"{name} makes up values; if they are never shown as data (e.g. retry jitter), say so with "
                "-- dsm-lint: ignore placeholder-data",
            )
    return findings
