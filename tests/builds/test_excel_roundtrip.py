"""The Excel round trip at scale and through a real office suite (issue 14).

- 1,000 generated entries (bench/generate.py): export, then `--update` with no edit, writes no byte;
  one edited cell changes one line.
- The exported workbook re-saved by LibreOffice (Debian's libreoffice-calc-nogui, installed by
  `make test`; a stand-in for Excel and WPS) reads as no change, and an edit made before the
  re-save is the only change.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from support import ROOT, copy_project
from tekan.cli import main
from tekan.editors.entryfiles import dump_field

GENERATE = ROOT / "bench" / "generate.py"


def snapshot(project: Path) -> dict[str, bytes]:
    return {
        path.relative_to(project).as_posix(): path.read_bytes()
        for path in sorted((project / "data").rglob("*"))
        if path.is_file()
    }


def changed_lines(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    lines = []
    for name in sorted(set(before) | set(after)):
        if before.get(name) == after.get(name):
            continue
        old = before.get(name, b"").decode().splitlines()
        new = after.get(name, b"").decode().splitlines()
        lines += [
            f"{name}: {line}"
            for line in difflib.unified_diff(old, new, lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
    return lines


def tekan(project: Path, *args: str) -> int:
    return main(["--root", str(project), *args])


def set_cell(path: Path, sheet: str, row_number: int, header: str, value) -> tuple[str, object]:
    """Change one cell; return the row's id and the old value."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    column = [cell.value for cell in ws[1]].index(header)
    row = ws[row_number]
    old = row[column].value
    row[column].value = value
    book.save(path)
    return row[0].value, old


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
    result = subprocess.run(
        [sys.executable, str(GENERATE), "--entries", "1000", "--seed", "5", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return out


def test_a_thousand_entries_round_trip_byte_for_byte(generated, tmp_path, capsys):
    before = snapshot(generated)
    workbook = tmp_path / "2023.xlsx"
    assert tekan(generated, "export", str(workbook)) == 0
    capsys.readouterr()
    assert tekan(generated, "import", str(workbook), "--update", "--yes") == 0
    out = capsys.readouterr().out
    assert out.splitlines() == ["2023.xlsx：新增 0 条 · 修改 0 条 · 未变 1017 条", "没有需要写入的改动。"]
    assert snapshot(generated) == before

    # One cell of a site kept in a per-city list file: one line of that file changes, nothing else.
    entry_id, old = set_cell(workbook, "职工服务阵地", 200, "开放时间", "每日 6:00-22:00")
    assert tekan(generated, "import", str(workbook), "--update", "--yes") == 0
    assert "修改 1 条 · 未变 1016 条" in capsys.readouterr().out
    lines = changed_lines(before, snapshot(generated))
    assert len(lines) == 2, lines
    name, removed = lines[0].split(": -", 1)
    indent = removed[: len(removed) - len(removed.lstrip())]
    assert name.startswith("data/2023/sites/") and removed.strip().startswith("hours:") and old in removed
    assert lines[1] == f"{name}: +{indent}{dump_field('hours', '每日 6:00-22:00')}"
    assert entry_id in before[name].decode()


def test_a_workbook_resaved_by_libreoffice_is_no_change(tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    before = snapshot(project)
    workbook = tmp_path / "2023.xlsx"
    assert tekan(project, "export", str(workbook)) == 0
    converted = resave_with_libreoffice(workbook, tmp_path / "libreoffice")
    capsys.readouterr()
    assert tekan(project, "import", str(converted), "--update", "--yes") == 0
    assert capsys.readouterr().out.splitlines() == [
        "2023.xlsx：新增 0 条 · 修改 0 条 · 未变 17 条",
        "没有需要写入的改动。",
    ]
    assert snapshot(project) == before


def test_an_edit_survives_libreoffice_and_is_the_only_change(tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    before = snapshot(project)
    workbook = tmp_path / "2023.xlsx"
    assert tekan(project, "export", str(workbook)) == 0
    book = openpyxl.load_workbook(workbook)
    li_ming = next(row for row in book["劳动模范"].iter_rows(min_row=2) if row[0].value == "li-ming")
    assert set_cell(workbook, "劳动模范", li_ming[0].row, "职务", "数控车间主任、高级技师") == (
        "li-ming",
        "数控车间主任",
    )
    converted = resave_with_libreoffice(workbook, tmp_path / "libreoffice")
    capsys.readouterr()
    assert tekan(project, "import", str(converted), "--update", "--yes") == 0
    assert changed_lines(before, snapshot(project)) == [
        "data/2023/workers/li-ming.yml: -post: 数控车间主任",
        "data/2023/workers/li-ming.yml: +post: 数控车间主任、高级技师",
    ]
