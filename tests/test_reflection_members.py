"""Methods, events and callbacks in the reflection data, and the classes a Studio plugin uses.

rbx-dom's database (the oracle) has superclasses and properties but no methods or events, so
member kinds are checked against Creator Hub's class pages by name, and everything the oracle
does know is checked against it.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from dsm import reflection
from reflection_oracle import FACTS, oracle, oracle_chain

API = Path(reflection.__file__).parent / "data" / "api.json"

# The classes the plugin's interface is built from, and the Studio and data store classes it talks to.
PLUGIN_UI_CLASSES = (
    "Frame",
    "ScrollingFrame",
    "TextLabel",
    "TextButton",
    "TextBox",
    "ImageLabel",
    "ImageButton",
    "CanvasGroup",
    "UIListLayout",
    "UIGridLayout",
    "UIPadding",
    "UICorner",
    "UIStroke",
    "UIGradient",
    "UISizeConstraint",
    "UITextSizeConstraint",
    "UIFlexItem",
    "BindableEvent",
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
    "Folder",
    "ModuleScript",
)
STUDIO_CLASSES = (
    "Plugin",
    "PluginGui",
    "DockWidgetPluginGui",
    "PluginToolbar",
    "PluginToolbarButton",
    "PluginAction",
    "PluginMenu",
    "Studio",
    "StudioTheme",
    "Selection",
    "StudioService",
    "DataStoreService",
    "DataStore",
    "DataStoreOptions",
    "DataStoreGetOptions",
    "DataStoreSetOptions",
    "DataStoreIncrementOptions",
    "DataStoreKeyInfo",
    "DataStoreListingPages",
)
# Scriptable properties in the oracle that scripts still cannot use: Creator Hub gives
# PluginAction.Text Roblox script security and does not document Plugin's CollisionEnabled and
# GridSize (StudioService has the documented GridSize).
NOT_FOR_PLUGINS = {("PluginAction", "Text"), ("Plugin", "CollisionEnabled"), ("Plugin", "GridSize")}


@pytest.fixture(scope="module")
def refl() -> reflection.Reflection:
    return reflection.load()


def test_text_button_is_a_gui_button_down_to_instance(refl: reflection.Reflection) -> None:
    chain = ["TextButton", "GuiButton", "GuiObject", "GuiBase2d", "GuiBase", "Instance", "Object"]
    assert refl.ancestry("TextButton") == chain == oracle_chain("TextButton")
    assert all(refl.is_a("TextButton", base) for base in chain)
    assert not refl.is_a("TextButton", "TextLabel")
    assert not refl.is_a("GuiButton", "TextButton")


def test_ui_and_studio_classes_descend_as_in_the_oracle(refl: reflection.Reflection) -> None:
    for name in (*PLUGIN_UI_CLASSES, *STUDIO_CLASSES):
        assert refl.ancestry(name) == oracle_chain(name), name
    assert refl.is_a("DockWidgetPluginGui", "PluginGui")
    assert refl.is_a("DataStoreListingPages", "Pages")


def test_gui_events_and_methods(refl: reflection.Reflection) -> None:
    # Creator Hub GuiButton, GuiObject and TextBox.
    assert refl.find_member("TextButton", "Activated") == "event"
    assert refl.find_member("TextButton", "MouseButton1Click") == "event"
    assert refl.find_member("ImageButton", "MouseButton1Click") == "event"
    assert refl.find_member("GuiObject", "InputBegan") == "event"
    assert refl.find_member("Frame", "InputBegan") == "event"
    assert refl.find_member("TextBox", "FocusLost") == "event"
    assert refl.find_member("TextBox", "CaptureFocus") == "method"
    assert refl.find_member("TextBox", "IsFocused") == "method"
    assert refl.find_member("GuiObject", "TweenSize") == "method"
    # An event of a subclass is not one of its base class.
    assert refl.find_member("GuiObject", "Activated") is None
    assert refl.find_member("TextLabel", "Activated") is None


def test_instance_methods_and_events(refl: reflection.Reflection) -> None:
    # Creator Hub Instance and Object.
    for method in ("FindFirstChild", "WaitForChild", "GetChildren", "GetDescendants", "Destroy", "Clone"):
        assert refl.find_member("Instance", method) == "method", method
    for event in ("ChildAdded", "ChildRemoved", "Destroying", "AttributeChanged", "AncestryChanged"):
        assert refl.find_member("Instance", event) == "event", event
    assert refl.find_member("Instance", "IsA") == "method"
    assert refl.find_member("Instance", "GetPropertyChangedSignal") == "method"
    assert refl.find_member("Folder", "Changed") == "event"
    assert refl.find_member("StringValue", "Changed") == "event"
    assert refl.find_member("Instance", "Name") == "property"
    assert refl.find_member("Instance", "Parent") == "property"


def test_unknown_names_and_wrong_case_are_not_members(refl: reflection.Reflection) -> None:
    assert refl.find_member("TextButton", "Foo") is None
    assert refl.find_member("TextButton", "activated") is None
    assert refl.find_member("Instance", "findFirstChild") is None
    assert refl.find_member("NoSuchClass", "Name") is None


def test_values_bindables_and_callbacks(refl: reflection.Reflection) -> None:
    assert refl.find_member("BindableEvent", "Event") == "event"
    assert refl.find_member("BindableEvent", "Fire") == "method"
    assert refl.find_member("BindableFunction", "Invoke") == "method"
    assert refl.find_member("BindableFunction", "OnInvoke") == "callback"
    assert refl.find_member("RemoteFunction", "OnServerInvoke") == "callback"
    assert refl.find_member("MarketplaceService", "ProcessReceipt") == "callback"
    for name in ("StringValue", "IntValue", "NumberValue", "BoolValue", "ObjectValue", "Color3Value"):
        assert refl.is_a(name, "ValueBase"), name
        assert refl.find_member(name, "Value") == "property", name
    theirs = {name for name in oracle()["Classes"] if "ValueBase" in oracle_chain(name)}
    assert {name for name in refl.classes if refl.is_a(name, "ValueBase")} == theirs


def test_properties_without_a_file_type_are_still_members(refl: reflection.Reflection) -> None:
    assert refl.find_member("Tween", "TweenInfo") == "property"
    assert refl.find_property("Tween", "TweenInfo") is None
    assert refl.find_member("Player", "User") == "property"


def test_plugin_and_data_store_members(refl: reflection.Reflection) -> None:
    # Creator Hub Plugin, PluginToolbar, PluginToolbarButton, PluginGui, PluginMenu, PluginAction.
    for method in ("CreateToolbar", "GetSetting", "SetSetting", "CreateDockWidgetPluginGuiAsync", "CreatePluginMenu"):
        assert refl.find_member("Plugin", method) == "method", method
    assert refl.find_member("Plugin", "Unloading") == "event"
    assert refl.find_member("PluginToolbar", "CreateButton") == "method"
    assert refl.find_member("PluginToolbarButton", "Click") == "event"
    assert refl.find_member("PluginToolbarButton", "SetActive") == "method"
    assert refl.find_member("PluginToolbarButton", "Enabled") == "property"
    assert refl.find_member("DockWidgetPluginGui", "Title") == "property"
    assert refl.find_member("DockWidgetPluginGui", "BindToClose") == "method"
    assert refl.find_member("DockWidgetPluginGui", "WindowFocused") == "event"
    assert refl.find_member("DockWidgetPluginGui", "Enabled") == "property"
    assert refl.find_member("PluginMenu", "ShowAsync") == "method"
    assert refl.find_member("PluginAction", "Triggered") == "event"
    assert refl.find_member("Studio", "ThemeChanged") == "event"
    assert refl.find_member("StudioTheme", "GetColor") == "method"
    assert refl.find_member("Selection", "SelectionChanged") == "event"
    # Creator Hub GlobalDataStore, DataStore and Pages.
    for method in ("GetAsync", "SetAsync", "UpdateAsync", "IncrementAsync", "RemoveAsync"):
        assert refl.find_member("GlobalDataStore", method) == "method", method
        assert refl.find_member("DataStore", method) == "method", method
    assert refl.find_member("DataStoreService", "GetDataStore") == "method"
    assert refl.find_member("DataStoreListingPages", "AdvanceToNextPageAsync") == "method"
    assert refl.find_member("DataStoreListingPages", "IsFinished") == "property"


def test_plugin_gui_title_is_a_saved_string_that_starts_empty(refl: reflection.Reflection) -> None:
    title = refl.find_property("DockWidgetPluginGui", "Title")
    assert title is not None and title.owner == "PluginGui"
    assert (title.data_type, title.serialized_name, title.readonly) == ("String", "Title", False)
    assert refl.default("DockWidgetPluginGui", "Title") is not None
    assert oracle()["Classes"]["PluginGui"]["Properties"]["Title"]["Kind"] == {
        "Canonical": {"Serialization": "Serializes"}
    }


def test_scriptable_oracle_properties_of_plugin_classes_are_known(refl: reflection.Reflection) -> None:
    missing = set()
    for name in (*PLUGIN_UI_CLASSES, *STUDIO_CLASSES):
        for owner in oracle_chain(name):
            for prop_name, prop in oracle()["Classes"][owner]["Properties"].items():
                hidden = prop["Scriptability"] == "None" or "Deprecated" in prop["Tags"]
                # Studio's settings with spaces in their names are read by string index only.
                if hidden or " " in prop_name or (owner, prop_name) in NOT_FOR_PLUGINS:
                    continue
                if refl.find_member(name, prop_name) != "property":
                    missing.add((owner, prop_name))
    assert missing == set()


def test_a_name_is_one_kind_of_member_per_class(refl: reflection.Reflection) -> None:
    for info in refl.classes.values():
        groups = [set(info.properties) | info.untyped_properties, info.methods, info.events, info.callbacks]
        total = sum(len(group) for group in groups)
        assert len(set().union(*groups)) == total, info.name


def test_member_facts_only_add_what_the_generated_data_lacks(refl: reflection.Reflection) -> None:
    facts = tomllib.loads(FACTS.read_text(encoding="utf-8"))
    generated = json.loads(API.read_text(encoding="utf-8"))["classes"]
    stated = 0
    for name, data in facts["classes"].items():
        for key in ("methods", "events", "callbacks"):
            for member in data.get(key, []):
                stated += 1
                assert member not in generated.get(name, {}).get(key, []), f"{name}.{member}"
                assert member in getattr(refl.classes[name], key), f"{name}.{member}"
    assert stated >= 7


def test_counts_of_generated_members(refl: reflection.Reflection) -> None:
    """Guards against a parser change silently dropping members."""
    methods = sum(len(info.methods) for info in refl.classes.values())
    events = sum(len(info.events) for info in refl.classes.values())
    callbacks = sum(len(info.callbacks) for info in refl.classes.values())
    assert methods > 1600 and events > 400 and callbacks >= 13
