"""Release notes from CHANGELOG.md, written in the Keep a Changelog format.

Each release is a second-level heading, ``## [1.2.0] - 2026-03-01``; work not yet released
sits under ``## [Unreleased]``; link definitions (``[1.2.0]: https://...``) close the file
and belong to no section. See https://keepachangelog.com/en/1.1.0/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dsm.errors import DsmError

UNRELEASED = "Unreleased"

# `## [1.2.0] - 2026-03-01` as the format asks; `## 1.2.0` is read too, so a missing pair of
# brackets does not turn into a puzzling "no section" error.
_HEADING = re.compile(r"^##\s+(?:\[(?P<bracketed>[^\]]+)\]|(?P<bare>[^\s\[\]]+))")
_LINK_DEFINITION = re.compile(r"^\[[^\]]+\]:\s*\S")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Section:
    """One release's notes: its heading line as written and the text below it."""

    name: str
    heading: str
    line: int
    body: str

    def text(self) -> str:
        """The section as a Markdown document of its own."""
        return f"{self.heading}\n\n{self.body}\n"


def _section_name(line: str) -> str | None:
    match = _HEADING.match(line)
    if match is None:
        return None
    name = (match["bracketed"] or match["bare"]).strip()
    return UNRELEASED if name.lower() == UNRELEASED.lower() else name.removeprefix("v")


def _body(lines: list[str]) -> str:
    # Link definitions after the last release are the file's footer, not that release's notes.
    end = len(lines)
    while end > 0 and (not lines[end - 1].strip() or _LINK_DEFINITION.match(lines[end - 1])):
        end -= 1
    return "\n".join(line.rstrip() for line in lines[:end]).strip("\n")


def parse(text: str) -> list[Section]:
    """Every section of a changelog, in file order (headings inside code fences do not count)."""
    found: list[tuple[str, str, int, list[str]]] = []
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
        name = None if in_fence else _section_name(line)
        if name is not None:
            found.append((name, line.rstrip(), number, []))
        elif found:  # what comes before the first section is the document's introduction
            found[-1][3].append(line)
    return [Section(name, heading, number, _body(lines)) for name, heading, number, lines in found]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DsmError(
            "not found; dsm release takes the release notes from it (Keep a Changelog format)", path=path
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise DsmError(f"cannot read the file ({error})", path=path) from None


def _only(sections: list[Section], name: str, path: Path) -> Section | None:
    matching = [section for section in sections if section.name == name]
    if len(matching) > 1:
        raise DsmError(
            f"a second section for [{name}] (the first is at line {matching[0].line}); merge them",
            path=path,
            line=matching[1].line,
        )
    return matching[0] if matching else None


def release_notes(path: Path, version: str, *, allow_unreleased: bool = False) -> Section:
    """The notes of ``version``; with ``allow_unreleased``, [Unreleased] when it has none yet."""
    sections = parse(_read(path))
    section = _only(sections, version, path)
    if section is None and allow_unreleased:
        section = _only(sections, UNRELEASED, path)
        if section is None:
            raise DsmError(f"has no section for {version} and no [Unreleased] section; add one", path=path)
    if section is None:
        raise DsmError(
            f'has no section for {version}; add "## [{version}] - YYYY-MM-DD" above the previous release '
            "(move the [Unreleased] notes under it), or pass --allow-unreleased to release the [Unreleased] notes",
            path=path,
        )
    if not section.body.strip():
        raise DsmError(
            f"the section [{section.name}] is empty; write what changed under it", path=path, line=section.line
        )
    return section
