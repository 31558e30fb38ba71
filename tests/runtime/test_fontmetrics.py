"""Generating the text measurement widths (luau/FontMetricsData.luau) from font packages."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import fontbuilder
import pytest

from dsm.generated import GenerateError
from dsm.runtime import fontmetrics
from dsm.runtime.fontfile import FaceMetrics
from dsm.runtime.fontmetrics import FACES, Face, fetch, render, run
from dsm.runtime.vm import LuauVM, from_lua

FACE = Face("Sample", 400, "normal", "@fontsource/sample@1.0.0", "files/sample-latin-400-normal.woff")


def _sample_font() -> bytes:
    segments = [(0x20, 0x22, 1 - 0x20, None), (0x41, 0x41, 0, [4])]
    font = fontbuilder.tables(
        units_per_em=1000,
        ascender=900,
        descender=-300,
        widths=[0, 200, 300, 400, 650],
        cmap_table=fontbuilder.cmap([(3, 1, fontbuilder.cmap_format4(segments))]),
    )
    return fontbuilder.woff(font)


def _load_luau(text: str) -> Any:
    vm = LuauVM()
    return from_lua(vm.load(text, "@FontMetricsData.luau")()[0])


def test_groups_consecutive_code_points_and_leaves_out_control_characters() -> None:
    advances = {0x0A: 0, 0x20: 200, 0x21: 250, 0x41: 600, 0x7F: 0, 0x9F: 0, 0xA0: 200}
    assert fontmetrics._runs(advances) == [(0x20, [200, 250]), (0x41, [600]), (0xA0, [200])]


def test_renders_a_luau_module_with_each_face_and_its_runs() -> None:
    metrics = FaceMetrics(units_per_em=1000, ascender=900, descender=-300, advances={0x20: 200, 0x21: 250, 0x41: 600})
    text = render({FACE: metrics})
    assert text.startswith("--!strict\n--[=[")
    data = _load_luau(text)
    assert data == {
        "Sample/400/normal": {
            "source": "@fontsource/sample@1.0.0 files/sample-latin-400-normal.woff",
            "unitsPerEm": 1000,
            "ascender": 900,
            "descender": -300,
            "runs": [[0x20, 200, 250], [0x41, 600]],
        }
    }


def test_wraps_long_runs_within_the_line_length() -> None:
    metrics = FaceMetrics(
        units_per_em=1000, ascender=900, descender=-300, advances={code: 555 for code in range(0xA0, 0x200)}
    )
    text = render({FACE: metrics})
    assert max(len(line.expandtabs(4)) for line in text.splitlines()) <= 120
    assert _load_luau(text)["Sample/400/normal"]["runs"] == [[0xA0, *[555] * (0x200 - 0xA0)]]


def _fake_npm(packages: dict[str, bytes], calls: list[list[str]]) -> Any:
    """Stands in for `npm pack NAME --pack-destination DIR`: writes a tarball of the fonts."""

    def fake_run(command: list[str], **_kwargs: Any) -> subprocess.CompletedProcess[str]:
        calls.append(command)
        package, destination = command[2], Path(command[4])
        tarball = destination / (package.replace("@", "").replace("/", "-") + ".tgz")
        with tarfile.open(tarball, "w:gz") as archive:
            for name, data in packages.items():
                info = tarfile.TarInfo(f"package/{name}")
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
        return subprocess.CompletedProcess(command, 0, stdout=tarball.name + "\n", stderr="")

    return fake_run


def test_fetches_each_package_once_and_reads_its_faces(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[list[str]] = []
    bold = Face("Sample", 700, "normal", FACE.package, "files/sample-latin-700-normal.woff")
    files = {FACE.file: _sample_font(), bold.file: _sample_font()}
    monkeypatch.setattr(subprocess, "run", _fake_npm(files, calls))
    measured = fetch((FACE, bold), tmp_path)
    assert [command[:3] for command in calls] == [["npm", "pack", FACE.package]]
    assert measured[FACE].advances == {0x20: 200, 0x21: 300, 0x22: 400, 0x41: 650}
    assert measured[FACE].units_per_em == 1000


def test_names_a_face_missing_from_its_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(subprocess, "run", _fake_npm({}, []))
    with pytest.raises(GenerateError, match=r"has no files/sample-latin-400-normal\.woff"):
        fetch((FACE,), tmp_path)


def test_reports_a_failed_npm_pack(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def failing(command: list[str], **_kwargs: Any) -> subprocess.CompletedProcess[str]:
        raise subprocess.CalledProcessError(1, command, stderr="npm error 404 Not Found")

    monkeypatch.setattr(subprocess, "run", failing)
    with pytest.raises(GenerateError, match=r"npm pack @fontsource/sample@1\.0\.0 failed: npm error 404"):
        fetch((FACE,), tmp_path)


def test_check_compares_with_the_written_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fontmetrics, "FACES", (FACE,))
    monkeypatch.setattr(subprocess, "run", _fake_npm({FACE.file: _sample_font()}, []))
    output = tmp_path / "FontMetricsData.luau"
    assert run(output, check=True) is False
    assert run(output, check=False) is True
    assert run(output, check=True) is True
    output.write_text(output.read_text() + "-- edited\n")
    assert run(output, check=True) is False


def test_the_committed_data_has_every_face_from_its_named_source() -> None:
    data = _load_luau(fontmetrics.OUTPUT.read_text(encoding="utf-8"))
    assert sorted(data) == sorted(face.key for face in FACES)
    for face in FACES:
        entry = data[face.key]
        assert entry["source"] == f"{face.package} {face.file}"
        assert entry["ascender"] > 0 > entry["descender"]
        widths = {}
        for run_ in entry["runs"]:
            for offset, width in enumerate(run_[1:]):
                widths[run_[0] + offset] = width
        # Every printable ASCII character is measured, and letters have width.
        assert all(code in widths for code in range(0x20, 0x7F))
        assert all(widths[code] > 0 for code in range(ord("a"), ord("z") + 1))
