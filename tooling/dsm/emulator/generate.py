"""A large, realistic state for benchmarks: ``dsm datastore generate --players N``.

Per player: a nested profile in ``PlayerData`` (stats, settings, an inventory of items
with ids and enchantments, quests), a score in the ordered ``Leaderboard``; a share of the
profiles are written the way ProfileStore writes them (``Data`` plus ``MetaData`` with an
active session lock), as a live game leaves them. The same seed gives the same state.
"""

from __future__ import annotations

import random
from typing import Any

ITEM_KINDS = ("Sword", "Bow", "Staff", "Shield", "Helmet", "Boots", "Potion", "Gem", "Pet", "Mount")
RARITIES = ("Common", "Uncommon", "Rare", "Epic", "Legendary")
QUESTS = ("Tutorial", "FirstBlood", "DragonSlayer", "Collector", "Explorer", "Merchant", "Champion")
REGIONS = ("Meadow", "Desert", "Tundra", "Volcano", "Abyss")
EPOCH = 1_700_000_000  # Unix seconds: the state's "game launched" date
# One profile in this many is session-locked ProfileStore-style (at least one).
PROFILE_STORE_SHARE = 20


def _inventory(rng: random.Random) -> list[dict[str, Any]]:
    items = []
    for index in range(rng.randint(3, 24)):
        item: dict[str, Any] = {
            "id": f"{rng.choice(ITEM_KINDS)}_{rng.randint(1, 500)}",
            "uid": f"{rng.getrandbits(48):012x}",
            "rarity": rng.choices(RARITIES, weights=(50, 25, 15, 8, 2))[0],
            "level": rng.randint(1, 60),
            "equipped": index < 3,
        }
        if rng.random() < 0.3:
            item["enchantments"] = [
                {"name": rng.choice(("Fire", "Frost", "Haste", "Luck")), "tier": rng.randint(1, 5)}
                for _ in range(rng.randint(1, 3))
            ]
        items.append(item)
    return items


def profile(user_id: int, rng: random.Random) -> dict[str, Any]:
    joined = EPOCH + rng.randint(0, 60 * 86400)
    return {
        "userId": user_id,
        "coins": rng.randint(0, 2_000_000),
        "gems": rng.randint(0, 5_000),
        "level": rng.randint(1, 120),
        "xp": rng.randint(0, 99_999),
        "stats": {
            "kills": rng.randint(0, 50_000),
            "deaths": rng.randint(0, 30_000),
            "playtime": rng.randint(60, 2_000_000),
            "region": rng.choice(REGIONS),
        },
        "settings": {"music": rng.random() < 0.7, "sfx": rng.random() < 0.9, "fov": rng.choice((70, 80, 90))},
        "inventory": _inventory(rng),
        "quests": {name: {"done": rng.random() < 0.5, "progress": rng.randint(0, 100)} for name in QUESTS},
        "joined": joined,
        "lastLogin": joined + rng.randint(0, 30 * 86400),
    }


def profile_store_record(user_id: int, data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The shape ProfileStore saves: the data under ``Data`` plus its session bookkeeping."""
    created = data["joined"]
    return {
        "Data": data,
        "MetaData": {
            "ProfileCreateTime": created,
            "SessionLoadCount": rng.randint(1, 400),
            "ActiveSession": [
                rng.randint(1_000_000, 9_999_999),
                f"{rng.getrandbits(128):032x}",
                f"{rng.getrandbits(64):016x}",
            ],
            "MetaTags": {},
            "LastUpdate": data["lastLogin"],
        },
        "RobloxMetaData": {},
        "UserIds": [user_id],
        "GlobalUpdates": [0, []],
    }


def generate(players: int, seed: int = 0) -> dict[str, Any]:
    """The state for ``players`` players in the seed format of docs/emulator.md."""
    if players < 1:
        raise ValueError("players must be at least 1")
    rng = random.Random(seed)
    locked_every = max(1, min(PROFILE_STORE_SHARE, players))
    entries: dict[str, Any] = {}
    leaderboard: dict[str, int] = {}
    for index in range(players):
        user_id = 1_000_000 + index * 7 + rng.randint(0, 6)
        data = profile(user_id, rng)
        key = f"Player_{user_id}"
        value = profile_store_record(user_id, data, rng) if index % locked_every == 0 else data
        entries[key] = {
            "value": value,
            "userIds": [user_id],
            "metadata": {"schema": 3, "region": data["stats"]["region"]},
        }
        leaderboard[key] = data["coins"]
    return {
        "datastores": [{"name": "PlayerData", "scope": "global", "entries": entries}],
        "ordered": [{"name": "Leaderboard", "scope": "global", "entries": leaderboard}],
    }
