"""Editors' Markdown made safe: no raw HTML, no attribute lists, then a sanitizer."""

from __future__ import annotations

import re
from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "h3",
    "h4",
    "code",
    "pre",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
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
    html = _plain_paragraphs(text)
    return sanitise(_markdown_html(text) if html is None else html)


def _markdown_html(text: str) -> str:
    md = _markdown()
    md.reset()
    return md.convert(text)


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
