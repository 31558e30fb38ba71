"""Reflection data (generated api.json merged with facts.toml) checked against rbx-dom's database."""

from __future__ import annotations

import math
import tomllib
from typing import Any

import pytest

from dsm import reflection
from dsm.dom import explicit
from reflection_oracle import FACTS, oracle, oracle_chain

COVERED = (
    "Instance",
    "Folder",
    "Model",
    "Script",
    "LocalScript",
    "ModuleScript",
    "StringValue",
    "IntValue",
    "NumberValue",
    "BoolValue",
    "ObjectValue",
    "Color3Value",
    "Vector3Value",
    "CFrameValue",
    "BrickColorValue",
    "RayValue",
    "LocalizationTable",
    "ScreenGui",
    "Frame",
    "ScrollingFrame",
    "TextLabel",
    "TextButton",
    "TextBox",
    "ImageLabel",
    "ImageButton",
    "CanvasGroup",
    "ViewportFrame",
    "UIListLayout",
    "UIGridLayout",
    "UIPadding",
    "UICorner",
    "UIStroke",
    "UIGradient",
    "UIAspectRatioConstraint",
    "UISizeConstraint",
    "UITextSizeConstraint",
    "UIFlexItem",
    "UIScale",
    "BindableEvent",
    "BindableFunction",
    "Configuration",
    "Part",
    "Workspace",
    "Players",
    "Lighting",
    "ReplicatedStorage",
    "ServerStorage",
    "ServerScriptService",
    "StarterGui",
    "StarterPlayer",
    "StarterPlayerScripts",
    "SoundService",
    "Camera",
    "Sound",
)

# Classes rbx-dom knows that we do not, besides Studio's ReflectionMetadata* classes (its own
# metadata model, never in user files) and engine-internal classes nobody can create: internal
# Studio helpers and a deprecated test harness, none of which appear in saved models.
MISSING_CREATABLE = {"AdvancedDragger", "FunctionalTest", "PartOperationAsset", "StandalonePluginScripts"}
# Enums @rbxts/types leaves out: internal ones no property of ours uses.
MISSING_ENUMS = {"AudioCaptureMode", "Language", "SolidPrimitiveType", "TagReplicability"}
# Enum items rbx-dom lists that @rbxts/types does not (internal or not yet documented).
MISSING_ENUM_ITEMS = {
    ("AssetType", "VoxelFragment"),
    ("CollisionFidelity", "Scalable"),
    ("KeyCode", "Unknown"),
    ("SlimTintMode", "LOD"),
    ("SlimTintMode", "Zone"),
}
# Serialized properties of covered classes that are newer than rbx-dom's database, so no
# default of theirs can be checked; we state none rather than guess.
NO_KNOWN_DEFAULT = {("Folder", "IconTint"), ("Workspace", "StreamingAdaptiveRadius")}


@pytest.fixture(scope="module")
def refl() -> reflection.Reflection:
    return reflection.load()


def covered_with_bases(refl: reflection.Reflection) -> set[str]:
    return {name for cls in COVERED for name in refl.ancestry(cls)}


def oracle_type(prop: dict[str, Any]) -> tuple[str, str | None]:
    data_type = prop["DataType"]
    return ("Enum", data_type["Enum"]) if "Enum" in data_type else (data_type["Value"], None)


def oracle_serialization(prop: dict[str, Any]) -> tuple[Any, ...]:
    kind = prop["Kind"]
    if "Alias" in kind:
        return ("never",)  # files use the canonical property's name
    serialization = kind["Canonical"]["Serialization"]
    if serialization == "Serializes":
        return ("as", prop["Name"])
    if serialization == "DoesNotSerialize":
        return ("never",)
    if "SerializesAs" in serialization:
        return ("as", serialization["SerializesAs"])
    migrate = serialization["Migrate"]
    targets = migrate["To"] if isinstance(migrate["To"], list) else [migrate["To"]]
    return ("migrate", tuple(targets), migrate["Migration"])


def our_serialization(info: reflection.PropertyInfo) -> tuple[Any, ...]:
    if info.migrate_targets:
        return ("migrate", info.migrate_targets, info.migration)
    return ("never",) if info.serialized_name is None else ("as", info.serialized_name)


