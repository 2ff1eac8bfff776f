"""docs/编辑指南.md tells the truth: the error messages it quotes are the ones the loader
prints for those mistakes, every field is explained, and the commands it shows exist."""

from __future__ import annotations

import re

import pytest

from support import ROOT, copy_project
from tekan.dataset.loader import load_site_data
from tekan.dataset.schemas import COLLECTION_SCHEMAS
from tekan.editors.importer import HEADERS
from tekan.errors import DataErrors

GUIDE = (ROOT / "docs" / "编辑指南.md").read_text(encoding="utf-8")
LI_MING = "data/2023/workers/li-ming.yml"

# (what the editor did, file, text replaced, replacement, the line the loader prints)
MISTAKES = [
    (
        "全角冒号",
        LI_MING,
        "city: 广州",
        "city： 广州",
        "data/2023/workers/li-ming.yml:7:5 用了全角冒号「：」；字段名后面请改成半角冒号「:」并加一个空格。",
    ),
    (
        "冒号后没有空格",
        LI_MING,
        "unit: 示例",
        "unit:示例",
        "data/2023/workers/li-ming.yml:5:5 冒号后缺少空格；请写成「unit: …」（半角冒号后加一个空格）。",
    ),
    (
        "值里有冒号",
        LI_MING,
        "summary: （示例）",
        "summary: 口号: ",
        "data/2023/workers/li-ming.yml:14:12 此处不能出现「:」：请检查这一行的缩进是否与上一行对齐；"
        "值里含有冒号时，请把整个值用引号括起来。",
    ),
    (
        "Tab 缩进",
        LI_MING,
        "  - award: 全国五一劳动奖章",
        "\t- award: 全国五一劳动奖章",
        "data/2023/workers/li-ming.yml:10:1 缩进里有制表符（Tab）。YAML 只能用空格缩进，请把 Tab 换成两个空格。",
    ),
    (
        "字段名拼错",
        LI_MING,
        "story: |",
        "stroy: |",
        "data/2023/workers/li-ming.yml:15:1 stroy：未知字段「stroy」（是否为「story」？）；请检查拼写，或删除这一行。",
    ),
    (
        "城市写错",
        LI_MING,
        "city: 广州",
        "city: 广洲",
        "data/2023/workers/li-ming.yml:7:7 city：「广洲」不是广东省的地级市（是否为「广州」？）。",
    ),
    (
        "荣誉名称不全",
        LI_MING,
        "award: 全国五一劳动奖章",
        "award: 全国五一奖章",
        "data/2023/workers/li-ming.yml:10:12 honours[0].award：「全国五一奖章」不是 awards.yml 中的荣誉"
        "（是否为「全国五一劳动奖章」？）。",
    ),
    (
        "漏了必填字段",
        LI_MING,
        "summary: （示例）扎根数控加工一线二十年，带出一支能打硬仗的青年技工队伍。\n",
        "",
        "data/2023/workers/li-ming.yml:3:1 summary：缺少必填字段「summary」；请补上「summary: …」。",
    ),
    (
        "必填字段留空",
        LI_MING,
        "unit: 示例精密机械有限公司",
        "unit:",
        "data/2023/workers/li-ming.yml:5:6 unit：不能为空。",
    ),
    (
        "年份写错",
        LI_MING,
        "    year: 2020",
        "    year: 20",
        "data/2023/workers/li-ming.yml:13:11 honours[1].year：应为四位年份（如 2023），实际为「20」。",
    ),
    (
        "找不到照片",
        LI_MING,
        "sample: true",
        "sample: true\nphoto: li-ming.jpg",
        "data/2023/workers/li-ming.yml:23:8 "
        "photo：找不到照片「li-ming.jpg」；请把照片放进 data/2023/photos/ 文件夹，或改正文件名。",
    ),
    (
        "是/否写成中文",
        LI_MING,
        "sample: true",
        "sample: 是",
        "data/2023/workers/li-ming.yml:22:9 sample：应为 true 或 false，实际为「是」。",
    ),
    (
        "列表没加方括号",
        LI_MING,
        "tags: [数控加工, 技术创新]",
        "tags: 数控加工, 技术创新",
        "data/2023/workers/li-ming.yml:20:7 tags：应为列表（每项一行，以「- 」开头），实际为「数控加工, 技术创新」。",
    ),
    (
        "字段写了两次",
        LI_MING,
        "sample: true",
        "sample: true\ncity: 深圳",
        "data/2023/workers/li-ming.yml:23:1 city：字段重复出现（第 7 行已有「city」）；请删除其中一个。",
    ),
    (
        "专题写错",
        LI_MING,
        "section: sixiang-yinling",
        "section: 思想引导",
        "data/2023/workers/li-ming.yml:21:10 "
        "section：「思想引导」不是本年度 issue.yml 中的专题（是否为「思想引领」？）。",
    ),
    (
        "个人与集体荣誉不符",
        "data/2023/workers/chen-jing.yml",
        "kind: 个人",
        "kind: 集体",
        "data/2023/workers/chen-jing.yml:10:12 "
        "honours[0].award：「广东省五一劳动奖章」只授予个人，而本条目是集体；请检查 kind 或荣誉名称。",
    ),
    (
        "数字带了单位",
        "data/2023/stats.yml",
        "    value: 9\n",
        "    value: 9个\n",
        "data/2023/stats.yml:6:12 figures[0].value：应为数字（如 399600000 或 75.5），实际为「9个」；"
        "单位写在 unit，「余」「多」「约」「近」写在 qualifier。",
    ),
    (
        "看不见的字符",
        LI_MING,
        "city: 广州",
        "city: 广\u200b州",
        "data/2023/workers/li-ming.yml:7:8 有一个看不见的字符（零宽空格 U+200B）；请删除它（可把这一行重新输入一遍）。",
    ),
    (
        "全角空格缩进",
        LI_MING,
        "    year: 2023",
        "  \u3000 year: 2023",
        "data/2023/workers/li-ming.yml:11:3 缩进用了全角空格 U+3000；YAML 只认半角空格，请改成普通空格。",
    ),
    (
        "数字里有逗号",
        "data/2023/stats.yml",
        "    value: 9\n",
        "    value: 1,234\n",
        "data/2023/stats.yml:6:12 figures[0].value：数值里不能有逗号，实际为「1,234」；"
        "千位不加分隔（1,234 写作 1234），小数点用「.」（75,5 写作 75.5）。",
    ),
    (
        "单位带了亿",
        "data/2023/stats.yml",
        '    value: 9\n    unit: "个"',
        "    value: 3.996\n    unit: 亿元",
        "data/2023/stats.yml:7:11 figures[0].unit：单位「亿元」里带了「亿」，而数值会自动换算成「万」「亿」，"
        "将显示成「…亿亿元」；请把 unit 改为「元」，value 写完整的数 399600000。",
    ),
    (
        "百分比超过 100",
        "data/2023/stats.yml",
        '    value: 9\n    unit: "个"',
        '    value: 130\n    unit: "%"',
        "data/2023/stats.yml:6:12 figures[0].value：百分比超过 100（130%）；"
        "如确实如此（如增长 150%），请加一行 allow_over_100: true。",
    ),
    (
        "同一荣誉写了两次",
        LI_MING,
        "  - award: 广东省劳动模范\n    year: 2020\n",
        "  - award: 全国五一劳动奖章\n    year: 2020\n  - award: 全国五一劳动奖章\n    year: 2023\n",
        "data/2023/workers/li-ming.yml:14:5 honours[2]：「全国五一劳动奖章」2023 年已在第 10 行写过；"
        "同一荣誉同一年只写一次，请删除这一项。",
    ),
    (
        "正文用了一级标题",
        LI_MING,
        "story: |\n",
        "story: |\n  # 扎根一线\n\n",
        "data/2023/workers/li-ming.yml:15:8 story：正文里的标题「扎根一线」不会显示为标题："
        "网站不用一级、二级标题（以 # 或 ## 开头，或下一行全是 = 或 -）；"
        "小标题请用「### 」（三级）或「#### 」（四级）开头。",
    ),
    (
        "正文插了图",
        LI_MING,
        "story: |\n",
        "story: |\n  ![李明在车间](li-ming.jpg)\n\n",
        "data/2023/workers/li-ming.yml:15:8 story：正文里的图片「![李明在车间](li-ming.jpg)」不会显示："
        "正文里不能插图，照片请写在 photo 字段。",
    ),
]


