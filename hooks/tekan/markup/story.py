"""Editors' Markdown made safe: no raw HTML, no attribute lists, then a sanitizer.

What the sanitizer would remove from a story (an image, a first- or second-level heading, a
link that is not a web address) is refused at load time instead, by `story_problems`, so that
nothing an editor wrote vanishes without a word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

from tekan.markup.allowed import STORY_ATTRIBUTES, STORY_TAGS, STORY_URL_SCHEMES


@lru_cache(maxsize=1)
def _markdown():
    import markdown  # only for stories with Markdown syntax: `tekan check` on plain stories never needs it

    md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    # Raw HTML in a story is shown as text, never passed through.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def render_markdown(text: str | None) -> str:
    """Story Markdown -> sanitised HTML; only http, https and mailto links survive."""
    if not text:
        return ""
    return _render(text)


# Most stories are plain paragraphs. For those, Python-Markdown (about a millisecond a
# story, ten seconds over 10,000 entries) would only wrap each paragraph in <p>; so a
# story with no character or line start that Markdown could read as syntax is wrapped
# here, and everything else goes through Markdown. Tests hold the two to the same output.
_SYNTAX_CHARACTERS = re.compile(r"[*_`\\\[\]<>&#|!~=:\u00a0\x00-\x09\x0b-\x1f\x7f]")
_SYNTAX_LINE = re.compile(r"^(?:[\-+>]|\d+[.)])", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n\n+")


def _plain_paragraphs(text: str) -> str | None:
    """The HTML Markdown would make of plain paragraphs, or None if the text may hold syntax."""
    text = text.strip("\n")
    if not text or _SYNTAX_CHARACTERS.search(text) or _SYNTAX_LINE.search(text) or "://" in text or "@" in text:
        return None
    if any(line != line.strip() for line in text.split("\n")):  # indents, line breaks, blank-looking lines
        return None
    paragraphs = _BLANK_LINES.split(text)
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


# `mkdocs serve` makes every page model again after each save: an unchanged story is not converted again.
@lru_cache(maxsize=1 << 15)
def _render(text: str) -> str:
    return sanitise(_story_html(text))


@lru_cache(maxsize=1 << 15)
def _story_html(text: str) -> str:
    """The story's HTML before sanitising: what the editor's Markdown says."""
    html = _plain_paragraphs(text)
    return _markdown_html(text) if html is None else html


# Only text with one of these can make an image, a heading or a link: the rest is never converted here.
_MAY_DROP = re.compile(r"[\[<]|^ {0,3}#|^ {0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)


def story_problems(text: str | None) -> list[str]:
    """What the sanitizer would silently drop from this story, each as an editor's message."""
    # Most stories hold none of these characters: skip the pattern (it tries every line start) for them.
    if not text or not any(char in text for char in "[<#=-") or not _MAY_DROP.search(text):
        return []
    finder = _DroppedFinder()
    finder.feed(_story_html(text))
    finder.close()
    return list(dict.fromkeys(finder.problems))


_HEADING_ADVICE = "小标题请用「### 」（三级）或「#### 」（四级）开头"


class _DroppedFinder(HTMLParser):
    """Reads our own Markdown output (raw HTML is off, so it is well-formed) for what nh3 would drop.
    Detection only: what is published is still nh3's own parse and output."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._heading: str | None = None
        self._heading_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "img":
            shown = f"![{values.get('alt') or ''}]({values.get('src') or ''})"
            self.problems.append(f"图片「{shown}」不会显示：正文里不能插图，照片请写在 photo 字段。")
        elif tag in ("h1", "h2", "h5", "h6"):
            self._heading, self._heading_text = tag, []
        elif tag == "a":
            href = values.get("href") or ""
            scheme = urlsplit(href).scheme.lower()
            if scheme not in STORY_URL_SCHEMES:
                # A relative link would be kept, but resolved from the entry's page, where it is most likely broken.
                what = "不会保留" if scheme else "是站内相对链接，放在人物或阵地页上会失效"
                self.problems.append(
                    f"链接「{href}」{what}：正文里的链接只能是 http://、https:// 开头的网址或 mailto: 邮箱。"
                )
        elif tag not in STORY_TAGS:
            self.problems.append(f"「<{tag}>」这种写法网站不会显示；请改为普通文字。")

    def handle_data(self, data):
        if self._heading is not None:
            self._heading_text.append(data)

    def handle_endtag(self, tag):
        if tag == self._heading:
            title = "".join(self._heading_text).strip()
            level = int(tag[1])
            how = "一级、二级标题（以 # 或 ## 开头，或下一行全是 = 或 -）" if level <= 2 else "五级、六级标题"
            self.problems.append(f"标题「{title}」不会显示为标题：网站不用{how}；{_HEADING_ADVICE}。")
            self._heading = None


def _markdown_html(text: str) -> str:
    md = _markdown()
    md.reset()
    return md.convert(text)


def sanitise(html: str) -> str:
    import nh3

    return nh3.clean(
        html,
        tags=set(STORY_TAGS),
        attributes={tag: set(names) for tag, names in STORY_ATTRIBUTES.items()},
        url_schemes=set(STORY_URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )
