"""The Excel round trip (issue 14): `tekan export`, an edit in the workbook, `tekan import --update`."""

from __future__ import annotations

import openpyxl
import pytest

from support import data_snapshot, tekan_cli
from tekan.dataset.loader import load_site_data
from workbooks import append_row, changed_lines, edit_cell, exported_workbook


def test_export_then_update_without_an_edit_changes_nothing(project, tmp_path, capsys):
    before = data_snapshot(project)
    workbook = exported_workbook(project, tmp_path, capsys)
    assert tekan_cli(project, "import", str(workbook), "--update", "--yes") == 0
    assert capsys.readouterr().out == "2023.xlsx：新增 0 条 · 修改 0 条 · 未变 17 条\n没有需要写入的改动。\n"
    assert data_snapshot(project) == before


def test_one_edited_cell_changes_one_line_of_one_file(project, tmp_path, capsys):
    before = data_snapshot(project)
    workbook = exported_workbook(project, tmp_path, capsys)
    edit_cell(workbook, "劳动模范", "li-ming", "单位", "广州示例精工集团")
    assert tekan_cli(project, "import", str(workbook), "--update", "--yes") == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "2023.xlsx：新增 0 条 · 修改 1 条 · 未变 16 条\n"
        "修改：\n"
        "  劳动模范 第 8 行 李明（data/2023/workers/li-ming.yml）\n"
        "    单位：「示例精密机械有限公司」 → 「广州示例精工集团」\n"
    )
    assert changed_lines(before, data_snapshot(project)) == [
        "data/2023/workers/li-ming.yml: -unit: 示例精密机械有限公司",
        "data/2023/workers/li-ming.yml: +unit: 广州示例精工集团",
    ]


def test_an_edit_inside_a_list_file_touches_only_that_site(project, tmp_path, capsys):
    before = data_snapshot(project)
    workbook = exported_workbook(project, tmp_path, capsys)
    edit_cell(workbook, "职工服务阵地", "guangzhou-haizhu-shili-yizhan", "区县", "荔湾区")
    assert tekan_cli(project, "import", str(workbook), "--update", "--yes") == 0
    assert changed_lines(before, data_snapshot(project)) == [
        "data/2023/sites/aixin-yizhan-guangzhou.yml: -    district: 海珠区",
        "data/2023/sites/aixin-yizhan-guangzhou.yml: +    district: 荔湾区",
    ]


def test_an_added_row_becomes_a_new_entry_with_a_pinyin_id(project, tmp_path, capsys):
    before = data_snapshot(project)
    row = {"姓名": "曾小华", "单位": "示例电力公司", "城市": "佛山", "荣誉1": "广东省劳动模范", "年份1": 2023}
    row |= {"简介": "抢修一线的骨干。", "标签": "电力、抢修"}
    workbook = exported_workbook(project, tmp_path, capsys)
    append_row(workbook, "劳动模范", row)
    assert tekan_cli(project, "import", str(workbook), "--update", "--yes") == 0
    out = capsys.readouterr().out
    assert "2023.xlsx：新增 1 条 · 修改 0 条 · 未变 17 条\n" in out
    assert "新增：\n  劳动模范 第 10 行 曾小华 → data/2023/workers/zeng-xiao-hua.yml\n" in out
    after = data_snapshot(project)
    assert set(after) - set(before) == {"data/2023/workers/zeng-xiao-hua.yml"}
    assert all(after[name] == before[name] for name in before)
    entry = next(
        e for e in load_site_data(project / "data", project).latest.entries["workers"] if e.id == "zeng-xiao-hua"
    )
    assert (entry.city.short, [(h.award.name, h.year) for h in entry.honours]) == ("佛山", [("广东省劳动模范", 2023)])


def test_a_bad_row_refuses_the_whole_update(project, tmp_path, capsys):
    before = data_snapshot(project)
    workbook = exported_workbook(project, tmp_path, capsys)
    edit_cell(workbook, "劳动模范", "li-ming", "单位", "新单位")
    edit_cell(workbook, "劳动模范", "chen-jing", "城市", "广洲")
    assert tekan_cli(project, "import", str(workbook), "--update", "--yes") == 1
    assert capsys.readouterr().err.splitlines() == [
        "2023.xlsx「劳动模范」 第 3 行 城市：「广洲」不是广东省的地级市（是否为「广州」？）。",
        "共 1 处问题，没有写入任何文件；请改好表格后重新运行。",
    ]
    assert data_snapshot(project) == before


