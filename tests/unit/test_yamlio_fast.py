"""The loader's fast path (values straight from libyaml's events, positions found only when needed)
must read every file exactly as the careful, position-keeping builder does, and leave every mistake to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import ROOT
from tekan.dataset import yamlio
from tekan.dataset.yamlio import YamlProblem, parse_yaml

SNIPPETS = [
    "name: 李明\nphone: 0101234\nyear: 2023\nhonours:\n  - award: 南粤工匠\n    year: 2023\n",
    "a: true\nb: false\nc: no\nd: yes\ne: True\nf:\ng: null\nh: ~\ni: 'true'\nj: \"0101234\"\n",
    "summary: 他说：干在实处\nurl: https://example.org/a\nmail: mailto:a@b.cn\nhours: 9:00-18:00\n",
    "tags: [数控, 技术创新]\nskills: []\nlinks: [{title: 报道, url: 'https://example.org'}]\n",
    "story: |\n  第一段。\n\n  第二段：**加粗**。\nsummary: >-\n  折叠\n  的文字\n",
    "- 1\n- [2, 3]\n- {a: b}\n",
    "just text\n",
    "",
    "# only a comment\n",
    "---\nname: 李明\n...\n",
    "entries:\n  - id: a-1\n    name: 甲\n  - id: a-2\n    name: 乙\n",
]

MISTAKES = [
    "name: 李明\nstory: 一\nstory: 二\n",
    "base: &b {name: x}\nother: *b\n",
    "a: !!python/object:os.system {}\n",
    "a: {x: 1}\nb:\n  <<: {y: 2}\n",
    "name：李明\nunit：示例公司\n",
    "name: 李明\ncity： 广州\n",
    "name:李明\n",
    "a: 1\n---\nb: 2\n",
    "? [a, b]\n: c\n",
    "true: x\n",
    "name: 李明\n  unit: x\n",
    "honours:\n\t- award: 南粤工匠\n",
]


def careful(text: str):
    """The loader as it was before the fast path: tab check, then the position-keeping builder."""
    errors = yamlio.find_tab_indents(text, "data/x.yml")
    if errors:
        raise YamlProblem(errors)
    return yamlio._parse_carefully(text, Path("x.yml"), "data/x.yml")


@pytest.mark.parametrize("text", SNIPPETS)
def test_fast_path_reads_valid_files_as_the_careful_builder_does(text):
    fast = parse_yaml(text, Path("x.yml"), "data/x.yml")
    reference = careful(text)
    assert fast.value == reference.value
    assert fast.positions == reference.positions
    assert fast.key_positions == reference.key_positions


def test_every_shipped_data_file_reads_the_same_both_ways():
    files = sorted((ROOT / "data").rglob("*.yml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert parse_yaml(text, path, path.name).value == careful(text).value, path


@pytest.mark.parametrize("text", MISTAKES)
def test_mistakes_get_the_careful_builders_errors(text):
    with pytest.raises(YamlProblem) as fast:
        parse_yaml(text, Path("x.yml"), "data/x.yml")
    with pytest.raises(YamlProblem) as reference:
        careful(text)
    assert [str(e) for e in fast.value.errors] == [str(e) for e in reference.value.errors]
    assert fast.value.errors


def test_positions_are_found_when_an_error_needs_them():
    doc = parse_yaml("name: 李明\nhonours:\n  - award: 南粤工匠\n    year: 二〇二三\n", Path("x.yml"), "data/x.yml")
    assert doc.position(("honours", 0, "year")) == (4, 11)
    assert doc.position(("honours", 0, "missing")) == (3, 5)
