"""`dsm datastore`, and --datastore / --seed / --faults on `dsm run` and `dsm test`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dsm.cli import main
from projectkit import make_project

WRITER = """
local store = game:GetService("DataStoreService"):GetDataStore("PlayerData")
local runs = store:IncrementAsync("Runs", 1)
print("runs", runs)
"""

READER = """
local store = game:GetService("DataStoreService"):GetDataStore("PlayerData")
local value = store:GetAsync("Player_1")
print("coins", value and value.coins)
"""

FAILS = """
local store = game:GetService("DataStoreService"):GetDataStore("PlayerData")
local ok, message = pcall(store.GetAsync, store, "Player_1")
print(ok, message)
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _script(folder: Path, name: str, source: str) -> str:
    (folder / name).write_text(source, encoding="utf-8")
    return name


def test_a_state_file_persists_between_runs(folder: Path) -> None:
    script = _script(folder, "writer.luau", WRITER)
    first = _invoke("run", "--no-project", script, "--datastore", "state.db")
    second = _invoke("run", "--no-project", script, "--datastore", "state.db")
    assert "runs 1" in first.output and "runs 2" in second.output
    in_memory = _invoke("run", "--no-project", script)
    assert "runs 1" in in_memory.output


def test_export_writes_the_state_as_seed_json(folder: Path) -> None:
    _invoke("run", "--no-project", _script(folder, "writer.luau", WRITER), "--datastore", "state.db")
    result = _invoke("datastore", "export", "state.db", "-o", "out.json")
    assert result.exit_code == 0, result.output
    assert "1 keys in 1 data stores" in result.output
    exported = json.loads((folder / "out.json").read_text())
    assert exported == {
        "datastores": [{"name": "PlayerData", "scope": "global", "entries": {"Runs": {"value": 1}}}],
        "ordered": [],
    }


def test_a_seed_is_loaded_before_the_script_runs(folder: Path) -> None:
    seed = {"datastores": [{"name": "PlayerData", "entries": {"Player_1": {"value": {"coins": 9}}}}]}
    (folder / "seed.json").write_text(json.dumps(seed))
    result = _invoke("run", "--no-project", _script(folder, "reader.luau", READER), "--seed", "seed.json")
    assert result.exit_code == 0 and "coins 9" in result.output


def test_generate_then_seed_a_run_with_it(folder: Path) -> None:
    result = _invoke("datastore", "generate", "--players", "25", "-o", "big.json", "--seed", "2")
    assert result.exit_code == 0 and "50 keys" in result.output
    first = (folder / "big.json").read_bytes()
    _invoke("datastore", "generate", "--players", "25", "-o", "big.json", "--seed", "2")
    assert (folder / "big.json").read_bytes() == first
    script = _script(
        folder,
        "count.luau",
        'print(#game:GetService("DataStoreService"):GetDataStore("PlayerData"):ListKeysAsync():GetCurrentPage())',
    )
    assert "25" in _invoke("run", "--no-project", script, "--seed", "big.json").output


def test_faults_from_the_command_line_are_in_effect(folder: Path) -> None:
    script = _script(folder, "fails.luau", FAILS)
    result = _invoke("run", "--no-project", script, "--faults", "error:code=503")
    assert "false 503: Data store request was successful but key wasn't found." in result.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--faults", "eror"), 1, "--faults: clause 1 ('eror'): unknown fault 'eror' (did you mean error?)"),
        (("--seed", "bad.json"), 1, "bad.json:1: "),
        (("--seed", "missing.json"), 2, "does not exist"),
        (("--datastore", "bad.json"), 1, "not a data store state file"),
        (("--datastore", "nowhere/state.db"), 1, "the folder for the state file does not exist"),
    ],
)
def test_bad_datastore_options_are_one_line_errors(
    folder: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    (folder / "bad.json").write_text("{not json" + " " * 200)
    result = _invoke("run", "--no-project", _script(folder, "reader.luau", READER), *args)
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


def test_export_of_a_missing_state_file_is_an_error(folder: Path) -> None:
    result = _invoke("datastore", "export", "none.db", "-o", "out.json")
    assert result.exit_code == 1 and "no such state file" in result.output
    assert not (folder / "out.json").exists()


def test_generate_needs_at_least_one_player(folder: Path) -> None:
    result = _invoke("datastore", "generate", "--players", "0", "-o", "big.json")
    assert result.exit_code == 2 and not (folder / "big.json").exists()


SPEC_WRITES = """
it("writes", function()
	game:GetService("DataStoreService"):GetDataStore("S"):SetAsync("k", "from the first file")
end)
"""

SPEC_READS = """
it("reads", function()
	expect(game:GetService("DataStoreService"):GetDataStore("S"):GetAsync("k")).toBe("from the first file")
end)
"""


def _spec_project(root: Path) -> None:
    make_project(root, {"plugin/tests/a.spec.luau": SPEC_WRITES, "plugin/tests/b.spec.luau": SPEC_READS}, entry="")


def test_each_spec_file_starts_empty_unless_a_state_file_keeps_it(folder: Path) -> None:
    _spec_project(folder)
    in_memory = _invoke("test")
    assert in_memory.exit_code == 1 and "1 failed" in in_memory.output
    with_file = _invoke("test", "--datastore", "state.db")
    assert with_file.exit_code == 0, with_file.output
