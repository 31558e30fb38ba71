"""The require rules: ``require-resolves`` and ``require-cycle``.

``require-resolves``: every statically known require (see ``requirecalls``) reaches a
ModuleScript in the built plugin. Packages (Vide under ``Packages``) are checked too: a broken
require inside a package breaks the plugin just the same.

``require-cycle``: no modules of the plugin require each other in a cycle when they load.
Only requires that run while a module loads count (not those inside a function, which run
when it is called; deferring a require that way is how a cycle is broken on purpose). A
cycle is reported once, at the require that starts it in the module whose file sorts first,
with the instance names as the runtime prints them (``Cyclic require detected: A -> B -> A``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dsm.lint.findings import Finding
from dsm.lint.requirecalls import RequireCall, require_calls
from dsm.lint.resolve import Found, Missing, Node, TreeModel
from dsm.lint.source import SourceFile


@dataclass(frozen=True)
class Requirer:
    """A file whose requires are checked, and the script instance it runs as."""

    source: SourceFile
    script: Node
    in_plugin: bool
    report: bool = True
    """False for a module outside the linted files: its requires only feed the cycle search."""


@dataclass(frozen=True)
class _Edge:
    target: Node
    call: RequireCall


class _Graph:
    def __init__(self) -> None:
        self.edges: dict[Node, list[_Edge]] = {}
        self.files: dict[Node, SourceFile] = {}
        self.reported: set[Node] = set()
        """Modules whose file is linted: a cycle is reported when it passes through one."""

    def add(self, requirer: Requirer, call: RequireCall, target: Node) -> None:
        self.files[requirer.script] = requirer.source
        self.edges.setdefault(requirer.script, []).append(_Edge(target, call))
        if requirer.report:
            self.reported.add(requirer.script)


def check(model: TreeModel, requirers: Iterable[Requirer]) -> list[Finding]:
    findings: list[Finding] = []
    graph = _Graph()
    for requirer in requirers:
        for call in require_calls(requirer.source):
            if isinstance(call.target, str):
                result = model.resolve_string(requirer.script, call.target, requirer.in_plugin)
            else:
                result = model.resolve_path(requirer.script, call.target, requirer.in_plugin)
            if isinstance(result, Missing) and requirer.report:
                findings.append(
                    Finding(
                        requirer.source.display,
                        call.line,
                        call.column,
                        "require-resolves",
                        f"require({call.text()}) does not resolve: {result.reason}",
                    )
                )
            elif isinstance(result, Found) and requirer.in_plugin and call.top_level:
                graph.add(requirer, call, result.node)
    findings.extend(_cycles(graph))
    return findings


def _cycles(graph: _Graph) -> list[Finding]:
    findings = []
    reported: set[frozenset[Node]] = set()
    for start in sorted(graph.files, key=lambda node: graph.files[node].display):
        cycle = _cycle_from(graph, start)
        if cycle is None or frozenset(edge.target for edge in cycle) in reported:
            continue
        if not graph.reported.intersection(edge.target for edge in cycle):
            continue
        reported.add(frozenset(edge.target for edge in cycle))
        names = " -> ".join([start.full_name(), *(edge.target.full_name() for edge in cycle)])
        first = cycle[0].call
        findings.append(
            Finding(
                graph.files[start].display,
                first.line,
                first.column,
                "require-cycle",
                f"{names}: these modules require each other while loading, which fails in Studio; "
                "move what they share into another module or require one of them inside a function",
            )
        )
    return findings


def _cycle_from(graph: _Graph, start: Node) -> list[_Edge] | None:
    """The edges of a shortest cycle through ``start``, or None (breadth-first search)."""
    paths: dict[Node, list[_Edge]] = {start: []}
    queue = [start]
    for node in queue:
        for edge in graph.edges.get(node, []):
            if edge.target is start:
                return [*paths[node], edge]
            if edge.target not in paths:
                paths[edge.target] = [*paths[node], edge]
                queue.append(edge.target)
    return None