def test_dry_run_shows_the_diff_and_writes_nothing(project, tmp_path, capsys):
    before = data_snapshot(project)
    workbook = exported_workbook(project, tmp_path, capsys)
    edit_cell(workbook, "南粤工匠", "liu-fang", "专长", "带电作业、配网自动化、无人机巡线")
    assert tekan_cli(project, "import", str(workbook), "--update", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "    专长：「带电作业、配网自动化」 → 「带电作业、配网自动化、无人机巡线」\n" in out
    assert out.endswith("试运行：没有写入任何文件。去掉 --dry-run 即可写入。\n")
    assert data_snapshot(project) == before


def test_without_yes_it_asks_and_an_empty_answer_writes_nothing(project, tmp_path, capsys, monkeypatch):
    before = data_snapshot(project)
    workbook = exported_workbook(project, tmp_path, capsys)
    edit_cell(workbook, "劳动模范", "li-ming", "职务", "总工程师")
    monkeypatch.setattr("builtins.input", lambda prompt: "")
    assert tekan_cli(project, "import", str(workbook), "--update") == 1
    assert capsys.readouterr().err == "已取消，没有写入任何文件。\n"
    assert data_snapshot(project) == before
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    assert tekan_cli(project, "import", str(workbook), "--update") == 0
    assert b"post: \xe6\x80\xbb" in data_snapshot(project)["data/2023/workers/li-ming.yml"]


def _drop_rows(path, sheet, ids):
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    for number in sorted((r[0].row for r in ws.iter_rows(min_row=2) if r[0].value in ids), reverse=True):
        ws.delete_rows(number)
    book.save(path)


def test_rows_missing_from_the_sheet_are_kept_unless_asked(project, tmp_path, capsys):
    before = data_snapshot(project)
    workbook = exported_workbook(project, tmp_path, capsys)
    _drop_rows(workbook, "劳动模范", {"li-ming"})
    _drop_rows(workbook, "职工服务阵地", {"guangzhou-haizhu-shili-yizhan"})
    assert tekan_cli(project, "import", str(workbook), "--update", "--yes") == 0
    assert capsys.readouterr().out.splitlines() == [
        "2023.xlsx：新增 0 条 · 修改 0 条 · 未变 15 条",
        "表格中没有的 2 条保留不动（如要删除，请加 --delete-missing）。",
        "没有需要写入的改动。",
    ]
    assert data_snapshot(project) == before

    assert tekan_cli(project, "import", str(workbook), "--update", "--yes", "--delete-missing") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:4] == [
        "2023.xlsx：删除 2 条 · 新增 0 条 · 修改 0 条 · 未变 15 条",
        "将删除（表格中已没有这些条目，--delete-missing）：",
        "  劳动模范 li-ming 李明（data/2023/workers/li-ming.yml）",
        "  职工服务阵地 guangzhou-haizhu-shili-yizhan 海珠示例街工会爱心驿站"
        "（data/2023/sites/aixin-yizhan-guangzhou.yml）",
    ]
    after = data_snapshot(project)
    assert set(before) - set(after) == {"data/2023/workers/li-ming.yml"}
    listed = after["data/2023/sites/aixin-yizhan-guangzhou.yml"].decode()
    assert "guangzhou-haizhu-shili-yizhan" not in listed and "guangzhou-tianhe-shili-yizhan" in listed
    ids = {e.id for e in load_site_data(project / "data", project).latest.all_entries()}
    assert "li-ming" not in ids and "guangzhou-haizhu-shili-yizhan" not in ids and "chen-jing" in ids


