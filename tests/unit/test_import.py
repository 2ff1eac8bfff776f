"""`tekan import` from real .xlsx files made with openpyxl and from CSV in GBK and UTF-8."""

from __future__ import annotations

import openpyxl
import pytest

from support import run_tekan, tekan_cli
from tekan.dataset.loader import load_site_data
from tekan.dataset.yamlio import load_yaml

HEADERS = ["序号", "姓名", "单位", "职务", "城市", "行业", "荣誉", "年份", "简介", "备注"]
GOOD_ROWS = [
    [
        1,
        "王小红",
        "示例电子科技有限公司",
        "质检班班长",
        "广州市",
        "制造业",
        "全国五一劳动奖章",
        2023,
        "守好质量关。",
        "内部备注",
    ],
    [
        2,
        "赵建国",
        "示例港口集团",
        "桥吊司机",
        "湛江",
        "交通运输",
        "2020年省劳模、全国五一劳动奖章",
        2023,
        "练就吊装手艺。",
        None,
    ],
    [3, "示例隧道班组", "示例建设集团", None, "深圳", "建筑业", "全国工人先锋号", "2023", "安全零事故。", None],
]


def workbook(path, rows, headers=HEADERS, title="2023年劳动模范名单", sheet="劳动模范"):
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["这张工作表不是名单"])
    sheet_ = book.create_sheet(sheet)
    if title:
        sheet_.append([title])
    sheet_.append(headers)
    for row in rows:
        sheet_.append(row)
    book.save(path)
    return path


def workers(project):
    return sorted(p.name for p in (project / "data/2023/workers").iterdir())


def test_good_rows_become_entries_that_the_build_accepts(project, tmp_path, capsys):
    source = workbook(tmp_path / "名单.xlsx", GOOD_ROWS)
    assert tekan_cli(project, "import", str(source), "--collection", "workers") == 0
    out = capsys.readouterr().out
    assert "名单.xlsx（工作表「劳动模范」）：3 行数据，全部通过检查。" in out
    assert "  第 3 行 王小红 → data/2023/workers/wang-xiao-hong.yml（新建）" in out
    assert "已写入 3 个文件（新建 3 个，替换 0 个）" in out
    site = load_site_data(project / "data", project)  # the whole data set still loads
    entries = {entry.id: entry for entry in site.latest.entries["workers"]}
    wang = entries["wang-xiao-hong"]
    assert (wang.data.unit, wang.data.post, wang.city.short) == ("示例电子科技有限公司", "质检班班长", "广州")
    assert [(h.award.name, h.year) for h in wang.honours] == [("全国五一劳动奖章", 2023)]
    zhao = entries["zhao-jian-guo"]
    assert [(h.award.name, h.year) for h in zhao.honours] == [("广东省劳动模范", 2020), ("全国五一劳动奖章", 2023)]
    team = entries["shi-li-sui-dao-ban-zu"]
    assert team.data.kind == "集体"  # only collectives receive 工人先锋号
    text = (project / "data/2023/workers/zhao-jian-guo.yml").read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../../schemas/workers.json\n# 由 tekan import 从 名单.xlsx 第 4 行导入。\n"
    )
    assert "award: 广东省劳动模范" in text and "city: 湛江" in text  # names written in their usual form
    assert "内部备注" not in (project / "data/2023/workers/wang-xiao-hong.yml").read_text(encoding="utf-8")


def test_one_bad_row_stops_the_whole_import(project, tmp_path, capsys):
    rows = [
        *GOOD_ROWS,
        [4, "钱多多", "示例公司", None, "广洲", None, "全国五一劳动奖彰", 2023, "简介。", None],
        [5, "孙立新", None, None, "佛山", None, "广东省劳动模范", None, None, None],
        [6, "周晓梅", "示例公司", None, "中山", None, None, None, "简介。", None],
        [7, "王小红", "示例电子科技有限公司", None, "广州", None, None, None, "重复的一行。", None],
    ]
    source = workbook(tmp_path / "名单.xlsx", rows)
    before = workers(project)
    assert tekan_cli(project, "import", str(source), "--collection", "workers") == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "名单.xlsx 第 6 行 城市：「广洲」不是广东省的地级市（是否为「广州」？）。",
        "名单.xlsx 第 6 行 荣誉：「全国五一劳动奖彰」不是 awards.yml 中的荣誉（是否为「全国五一劳动奖章」？）。",
        "名单.xlsx 第 7 行 单位：不能为空（所在单位全称）。",
        "名单.xlsx 第 7 行 荣誉：「广东省劳动模范」没有写年份；请在「年份」列填写，或写成「2023年广东省劳动模范」。",
        "名单.xlsx 第 7 行 简介：不能为空（一两句话的简介，显示在卡片和页面开头）。",
        "名单.xlsx 第 9 行 姓名：与第 3 行重复（姓名和单位都相同）；请删除其中一行。",
        "共 6 处问题，没有写入任何文件；请改好表格后重新导入。",
    ]
    assert workers(project) == before  # not even the good rows


