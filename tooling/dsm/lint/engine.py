"""``dsm lint``: run every rule over the files, apply suppressions, return sorted findings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from dsm.dom.instance import Instance
from dsm.lint import globals as global_rules
from dsm.lint import header, placeholder, requires, selene, syntax
from dsm.lint.catalog import RULES, SELENE
from dsm.lint.files import collect, read_source, relative_to_root
from dsm.lint.findings import Finding
from dsm.lint.resolve import TreeModel
from dsm.lint.settings import Settings
from dsm.lint.source import Role, SourceFile
from dsm.lint.stdlib import load as load_std
from dsm.lint.suppress import is_suppressed, suppressed_lines

_SCRIPT_CLASSES = ("Script", "LocalScript")
_SCRIPT_SUFFIX = re.compile(r"(\.(server|client|spec))?\.luau?$")


@dataclass(frozen=True)
class LintResult:
    findings: list[Finding]
    files: int
    selene: str
    """What became of selene: ran, not on PATH, disabled, failed or timed out."""


def _script_name(path: Path) -> str:
    """The instance name Rojo and the spec runner give a file: ``Store.spec.luau`` is ``Store``."""
    return _SCRIPT_SUFFIX.sub("", path.name)


def _own_rules(source: SourceFile, model: TreeModel) -> list[Finding]:
    """The rules that read one file on its own (everything but requires and selene)."""
    if source.role is Role.VENDORED:
        return []
    node = model.node_for(str(source.path))
    plugin_script = node is not None and node.class_name in _SCRIPT_CLASSES
    findings = global_rules.deprecated(source)
    findings += global_rules.undefined(source, load_std(), plugin_script=plugin_script)
    if source.role is Role.SOURCE:
        findings += header.check(source)
        findings += placeholder.check(source)
    return findings


def _requirers(
    model: TreeModel, linted: list[SourceFile], compiled: list[SourceFile], settings: Settings
) -> list[requires.Requirer]:
    """The compiled linted files, plus the plugin's other modules.

    Package modules are checked like linted files (their requires must resolve too); the
    plugin's own modules outside PATHS only add their requires to the graph, so linting one
    file still finds a cycle it is part of.
    """
    requirers = []
    for source in compiled:
        node = model.node_for(str(source.path))
        if node is not None:
            requirers.append(requires.Requirer(source, node, in_plugin=True))
        else:
            requirers.append(requires.Requirer(source, model.runner_script(_script_name(source.path)), False))
    seen = {str(source.path) for source in linted}
    for origin, node in sorted(model.by_origin.items()):
        relative = relative_to_root(Path(origin), settings.root)
        if origin in seen or settings.ignores(relative) or node.class_name not in ("ModuleScript", *_SCRIPT_CLASSES):
            continue
        source = read_source(Path(origin), settings.root)
        requirers.append(requires.Requirer(source, node, in_plugin=True, report=source.role is Role.VENDORED))
    return requirers


def lint(settings: Settings, tree: Instance, paths: Iterable[Path] | None = None) -> LintResult:
    """Lint ``paths`` (default: ``[tool.dsm.lint] paths``) against the built plugin ``tree``."""
    sources = collect(settings, paths)
    model = TreeModel(tree)
    findings: list[Finding] = []
    compiled = []
    for source in sources:
        problems = syntax.check(source)
        findings += problems
        if not problems:
            compiled.append(source)
            findings += _own_rules(source, model)
    findings += requires.check(model, _requirers(model, sources, compiled, settings))
    selene_status = "disabled"
    if SELENE not in settings.disable:
        run = selene.run(settings.root, sources)
        findings += run.findings
        selene_status = run.status
    return LintResult(_kept(findings, sources, settings), len(sources), selene_status)


def _kept(findings: list[Finding], sources: list[SourceFile], settings: Settings) -> list[Finding]:
    """Without findings of disabled rules or suppressed by a comment; sorted, each once."""
    suppressions = {source.display: suppressed_lines(source) for source in sources}
    kept = set()
    for finding in findings:
        if finding.rule in settings.disable or (finding.rule.startswith(SELENE + "/") and SELENE in settings.disable):
            continue
        if is_suppressed(finding.rule, finding.line, suppressions.get(finding.path, {})):
            continue
        rule = RULES.get(finding.rule)
        kept.add(replace(finding, severity=rule.severity) if rule is not None else finding)
    return sorted(kept)