def errors_for(tmp_path, path: str, old: str, new: str) -> list[str]:
    project = copy_project(tmp_path / "project")
    target = project / path
    text = target.read_text(encoding="utf-8")
    assert old in text, old
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataErrors) as raised:
        load_site_data(project / "data", project)
    return [str(error) for error in raised.value.errors]


@pytest.mark.parametrize("what, path, old, new, printed", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_common_mistakes_print_what_the_guide_shows(tmp_path, what, path, old, new, printed):
    assert errors_for(tmp_path, path, old, new) == [printed]
    assert printed in GUIDE, f"指南里应原样引用这条提示：{printed}"


def test_file_level_mistakes_the_guide_shows(tmp_path):
    project = copy_project(tmp_path / "project")
    workers = project / "data/2023/workers"
    (workers / "李明.yml").write_bytes((workers / "chen-jing.yml").read_bytes())
    (workers / "名单.xlsx").write_bytes(b"")
    (project / "data/2023/craftsmen/chen-jing.yml").write_bytes(
        (project / "data/2023/craftsmen/liu-fang.yml").read_bytes()
    )
    gbk = workers / "huang-wei.yml"
    gbk.write_bytes(gbk.read_text(encoding="utf-8").encode("gbk"))
    with pytest.raises(DataErrors) as raised:
        load_site_data(project / "data", project)
    printed = [str(error) for error in raised.value.errors]
    expected = [
        "data/2023/workers/李明.yml 文件名「李明.yml」不能作网址；请改为小写拼音，用连字符分隔，如 li-ming.yml。",
        "data/2023/workers/名单.xlsx workers 文件夹里只能放 .yml 数据文件；请把它移走（照片请放进 photos 文件夹）。",
        "data/2023/workers/huang-wei.yml:2:1 文件似乎是 GBK/GB2312 编码（Excel 和记事本在中文系统上的默认编码），"
        "无法读取。请在编辑器中选择「另存为」，编码选 UTF-8 后保存。",
    ]
    for line in expected:
        assert line in printed
        assert line in GUIDE, line
    duplicate = next(line for line in printed if "重复" in line)
    assert re.sub(r"data/2023/\w+/chen-jing.yml", "…", duplicate).endswith(
        "条目的编号在同一年度内不能重复，请改用另一个编号。"
    )
    assert "编号「chen-jing」重复：" in duplicate and "条目的编号在同一年度内不能重复，请改用另一个编号。" in GUIDE


def test_folder_mistakes_the_guide_shows(tmp_path):
    project = copy_project(tmp_path / "project")
    data = project / "data"
    (data / "2023/craftsmen").rename(data / "2023/craftsman")
    (data / "2023/workers/li-ming.yml").rename(data / "2023/li-ming.yml")
    (data / "2024年").mkdir()
    (data / "2023/workers/chen-jing.yml~").write_text("name: [\n", encoding="utf-8")
    (data / "2023/workers/huang-wei.yml").unlink()
    (data / "2023/workers/huang-wei.yml").symlink_to(data / "2023/workers/chen-jing.yml")
    with pytest.raises(DataErrors) as raised:
        load_site_data(data, project)
    printed = [str(error) for error in raised.value.errors]
    notices = [f"提示：{notice}" for notice in raised.value.notices]
    expected = [
        "data/2023/craftsman 不认识的文件夹（是否为「craftsmen」？请改名），其中的文件不会被读取。",
        "data/2024年 年度文件夹只能用四位数字命名；请改名为「2024」。",
        "data/2023/li-ming.yml 条目文件应放在 workers、craftsmen 或 sites 文件夹里，放在这里不会被读取；请移过去。",
    ]
    assert sorted(printed) == sorted(
        [
            *expected,
            "data/2023/workers/huang-wei.yml 是符号链接（快捷方式），为安全起见不会读取；"
            "请删除它，把真正的文件复制到这里。",
        ]
    )
    assert notices == [
        "提示：data/2023/workers/chen-jing.yml~ 是隐藏文件或编辑器留下的备份文件，不会读取；不需要的话请删除。"
    ]
    for line in [*expected, *notices]:
        assert line in GUIDE, line


@pytest.mark.parametrize("collection", list(COLLECTION_SCHEMAS))
def test_every_field_is_explained(collection):
    for field in COLLECTION_SCHEMAS[collection].model_fields:
        assert f"| `{field}` |" in GUIDE, f"指南的字段表缺少 {collection}.{field}"


def column_table(collection: str) -> dict[str, str]:
    """The guide's table of column headers for a collection: header -> the other names it takes."""
    marker = (
        "职工服务阵地（`sites`）：" if collection == "sites" else "劳动模范（`workers`）和南粤工匠（`craftsmen`）："
    )
    lines = GUIDE.split(marker, 1)[1].lstrip("\n").split("\n\n", 1)[0].splitlines()
    return {line.split("|")[1].strip(): line.split("|")[2].strip() for line in lines[2:]}


@pytest.mark.parametrize("collection", list(HEADERS))
def test_every_column_header_is_documented(collection):
    rows = column_table(collection)
    table_of = "sites" if collection == "sites" else "craftsmen"  # workers and craftsmen share one table
    assert set(rows) == {f"`{headers[0]}`" for headers in HEADERS[table_of].values()}
    for headers in HEADERS[collection].values():
        assert f"`{headers[0]}`" in rows, headers[0]
        assert rows[f"`{headers[0]}`"] == ("、".join(headers[1:]) or "—"), headers[0]  # the other names it takes


def test_the_guide_keeps_a_place_for_article_shortcodes():
    assert "<!-- 短代码一节" in GUIDE and "## 在文章中插入人物卡片和数据（短代码）" in GUIDE


def test_commands_in_the_guide_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"`make (\w+)`", GUIDE)):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target
    from tekan.cli import _parser

    commands = _parser()._subparsers._group_actions[0].choices  # the subcommands argparse knows
    for command in set(re.findall(r"tekan ([a-z]+)", GUIDE)):
        assert command in commands, command


def test_the_new_entry_shown_in_the_guide_is_what_tekan_new_writes(tmp_path):
    from tekan.cli import main

    project = copy_project(tmp_path / "project")
    assert main(["--root", str(project), "new", "workers", "王小红", "--city", "广州"]) == 0
    written = (project / "data/2023/workers/wang-xiao-hong.yml").read_text(encoding="utf-8").splitlines()
    shown = GUIDE.split("打开新文件", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0].splitlines()
    for line in shown:
        key = line.split(":", 1)[0] + ":"
        assert line in written or (not line.startswith("#") and any(w.startswith(key) for w in written)), line
