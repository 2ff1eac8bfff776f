"""Characters an editor cannot see are named, with their place, instead of showing up as another mistake;
libyaml's English never reaches an editor; a link or special file is never opened."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tekan.dataset.schemas import Worker
from tekan.dataset.validation import validate
from tekan.dataset.yamlio import YamlProblem, decode_text, load_yaml, parse_yaml

ENTRY = "name: 李明\nunit: 示例公司\nsummary: 简介。\n"


def problems(text: str) -> list[str]:
    """Every line an editor would read for this text as data/x.yml: parse errors, else schema errors."""
    try:
        doc = parse_yaml(text, Path("x.yml"), "data/x.yml")
    except YamlProblem as problem:
        return [str(error) for error in problem.errors]
    return [str(error) for error in validate(doc, Worker)[1]]


@pytest.mark.parametrize(
    "text, line",
    [
        # A zero-width space in a city would otherwise be 「广州」不是广东省的地级市.
        (
            "name: 李明\ncity: 广\u200b州\nunit: 示例公司\nsummary: 简介。\n",
            "data/x.yml:2:8 有一个看不见的字符（零宽空格 U+200B）",
        ),
        ("name: 李明\u200d\nunit: 示例公司\nsummary: 简介。\n", "data/x.yml:1:9 有一个看不见的字符（零宽连字 U+200D）"),
        (
            "name: 李明\nunit: \u202e司公例示\nsummary: 简介。\n",
            "data/x.yml:2:7 有一个看不见的字符（从右到左强制 U+202E）",
        ),
        (
            "name: 李明\nunit: 示例公司\ufeff\nsummary: 简介。\n",
            "data/x.yml:2:11 有一个看不见的字符（字节顺序标记（BOM） U+FEFF）",
        ),
        ("name: 李明\u2028\nunit: 示例公司\nsummary: 简介。\n", "data/x.yml:1:9 有一个看不见的字符（行分隔符 U+2028）"),
        (
            "name: 李明\nunit: 示例公司\nsummary: 简介。\u2029\n",
            "data/x.yml:3:13 有一个看不见的字符（段分隔符 U+2029）",
        ),
        ("name: 李明\x07\nunit: 示例公司\nsummary: 简介。\n", "data/x.yml:1:9 有一个看不见的字符（控制字符 U+0007）"),
        # An early NUL byte is named where it is, not taken for a UTF-16 file.
        (
            "name: 李\x00明\nunit: 示例公司\nsummary: 简介。\n",
            "data/x.yml:1:8 有一个看不见的字符（空字符（NUL） U+0000）",
        ),
    ],
)
def test_invisible_characters_are_named_with_line_and_column(text, line):
    assert problems(text) == [line + "；请删除它（可把这一行重新输入一遍）。"]


def test_every_invisible_character_of_a_file_is_listed():
    assert problems("name: 李\u200b明\nunit: 示例\u2066公司\u2069\nsummary: 简介。\n") == [
        "data/x.yml:1:8 有一个看不见的字符（零宽空格 U+200B）；请删除它（可把这一行重新输入一遍）。",
        "data/x.yml:2:9 有一个看不见的字符（从左到右隔离 U+2066）；请删除它（可把这一行重新输入一遍）。",
        "data/x.yml:2:12 有一个看不见的字符（方向隔离结束 U+2069）；请删除它（可把这一行重新输入一遍）。",
    ]


@pytest.mark.parametrize(
    "text, line",
    [
        (
            "name: 李明\n\u3000unit: 示例公司\nsummary: 简介。\n",
            "data/x.yml:2:1 字段「unit」前后用了全角空格 U+3000；YAML 只认半角空格，请改成普通空格。",
        ),
        (
            "name: 李明\nhonours:\n  - award: 全国劳动模范\n  \u3000year: 2023\nunit: 示例公司\nsummary: 简介。\n",
            "data/x.yml:4:3 缩进用了全角空格 U+3000；YAML 只认半角空格，请改成普通空格。",
        ),
        (
            "name: 李明\ntags:\n\u00a0\u00a0- 技术创新\nunit: 示例公司\nsummary: 简介。\n",
            "data/x.yml:3:1 缩进用了不换行空格 U+00A0；YAML 只认半角空格，请改成普通空格。",
        ),
        (
            "name: 李明\nunit:\u00a0示例公司\nsummary: 简介。\n",
            "data/x.yml:2:6 冒号后用了不换行空格 U+00A0；YAML 只认半角空格，请改成普通空格。",
        ),
    ],
)
def test_full_width_and_no_break_spaces_used_as_blanks_are_named(text, line):
    assert problems(text) == [line]


def test_full_width_spaces_opening_a_story_paragraph_are_text():
    text = ENTRY + "story: |\n  \u3000\u3000第一段。\n\n  \u3000\u3000第二段。\n"
    assert problems(text) == []


@pytest.mark.parametrize(
    "text, line",
    [
        (
            "a: " + "[" * 1100 + "]" * 1100 + "\n",
            "data/x.yml:1:1003 括号或缩进嵌套得太深（超过 1000 层）；请检查括号是否配对。",
        ),
        (
            'name: "李明\\q"\nunit: 示例公司\nsummary: 简介。\n',
            "data/x.yml:1:10 双引号里的反斜杠「\\」后面跟了不认识的字符；"
            "请改用单引号括起整个值，或写成两个反斜杠「\\\\」。",
        ),
        (
            'name: "\\u12"\nunit: 示例公司\nsummary: 简介。\n',
            "data/x.yml:1:10 双引号里的「\\x」「\\u」后面应是十六进制数字；请改用单引号括起整个值。",
        ),
    ],
)
def test_libyaml_messages_are_translated(text, line):
    assert problems(text) == [line]


def test_no_english_from_the_parser_reaches_an_editor():
    samples = [
        "a: [1, 2\n",
        "a: {b: 1\n",
        "a: 'open\n",
        "a: *nothing\n",
        "a: b: c\n",
        "- a\nb: c\n",
        "a:\n  - b\n c: d\n",
        "%YAML 1.1\n%YAML 1.1\n---\na: b\n",
        "a: !<tag> b\n",
        "a: &\n",
        "? [a\n",
        "a: |\n b\n  c\nd",
        'a: "\\xZZ"\n',
    ]
    for text in samples:
        lines = problems(text)
        assert lines, text
        for line in lines:
            # Field names here are one letter, and what was found is quoted in 「」; apart from those,
            # YAML, UTF-8 and Tab are the only words of Latin letters allowed.
            message = re.sub(r"「[^」]*」|YAML|UTF|Tab", "", line.split(" ", 1)[1])
            assert not re.search(r"[A-Za-z]{2,}", message), line


def test_utf16_is_still_recognised_without_its_bom():
    raw = "name: 李明\nunit: 示例公司\n".encode("utf-16-le")
    with pytest.raises(YamlProblem) as caught:
        decode_text(raw, "data/x.yml")
    assert [str(e) for e in caught.value.errors] == [
        "data/x.yml:1:1 文件是 UTF-16 编码，无法读取。请在编辑器中选择「另存为」，编码选 UTF-8 后保存。"
    ]


def test_a_link_is_refused_without_being_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:第一行不能出现在错误里\n", encoding="utf-8")
    link = tmp_path / "li-ming.yml"
    link.symlink_to(secret)
    with pytest.raises(YamlProblem) as caught:
        load_yaml(link, "data/2023/workers/li-ming.yml")
    assert [str(e) for e in caught.value.errors] == [
        "data/2023/workers/li-ming.yml 是符号链接（快捷方式），为安全起见不会读取；请删除它，把真正的文件复制到这里。"
    ]


def test_a_named_pipe_is_refused_at_once(tmp_path):
    pipe = tmp_path / "li-ming.yml"
    os.mkfifo(pipe)  # opening it for reading in the usual way would wait for a writer for ever
    with pytest.raises(YamlProblem) as caught:
        load_yaml(pipe, "data/2023/workers/li-ming.yml")
    assert [str(e) for e in caught.value.errors] == [
        "data/2023/workers/li-ming.yml 不是普通文件（命名管道），不会读取；请删除它。"
    ]
