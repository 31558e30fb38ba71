"""The rules ``dsm lint`` knows: their names, severities and what each checks."""

from __future__ import annotations

from dataclasses import dataclass

from dsm.lint.findings import Severity

SELENE = "selene"
"""selene's findings are reported as ``selene/<its lint name>``; ``selene`` names them all."""


@dataclass(frozen=True)
class Rule:
    name: str
    severity: Severity
    summary: str


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule("syntax", "error", "every Luau file compiles with the Luau compiler"),
        # The rule's own findings say selene could not run; selene/<lint> findings keep selene's severity.
        Rule(SELENE, "error", "selene's lints, with the project's selene.toml (when selene is on PATH)"),
        Rule("require-resolves", "error", "every require reaches a ModuleScript in the built plugin"),
        Rule("require-cycle", "error", "modules do not require each other in a cycle"),
        Rule("deprecated-global", "warning", "no deprecated globals such as wait, spawn and delay"),
        Rule("strict-header", "warning", "plugin sources start with --!strict"),
        Rule("undefined-global", "error", "every global read exists in Roblox, Luau or the test runtime"),
        Rule("placeholder-data", "error", "no demo, mock or placeholder data in plugin sources"),
    )
}


def is_known(name: str) -> bool:
    """A rule name as ``disable`` and suppression comments accept it."""
    return name in RULES or name.startswith(SELENE + "/")
