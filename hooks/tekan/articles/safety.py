"""Hand-written pages in content/ may not carry script: checked after Markdown, refused with the line.

Python-Markdown passes raw HTML and `javascript:` links through, and Material
prints a page's title raw. Generated pages escape every value in their
templates; hand-written pages are checked here instead, because an article may
legitimately hold the HTML that shortcodes produce.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markupsafe import escape

from tekan.errors import DataError

# Elements that run code, load other documents, or restyle/redirect the page.
FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "style",
    "link",
    "meta",
    "base",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "option",
    "portal",
    "template",
    "noscript",
    "math",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "data", "cite"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def _scheme(value: str) -> str:
    # Browsers ignore whitespace and control characters inside a scheme (java\tscript:).
    compact = re.sub(r"[\x00-\x20]", "", value).lower()
    match = _SCHEME.match(compact)
    return match.group(1) if match else ""


class _UnsafeFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[str, list[str]]] = []  # (what, texts to look for in the source)

    def handle_starttag(self, tag, attrs):
        # Raw HTML reaches the output as written, so its tag text finds the line; a Markdown
        # link does not, so the offending word is the fallback.
        raw = self.get_starttag_text() or ""
        found = len(self.problems)
        self._check(tag, attrs)
        self.problems[found:] = [(what, [raw, needle]) for what, needle in self.problems[found:]]

    def _check(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append((f"不能使用 <{tag}> 标签", f"<{tag}"))
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append((f"不能使用 {name} 属性（它会执行脚本）", name))
            elif name == "style" and value and re.search(r"url\s*\(|expression\s*\(", value, re.I):
                self.problems.append(("style 属性里不能引用外部地址或表达式", "style"))
            elif name in URL_ATTRIBUTES | {"srcset"} and value:
                urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
                for url in urls:
                    scheme = _scheme(url)
                    if scheme and scheme not in SAFE_SCHEMES:
                        self.problems.append(
                            (f"链接不能以「{scheme}:」开头，只能用 http、https 或 mailto", f"{scheme}:")
                        )

    handle_startendtag = handle_starttag


def _line_of(source: str, needles: list[str]) -> int:
    for needle in filter(None, needles):
        position = source.lower().find(needle.lower())
        if position >= 0:
            return source.count("\n", 0, position) + 1
    return 1


# What the preview shows instead of a page the build would refuse.
UNSAFE_PAGE_NOTICE = "<p>本页含有不允许的代码，预览已停止显示；请按终端里的提示修改。</p>"


class ContentGuard:
    """Collects the unsafe HTML of every hand-written page of one build, for one report."""

    def __init__(self):
        self.errors: list[DataError] = []

    def check(self, html: str, source: str, display: str) -> list[DataError]:
        """Record and return the page's problems (an empty list when it is safe)."""
        finder = _UnsafeFinder()
        finder.feed(html)
        finder.close()
        found = [
            DataError(
                display,
                _line_of(source, needles),
                0,
                "",
                (f"{what}；本站不允许在文章里写会执行的代码，请删除它（需要插图或卡片时请用短代码）。"),
            )
            for what, needles in finder.problems
        ]
        self.errors.extend(found)
        return found

    def take_errors(self) -> list[DataError]:
        errors, self.errors = self.errors, []
        return errors


def escape_page_meta(meta: dict, title: str | None) -> None:
    """Material prints meta title and description raw: hand the escaped text over instead."""
    if title is not None:
        meta["title"] = str(escape(title))
    if isinstance(meta.get("description"), str):
        meta["description"] = str(escape(meta["description"]))
