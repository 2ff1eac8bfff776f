"""The Excel round trip at scale and through a real office suite (issue 14).

- 1,000 generated entries (bench/generate.py): export, then `--update` with no edit, writes no byte;
  one edited cell changes one line.
- The exported workbook re-saved by LibreOffice (Debian's libreoffice-calc-nogui, installed by
  `make test`; a stand-in for Excel and WPS) reads as no change, and an edit made before the
  re-save is the only change.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from support import data_snapshot, generate_project, tekan_cli
from tekan.editors.entryfiles import dump_field
from workbooks import changed_lines, edit_cell, exported_workbook


def resave_with_libreoffice(source: Path, folder: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice is missing: run `make test`, which installs Debian's libreoffice-calc-nogui")
    folder.mkdir()
    profile = folder / "profile"  # its own profile: several conversions may run at once on this machine
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    converted = folder / source.name
    assert result.returncode == 0 and converted.is_file(), result.stdout + result.stderr
    assert converted.read_bytes() != source.read_bytes()
    return converted


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("excel") / "project"
    generate_project(out, 1000, seed=5)
    return out


def test_a_thousand_entries_round_trip_byte_for_byte(generated, tmp_path, capsys):
    before = data_snapshot(generated)
    workbook = exported_workbook(generated, tmp_path, capsys)
    assert tekan_cli(generated, "import", str(workbook), "--update", "--yes") == 0
    out = capsys.readouterr().out
    assert out.splitlines() == ["2023.xlsx：新增 0 条 · 修改 0 条 · 未变 1017 条", "没有需要写入的改动。"]
    assert data_snapshot(generated) == before

    # One cell of a site kept in a per-city list file: one line of that file changes, nothing else.
    entry_id, old = edit_cell(workbook, "职工服务阵地", 200, "开放时间", "每日 6:00-22:00")
    assert tekan_cli(generated, "import", str(workbook), "--update", "--yes") == 0
    assert "修改 1 条 · 未变 1016 条" in capsys.readouterr().out
    lines = changed_lines(before, data_snapshot(generated))
    assert len(lines) == 2, lines
    name, removed = lines[0].split(": -", 1)
    indent = removed[: len(removed) - len(removed.lstrip())]
    assert name.startswith("data/2023/sites/") and removed.strip().startswith("hours:") and old in removed
    assert lines[1] == f"{name}: +{indent}{dump_field('hours', '每日 6:00-22:00')}"
    assert entry_id in before[name].decode()


def test_a_workbook_resaved_by_libreoffice_is_no_change(project, tmp_path, capsys):
    before = data_snapshot(project)
    workbook = exported_workbook(project, tmp_path, capsys)
    converted = resave_with_libreoffice(workbook, tmp_path / "libreoffice")
    assert tekan_cli(project, "import", str(converted), "--update", "--yes") == 0
    assert capsys.readouterr().out.splitlines() == [
        "2023.xlsx：新增 0 条 · 修改 0 条 · 未变 17 条",
        "没有需要写入的改动。",
    ]
    assert data_snapshot(project) == before


def test_an_edit_survives_libreoffice_and_is_the_only_change(project, tmp_path, capsys):
    before = data_snapshot(project)
    workbook = exported_workbook(project, tmp_path, capsys)
    assert edit_cell(workbook, "劳动模范", "li-ming", "职务", "数控车间主任、高级技师") == ("li-ming", "数控车间主任")
    converted = resave_with_libreoffice(workbook, tmp_path / "libreoffice")
    assert tekan_cli(project, "import", str(converted), "--update", "--yes") == 0
    assert changed_lines(before, data_snapshot(project)) == [
        "data/2023/workers/li-ming.yml: -post: 数控车间主任",
        "data/2023/workers/li-ming.yml: +post: 数控车间主任、高级技师",
    ]
