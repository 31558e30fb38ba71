"""What a build carries down the tree: the rules in force (:class:`Context`) and shared state.

A :class:`Context` is immutable and replaced when a nested project starts (its ignore rules
add to the parent's, its sync rules and ``emitLegacyScripts`` replace them). The
:class:`BuildState` lives for one build: the warning sink, the ids given to instances, the
projects being loaded (to catch a project that includes itself) and the property resolver.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from dsm.dom.instance import Instance
from dsm.project.errors import Warn
from dsm.project.globs import Glob
from dsm.project.properties import PropertyResolver


def relative_to(path: str, base: str) -> str | None:
    """``path`` below ``base`` with ``/`` separators (component-wise, like Rust's strip_prefix)."""
    if not base:
        return path.replace(os.sep, "/")
    if path == base:
        return ""
    prefix = base if base.endswith(os.sep) else base + os.sep
    if not path.startswith(prefix):
        return None
    rest = path[len(prefix) :]
    return rest if os.sep == "/" else rest.replace(os.sep, "/")


@dataclass(frozen=True)
class IgnoreRule:
    """One ``globIgnorePaths`` entry; ``negated`` (a leading ``!``) un-ignores what it matches."""

    base: str
    glob: Glob
    negated: bool


@dataclass(frozen=True)
class SyncRule:
    """One ``syncRules`` entry (or a built-in rule, whose base is empty)."""

    base: str
    pattern: Glob
    exclude: Glob | None
    use: str
    suffix: str | None

    def matches(self, path: str) -> bool:
        rel = relative_to(path, self.base)
        if rel is None:
            return False
        if self.exclude is not None and self.exclude.matches(rel):
            return False
        return self.pattern.matches(rel)


@dataclass(frozen=True)
class Context:
    ignore_rules: tuple[IgnoreRule, ...] = ()
    sync_rules: tuple[SyncRule, ...] = ()
    emit_legacy_scripts: bool = True

    def is_ignored(self, path: str) -> bool:
        """Gitignore-style: the last rule that matches decides."""
        ignored = False
        for rule in self.ignore_rules:
            rel = relative_to(path, rule.base)
            if rel is not None and rule.glob.matches(rel):
                ignored = not rule.negated
        return ignored

    def user_rule(self, path: str) -> SyncRule | None:
        for rule in self.sync_rules:
            if rule.matches(path):
                return rule
        return None


@dataclass
class BuildState:
    warn: Warn
    resolver: PropertyResolver = field(default_factory=PropertyResolver)
    ids: dict[int, tuple[Instance, str]] = field(default_factory=dict)
    """Instance identity -> (instance, the id given by ``$id`` or a meta/model ``id``)."""
    loading: list[str] = field(default_factory=list)
    """Project files being loaded, outermost first."""
    walking: set[str] = field(default_factory=set)
    """Real paths of the folders being walked, to stop on a symlink loop."""

    def set_id(self, instance: Instance, specified: str | None) -> None:
        if specified is None:
            self.ids.pop(id(instance), None)
        else:
            self.ids[id(instance)] = (instance, specified)

    def get_id(self, instance: Instance) -> str | None:
        entry = self.ids.get(id(instance))
        return entry[1] if entry else None