def test_existing_entries_are_kept_unless_overwrite_is_asked(project, tmp_path, capsys):
    source = workbook(
        tmp_path / "名单.xlsx",
        [[1, "李明", "示例精密机械有限公司", None, "广州", None, "全国五一劳动奖章", 2023, "新的简介。", None]],
    )
    original = (project / "data/2023/workers/li-ming.yml").read_text(encoding="utf-8")
    assert tekan_cli(project, "import", str(source), "--collection", "workers") == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "名单.xlsx 第 3 行 姓名：条目 data/2023/workers/li-ming.yml 已存在；如要用表格内容替换它，请加 --overwrite；"
        "如果是另一位同名的人员或集体，请加一列「编号」，另写一个编号（如 li-ming-2）。"
    )
    assert (project / "data/2023/workers/li-ming.yml").read_text(encoding="utf-8") == original
    assert tekan_cli(project, "import", str(source), "--collection", "workers", "--overwrite") == 0
    out = capsys.readouterr().out
    assert (
        "第 3 行 李明 → data/2023/workers/li-ming.yml"
        "（替换原文件；原文件中的 post、industry、story、tags、section、sample 将不再保留）"
    ) in out
    assert load_yaml(project / "data/2023/workers/li-ming.yml").value["summary"] == "新的简介。"


def test_an_id_column_names_a_second_person_of_the_same_name(project, tmp_path, capsys):
    headers = ["编号", *HEADERS[1:]]
    source = workbook(
        tmp_path / "名单.xlsx",
        [["li-ming-gz", "李明", "另一家示例公司", None, "广州", None, None, None, "同名的另一位。", None]],
        headers=headers,
    )
    assert tekan_cli(project, "import", str(source), "--collection", "workers") == 0
    assert (project / "data/2023/workers/li-ming-gz.yml").is_file()


def test_same_name_in_another_collection_gets_a_suffix(project, tmp_path, capsys):
    headers = ["姓名", "单位", "工种", "荣誉", "年份", "简介"]
    source = workbook(
        tmp_path / "工匠.xlsx",
        [["李明", "示例公司", "钳工", "南粤工匠", 2023, "简介。"]],
        headers=headers,
        sheet="南粤工匠",
    )
    assert tekan_cli(project, "import", str(source), "--collection", "craftsmen") == 0
    assert "li-ming-2.yml（新建；li-ming 已被占用）" in capsys.readouterr().out
    craftsmen = load_site_data(project / "data", project).latest.entries["craftsmen"]
    assert [entry.name for entry in craftsmen if entry.id == "li-ming-2"] == ["李明"]


def test_dry_run_shows_each_file_and_writes_nothing(project, tmp_path, capsys):
    source = workbook(tmp_path / "名单.xlsx", GOOD_ROWS[:1])
    before = workers(project)
    assert tekan_cli(project, "import", str(source), "--collection", "workers", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "    name: 王小红\n    unit: 示例电子科技有限公司\n" in out
    assert out.rstrip().endswith("试运行：没有写入任何文件。去掉 --dry-run 即可写入。")
    assert workers(project) == before


def gbk_csv(path, lines: list[str], encoding="gbk"):
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    return path


@pytest.mark.parametrize("encoding", ["gbk", "utf-8", "utf-8-sig"])
def test_csv_in_the_encodings_excel_saves(project, tmp_path, capsys, encoding):
    source = gbk_csv(
        tmp_path / "阵地.csv",
        [
            "名称,类型,城市,区县,地址,开放时间,电话,服务项目,建成年份,简介",
            "越秀示例驿站,爱心驿站,广州市,越秀区,示例路1号,全天,020-12345678,饮水、充电,2022,为户外劳动者服务。",
            '"番禺示例驿站",工会爱心驿站,广州,番禺区,,"周一至周五 '
            '9:00-18:00",,"饮水，热饭",2023年,"第一段。\n\n第二段。"',
        ],
        encoding,
    )
    assert tekan_cli(project, "import", str(source), "--collection", "阵地") == 0, capsys.readouterr().err
    site = load_site_data(project / "data", project)
    entries = {entry.id: entry for entry in site.latest.entries["sites"]}
    yuexiu = entries["yue-xiu-shi-li-yi-zhan"]
    assert (yuexiu.site_kind.name, yuexiu.city.short, yuexiu.data.phone) == ("工会爱心驿站", "广州", "020-12345678")
    assert yuexiu.data.services == ["饮水", "充电"] and yuexiu.data.established == 2022
    panyu = entries["pan-yu-shi-li-yi-zhan"]
    assert panyu.data.summary == "第一段。\n\n第二段。" and panyu.data.hours == "周一至周五 9:00-18:00"


def test_bad_gbk_csv_row_is_reported_with_its_line(project, tmp_path, capsys):
    source = gbk_csv(
        tmp_path / "阵地.csv",
        [
            "名称,类型,城市,简介",
            "越秀示例驿站,爱心驿栈,广州,简介。",
        ],
    )
    assert tekan_cli(project, "import", str(source), "--collection", "sites") == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "阵地.csv 第 2 行 类型：「爱心驿栈」不是 site_kinds.yml 中的阵地类型（是否为「工会爱心驿站」？）。"
    )
    assert not (project / "data/2023/sites/yue-xiu-shi-li-yi-zhan.yml").exists()


