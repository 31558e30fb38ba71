"""Seeding and export: the JSON state format, its errors, and a round trip."""

from __future__ import annotations

import json
import math

import pytest
from emulator_helpers import fresh, get_value

from dsm.emulator import generate, seeding
from dsm.emulator.seeding import SeedError

STATE = {
    "datastores": [
        {"name": "PlayerData", "scope": "beta", "entries": {"Player_1": {"value": 1.5}}},
        {
            "name": "PlayerData",
            "scope": "global",
            "entries": {
                "Player_1": {"value": {"coins": 5, "items": ["a", "b"]}, "userIds": [1], "metadata": {"k": "v"}},
                "Player_2": {"value": "text"},
            },
        },
    ],
    "ordered": [{"name": "Leaderboard", "scope": "global", "entries": {"Player_1": 42, "Player_2": 7}}],
}


def test_a_seeded_state_exports_as_it_went_in() -> None:
    emulator, clock = fresh()
    emulator.seed(json.loads(json.dumps(STATE)), clock.now)
    assert emulator.export() == STATE


def test_seeded_values_read_back_through_requests() -> None:
    emulator, clock = fresh(seed=STATE)
    emulator.reset(clock.now)
    store = emulator.open(False, "PlayerData", "global", False)
    value, _, _, _, user_ids, metadata = get_value(emulator, store, clock, "Player_1")
    assert json.loads(value) == {"coins": 5, "items": ["a", "b"]}
    assert (user_ids, metadata) == ("[1]", '{"k":"v"}')


def test_the_seed_is_written_again_at_every_reset_of_an_in_memory_state() -> None:
    emulator, clock = fresh(seed=STATE)
    emulator.reset(clock.now)
    emulator.reset(clock.now + 10)
    assert len(emulator.export()["datastores"][1]["entries"]) == 2


def test_scope_defaults_to_global_and_empty_tables_are_accepted() -> None:
    emulator, clock = fresh()
    emulator.seed({"datastores": [{"name": "S", "entries": {"k": {"value": {}}}}], "ordered": []}, clock.now)
    assert emulator.export()["datastores"] == [{"name": "S", "scope": "global", "entries": {"k": {"value": {}}}}]


def test_nan_and_infinity_survive_the_round_trip() -> None:
    emulator, clock = fresh()
    emulator.seed({"datastores": [{"name": "S", "entries": {"k": {"value": [math.inf, -math.inf]}}}]}, clock.now)
    assert emulator.export()["datastores"][0]["entries"]["k"]["value"] == [math.inf, -math.inf]


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ([1], 'must be an object with "datastores"'),
        ({"stores": []}, "unknown field(s) stores"),
        ({"datastores": {"name": "x"}}, "datastores must be a list"),
        ({"datastores": [{"name": "", "entries": {}}]}, "datastores[0]: DataStore name can't be empty."),
        ({"datastores": [{"name": "S", "entries": {"": {"value": 1}}}]}, "101: Key name can't be empty."),
        (
            {"datastores": [{"name": "S", "entries": {"k": {"val": 1}}}]},
            'entries["k"]: must be an object with a "value"',
        ),
        ({"datastores": [{"name": "S", "entries": {"k": {"value": None}}}]}, '"value" must not be null'),
        ({"datastores": [{"name": "S", "entries": {"k": {"value": 1, "userIds": ["x"]}}}]}, "513: Attribute userId"),
        (
            {"datastores": [{"name": "S", "entries": {"k": {"value": 1, "metadata": {"m": "v" * 251}}}}]},
            "511: Metadata attribute size exceeds 250 limit.",
        ),
        (
            {"ordered": [{"name": "B", "entries": {"k": 1.5}}]},
            'ordered[0].entries["k"]: an ordered data store\'s value',
        ),
    ],
)
def test_a_wrong_seed_names_where(state: object, message: str) -> None:
    with pytest.raises(SeedError) as raised:
        seeding.check(state, "big.json")
    assert message in raised.value.message
    assert raised.value.message.startswith("big.json: ")


def test_a_bad_seed_writes_nothing() -> None:
    emulator, clock = fresh()
    state = {"datastores": [{"name": "S", "entries": {"good": {"value": 1}, "": {"value": 2}}}]}
    with pytest.raises(SeedError):
        emulator.seed(state, clock.now)
    assert emulator.export() == {"datastores": [], "ordered": []}


def test_seed_text_that_is_not_json_says_where() -> None:
    with pytest.raises(SeedError, match=r"seed\.json: not valid JSON \(line 1, column 2"):
        seeding.parse("{nope", source="seed.json")


def test_the_generated_state_is_realistic_and_repeatable() -> None:
    state = generate.generate(50, seed=4)
    assert state == generate.generate(50, seed=4)
    assert state != generate.generate(50, seed=5)
    seeding.check(state)
    profiles = state["datastores"][0]["entries"]
    assert len(profiles) == 50 and len(state["ordered"][0]["entries"]) == 50
    locked = [entry for entry in profiles.values() if "MetaData" in entry["value"]]
    assert locked and all(entry["value"]["MetaData"]["ActiveSession"] for entry in locked)
    plain = next(entry for entry in profiles.values() if "inventory" in entry["value"])
    assert plain["value"]["inventory"] and plain["userIds"] == [plain["value"]["userId"]]
    with pytest.raises(ValueError, match="at least 1"):
        generate.generate(0)
