"""The passes over the finished tree: Ref properties linked by id, and Rojo's pivot workaround.

An instance gets an id from ``$id``, a meta or model file's ``id``, or a ``Rojo_Id`` string
attribute; an attribute ``Rojo_Target_<Prop>`` = ``<id>`` on another instance points its
``<Prop>`` at that instance. The attributes stay in the output, as in Rojo. Model-like classes
lacking ``NeedsPivotMigration`` get it set to false so Studio does not move their pivots.
"""

from __future__ import annotations

from dsm.dom import values as v
from dsm.dom.instance import Instance
from dsm.project.context import BuildState

ID_ATTRIBUTE = "Rojo_Id"
TARGET_PREFIX = "Rojo_Target_"
# src/snapshot/tree.rs: every class that inherits from Model (as of Rojo 7.7).
PIVOT_CLASSES = frozenset({"Model", "Actor", "Tool", "HopperBin", "Flag", "WorldModel", "Workspace", "Status"})


def finish(state: BuildState, root: Instance) -> None:
    ids: dict[str, list[Instance]] = {}
    pointing: list[tuple[Instance, v.Attributes]] = []
    for instance in root.walk():
        properties = instance.properties
        if instance.class_name in PIVOT_CLASSES and "NeedsPivotMigration" not in properties:
            properties["NeedsPivotMigration"] = v.Bool(False)
        specified = state.get_id(instance)
        if specified is not None:
            ids.setdefault(specified, []).append(instance)
        attrs = properties.get("Attributes")
        if isinstance(attrs, v.Attributes) and attrs.entries:
            for name, value in attrs.entries:
                if name == ID_ATTRIBUTE and isinstance(value, v.String) and value.value != specified:
                    ids.setdefault(value.value, []).append(instance)
                elif name.startswith(TARGET_PREFIX):
                    pointing.append((instance, attrs))
                    break
    for instance, attrs in pointing:
        _link(state, instance, attrs, ids)


def _link(state: BuildState, instance: Instance, attrs: v.Attributes, ids: dict[str, list[Instance]]) -> None:
    for name, value in attrs.entries:
        if not name.startswith(TARGET_PREFIX):
            continue
        prop = name[len(TARGET_PREFIX) :]
        if not isinstance(value, v.String):
            state.warn(
                f"{instance.full_name()}: the attribute {name} must be a string id, not a {v.type_name(value)}; "
                "it is ignored"
            )
            continue
        targets = ids.get(value.value, [])
        if len(targets) == 1:
            instance.properties[prop] = v.Ref(targets[0])
            continue
        if targets:
            where = ", ".join(target.full_name() for target in targets)
            problem = f'the id "{value.value}" is given to {len(targets)} instances ({where})'
        else:
            problem = f'no instance has the id "{value.value}"'
        state.warn(f"{instance.full_name()}: {name} is a broken reference: {problem}; {prop} is left empty")
        instance.properties[prop] = v.Ref(None)
