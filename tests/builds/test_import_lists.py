"""Published award lists as editors receive them (issue 14): a merged title and a note above the header,
序号/性别/民族, 工作单位及职务 in one column, no city and no award column, the list not on the first sheet."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from support import tekan_cli
from tekan.dataset.loader import load_site_data
from tekan.editors.importer import split_unit_and_post

ROWS = [
    (1, "王建华", "男", "汉族", "广州地铁集团有限公司运营总部乘务中心电客车司机"),
    (2, "李秀英", "女", "汉族", "中国南方电网广东电网有限责任公司东莞供电局输电管理所带电作业班班长"),
    (3, "陈志强", "男", "壮族", "广东省建筑工程集团有限公司项目经理"),
    (4, "张丽", "女", "汉族", "深圳市示例科技有限公司 高级工程师"),
]


def government_list(path, rows=ROWS, title="2023年广东省五一劳动奖章获得者名单"):
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本文件由省总工会发布，第二张工作表是名单。"])
    sheet = book.create_sheet("Sheet1")
    sheet.append([title])
    sheet.merge_cells("A1:E1")
    sheet.append(["（按姓氏笔画排序，排名不分先后）"])
    sheet.merge_cells("A2:E2")
    sheet.append(["序号", "姓名", "性别", "民族", "工作单位及职务"])
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_a_published_list_imports_with_award_city_and_post(project, tmp_path, capsys):
    source = government_list(tmp_path / "名单.xlsx")
    assert tekan_cli(project, "import", str(source), "--collection", "workers", "--award", "省五一劳动奖章") == 0
    out = capsys.readouterr().out
    assert "名单.xlsx（工作表「Sheet1」）：4 行数据，全部通过检查。" in out
    assert out.splitlines()[-3:-1] == [
        "名单.xlsx 第 6 行 陈志强：无法从单位「广东省建筑工程集团有限公司」判断所在城市，已导入，但没有填城市。",
        "以上 1 行如需填写，请打开这些条目文件补上 city，或在表格中加一列「城市」后加 --overwrite 重新导入。",
    ]
    entries = {e.id: e for e in load_site_data(project / "data", project).latest.entries["workers"]}
    seen = {
        entry_id: (
            e.data.unit,
            e.data.post,
            e.city.short if e.city else None,
            [(h.award.name, h.year) for h in e.honours],
        )
        for entry_id, e in entries.items()
        if entry_id in ("wang-jian-hua", "li-xiu-ying", "chen-zhi-qiang", "zhang-li")
    }
    award = [("广东省五一劳动奖章", 2023)]  # the year from the title
    assert seen == {
        "wang-jian-hua": ("广州地铁集团有限公司运营总部乘务中心", "电客车司机", "广州", award),
        "li-xiu-ying": ("中国南方电网广东电网有限责任公司东莞供电局输电管理所带电作业班", "班长", "东莞", award),
        "chen-zhi-qiang": ("广东省建筑工程集团有限公司", "项目经理", None, award),
        "zhang-li": ("深圳市示例科技有限公司", "高级工程师", "深圳", award),
    }
    # 性别 and 民族 are read past: the site shows neither, so no file carries them.
    text = (project / "data/2023/workers/wang-jian-hua.yml").read_text(encoding="utf-8")
    assert "男" not in text and "汉族" not in text
    assert "summary: 广州地铁集团有限公司运营总部乘务中心电客车司机，2023年获广东省五一劳动奖章。" in text


def test_without_award_the_title_suggests_it(project, tmp_path, capsys):
    source = government_list(tmp_path / "名单.xlsx")
    assert tekan_cli(project, "import", str(source), "--collection", "workers") == 1
    assert capsys.readouterr().err.splitlines() == [
        "名单.xlsx：表格没有「荣誉」列，标题「2023年广东省五一劳动奖章获得者名单 （按姓氏笔画排序，排名不分先后）」"
        "写的是「广东省五一劳动奖章」；如要给每一行记上这项荣誉，请加 --award 广东省五一劳动奖章 --award-year 2023；"
        "不记荣誉请加 --award 无。",
        "共 1 处问题，没有写入任何文件；请改好表格后重新导入。",
    ]


def test_award_year_is_needed_when_the_title_has_none(project, tmp_path, capsys):
    source = government_list(tmp_path / "名单.xlsx", title="广东省五一劳动奖章获得者名单")
    assert tekan_cli(project, "import", str(source), "--collection", "workers", "--award", "广东省五一劳动奖章") == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "--award 广东省五一劳动奖章：请同时用 --award-year 写上获得荣誉的年份，如 --award-year 2023。"
    )
    args = ["--award", "广东省五一劳动奖章", "--award-year", "2022"]
    assert tekan_cli(project, "import", str(source), "--collection", "workers", *args) == 0
    assert "year: 2022" in (project / "data/2023/workers/zhang-li.yml").read_text(encoding="utf-8")


def test_sites_whose_city_cannot_be_told_are_named_and_left_out(project, tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2023年工会爱心驿站名单"])
    sheet.append(["序号", "名称", "类型", "服务项目", "简介"])
    sheet.append([1, "佛山市示例街工会爱心驿站", "爱心驿站", "饮水、充电", "示例。"])
    sheet.append([2, "示例镇工会爱心驿站", "爱心驿站", "饮水", "示例。"])
    source = tmp_path / "驿站.xlsx"
    book.save(source)
    assert tekan_cli(project, "import", str(source), "--collection", "sites") == 0
    assert capsys.readouterr().out.splitlines()[-3:-1] == [
        "驿站.xlsx 第 4 行 示例镇工会爱心驿站：无法从名称和地址「示例镇工会爱心驿站」判断所在城市，这一行没有导入。",
        "以上 1 行请在表格中加一列「城市」填写（其余行可删去，以免重复导入），再导入一次。",
    ]
    sites = {e.name: e for e in load_site_data(project / "data", project).latest.entries["sites"]}
    assert sites["佛山市示例街工会爱心驿站"].city.short == "佛山"
    assert "示例镇工会爱心驿站" not in sites


def test_a_year_stored_as_a_date_reads_as_its_year(project, tmp_path, capsys):
    # WPS and LibreOffice sometimes keep 2023 typed into a date-formatted cell as a date serial.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "单位", "城市", "荣誉", "年份", "简介"])
    sheet.append(["王五", "示例公司", "广州", "全国五一劳动奖章", dt.datetime(2023, 1, 1), "简介。"])
    sheet["E2"].number_format = "yyyy"
    source = tmp_path / "名单.xlsx"
    book.save(source)
    assert tekan_cli(project, "import", str(source), "--collection", "workers") == 0
    assert "year: 2023" in (project / "data/2023/workers/wang-wu.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text, unit, post",
    [
        ("广州地铁集团有限公司运营总部乘务中心电客车司机", "广州地铁集团有限公司运营总部乘务中心", "电客车司机"),
        ("广州市第一人民医院主任医师", "广州市第一人民医院", "主任医师"),
        ("某某公司 党委书记、董事长", "某某公司", "党委书记、董事长"),
        ("佛山市顺德区美的集团有限公司", "佛山市顺德区美的集团有限公司", ""),
        ("珠海港控股集团有限公司", "珠海港控股集团有限公司", ""),
    ],
)
def test_unit_and_post_split_where_the_text_allows(text, unit, post):
    assert split_unit_and_post(text) == (unit, post)
