"""Whatever an editor types in a cell comes back from the written file exactly as typed,
and names are accepted in the forms editors write them."""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl
import pytest
import yaml

from support import copy_project
from tekan.cli import main
from tekan.dataset.loader import EntryChecker, load_site_data
from tekan.dataset.yamlio import parse_yaml
from tekan.editors.entryfiles import dump_yaml

# Text that a careless writer turns into something else: numbers, booleans, dates, nulls,
# comments, keys, YAML indicators, and what our strict loader refuses as plain text.
TRICKY = [
    "true",
    "false",
    "yes",
    "No",
    "on",
    "null",
    "Null",
    "~",
    "",
    "0101234",
    "0750-0000000",
    "12:30",
    "1e3",
    "0x1F",
    "0o17",
    ".inf",
    "-.5",
    "+1",
    "2023",
    "2023-11-30",
    "2023-11",
    "#不是注释",
    "a #b",
    "a: b",
    "a:b",
    "city：广州",
    "name:李明",
    "- 列表",
    "[方括号]",
    "{花括号}",
    "&锚",
    "*别名",
    "!标签",
    "%指令",
    "@at",
    "`反引号",
    "|",
    ">",
    "?",
    "'单引号'",
    '"双引号"',
    "\\反斜杠",
    "尾部空格 ",
    " 头部空格",
    "全角　空格",
    "制表\t符",
    "第一行\n第二行",
    "第一段\n\n第二段\n",
    "  缩进开头\n第二行",
    "行尾空格  \n下一行",
    "\u2028分隔",
    "\x85NEL",
    "http://example.org/a?b=c#d",
    "---",
    "...",
    "<<",
    "=",
    "50%",
    "3.996亿元",
]


@pytest.mark.parametrize("text", TRICKY)
def test_every_value_reads_back_as_written(text):
    written = dump_yaml({"name": text, "tags": [text, "普通"], "honours": [{"award": text, "year": 2023}]})
    doc = parse_yaml(written, Path("x.yml"), "x.yml")  # our strict loader: nothing refused, nothing changed
    assert doc.value == {"name": text, "tags": [text, "普通"], "honours": [{"award": text, "year": "2023"}]}
    # Any other YAML reader (PyYAML's YAML 1.1 rules here) sees text, not a number, date or boolean.
    assert yaml.safe_load(written) == {"name": text, "tags": [text, "普通"], "honours": [{"award": text, "year": 2023}]}


def test_random_text_reads_back_as_written():
    alphabet = [*list("ab01 :#-?[]{}&*!|>'\"%@`,\\\t\n：，。广州李明"), "\u3000", "\xa0"]
    generator = random.Random(20231130)
    for _ in range(3000):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randint(1, 12)))
        written = dump_yaml({"summary": text})
        assert parse_yaml(written, Path("x.yml"), "x.yml").value == {"summary": text}, repr(text)
        assert yaml.safe_load(written) == {"summary": text}, repr(text)


def test_tricky_cells_survive_an_import_and_the_build_checks(tmp_path):
    project = copy_project(tmp_path / "project")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", "姓名", "单位", "职务", "简介"])
    cells = ["true", "0101234", "2023-11-30", "a: b", "#不是注释", "city：广州", "第一段\n\n第二段", "null", "12:30"]
    for index, text in enumerate(cells):
        sheet.append([f"zhi-{index}", f"测试{index}", "示例公司", text, f"简介：{text}"])
    book.save(tmp_path / "名单.xlsx")
    assert main(["--root", str(project), "import", str(tmp_path / "名单.xlsx"), "--collection", "workers"]) == 0
    site = load_site_data(project / "data", project)
    posts = {entry.id: entry.data.post for entry in site.latest.entries["workers"]}
    assert [posts[f"zhi-{index}"] for index in range(len(cells))] == cells


def test_an_invisible_character_in_a_cell_is_named_and_nothing_is_written(tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    before = sorted(path.name for path in (project / "data/2023/workers").iterdir())
    book = openpyxl.Workbook()
    book.active.append(["编号", "姓名", "单位", "简介"])
    book.active.append(["zhao-lei", "赵\u200b磊", "示例公司", "简介。"])
    book.save(tmp_path / "名单.xlsx")
    assert main(["--root", str(project), "import", str(tmp_path / "名单.xlsx"), "--collection", "workers"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert (
        err[0]
        == "名单.xlsx 第 2 行 姓名：有一个看不见的字符（零宽空格 U+200B）；请删除它（可把这个单元格重新输入一遍）。"
    )
    assert sorted(path.name for path in (project / "data/2023/workers").iterdir()) == before


@pytest.fixture(scope="module")
def checker():
    from support import ROOT

    return EntryChecker(ROOT / "data", 2023, ROOT)


@pytest.mark.parametrize(
    "written, meant",
    [
        ("广州", "广州"),
        ("广州市", "广州"),
        ("广东省广州市", "广州"),
        ("guangzhou", "广州"),
        ("Guangzhou", "广州"),
        (" 广 州 ", "广州"),
        ("ＧＵＡＮＧＺＨＯＵ", "广州"),
        ("东莞市", "东莞"),
    ],
)
def test_city_names_in_the_forms_editors_write(checker, written, meant):
    assert checker.references.cities.find(written).short == meant


@pytest.mark.parametrize(
    "written, meant",
    [
        ("全国五一劳动奖章", "全国五一劳动奖章"),
        ("全国劳模", "全国劳动模范"),
        ("省劳模", "广东省劳动模范"),
        ("广东省劳模", "广东省劳动模范"),
        ("省五一劳动奖章", "广东省五一劳动奖章"),
        ("全国 五一劳动奖章", "全国五一劳动奖章"),
        ("nanyue-gongjiang", "南粤工匠"),
    ],
)
def test_award_names_in_the_forms_editors_write(checker, written, meant):
    assert checker.references.awards.find(written).name == meant


@pytest.mark.parametrize(
    "lookup, typo, message",
    [
        ("cities", "广洲", "「广洲」不是广东省的地级市（是否为「广州」？）"),  # a slip of the pinyin input method
        ("cities", "广洲市", "「广洲市」不是广东省的地级市（是否为「广州」？）"),
        ("cities", "深震", "「深震」不是广东省的地级市（是否为「深圳」？）"),
        ("cities", "guangzou", "「guangzou」不是广东省的地级市（是否为「广州」？）"),
        ("cities", "广山", "「广山」不是广东省的地级市（是否为「广州」、「佛山」或「中山」？）"),  # equally close
        ("cities", "北京", "「北京」不是广东省的地级市"),
        ("awards", "全国五一劳动奖彰", "「全国五一劳动奖彰」不是 awards.yml 中的荣誉（是否为「全国五一劳动奖章」？）"),
        ("awards", "南粤公匠", "「南粤公匠」不是 awards.yml 中的荣誉（是否为「南粤工匠」？）"),
        ("site_kinds", "爱心驿栈", "「爱心驿栈」不是 site_kinds.yml 中的阵地类型（是否为「工会爱心驿站」？）"),
    ],
)
def test_typos_get_the_nearest_valid_name(checker, lookup, typo, message):
    names = getattr(checker.references, lookup)
    assert names.find(typo) is None
    assert names.unknown(typo) == message