def test_a_deleted_entrys_photo_goes_with_it_unless_another_entry_uses_it(project, tmp_path, capsys):
    # Another entry shows the site's photo too: that one must stay.
    li_ming = project / "data/2023/workers/li-ming.yml"
    li_ming.write_text(li_ming.read_text(encoding="utf-8") + "photo: shili-liaoxiuyang-jidi.jpg\n", encoding="utf-8")
    workbook = exported_workbook(project, tmp_path, capsys)
    _drop_rows(workbook, "劳动模范", {"shili-dungou-banzu"})
    _drop_rows(workbook, "职工服务阵地", {"shili-liaoxiuyang-jidi"})
    before = data_snapshot(project)

    args = ("import", str(workbook), "--update", "--delete-missing")
    assert tekan_cli(project, *args, "--dry-run") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:5] == [
        "2023.xlsx：删除 2 条（含照片 1 张） · 新增 0 条 · 修改 0 条 · 未变 15 条",
        "将删除（表格中已没有这些条目，--delete-missing）：",
        "  劳动模范 shili-dungou-banzu 示例隧道盾构班组（data/2023/workers/shili-dungou-banzu.yml）",
        "  职工服务阵地 shili-liaoxiuyang-jidi 示例山区技术工人疗休养基地"
        "（data/2023/sites/shili-liaoxiuyang-jidi.yml）",
        "  照片 data/2023/photos/shili-dungou-banzu.jpg（其他条目都没有用到）",
    ]
    assert out[-1] == "试运行：没有写入任何文件。去掉 --dry-run 即可写入。"
    assert data_snapshot(project) == before

    assert tekan_cli(project, *args, "--yes") == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "已写入：新增 0 个文件，修改 0 条，删除 2 条（含照片 1 张）。运行 make serve 预览，确认无误后提交发布。"
    )
    assert set(before) - set(data_snapshot(project)) == {
        "data/2023/workers/shili-dungou-banzu.yml",
        "data/2023/sites/shili-liaoxiuyang-jidi.yml",
        "data/2023/photos/shili-dungou-banzu.jpg",
    }
    load_site_data(project / "data", project)  # what is left loads without an error


@pytest.mark.parametrize(
    ("header", "value", "expected"),
    [
        pytest.param(
            "姓名",
            '=HYPERLINK("http://x","李明")',
            '2023.xlsx「劳动模范」 第 8 行 姓名：单元格 B8 是公式「=HYPERLINK("http://x","李明")」；'
            "表格里不能用公式，请改成文字（复制后用「选择性粘贴 → 数值」）。",
            id="a-formula-typed-into-the-export",
        ),
        pytest.param(
            "编号（请勿修改）",
            "li-ming-x",
            "2023.xlsx「劳动模范」 第 8 行 编号（请勿修改）：编号「li-ming-x」在 劳动模范 中没有对应的条目；"
            "编号一列请勿修改（改过的请改回原样），新增的行请把编号留空。",
            id="a-changed-id-rather-than-a-second-entry",
        ),
    ],
)
def test_a_refused_cell_names_itself_and_writes_nothing(project, tmp_path, capsys, header, value, expected):
    before = data_snapshot(project)
    workbook = exported_workbook(project, tmp_path, capsys)
    edit_cell(workbook, "劳动模范", "li-ming", header, value)
    assert tekan_cli(project, "import", str(workbook), "--update", "--yes") == 1
    assert capsys.readouterr().err.splitlines()[0] == expected
    assert data_snapshot(project) == before


def test_the_exported_workbook_helps_the_editor(project, tmp_path, capsys):
    workbook = exported_workbook(project, tmp_path, capsys)
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["劳动模范", "南粤工匠", "职工服务阵地", "选项"]
    assert book["选项"].sheet_state == "hidden"
    workers = book["劳动模范"]
    headers = [cell.value for cell in workers[1]]
    assert headers[:9] == ["编号（请勿修改）", "姓名", "类型", "单位", "职务", "城市", "行业", "荣誉1", "年份1"]
    assert workers.freeze_panes == "C2"
    assert workers["A1"].comment.text.startswith("请勿修改")
    assert workers["F1"].comment.text == "所在地级市，如「广州」；省直单位可不填"
    lists = {str(rule.sqref): rule.formula1 for rule in workers.data_validations.dataValidation}
    assert lists["F2:F1048576"] == "'选项'!$A$2:$A$22"  # 城市: the 21 cities
    assert lists["H2:H1048576"] == "'选项'!$B$2:$B$12"  # 荣誉1: the awards of data/awards.yml
    assert [book["选项"].cell(row, 1).value for row in (2, 22)] == ["韶关", "珠海"]
    li_ming = next(row for row in workers.iter_rows(min_row=2, values_only=True) if row[0] == "li-ming")
    assert li_ming[7:11] == ("全国五一劳动奖章", 2023, "广东省劳动模范", 2020)  # both honours on one row
    story = (project / "data/2023/workers/li-ming.yml").read_text(encoding="utf-8").split("story: |\n")[1]
    assert li_ming[headers.index("事迹")] == "\n".join(line[2:] for line in story.split("\ntags:")[0].split("\n"))
    sites = [cell.value for cell in book["职工服务阵地"][1]]
    assert "荣誉1" not in sites and sites[2] == "类型"


