"""`tekan import` is all or nothing (issue 12): a failed write leaves data/ byte-identical, Ctrl+C
never leaves half the files, and a spreadsheet formula never becomes a name or a file name."""

from __future__ import annotations

import os
import signal

import openpyxl
import pytest

from support import data_snapshot, tekan_cli

HEADERS = ["序号", "姓名", "单位", "职务", "城市", "荣誉", "年份", "简介", "标签"]


def workbook(path, rows, headers=HEADERS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "劳动模范"
    sheet.append(["2023年劳动模范名单"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def row(number, name, unit="示例公司", city="广州"):
    return [number, name, unit, "班长", city, "全国五一劳动奖章", 2023, "简介。", "标签"]


def test_a_failed_move_puts_every_file_back(project, tmp_path, capsys, monkeypatch):
    # Two existing entries replaced; the second move fails (as a file open in another program would).
    source = workbook(tmp_path / "名单.xlsx", [row(1, "李明"), row(2, "陈静")])
    before = data_snapshot(project)
    real_replace = os.replace
    calls = []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:  # original of the first aside, new first in place, then the second fails
            raise PermissionError(13, "Permission denied", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    assert tekan_cli(project, "import", str(source), "--collection", "workers", "--overwrite") == 1
    err = capsys.readouterr().err
    assert err.endswith("没有写入权限（文件可能是只读的，或正被其他程序打开）；没有改动任何文件，请处理后重试。\n")
    assert err.startswith("无法写入 ")
    assert "Traceback" not in err
    assert data_snapshot(project) == before
    assert not list(project.glob(".tekan-staging-*"))


def test_an_unwritable_project_is_one_chinese_line(project, tmp_path, capsys, monkeypatch):
    import tempfile

    source = workbook(tmp_path / "名单.xlsx", [row(1, "王五")])
    before = data_snapshot(project)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(project / ".tekan-staging-x"))

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    assert tekan_cli(project, "import", str(source), "--collection", "workers") == 1
    assert capsys.readouterr().err == (
        "无法写入 .tekan-staging-x：没有写入权限（文件可能是只读的，或正被其他程序打开）；"
        "没有改动任何文件，请处理后重试。\n"
    )
    assert data_snapshot(project) == before


def test_ctrl_c_during_the_moves_waits_until_every_file_is_in_place(project, tmp_path, capsys, monkeypatch):
    source = workbook(tmp_path / "名单.xlsx", [row(1, "王五"), row(2, "赵六"), row(3, "钱七")])
    real_replace = os.replace

    def interrupted_replace(src, dst):
        if str(dst).endswith("wang-wu.yml"):
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C in the middle of the moves
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", interrupted_replace)
    assert tekan_cli(project, "import", str(source), "--collection", "workers") == 130
    assert capsys.readouterr().err.endswith("\n已中断；中断时文件已在写入，已全部写完，没有只写一半的文件。\n")
    written = sorted(p.name for p in (project / "data/2023/workers").glob("*.yml"))
    assert {"wang-wu.yml", "zhao-liu.yml", "qian-qi.yml"} <= set(written)  # all three, not one
    assert not list(project.glob(".tekan-staging-*"))


def test_ctrl_c_while_reading_writes_nothing(project, tmp_path, capsys, monkeypatch):
    from tekan.editors import importer

    source = workbook(tmp_path / "名单.xlsx", [row(1, "王五")])
    before = data_snapshot(project)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(importer, "_check_text", interrupted)
    assert tekan_cli(project, "import", str(source), "--collection", "workers") == 130
    assert capsys.readouterr().err == "\n已中断；没有写入任何文件。\n"
    assert data_snapshot(project) == before


@pytest.mark.parametrize(
    "cell, shown",
    [
        ('=HYPERLINK("http://example.com","李四")', '「=HYPERLINK("http://example.com","李四")」'),
        ("=cmd|' /C calc'!A0", "「=cmd|' /C calc'!A0」"),
        ("+cmd|' /C calc'!A0", "「+cmd|' /C calc'!A0」"),
        ("-cmd|' /C calc'!A0", "「-cmd|' /C calc'!A0」"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "「@SUM(1+1)*cmd|' /C calc'!A0」"),
    ],
)
def test_a_formula_in_a_cell_is_refused_with_its_cell(project, tmp_path, capsys, cell, shown):
    source = workbook(tmp_path / "名单.xlsx", [row(1, "王五"), row(2, cell)])
    before = data_snapshot(project)
    assert tekan_cli(project, "import", str(source), "--collection", "workers") == 1
    assert capsys.readouterr().err.splitlines() == [
        f"名单.xlsx 第 4 行 姓名：单元格 B4 是公式{shown}；"
        "表格里不能用公式，请改成文字（复制后用「选择性粘贴 → 数值」）。",
        "共 1 处问题，没有写入任何文件；请改好表格后重新导入。",
    ]
    assert data_snapshot(project) == before


def test_a_formula_in_a_csv_is_refused_too(project, tmp_path, capsys):
    source = tmp_path / "名单.csv"
    source.write_text('姓名,单位,城市,简介,标签\n=HYPERLINK("http://x"),示例公司,广州,简介。,标签\n', encoding="utf-8")
    before = data_snapshot(project)
    assert tekan_cli(project, "import", str(source), "--collection", "workers") == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        '名单.csv 第 2 行 姓名：单元格 A2 是公式「=HYPERLINK("http://x")」；表格里不能用公式，'
        "请改成文字（复制后用「选择性粘贴 → 数值」）。"
    )
    assert data_snapshot(project) == before


def test_minus_and_plus_that_are_not_formulas_stay_text(project, tmp_path, capsys):
    source = workbook(
        tmp_path / "名单.xlsx",
        [[1, "王五", "示例公司", "-", "广州", "全国五一劳动奖章", 2023, "+1 的改进：-2% 的能耗。", "标签"]],
    )
    assert tekan_cli(project, "import", str(source), "--collection", "workers") == 0
    text = (project / "data/2023/workers/wang-wu.yml").read_text(encoding="utf-8")
    assert "summary: +1 的改进：-2% 的能耗。" in text