def same_value(ours: Any, theirs: Any) -> bool:
    """Explicit JSON forms agree, floats within f32 precision; rbx-dom writes infinity as null."""
    if theirs is None:
        return ours is None or ours in ("inf", "-inf")
    if isinstance(theirs, bool | str):
        return bool(ours == theirs)
    if isinstance(theirs, int | float):
        return isinstance(ours, int | float) and math.isclose(ours, theirs, rel_tol=1e-6, abs_tol=1e-6)
    if isinstance(theirs, list):
        return isinstance(ours, list) and len(ours) == len(theirs) and all(map(same_value, ours, theirs))
    ours_keys = {key for key, item in ours.items() if item is not None}
    their_keys = {key for key, item in theirs.items() if item is not None}
    return ours_keys == their_keys and all(same_value(ours[key], theirs[key]) for key in their_keys)


def oracle_default(data_type: str, value: dict[str, Any]) -> dict[str, Any]:
    # rbx-dom stores BasePart.Color's default in its file type; ours has the property's type.
    if data_type == "Color3" and "Color3uint8" in value:
        return {"Color3": [channel / 255 for channel in value["Color3uint8"]]}
    return value


def test_superclass_chains_agree(refl: reflection.Reflection) -> None:
    shared = set(refl.classes) & set(oracle()["Classes"])
    assert len(shared) > 800
    wrong = {name: refl.ancestry(name) for name in shared if refl.ancestry(name) != oracle_chain(name)}
    assert wrong == {}


def test_service_tags_agree(refl: reflection.Reflection) -> None:
    shared = set(refl.classes) & set(oracle()["Classes"])
    theirs = {name for name in shared if "Service" in oracle()["Classes"][name]["Tags"]}
    assert {name for name in shared if refl.is_service(name)} == theirs
    assert {"Workspace", "Players", "ReplicatedStorage", "CSGDictionaryService"} <= theirs


def test_enum_values_agree(refl: reflection.Reflection) -> None:
    missing_items = set()
    for name, enum in oracle()["Enums"].items():
        ours = refl.enum_items(name)
        if ours is None:
            continue
        for item, value in enum["items"].items():
            if item not in ours:
                missing_items.add((name, item))
            else:
                assert ours[item] == value, f"Enum.{name}.{item}"
    assert missing_items == MISSING_ENUM_ITEMS
    assert refl.enum_items("Material")["Plastic"] == 256  # type: ignore[index]


def test_only_documented_classes_and_enums_are_missing(refl: reflection.Reflection) -> None:
    classes = oracle()["Classes"]
    missing = set(classes) - set(refl.classes)
    creatable = {
        name
        for name in missing
        if "NotCreatable" not in classes[name]["Tags"] and not name.startswith("ReflectionMetadata")
    }
    assert creatable == MISSING_CREATABLE
    assert len(missing) < 60
    assert set(oracle()["Enums"]) - set(refl.enums) == MISSING_ENUMS


def test_covered_properties_agree_with_oracle(refl: reflection.Reflection) -> None:
    checked = 0
    for name in covered_with_bases(refl):
        theirs = oracle()["Classes"][name]["Properties"]
        for prop_name, info in refl.classes[name].properties.items():
            if prop_name not in theirs:
                continue
            checked += 1
            where = f"{name}.{prop_name}"
            assert (info.data_type, info.enum) == oracle_type(theirs[prop_name]), where
            assert our_serialization(info) == oracle_serialization(theirs[prop_name]), where
    assert checked > 500


def test_stated_hidden_properties_exist(refl: reflection.Reflection) -> None:
    expected = {
        ("Instance", "Attributes"): ("Attributes", "AttributesSerialize"),
        ("Instance", "Tags"): ("Tags", "Tags"),
        ("Instance", "SourceAssetId"): ("Int64", "SourceAssetId"),
        ("Instance", "UniqueId"): ("UniqueId", "UniqueId"),
        ("Instance", "HistoryId"): ("UniqueId", "HistoryId"),
        ("Instance", "Capabilities"): ("SecurityCapabilities", "Capabilities"),
        ("Instance", "Sandboxed"): ("Bool", "DefinesCapabilities"),
        ("Script", "Source"): ("String", "Source"),
        ("ModuleScript", "Source"): ("String", "Source"),
        ("LuaSourceContainer", "ScriptGuid"): ("String", "ScriptGuid"),
        ("LocalizationTable", "Contents"): ("String", "Contents"),
        ("Model", "Scale"): ("Float32", "ScaleFactor"),
        ("Workspace", "SignalBehavior"): ("Enum", "SignalBehavior2"),
    }
    for (name, prop_name), (data_type, serialized) in expected.items():
        info = refl.find_property(name, prop_name)
        assert info is not None, f"{name}.{prop_name}"
        assert (info.data_type, info.serialized_name) == (data_type, serialized)
    assert refl.find_serialized("Part", "AttributesSerialize").name == "Attributes"  # type: ignore[union-attr]


