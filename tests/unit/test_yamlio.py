"""The strict loader: one test per trap that PyYAML's safe_load falls into."""

from __future__ import annotations

from pathlib import Path

import pytest

from tekan.dataset.yamlio import YamlProblem, load_yaml, parse_yaml


def parse(text: str):
    return parse_yaml(text, Path("x.yml"), "data/x.yml")


def problems(text: str) -> list[str]:
    with pytest.raises(YamlProblem) as caught:
        parse(text)
    return [str(error) for error in caught.value.errors]


def test_plain_values_keep_their_text_and_positions():
    doc = parse(
        "name: 李明\nphone: 0101234\nyear: 2023\ndate: 2023-11-30\nhonours:\n  - award: 南粤工匠\n    year: 2023\n"
    )
    assert doc.value == {
        "name": "李明",
        "phone": "0101234",
        "year": "2023",
        "date": "2023-11-30",
        "honours": [{"award": "南粤工匠", "year": "2023"}],
    }
    assert doc.position(("honours", 0, "year")) == (7, 11)
    assert doc.position(("honours", 0, "missing")) == (6, 5)


def test_duplicate_keys_are_refused_with_both_lines():
    [message] = problems("name: 李明\nstory: 一\nstory: 二\n")
    assert message.startswith("data/x.yml:3:1 story：")
    assert "第 2 行" in message and "重复" in message


def test_only_true_and_false_are_booleans():
    doc = parse("a: true\nb: false\nc: no\nd: yes\ne: on\nf: off\ng: True\n")
    assert doc.value == {"a": True, "b": False, "c": "no", "d": "yes", "e": "on", "f": "off", "g": "True"}


def test_empty_and_null_are_none_and_quoted_text_stays_text():
    doc = parse("a:\nb: null\nc: ~\nd: 'true'\ne: \"0101234\"\n")
    assert doc.value == {"a": None, "b": None, "c": None, "d": "true", "e": "0101234"}


@pytest.mark.parametrize(
    "text, needle",
    [
        ("base: &b {name: x}\nother: *b\n", "锚点"),
        ("other: *b\n", "别名"),
        ("a: !!python/object:os.system {}\n", "类型标签"),
        ("a: !!python/name:os.system\n", "类型标签"),
        ("a: !custom x\n", "类型标签"),
        ("a: {x: 1}\nb:\n  <<: {y: 2}\n", "合并键"),
    ],
)
def test_anchors_aliases_and_tags_are_refused(text, needle):
    assert any(needle in message for message in problems(text))


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "a.yml"
    path.write_bytes("\ufeffname: 李明\n".encode())
    assert load_yaml(path).value == {"name": "李明"}


@pytest.mark.parametrize("encoding, needle", [("gbk", "GBK"), ("utf-16", "UTF-16")])
def test_other_encodings_are_refused_with_a_resave_hint(tmp_path, encoding, needle):
    path = tmp_path / "a.yml"
    path.write_bytes("name: 李明\nunit: 广东省总工会\n".encode(encoding))
    with pytest.raises(YamlProblem) as caught:
        load_yaml(path, "data/a.yml")
    [message] = map(str, caught.value.errors)
    assert needle in message and "UTF-8" in message and "另存为" in message


def test_tab_indentation_is_refused_with_its_position():
    [message] = problems("honours:\n\t- award: 南粤工匠\n")
    assert message.startswith("data/x.yml:2:1 ") and "Tab" in message


def test_full_width_colon_on_every_key_is_caught():
    [message] = problems("name：李明\nunit：示例公司\n")
    assert "全角冒号" in message


def test_full_width_colon_on_one_key_is_caught_at_that_line():
    [message] = problems("name: 李明\ncity： 广州\nunit: 示例公司\n")
    assert message.startswith("data/x.yml:2:") and "全角冒号" in message


def test_full_width_colon_inside_a_list_item_is_caught():
    messages = problems("honours:\n  - award： 南粤工匠\n")
    assert any("全角冒号" in m and ":2:" in m for m in messages)


def test_chinese_prose_with_full_width_colon_is_fine():
    assert parse("summary: 他说：干在实处\n").value == {"summary": "他说：干在实处"}


def test_missing_space_after_colon_is_caught():
    [message] = problems("name:李明\n")
    assert "冒号后缺少空格" in message and "name: …" in message


def test_urls_are_not_mistaken_for_glued_keys():
    doc = parse("url: https://example.org/a\nmail: mailto:a@b.cn\nhours: 9:00-18:00\n")
    assert doc.value["url"] == "https://example.org/a"


def test_syntax_errors_are_translated_with_their_position():
    [message] = problems("name: 李明\n  unit: x\n")
    assert message.startswith("data/x.yml:2:") and "冒号" in message


def test_several_documents_are_refused():
    assert any("---" in m for m in problems("a: 1\n---\nb: 2\n"))
