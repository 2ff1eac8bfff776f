"""Line edits of entry files (editors/yamledit.py): only the changed field's lines move."""

from __future__ import annotations

from tekan.editors.yamledit import FileEditor

ORDER = ["id", "name", "kind", "unit", "post", "city", "honours", "summary", "story", "photo", "tags", "section"]

TEXT = """# yaml-language-server: $schema=../../../schemas/workers.json
# 手写的说明。
name: 李明
unit: 示例公司  # 全称待核
city: 广州
honours:
- award: 全国五一劳动奖章
  year: 2023
story: |
  第一段。

  # 不是注释，是正文里的一行
# 照片是示意图。
photo: li-ming.jpg
tags: [数控, 创新]
"""


def edited(text: str, changes: dict, loc: tuple = ()) -> str:
    editor = FileEditor(text)
    mapping = editor.mapping(loc)
    for name, value in changes.items():
        editor.set_field(mapping, name, value, ORDER)
    return editor.result()


def test_a_changed_value_keeps_the_comment_after_it():
    assert edited(TEXT, {"unit": "示例集团"}) == TEXT.replace(
        "unit: 示例公司  # 全称待核", "unit: 示例集团  # 全称待核"
    )


def test_a_block_story_is_replaced_whole_and_the_comment_after_it_stays():
    result = edited(TEXT, {"story": "新的一段。\n"})
    assert result == TEXT.replace("story: |\n  第一段。\n\n  # 不是注释，是正文里的一行\n", "story: |\n  新的一段。\n")


def test_an_indentless_list_is_replaced_whole():
    honours = [{"award": "全国劳动模范", "year": 2020}]
    result = edited(TEXT, {"honours": honours})
    assert result == TEXT.replace(
        "honours:\n- award: 全国五一劳动奖章\n  year: 2023\n", "honours:\n  - award: 全国劳动模范\n    year: 2020\n"
    )


def test_a_new_field_goes_where_the_schema_puts_it_and_a_removed_one_takes_its_lines():
    result = edited(TEXT, {"post": "车间主任", "photo": None, "section": "sixiang-yinling"})
    expected = TEXT.replace("city: 广州\n", "post: 车间主任\ncity: 广州\n")
    expected = expected.replace("photo: li-ming.jpg\n", "")
    assert result == expected + "section: sixiang-yinling\n"


def test_an_item_of_a_list_file_is_edited_at_its_indent_and_removed_whole():
    text = "kind: 工会爱心驿站\ncity: 广州\nentries:\n"
    text += "  - id: a\n    name: 甲\n    services: [饮水]\n  - id: b\n    name: 乙\n"
    assert edited(text, {"name": "丙", "city": "佛山"}, ("entries", 0)) == text.replace(
        "    name: 甲\n", "    name: 丙\n    city: 佛山\n"
    )
    editor = FileEditor(text)
    editor.remove_item(("entries",), 0)
    assert editor.result() == "kind: 工会爱心驿站\ncity: 广州\nentries:\n  - id: b\n    name: 乙\n"