def test_every_stated_property_fact_agrees_with_oracle(refl: reflection.Reflection) -> None:
    facts = tomllib.loads(FACTS.read_text(encoding="utf-8"))
    checked = 0
    for name, stated in facts["classes"].items():
        theirs = oracle()["Classes"].get(name, {}).get("Properties", {})
        for prop_name in stated.get("properties", {}):
            info = refl.classes[name].properties[prop_name]
            if prop_name in theirs:
                checked += 1
                where = f"{name}.{prop_name}"
                assert (info.data_type, info.enum) == oracle_type(theirs[prop_name]), where
                assert our_serialization(info) == oracle_serialization(theirs[prop_name]), where
    assert checked > 400


def test_facts_name_known_classes_enums_and_targets(refl: reflection.Reflection) -> None:
    for info in refl.classes.values():
        assert info.superclass is None or info.superclass in refl.classes, info.name
        for prop in info.properties.values():
            if prop.data_type == "Enum":
                assert prop.enum in refl.enums, f"{info.name}.{prop.name}"
            for target in prop.migrate_targets:
                assert refl.find_property(info.name, target) is not None, f"{info.name}.{prop.name}"


def test_stated_defaults_equal_oracle_defaults(refl: reflection.Reflection) -> None:
    checked = 0
    for name in set(refl.classes) & set(oracle()["Classes"]):
        for prop_name, value in oracle()["Classes"][name]["DefaultProperties"].items():
            ours = refl.default(name, prop_name)
            info = refl.find_property(name, prop_name)
            if ours is None or info is None:
                continue
            checked += 1
            assert same_value(explicit.encode(ours), oracle_default(info.data_type, value)), f"{name}.{prop_name}"
    assert checked > 2000


def test_defaults_have_the_property_type(refl: reflection.Reflection) -> None:
    for info in refl.classes.values():
        for prop_name, value in info.defaults.items():
            prop = refl.find_property(info.name, prop_name)
            assert prop is not None, f"{info.name}.{prop_name}"
            assert next(iter(explicit.encode(value))) == prop.data_type, f"{info.name}.{prop_name}"


def test_covered_classes_have_every_default(refl: reflection.Reflection) -> None:
    missing = set()
    for name in COVERED[1:]:
        for owner in refl.ancestry(name):
            for prop_name, info in refl.classes[owner].properties.items():
                lacks_form = info.data_type in ("Ref", "OptionalCFrame") or prop_name == "Name"
                if info.serialized_name is None or lacks_form or refl.find_property(name, prop_name) is not info:
                    continue
                if refl.default(name, prop_name) is None:
                    missing.add((name, prop_name))
    assert missing == NO_KNOWN_DEFAULT


def test_serialized_names_resolve_to_canonical_properties(refl: reflection.Reflection) -> None:
    cases = {
        ("Part", "size"): "Size",
        ("Part", "Color3uint8"): "Color",
        ("Part", "shape"): "Shape",
        ("Part", "formFactorRaw"): "FormFactor",
        ("Players", "MaxPlayersInternal"): "MaxPlayers",
        ("Model", "ScaleFactor"): "Scale",
        ("Workspace", "SignalBehavior2"): "SignalBehavior",
        ("Sound", "xmlRead_MaxDistance_3"): "RollOffMaxDistance",
        ("Sound", "EmitterSize"): "RollOffMinDistance",
        ("Folder", "DefinesCapabilities"): "Sandboxed",
    }
    for (name, serialized), canonical in cases.items():
        info = refl.find_serialized(name, serialized)
        assert info is not None and info.name == canonical, (name, serialized)
    legacy = refl.find_serialized("Part", "BrickColor")
    assert legacy is not None and (legacy.migrate_to, legacy.migration) == ("Color", "BrickColorToColor")
    corner = refl.find_property("UICorner", "CornerRadius")
    assert corner is not None and len(corner.migrate_targets) == 4
    assert refl.find_property("Frame", "AbsoluteSize").serialized_name is None  # type: ignore[union-attr]
    assert refl.find_property("TextLabel", "TextBounds").serialized_name is None  # type: ignore[union-attr]