@pytest.mark.parametrize(
    "headers, message",
    [
        (
            ["姓名", "单位", "城市", "籍贯", "简介"],
            "名单.xlsx 第 2 行 「籍贯」列：不认识这个列名；可用的列名有 "
            "编号、姓名、类型、单位、职务、城市、行业、荣誉、年份、简介、事迹、"
            "照片、标签、专题、链接、示例（另可有 序号、备注、性别、民族 等列，不导入）。请改列名，或删除这一列。",
        ),
        (["姓名", "单位", "城市", "简历"], "名单.xlsx 第 2 行 「简历」列：不认识这个列名（是否为「简介」？）"),
        (
            ["姓名", "单位", "城市"],
            "名单.xlsx 第 2 行：缺少「简介」列（一两句话的简介，显示在卡片和页面开头），每个条目都必须填写。",
        ),
        (
            ["姓名", "单位", "城市（地级市）", "所在城市", "简介"],
            "名单.xlsx 第 2 行 「所在城市」列：与「城市（地级市）」列是同一项内容；请只保留一列。",
        ),
    ],
)
def test_header_problems(project, tmp_path, capsys, headers, message):
    source = workbook(tmp_path / "名单.xlsx", [["李四"] * len(headers)], headers=headers)
    assert tekan_cli(project, "import", str(source), "--collection", "workers") == 1
    assert capsys.readouterr().err.splitlines()[0].startswith(message)


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "名单.xls",
            b"\xd0\xcf\x11\xe0" + b"\0" * 100,
            "暂不支持 .xls 格式；请在 Excel 或 WPS 中「另存为」.xlsx 后再导入。",
        ),
        ("名单.xlsx", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "是旧版 Excel（.xls）文件或设有打开密码"),
        ("名单.xlsx", b"not a zip file", "无法作为 .xlsx 表格打开"),
        ("名单.docx", b"", "只能导入 .xlsx 或 .csv 文件。"),
    ],
)
def test_files_that_are_not_spreadsheets(project, tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    result = run_tekan(project, "import", str(tmp_path / name), "--collection", "workers")
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_empty_list_and_missing_header(project, tmp_path, capsys):
    assert tekan_cli(project, "import", str(workbook(tmp_path / "空.xlsx", [])), "--collection", "workers") == 1
    assert "空.xlsx：表头下面没有数据行。" in capsys.readouterr().err
    assert (
        tekan_cli(
            project, "import", str(workbook(tmp_path / "乱.xlsx", [], headers=["甲", "乙"])), "--collection", "workers"
        )
        == 1
    )
    assert (
        "乱.xlsx：前 20 行里找不到表头；表头行应写列名，如 姓名、类型、单位、职务、城市（上方可有标题行和说明行）。"
        in capsys.readouterr().err
    )


def test_a_named_sheet_can_be_chosen(project, tmp_path, capsys):
    source = workbook(tmp_path / "名单.xlsx", GOOD_ROWS[:1], sheet="第二批")
    assert tekan_cli(project, "import", str(source), "--collection", "workers", "--sheet", "第三批") == 1
    assert "名单.xlsx 里没有名为「第三批」的工作表；现有：说明、第二批。" in capsys.readouterr().err
    assert tekan_cli(project, "import", str(source), "--collection", "workers", "--sheet", "第二批", "--dry-run") == 0


def test_merged_unit_cells_and_numbered_empty_rows(project, tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2023年劳动模范名单"])
    sheet.merge_cells("A1:E1")  # a title across the table
    sheet.append(["序号", "姓名", "单位", "城市", "简介"])
    sheet.append([1, "王小红", "示例电子科技有限公司", "广州", "简介一。"])
    sheet.append([2, "赵建国", None, "广州", "简介二。"])
    sheet.merge_cells("C3:C4")  # one unit for both people
    sheet.append([3])  # numbered ahead, not filled in yet
    sheet.append([4])
    book.save(tmp_path / "名单.xlsx")
    assert tekan_cli(project, "import", str(tmp_path / "名单.xlsx"), "--collection", "workers") == 0, (
        capsys.readouterr().err
    )
    assert "2 行数据，全部通过检查" in capsys.readouterr().out
    assert load_yaml(project / "data/2023/workers/zhao-jian-guo.yml").value["unit"] == "示例电子科技有限公司"
