"""What the sanitizer would drop from a story is refused at its YAML file, line and field, never removed
in silence; what it keeps is published as before."""

from __future__ import annotations

import shutil

import pytest

from support import ROOT
from tekan.dataset.loader import load_site_data
from tekan.errors import DataErrors
from tekan.markup.story import render_markdown, story_problems

LI_MING = "data/2023/workers/li-ming.yml"
STORY_LINE = "story: |\n"
HEADING_ADVICE = "小标题请用「### 」（三级）或「#### 」（四级）开头。"
LINK_ADVICE = "正文里的链接只能是 http://、https:// 开头的网址或 mailto: 邮箱。"


@pytest.fixture
def project(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def story_errors(project, markdown: str) -> list[str]:
    path = project / LI_MING
    text = path.read_text(encoding="utf-8")
    assert STORY_LINE in text
    indented = "".join(f"  {line}\n" if line else "\n" for line in markdown.split("\n"))
    path.write_text(text.replace(STORY_LINE, STORY_LINE + indented, 1), encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_site_data(project / "data", project)
    return [str(error) for error in caught.value.errors]


@pytest.mark.parametrize(
    "markdown, problem",
    [
        (
            "![李明在车间](li-ming.jpg)",
            "图片「![李明在车间](li-ming.jpg)」不会显示：正文里不能插图，照片请写在 photo 字段。",
        ),
        (
            "# 扎根一线\n",
            "标题「扎根一线」不会显示为标题：网站不用一级、二级标题（以 # 或 ## 开头，或下一行全是 = 或 -）；"
            + HEADING_ADVICE,
        ),
        (
            "扎根一线\n--------\n",
            "标题「扎根一线」不会显示为标题：网站不用一级、二级标题（以 # 或 ## 开头，或下一行全是 = 或 -）；"
            + HEADING_ADVICE,
        ),
        ("##### 细节\n", "标题「细节」不会显示为标题：网站不用五级、六级标题；" + HEADING_ADVICE),
        ("[报道](javascript:alert(1))\n", "链接「javascript:alert(1)」不会保留：" + LINK_ADVICE),
        ("[报道](ftp://example.org/a)\n", "链接「ftp://example.org/a」不会保留：" + LINK_ADVICE),
        ("[同事](../chen-jing/)\n", "链接「../chen-jing/」是站内相对链接，放在人物或阵地页上会失效：" + LINK_ADVICE),
    ],
    ids=["image", "heading-1", "setext-heading-2", "heading-5", "javascript-link", "ftp-link", "relative-link"],
)
def test_what_the_sanitizer_would_drop_is_refused_at_the_story_field(project, markdown, problem):
    assert story_errors(project, markdown) == [f"{LI_MING}:15:8 story：正文里的{problem}"]


def test_what_stories_may_hold_is_kept_and_passes():
    story = "### 小标题\n\n#### 更小的标题\n\n- 一\n- 二\n\n**重点** [报道](https://example.org/a)\n\n---\n\n> 引文"
    assert story_problems(story) == []
    html = render_markdown(story)
    for kept in (
        "<h3>小标题</h3>",
        "<h4>更小的标题</h4>",
        "<li>一</li>",
        "<strong>重点</strong>",
        "<hr>",
        "<blockquote>",
    ):
        assert kept in html


def test_raw_html_in_a_story_is_shown_as_text_not_refused():
    assert story_problems("<b>加粗</b> <img src=x onerror=alert(1)>") == []
    assert "&lt;img src=x onerror=alert(1)&gt;" in render_markdown("<b>加粗</b> <img src=x onerror=alert(1)>")
