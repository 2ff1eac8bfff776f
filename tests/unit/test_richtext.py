"""Plain-paragraph stories skip Python-Markdown; the result must be exactly what Markdown would make."""

from __future__ import annotations

import random

import pytest

from tekan.markup import story as story_markdown
from tekan.markup.story import render_markdown

PLAIN = [
    "劳模",
    "工匠",
    "班组",
    "。",
    "，",
    "：",
    "“好”",
    "‘是’",
    "2023年",
    "20",
    "a",
    "B",
    "(",
    ")",
    "'",
    '"',
    "\n",
    "\n\n",
]
SPECIAL = [
    "\n\n\n",
    " ",
    "  ",
    "*",
    "**",
    "_",
    "-",
    "- ",
    "+ ",
    "1. ",
    "2) ",
    "#",
    "## ",
    "> ",
    "&",
    "&amp;",
    "<b>",
    "<",
    ">",
    "`",
    "[链接](https://a.cn)",
    "[",
    "]",
    "http://x.cn",
    "a@b.cn",
    "\t",
    "    ",
    "=",
    "===",
    "---",
    "|",
    "| a |",
    "!",
    "~",
    "\\",
    ":",
    "9:00",
    "\r\n",
    "\u00a0",
    "\u3000",
]


def through_markdown(text: str) -> str:
    return story_markdown.sanitise(story_markdown._markdown_html(text))


@pytest.mark.parametrize(
    "text",
    [
        "第一段。\n\n第二段：他说“好”。\n第二行",
        "一段话。",
        "\n\n前后有空行。\n\n",
        "句子。\n\n\n\n另一段。",
        "全角空格\u3000在中间。",
    ],
)
def test_plain_stories_take_the_fast_path_and_match_markdown(text):
    assert story_markdown._plain_paragraphs(text) is not None
    assert render_markdown(text) == through_markdown(text)


@pytest.mark.parametrize(
    "text", ["**加粗**", "1. 列表", "- 列表", "a & b", "行尾  \n下一行", "  缩进", "# 标题", "9:00", "x\r\ny"]
)
def test_markdown_syntax_goes_through_markdown(text):
    assert story_markdown._plain_paragraphs(text) is None
    assert render_markdown(text) == through_markdown(text)


def test_random_texts_render_exactly_as_markdown_would():
    chooser = random.Random(20231130)
    fast = 0
    for _ in range(3000):
        text = "".join(
            chooser.choice(PLAIN if chooser.random() < 0.85 else SPECIAL) for _ in range(chooser.randint(1, 14))
        )
        if story_markdown._plain_paragraphs(text) is not None:
            fast += 1
        assert render_markdown(text) == through_markdown(text), repr(text)
    assert fast > 300, "the fast path should be taken often enough for this test to mean something"


def test_generated_stories_render_exactly_as_markdown_would(tmp_path):
    from test_bench_generator import _generator

    from tekan.dataset.loader import load_site_data

    project = tmp_path / "p"
    _generator().generate(project, 150, seed=9)
    stories = [e.data.story for e in load_site_data(project / "data", project).latest.all_entries() if e.data.story]
    assert sum(story_markdown._plain_paragraphs(s) is not None for s in stories) > len(stories) / 2
    for story in stories:
        assert render_markdown(story) == through_markdown(story)
