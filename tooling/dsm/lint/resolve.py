"""Where a require leads in the built plugin, following the rules of the dsm runtime's ``Require``.

The plugin tree is what ``dsm build`` produces. A file of the tree resolves from its own
instance; inside the plugin, ``.Parent`` above the root leaves the plugin (Studio gives a
plugin's root no parent a script can use). Specs and ``dsm run`` scripts run as Scripts in
``game.ServerScriptService`` with the plugin mounted at ``game.ServerStorage.<root>``, as in the
headless runtime. Only the built tree is known: a path into anything else (a service's other
children, instances made at run time) is not checked.

String paths follow ``tooling/dsm/runtime/luau/Require.luau``: ``./`` starts at the requiring
script's parent, ``../`` at its grandparent, ``@self/`` at the script, ``@game/`` at the DataModel.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dsm.dom.instance import Instance
from dsm.lint.requirecalls import InstancePath, Step

_SERVICES = ("ServerStorage", "ServerScriptService")


@dataclass(eq=False)
class Node:
    name: str
    class_name: str
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    known: bool = False
    """Part of the built tree: its children are all known, so a missing child is a finding."""
    instance: Instance | None = None

    def child(self, name: str) -> Node | None:
        return next((node for node in self.children if node.name == name), None)

    def descendant(self, name: str) -> Node | None:
        for node in self.children:
            if node.name == name:
                return node
            if (found := node.descendant(name)) is not None:
                return found
        return None

    def full_name(self) -> str:
        """As ``GetFullName`` would say it; the plugin's own instances from its root down."""
        if self.instance is not None:
            return self.instance.full_name()
        if self.parent is None:
            return self.name
        return f"{self.parent.full_name()}.{self.name}" if self.parent.parent else self.name


@dataclass(frozen=True)
class Found:
    node: Node


@dataclass(frozen=True)
class Missing:
    reason: str


@dataclass(frozen=True)
class Unknown:
    """The path leaves the built tree; nothing can be said without running the code."""


Resolution = Found | Missing | Unknown


def _mirror(instance: Instance, parent: Node) -> Node:
    node = Node(instance.name, instance.class_name, parent, known=True, instance=instance)
    node.children = [_mirror(child, node) for child in instance.children]
    return node


class TreeModel:
    """The built plugin inside a DataModel, as the headless runtime mounts it."""

    def __init__(self, tree: Instance) -> None:
        self.game = Node("game", "DataModel")
        services = {name: Node(name, name, self.game) for name in _SERVICES}
        self.game.children = list(services.values())
        self.root = _mirror(tree, services["ServerStorage"])
        services["ServerStorage"].children.append(self.root)
        self.by_origin: dict[str, Node] = {}
        stack = [self.root]
        while stack:
            node = stack.pop()
            if node.instance is not None and node.instance.origin is not None:
                self.by_origin.setdefault(node.instance.origin, node)
            stack.extend(node.children)
        self._script_service = services["ServerScriptService"]

    def node_for(self, origin: str) -> Node | None:
        """The plugin's instance built from the file ``origin`` (an absolute path)."""
        return self.by_origin.get(origin)

    def runner_script(self, name: str) -> Node:
        """A spec or ``dsm run`` script: a Script in ServerScriptService, outside the plugin."""
        return Node(name, "Script", self._script_service)

    def in_plugin(self, node: Node) -> bool:
        current: Node | None = node
        while current is not None:
            if current is self.root:
                return True
            current = current.parent
        return False

    # Resolution -----------------------------------------------------------------------------

    def _up(self, node: Node, from_plugin: bool) -> Node | Missing | None:
        if from_plugin and node is self.root:
            return Missing(f"it leads above the plugin's root {self.root.name}, which has no parent in Studio")
        return node.parent or Missing("it leads above the DataModel")

    def _step(self, node: Node, step: Step, from_plugin: bool) -> Node | Missing | None:
        """The node one step on; None when it cannot be known."""
        if step.kind == "parent":
            return self._up(node, from_plugin)
        if step.kind == "service":
            if node is not self.game:
                return None
            return node.child(step.name)
        found = node.descendant(step.name) if step.kind == "find-descendant" else node.child(step.name)
        if found is None and node.known:
            where = "no descendant" if step.kind == "find-descendant" else "no child"
            return Missing(f'{node.full_name()} has {where} named "{step.name}"')
        return found

    def _module(self, node: Node) -> Resolution:
        if node.class_name == "ModuleScript":
            return Found(node)
        if node.known:
            return Missing(f"{node.full_name()} is a {node.class_name}, not a ModuleScript")
        return Unknown()

    def resolve_path(self, script: Node, path: InstancePath, from_plugin: bool) -> Resolution:
        if path.root == "game":
            if from_plugin:
                return Unknown()  # the place the plugin is opened in, not the plugin
            node: Node | Missing | None = self.game
        else:
            node = script
        for step in path.steps:
            if not isinstance(node, Node):
                break
            node = self._step(node, step, from_plugin)
        if isinstance(node, Missing):
            return node
        return Unknown() if node is None else self._module(node)

    def resolve_string(self, script: Node, text: str, from_plugin: bool) -> Resolution:
        segments = text.split("/")
        first = segments[0]
        node: Node | Missing | None
        if first == ".":
            node = self._up(script, from_plugin)
        elif first == "..":
            node = self._up(script, from_plugin)
            node = self._up(node, from_plugin) if isinstance(node, Node) else node
        elif first == "@self":
            node = script
        elif first == "@game":
            if from_plugin:
                return Unknown()
            node = self.game
        else:
            return Missing("a path must start with ./, ../, @self/ or @game/")
        for segment in segments[1:]:
            if not isinstance(node, Node):
                break
            if segment == "..":
                node = self._up(node, from_plugin)
            elif segment not in (".", ""):
                node = self._step(node, Step("child", segment), from_plugin)
        if isinstance(node, Missing):
            return node
        return Unknown() if node is None else self._module(node)