def test_a_namesake_added_gets_the_next_free_id(project, tmp_path, capsys):
    row = {"姓名": "李明", "单位": "另一家示例公司", "城市": "汕头", "简介": "同名的另一位。"}
    workbook = exported_workbook(project, tmp_path, capsys)
    append_row(workbook, "劳动模范", row)
    assert tekan_cli(project, "import", str(workbook), "--update", "--yes") == 0
    assert "  劳动模范 第 10 行 李明 → data/2023/workers/li-ming-2.yml\n" in capsys.readouterr().out
    assert "unit: 另一家示例公司" in (project / "data/2023/workers/li-ming-2.yml").read_text(encoding="utf-8")


def test_a_column_deleted_from_the_sheet_leaves_its_field_alone(project, tmp_path, capsys):
    before = data_snapshot(project)
    workbook = exported_workbook(project, tmp_path, capsys)
    book = openpyxl.load_workbook(workbook)
    sheet = book["劳动模范"]
    headers = [cell.value for cell in sheet[1]]
    for header in ("事迹", "行业"):
        sheet.delete_cols(headers.index(header) + 1)
        headers.remove(header)
    book.save(workbook)
    edit_cell(workbook, "劳动模范", "li-ming", "职务", "车间主任")
    assert tekan_cli(project, "import", str(workbook), "--update", "--yes") == 0
    assert changed_lines(before, data_snapshot(project)) == [
        "data/2023/workers/li-ming.yml: -post: 数控车间主任",
        "data/2023/workers/li-ming.yml: +post: 车间主任",
    ]


def test_export_never_replaces_a_workbook_without_being_asked(project, tmp_path, capsys):
    workbook = exported_workbook(project, tmp_path, capsys)
    edit_cell(workbook, "劳动模范", "li-ming", "职务", "尚未写回的修改")
    edited = workbook.read_bytes()
    assert tekan_cli(project, "export", str(workbook)) == 1
    assert capsys.readouterr().err == (
        "2023.xlsx 已存在，没有改动它；如要用新导出的内容覆盖（其中还没写回的修改会丢失），"
        "请加 --overwrite，或换一个文件名。\n"
    )
    assert workbook.read_bytes() == edited
    assert tekan_cli(project, "export", str(workbook), "--overwrite") == 0
    assert workbook.read_bytes() != edited
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2023.xlsx", "project"]


def test_an_honour_kept_in_the_row_keeps_its_level(project, tmp_path, capsys):
    path = project / "data/2023/workers/li-ming.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("    year: 2023\n", "    year: 2023\n    level: 全国\n", 1),
        encoding="utf-8",
    )
    before = data_snapshot(project)
    workbook = exported_workbook(project, tmp_path, capsys)
    edit_cell(workbook, "劳动模范", "li-ming", "年份2", 2019)
    assert tekan_cli(project, "import", str(workbook), "--update", "--yes") == 0
    assert (
        "    荣誉：「2023年全国五一劳动奖章、2020年广东省劳动模范」 → 「2023年全国五一劳动奖章、2019年广东省劳动模范」"
        in (capsys.readouterr().out)
    )
    assert changed_lines(before, data_snapshot(project)) == [
        "data/2023/workers/li-ming.yml: -    year: 2020",
        "data/2023/workers/li-ming.yml: +    year: 2019",
    ]
