"""Writing a generated file, or checking the committed one against what would be written."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsm.generated import GenerateError, read_types_file, write_or_check


def test_write_creates_the_file_and_a_check_then_passes(tmp_path: Path) -> None:
    output = tmp_path / "data" / "out.json"
    assert write_or_check(output, "{}\n", check=False)
    assert output.read_text(encoding="utf-8") == "{}\n"
    assert write_or_check(output, "{}\n", check=True)


def test_a_check_fails_on_a_stale_or_missing_file_and_writes_nothing(tmp_path: Path) -> None:
    output = tmp_path / "out.json"
    assert not write_or_check(output, "{}\n", check=True)
    assert not output.exists()
    output.write_text("old\n", encoding="utf-8")
    assert not write_or_check(output, "{}\n", check=True)
    assert output.read_text(encoding="utf-8") == "old\n"


def test_a_missing_types_file_says_to_install_the_package(tmp_path: Path) -> None:
    with pytest.raises(GenerateError, match=r"package\.json: @rbxts/types is not installed here; run `npm ci`"):
        read_types_file(tmp_path / "package.json")
