"""The limits and error catalogue: what `dsm generate` and the emulator both read."""

from __future__ import annotations

import re

import pytest

from dsm.emulator import catalogue
from dsm.errors import DsmError

# §4 limits the brief names, and §8 codes of the spec's table.
LIMITS = (
    "key_name_length",
    "datastore_name_length",
    "scope_length",
    "value_bytes",
    "metadata_key_length",
    "metadata_value_length",
    "metadata_total_length",
    "user_ids",
    "sorted_page_size_max",
    "batch_get_keys_max",
    "list_keys_page_default",
    "list_versions_page_default",
    "list_datastores_page_default",
    "deleted_scan_max",
    "version_retention_days",
    "throttle_queue_length",
    "key_read_bytes_per_minute",
    "key_write_bytes_per_minute",
)
CODES = (101, 102, 103, 104, 105, 106, 107, 301, 302, 303, 304, 305, 306, 401, 402, 403, 404, 501, 502, 503, 504, 505)
CODES_MORE = (509, 511, 512, 513)


def test_every_limit_of_section_4_has_its_documented_value() -> None:
    loaded = catalogue.load()
    for name in LIMITS:
        assert isinstance(loaded.limit(name), int)
    assert loaded.limit("key_name_length") == 50
    assert loaded.limit("value_bytes") == 4_194_304
    assert loaded.limit("metadata_total_length") == 300
    assert loaded.limit("list_versions_page_default") == 1024
    assert loaded.limit("throttle_queue_length") == 30


def test_every_numbered_error_of_section_8_is_there() -> None:
    loaded = catalogue.load()
    for code in (*CODES, *CODES_MORE):
        assert loaded.by_code(code), code
    assert {entry.name for entry in loaded.by_code(106)} == {
        "MaxValueInvalid",
        "MinValueInvalid",
        "PageSizeGreater",
        "PageSizeLesser",
    }


def test_errors_format_as_roblox_raises_them() -> None:
    loaded = catalogue.load()
    assert loaded.error("KeyNameLimit").format(limit=50) == "102: Key name exceeds the 50 character limit."
    assert loaded.error("TransformThrottle").code == 304
    assert loaded.error("AttributeFormatError").format(attribute="metadata") == (
        "513: Attribute metadata format is invalid."
    )
    # Named errors are their message alone.
    assert loaded.error("NoPagesToAdvance").format() == "No pages to advance to."
    with pytest.raises(KeyError, match="needs limit"):
        loaded.error("ValueTooLarge").format()


def test_the_2026_throttle_family_is_complete() -> None:
    loaded = catalogue.load()
    for store in ("Standard", "Ordered"):
        for kind in ("Read", "Write", "List", "Remove"):
            for level in ("Experience", "GameServer"):
                assert loaded.error(f"{store}{kind}{level}Throttled").category == "budget"


def test_unknown_names_are_key_errors() -> None:
    with pytest.raises(KeyError, match="unknown data store error"):
        catalogue.load().error("Nope")
    with pytest.raises(KeyError, match="unknown data store limit"):
        catalogue.load().limit("nope")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[limits", "not valid TOML"),
        ("[errors]\n", "needs a [limits] table"),
        ("[limits]\na = -1\n", "non-negative integer"),
        ("[limits]\na = 1\n", "at least one [[errors]]"),
        ('[limits]\na = 1\n[[errors]]\nname = "X"\nmessage = "m"\ncategory = "nope"\nretryable = true\n', "category"),
        ('[limits]\na = 1\n[[errors]]\nname = "X"\nmessage = "m"\ncategory = "server"\nretryable = 1\n', "retryable"),
        (
            '[limits]\na = 1\n[[errors]]\nname = "X"\nmessage = "m"\ncategory = "server"\nretryable = true\nbad = 1\n',
            "bad",
        ),
        (
            '[limits]\na = 1\n[[errors]]\nname = "X"\nmessage = "m"\ncategory = "server"\nretryable = true\n'
            '[[errors]]\nname = "X"\nmessage = "m"\ncategory = "server"\nretryable = true\n',
            "appears twice",
        ),
    ],
)
def test_a_broken_catalogue_is_one_line_naming_the_problem(text: str, message: str) -> None:
    with pytest.raises(DsmError, match=re.escape(message)) as raised:
        catalogue.parse(text, source="catalogue.toml")
    assert "\n" not in str(raised.value)
    assert str(raised.value).startswith("catalogue.toml: ")
